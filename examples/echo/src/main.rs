//! The smallest A2A agent: answers every message with a message, and creates no task.
//!
//! `cargo run -p echo`, then send it a message with the `client` example or curl.

use a2a_server::{AgentExecutor, Error, RequestContext, Server, TaskUpdater};
use a2a_types::{AgentCard, Message};

struct Echo;

impl AgentExecutor for Echo {
    async fn execute(&self, ctx: RequestContext, task: TaskUpdater) -> Result<(), Error> {
        task.reply(Message::agent_text(format!("You said: {}", ctx.message().text()))).await
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let addr = std::env::var("A2A_ADDR").unwrap_or_else(|_| "127.0.0.1:8080".to_string());
    let server = Server::builder(AgentCard::named("Echo", "Repeats every message.", "1.0.0"), Echo).build();
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("echo agent listening on http://{}", listener.local_addr()?);
    a2a_server::serve(listener, server)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
