//! [`serve`]: runs a [`Server`] on a TCP listener, HTTP/1.1 and HTTP/2, with graceful
//! shutdown.

use crate::{Error, Server};
use futures::future::BoxFuture;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use std::future::{Future, IntoFuture};
use std::time::Duration;
use tokio::net::TcpListener;

/// Serves `server` on `listener` until the returned future is dropped or, with
/// [`Serve::with_graceful_shutdown`], until the signal fires.
///
/// ```no_run
/// # async fn run(server: a2a_server::Server) -> Result<(), a2a_server::Error> {
/// let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await.unwrap();
/// a2a_server::serve(listener, server)
///     .with_graceful_shutdown(async { tokio::signal::ctrl_c().await.unwrap() })
///     .await
/// # }
/// ```
pub fn serve(listener: TcpListener, server: Server) -> Serve {
    Serve {
        listener,
        server,
        signal: None,
        header_read_timeout: Duration::from_secs(30),
        drain_timeout: Duration::from_secs(10),
    }
}

/// The future of [`serve`]; await it to run the server.
#[must_use = "a server does nothing until awaited"]
pub struct Serve {
    listener: TcpListener,
    server: Server,
    signal: Option<BoxFuture<'static, ()>>,
    header_read_timeout: Duration,
    drain_timeout: Duration,
}

impl std::fmt::Debug for Serve {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Serve").field("listener", &self.listener).finish_non_exhaustive()
    }
}

impl Serve {
    /// Stops accepting connections when `signal` resolves, ends open event streams, and
    /// waits (up to the drain timeout) for requests in flight to finish.
    pub fn with_graceful_shutdown(mut self, signal: impl Future<Output = ()> + Send + 'static) -> Self {
        self.signal = Some(Box::pin(signal));
        self
    }

    /// How long a client may take to send its request headers before the connection is
    /// closed. Defaults to 30 seconds.
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.header_read_timeout = timeout;
        self
    }

    /// How long a graceful shutdown waits for requests in flight. Defaults to 10 seconds.
    pub fn drain_timeout(mut self, timeout: Duration) -> Self {
        self.drain_timeout = timeout;
        self
    }

    async fn run(self) -> Result<(), Error> {
        let Serve { listener, server, signal, header_read_timeout, drain_timeout } = self;
        let mut signal = signal.unwrap_or_else(|| Box::pin(std::future::pending()));
        let graceful = GracefulShutdown::new();
        let mut builder = auto::Builder::new(TokioExecutor::new());
        builder.http1().timer(TokioTimer::new()).header_read_timeout(header_read_timeout);
        builder.http2().timer(TokioTimer::new());
        loop {
            tokio::select! {
                accepted = listener.accept() => match accepted {
                    Ok((stream, peer)) => {
                        let _ = stream.set_nodelay(true);
                        let conn = builder.serve_connection(TokioIo::new(stream), server.clone()).into_owned();
                        let conn = graceful.watch(conn);
                        tokio::spawn(async move {
                            if let Err(e) = conn.await {
                                tracing::debug!(%peer, error = %e, "connection ended with an error");
                            }
                        });
                    }
                    Err(e) => {
                        // Usually out of file descriptors: back off instead of spinning.
                        tracing::warn!(error = %e, "accept failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                },
                () = &mut signal => break,
            }
        }
        drop(listener);
        server.close_streams();
        if tokio::time::timeout(drain_timeout, graceful.shutdown()).await.is_err() {
            tracing::warn!("graceful shutdown timed out with connections still open");
        }
        Ok(())
    }
}

impl IntoFuture for Serve {
    type Output = Result<(), Error>;
    type IntoFuture = BoxFuture<'static, Result<(), Error>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run())
    }
}
