//! Serves the streaming agent on `A2A_ADDR` (default `127.0.0.1:8080`).

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let addr = std::env::var("A2A_ADDR").unwrap_or_else(|_| "127.0.0.1:8080".to_string());
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("streaming agent listening on http://{}", listener.local_addr()?);
    a2a_server::serve(listener, streaming::server())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
