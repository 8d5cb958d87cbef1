//! Serves the streaming agent on `A2A_ADDR` (default `127.0.0.1:8080`).
//!
//! `STREAMING_STEPS`, `STREAMING_DELAY_MS` and `STREAMING_HOLD_MS` change its pacing (see
//! `streaming::Pacing::from_env`); unset, it is the four-step demo.

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let pacing = streaming::Pacing::from_env()?;
    let addr = std::env::var("A2A_ADDR").unwrap_or_else(|_| "127.0.0.1:8080".to_string());
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("streaming agent listening on http://{}", listener.local_addr()?);
    a2a_server::serve(listener, streaming::server_with(pacing))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
