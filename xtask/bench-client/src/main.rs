//! `bench-client URL EVENTS REPEATS`: streams a message from the agent at `URL` through
//! `a2a-client`'s public `Client::stream`, `REPEATS` times, and prints each run's events
//! per second on its own line. Each run must read exactly `EVENTS` events.
//!
//! Run by `cargo xtask bench` (its client-parsing scenario) against a server replaying a
//! recorded stream. It lives outside xtask so that xtask never depends on the SDK crates:
//! `cargo xtask codegen` must build even when the generated code it replaces does not.

use futures::StreamExt;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let parsed = match args.as_slice() {
        [url, events, repeats] => {
            events.parse::<usize>().ok().zip(repeats.parse::<usize>().ok()).map(|(e, r)| (url, e, r))
        }
        _ => None,
    };
    let Some((url, events, repeats)) = parsed else {
        eprintln!("usage: bench-client URL EVENTS REPEATS");
        return ExitCode::from(2);
    };
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a tokio runtime");
    match runtime.block_on(run(url, events, repeats)) {
        Ok(rates) => {
            for rate in rates {
                println!("{rate}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("bench-client: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(url: &str, expected: usize, repeats: usize) -> Result<Vec<f64>, String> {
    let client = a2a_client::Client::from_card_url(url).await.map_err(|e| format!("a2a-client: {e}"))?;
    let mut rates = Vec::with_capacity(repeats);
    for _ in 0..repeats {
        let started = Instant::now();
        let mut stream = client
            .stream(a2a_types::Message::user_text("replay"))
            .await
            .map_err(|e| format!("a2a-client could not open the stream: {e}"))?;
        let mut events = 0usize;
        while let Some(event) = stream.next().await {
            event.map_err(|e| format!("a2a-client failed after {events} events: {e}"))?;
            events += 1;
        }
        if events != expected {
            return Err(format!("read {events} events of the {expected} replayed"));
        }
        rates.push(events as f64 / started.elapsed().as_secs_f64());
    }
    Ok(rates)
}
