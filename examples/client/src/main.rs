//! Streams a message to an A2A agent and prints each event as it arrives.
//!
//! ```text
//! cargo run -p client -- [--send] [URL] [MESSAGE...]
//! ```
//!
//! `URL` defaults to `http://127.0.0.1:8080`. With `--send` the message goes as one
//! `SendMessage` request and the answer is printed when it is complete.

use a2a_client::Client;
use a2a_types::{Message, SendMessageResponse};
use futures::StreamExt;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let send = args.first().is_some_and(|a| a == "--send");
    if send {
        args.remove(0);
    }
    let url = match args.first() {
        Some(a) if a.starts_with("http://") || a.starts_with("https://") => args.remove(0),
        _ => "http://127.0.0.1:8080".to_string(),
    };
    let text = if args.is_empty() { "Summarize the quarterly numbers".to_string() } else { args.join(" ") };

    let client = Client::from_card_url(&url).await?;
    println!("{} at {} ({:?})", client.card().name, client.interface().url, client.binding());
    if send {
        match client.send(Message::user_text(text)).await? {
            SendMessageResponse::Task(task) => {
                println!("[TASK {}] {}", client::state_label(task.state()), task.id);
                for artifact in &task.artifacts {
                    let text: Vec<&str> = artifact.parts.iter().filter_map(|p| p.as_text()).collect();
                    println!("[ARTIFACT {}] {}", artifact.name.as_deref().unwrap_or("-"), text.join(""));
                }
            }
            SendMessageResponse::Message(reply) => println!("[MESSAGE] {}", reply.text()),
            _ => println!("[UNKNOWN ANSWER]"),
        }
        return Ok(());
    }
    let mut events = client.stream(Message::user_text(text)).await?;
    let mut task_id = None;
    while let Some(event) = events.next().await {
        let event = event?;
        task_id = task_id.or_else(|| event.task_id().cloned());
        println!("{}", client::describe(&event));
    }
    if let Some(id) = task_id {
        println!("task id: {id} (follow it again with Client::follow)");
    }
    Ok(())
}
