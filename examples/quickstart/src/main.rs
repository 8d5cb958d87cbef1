//! The two halves of A2A in one program: starts the `streaming` example agent on a
//! loopback port, discovers it from its agent card, streams a message to it, and prints
//! each event as it arrives.
//!
//! `cargo run -p quickstart [MESSAGE...]`

use a2a_client::Client;
use a2a_types::Message;
use futures::StreamExt;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}", listener.local_addr()?);
    let server = streaming::server();
    tokio::spawn(a2a_server::serve(listener, server.clone()).into_future());
    println!("agent: {url}");

    let client = Client::from_card_url(&url).await?;
    println!(
        "card:  {} ({} skill(s)), speaking {:?}",
        client.card().name,
        client.card().skills.len(),
        client.binding()
    );

    let args: Vec<String> = std::env::args().skip(1).collect();
    let text = if args.is_empty() { "Summarize the quarterly numbers".to_string() } else { args.join(" ") };
    println!("send:  {text:?}\n");
    let mut events = client.stream(Message::user_text(text)).await?;
    while let Some(event) = events.next().await {
        println!("{}", client::describe(&event?));
    }
    server.close_streams();
    Ok(())
}
