//! Serves the trip planner on `A2A_ADDR` (default `127.0.0.1:8081`).
//!
//! ```text
//! cargo run -p trip-planner &
//! cargo run -p client -- http://127.0.0.1:8081 Plan a trip      # asks: Where would you like to go?
//! cargo run -p client -- --task TASK_ID http://127.0.0.1:8081 Lisbon, 3 days
//! ```

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let addr = std::env::var("A2A_ADDR").unwrap_or_else(|_| "127.0.0.1:8081".to_string());
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("trip planner listening on http://{}", listener.local_addr()?);
    a2a_server::serve(listener, trip_planner::server())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
