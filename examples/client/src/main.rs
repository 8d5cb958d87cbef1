//! Talks to any A2A agent and prints each event as it arrives:
//!
//! ```text
//! $ cargo run -p client -- http://127.0.0.1:8080 Summarize the quarterly numbers
//! [TASK SUBMITTED] 0f5c…
//! [WORKING] Initializing...
//! [WORKING] Processing your request...
//! [WORKING] Analyzing data...
//! [WORKING] Generating response...
//! [ARTIFACT processing_result] Analysis of "Summarize the quarterly numbers": 4 words.
//! [COMPLETED]
//! ```
//!
//! The first line names the task: `--follow TASK_ID` resubscribes to it (after a cut, or
//! from another terminal) and `--task TASK_ID` sends it the next message, such as the
//! answer an input-required task waits for. `--send` uses one `SendMessage` request
//! instead of a stream and prints the answer once it is complete. `--help` lists it all;
//! `URL` defaults to `http://127.0.0.1:8080`.

use a2a_client::{ClientBuilder, EventStream, ResubscribePolicy};
use a2a_types::{Message, SendMessageResponse};
use client::{Args, Mode, describe, describe_task, next_step, state_of};
use futures::StreamExt;
use std::error::Error;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let args = match Args::parse(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(help) if help == client::USAGE => {
            println!("{help}");
            return ExitCode::SUCCESS;
        }
        Err(usage) => {
            eprintln!("{usage}");
            return ExitCode::from(2);
        }
    };
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), Box<dyn Error>> {
    // A stream that is cut resubscribes to its task instead of failing.
    let client = ClientBuilder::from_card_url(&args.url).await?.resubscribe(ResubscribePolicy::new()).build()?;
    println!("{} at {} ({})", client.card().name, client.interface().url, client.binding());
    let mut message = Message::user_text(&args.text);
    if let Some(id) = &args.task {
        message = message.with_task_id(id.clone());
    }
    match args.mode {
        Mode::Stream => print_events(client.stream(message).await?, &args.url).await,
        Mode::Follow(id) => print_events(client.follow(id).await?, &args.url).await,
        Mode::Send => {
            match client.send(message).await? {
                SendMessageResponse::Task(task) => {
                    describe_task(&task).iter().for_each(|line| println!("{line}"));
                    if let Some(step) = next_step(&task.id, task.state(), &args.url) {
                        println!("\n{step}");
                    }
                }
                SendMessageResponse::Message(reply) => println!("[MESSAGE] {}", reply.text()),
                _ => println!("[UNKNOWN ANSWER]"),
            }
            Ok(())
        }
    }
}

/// Prints each event as it arrives; at the end, how to go on if the task waits for input.
async fn print_events(mut events: EventStream, url: &str) -> Result<(), Box<dyn Error>> {
    let (mut task_id, mut state) = (None, None);
    while let Some(event) = events.next().await {
        let event = match event {
            Ok(event) => event,
            Err(e) => {
                if let Some(id) = &task_id {
                    eprintln!("follow the task again with: cargo run -p client -- --follow {id} {url}");
                }
                return Err(e.into());
            }
        };
        println!("{}", describe(&event));
        task_id = task_id.or_else(|| event.task_id().cloned());
        state = state_of(&event).or(state);
    }
    let step = task_id.zip(state).and_then(|(id, state)| next_step(&id, state, url));
    if let Some(step) = step {
        println!("\n{step}");
    }
    Ok(())
}
