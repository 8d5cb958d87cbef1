//! A streaming agent: reports progress in several working updates, streams its result as
//! an artifact, and completes. The binary (`cargo run -p streaming`) serves it; the
//! `quickstart` example runs it in process.

use a2a_server::{AgentExecutor, Error, RequestContext, Server, TaskUpdater};
use a2a_types::{AgentCard, AgentSkill, Artifact, Message, Part};
use std::time::Duration;

/// The agent: four progress updates, one artifact, done. Its pace is the pause after
/// each progress update, so that a person watching the stream sees them arrive.
#[derive(Debug, Clone, Copy)]
pub struct Analyst {
    pace: Duration,
}

impl Default for Analyst {
    fn default() -> Self {
        Self { pace: Duration::from_millis(400) }
    }
}

impl Analyst {
    /// An analyst that pauses `pace` after each progress update (zero in tests).
    pub fn with_pace(pace: Duration) -> Self {
        Self { pace }
    }
}

/// The progress messages, in order.
pub const STEPS: [&str; 4] =
    ["Initializing...", "Processing your request...", "Analyzing data...", "Generating response..."];

/// The name of the artifact that holds the result.
pub const ARTIFACT_NAME: &str = "processing_result";

impl AgentExecutor for Analyst {
    async fn execute(&self, ctx: RequestContext, task: TaskUpdater) -> Result<(), Error> {
        for step in STEPS {
            task.working(Message::agent_text(step)).await?;
            tokio::select! {
                biased;
                () = task.cancelled() => return Ok(()),
                () = tokio::time::sleep(self.pace) => {}
            }
        }
        let result = analysis(&ctx.message().text());
        let artifact =
            Artifact::new(a2a_types::ArtifactId::random(), vec![Part::text(result)]).with_name(ARTIFACT_NAME);
        task.artifact(artifact).await?;
        task.complete(None).await
    }
}

/// The result the analyst streams for a request: its word count.
pub fn analysis(request: &str) -> String {
    format!("Analysis of {request:?}: {} words.", request.split_whitespace().count())
}

/// The agent's card.
pub fn card() -> AgentCard {
    AgentCard::named("Streaming analyst", "Analyzes a request and streams its progress.", "1.0.0").with_skill(
        AgentSkill::new("analyze", "Analyze", "Counts the words of a request, slowly.", vec!["demo".to_string()]),
    )
}

/// A server for the agent.
pub fn server() -> Server {
    Server::builder(card(), Analyst::default()).build()
}
