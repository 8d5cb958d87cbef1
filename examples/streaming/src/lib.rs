//! A streaming agent: reports progress in several working updates, streams its result as
//! an artifact, and completes. The binary (`cargo run -p streaming`) serves it; the
//! `quickstart` example runs it in process.

use a2a_server::{AgentExecutor, Error, RequestContext, Server, TaskUpdater};
use a2a_types::{AgentCard, AgentSkill, Artifact, Message, Part};
use std::time::Duration;

/// The agent: four progress updates, one artifact, done.
#[derive(Debug, Clone, Copy, Default)]
pub struct Analyst;

/// The progress messages, in order.
pub const STEPS: [&str; 4] =
    ["Initializing...", "Processing your request...", "Analyzing data...", "Generating response..."];

impl AgentExecutor for Analyst {
    async fn execute(&self, ctx: RequestContext, task: TaskUpdater) -> Result<(), Error> {
        for step in STEPS {
            task.working(Message::agent_text(step)).await?;
            tokio::select! {
                () = tokio::time::sleep(Duration::from_millis(400)) => {}
                () = task.cancelled() => return Ok(()),
            }
        }
        let result = format!(
            "Analysis of {:?}: {} words.",
            ctx.message().text(),
            ctx.message().text().split_whitespace().count()
        );
        let artifact =
            Artifact::new(a2a_types::ArtifactId::random(), vec![Part::text(result)]).with_name("processing_result");
        task.artifact(artifact).await?;
        task.complete(Message::agent_text("Done.")).await
    }
}

/// The agent's card.
pub fn card() -> AgentCard {
    AgentCard::named("Streaming analyst", "Analyzes a request and streams its progress.", "1.0.0").with_skill(
        AgentSkill::new("analyze", "Analyze", "Counts the words of a request, slowly.", vec!["demo".to_string()]),
    )
}

/// A server for the agent.
pub fn server() -> Server {
    Server::builder(card(), Analyst).build()
}
