//! Serves the orchestrator on `A2A_ADDR` (default `127.0.0.1:8082`), with two remote
//! agents: the `streaming` analyst and the `trip-planner`. Each runs in this process on a
//! free loopback port, unless `ANALYST_URL` or `PLANNER_URL` names one running elsewhere.
//!
//! ```text
//! cargo run -p orchestrator &
//! cargo run -p client -- http://127.0.0.1:8082 Plan a 3-day trip to Lisbon
//! ```

use orchestrator::Remote;
use std::future::IntoFuture;

/// The URL in `var`, or else a loopback URL where `server` now runs in this process.
async fn remote_url(var: &str, server: impl FnOnce() -> a2a_server::Server) -> std::io::Result<String> {
    if let Ok(url) = std::env::var(var) {
        return Ok(url);
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}", listener.local_addr()?);
    tokio::spawn(a2a_server::serve(listener, server()).into_future());
    Ok(url)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let analyst = remote_url("ANALYST_URL", streaming::server).await?;
    let planner = remote_url("PLANNER_URL", trip_planner::server).await?;
    let remotes = vec![Remote::connect("analyst", &analyst).await?, Remote::connect("trip planner", &planner).await?];
    println!("remote agents: analyst at {analyst}, trip planner at {planner}");

    let addr = std::env::var("A2A_ADDR").unwrap_or_else(|_| "127.0.0.1:8082".to_string());
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("orchestrator listening on http://{}", listener.local_addr()?);
    a2a_server::serve(listener, orchestrator::server(remotes))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
