//! The conformance agent: what it does is chosen by the prefix of the incoming message's
//! `messageId`, following the convention of the official A2A TCK, so any conformance
//! suite can drive it knowing nothing but the protocol. `docs/conformance.md` has the table.
//!
//! `cargo run -p conformance-agent` listens on `A2A_ADDR` (default `127.0.0.1:9999`).

use a2a_server::{AgentExecutor, Error, RequestContext, Server, TaskUpdater};
use a2a_types::{AgentCard, AgentSkill, Artifact, ArtifactId, Message, Part};
use std::time::Duration;

struct Conformance;

/// The behaviours, longest prefix first so that `tck-artifact-file-url` wins over
/// `tck-artifact-file`.
const BEHAVIOURS: &[&str] = &[
    "tck-stream-artifact-chunked",
    "tck-stream-artifact-text",
    "tck-stream-artifact-file",
    "tck-stream-ordering-001",
    "tck-stream-001",
    "tck-stream-002",
    "tck-stream-003",
    "tck-artifact-file-url",
    "tck-artifact-file",
    "tck-artifact-text",
    "tck-artifact-data",
    "tck-complete-task",
    "tck-input-required",
    "tck-message-response",
    "tck-reject-task",
    "test-resubscribe-message-id",
];

fn behaviour(message_id: &str) -> Option<&'static str> {
    BEHAVIOURS.iter().copied().filter(|p| message_id.starts_with(p)).max_by_key(|p| p.len())
}

fn text_artifact(text: &str) -> Artifact {
    Artifact::new(ArtifactId::random(), vec![Part::text(text)])
}

fn file_artifact() -> Artifact {
    let part = Part::raw(b"tck".to_vec()).with_filename("output.txt").with_media_type("text/plain");
    Artifact::new(ArtifactId::random(), vec![part])
}

impl AgentExecutor for Conformance {
    async fn execute(&self, ctx: RequestContext, task: TaskUpdater) -> Result<(), Error> {
        let id = ctx.message().message_id.as_str();
        match behaviour(id) {
            Some("tck-complete-task") => task.complete(Message::agent_text("Hello from TCK")).await,
            Some("tck-input-required") => task.input_required(Message::agent_text("Please provide more input")).await,
            Some("tck-message-response") => task.reply(Message::agent_text("Direct message response")).await,
            Some("tck-artifact-text") => {
                task.artifact(text_artifact("Generated text content")).await?;
                task.complete(None).await
            }
            Some("tck-artifact-file") => {
                task.artifact(file_artifact()).await?;
                task.complete(None).await
            }
            Some("tck-artifact-file-url") => {
                let part = Part::url("https://example.com/output.txt")
                    .with_filename("output.txt")
                    .with_media_type("text/plain");
                task.artifact(Artifact::new(ArtifactId::random(), vec![part])).await?;
                task.complete(None).await
            }
            Some("tck-artifact-data") => {
                let part = Part::data(serde_json::json!({"key": "value", "count": 42}));
                task.artifact(Artifact::new(ArtifactId::random(), vec![part])).await?;
                task.complete(None).await
            }
            Some("tck-stream-002") => task.complete(None).await,
            Some(
                p @ ("tck-stream-001" | "tck-stream-003" | "tck-stream-ordering-001" | "tck-stream-artifact-text"),
            ) => {
                let text = match p {
                    "tck-stream-001" => "Stream hello from TCK",
                    "tck-stream-003" => "Stream task lifecycle",
                    "tck-stream-ordering-001" => "Ordered output",
                    _ => "Streamed text content",
                };
                task.working(None).await?;
                task.artifact(text_artifact(text)).await?;
                task.complete(None).await
            }
            Some("tck-stream-artifact-file") => {
                task.working(None).await?;
                task.artifact(file_artifact()).await?;
                task.complete(None).await
            }
            Some("tck-stream-artifact-chunked") => {
                task.working(None).await?;
                let id = ArtifactId::random();
                task.artifact_chunk(Artifact::new(id.clone(), vec![Part::text("chunk-1 ")]), false, false).await?;
                task.artifact_chunk(Artifact::new(id, vec![Part::text("chunk-2")]), true, true).await?;
                task.complete(None).await
            }
            Some("tck-reject-task") => task.reject(Message::agent_text("Request rejected")).await,
            Some("test-resubscribe-message-id") => {
                task.working(None).await?;
                tokio::select! {
                    () = tokio::time::sleep(Duration::from_secs(4)) => task.complete(None).await,
                    () = task.cancelled() => Ok(()),
                }
            }
            _ => task.complete(Message::agent_text(format!("Unrecognised messageId {id}"))).await,
        }
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let addr = std::env::var("A2A_ADDR").unwrap_or_else(|_| "127.0.0.1:9999".to_string());
    let skill = AgentSkill::new(
        "conformance",
        "Conformance behaviours",
        "Behaves as the messageId prefix asks, for conformance suites.",
        vec!["conformance".to_string(), "tck".to_string()],
    );
    let card = AgentCard::named("Conformance agent", "Drives A2A conformance checks.", "1.0.0").with_skill(skill);
    let server = Server::builder(card, Conformance).build();
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("conformance agent listening on http://{}", listener.local_addr()?);
    a2a_server::serve(listener, server)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::behaviour;

    #[test]
    fn the_longest_prefix_wins() {
        assert_eq!(behaviour("tck-artifact-file-url-1234"), Some("tck-artifact-file-url"));
        assert_eq!(behaviour("tck-artifact-file-1234"), Some("tck-artifact-file"));
        assert_eq!(behaviour("tck-stream-artifact-chunked-9"), Some("tck-stream-artifact-chunked"));
        assert_eq!(behaviour("something-else"), None);
    }
}
