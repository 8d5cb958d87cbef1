//! A streaming agent: reports progress in several working updates, streams its result as
//! an artifact, and completes.
//!
//! Run it with `cargo run -p streaming`, then stream from it with the `client` example or
//! with curl (see the README).

use a2a_server::{AgentExecutor, Error, RequestContext, Server, TaskUpdater};
use a2a_types::{AgentCard, AgentSkill, Artifact, Message, Part};
use std::time::Duration;

struct Analyst;

const STEPS: [&str; 4] = ["Initializing...", "Processing your request...", "Analyzing data...", "Generating response..."];

impl AgentExecutor for Analyst {
    async fn execute(&self, ctx: RequestContext, task: TaskUpdater) -> Result<(), Error> {
        for step in STEPS {
            task.working(Message::agent_text(step)).await?;
            tokio::select! {
                () = tokio::time::sleep(Duration::from_millis(400)) => {}
                () = task.cancelled() => return Ok(()),
            }
        }
        let result = format!("Analysis of {:?}: {} words.", ctx.message().text(), ctx.message().text().split_whitespace().count());
        let artifact = Artifact::new(a2a_types::ArtifactId::random(), vec![Part::text(result)]).with_name("processing_result");
        task.artifact(artifact).await?;
        task.complete(Message::agent_text("Done.")).await
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let addr = std::env::var("A2A_ADDR").unwrap_or_else(|_| "127.0.0.1:8080".to_string());
    let card = AgentCard::named("Streaming analyst", "Analyzes a request and streams its progress.", "1.0.0")
        .with_skill(AgentSkill::new("analyze", "Analyze", "Counts the words of a request, slowly.", vec!["demo".to_string()]));
    let server = Server::builder(card, Analyst).build();
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("streaming agent listening on http://{}", listener.local_addr()?);
    a2a_server::serve(listener, server)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
