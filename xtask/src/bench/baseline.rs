//! The baseline: a bare hyper server that answers the bench's requests with bytes
//! recorded from the agent under test, doing no A2A work at all. Every figure is also
//! reported as a ratio to it, measured in the same run on the same machine.
//!
//! It runs in its own process (`xtask bench --serve-baseline DIR`, started by the bench),
//! like the agents, and accepts connections the way `a2a_server::serve` does (hyper-util's
//! auto HTTP/1 + HTTP/2 builder, `TCP_NODELAY`, a header read timeout), so that the ratio
//! isolates what the SDK does per request.

use super::load::contains;
use bytes::Bytes;
use futures::StreamExt;
use http::{HeaderValue, Method, Request, Response, StatusCode, header};
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use std::convert::Infallible;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

type Body = UnsyncBoxBody<Bytes, Infallible>;

/// The recorded answers, one file each in the directory the bench hands over.
#[derive(Debug, Clone)]
pub(crate) struct Recorded {
    /// The JSON-RPC `SendMessage` response body.
    pub(crate) jsonrpc: Bytes,
    /// The REST `message:send` response body, if the agent has a REST binding.
    pub(crate) rest: Option<Bytes>,
    /// A whole `SendStreamingMessage` event stream.
    pub(crate) stream: Bytes,
    /// The first event of a subscription: what an idle subscriber receives.
    pub(crate) snapshot: Bytes,
}

const FILES: [&str; 4] = ["jsonrpc.json", "rest.json", "stream.sse", "snapshot.sse"];

impl Recorded {
    /// Writes the recordings to `dir`.
    pub(crate) fn save(&self, dir: &Path) -> Result<(), String> {
        std::fs::create_dir_all(dir).map_err(|e| format!("could not create {}: {e}", dir.display()))?;
        let rest = self.rest.clone().unwrap_or_default();
        for (name, bytes) in FILES.iter().zip([&self.jsonrpc, &rest, &self.stream, &self.snapshot]) {
            let path = dir.join(name);
            std::fs::write(&path, bytes).map_err(|e| format!("could not write {}: {e}", path.display()))?;
        }
        Ok(())
    }

    /// Reads recordings written by [`Recorded::save`].
    pub(crate) fn load(dir: &Path) -> Result<Self, String> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read(&path).map(Bytes::from).map_err(|e| format!("could not read {}: {e}", path.display()))
        };
        let rest = read(FILES[1])?;
        Ok(Self {
            jsonrpc: read(FILES[0])?,
            rest: (!rest.is_empty()).then_some(rest),
            stream: read(FILES[2])?,
            snapshot: read(FILES[3])?,
        })
    }
}

/// Serves the recordings in `dir` on `A2A_ADDR` (default `127.0.0.1:0`) until Ctrl-C or
/// until killed; prints `baseline listening on http://ADDR` once it accepts connections.
pub(crate) fn serve(dir: &Path) -> Result<(), String> {
    let recorded = Arc::new(Recorded::load(dir)?);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("could not start a runtime: {e}"))?;
    rt.block_on(async move {
        let addr = std::env::var("A2A_ADDR").unwrap_or_else(|_| "127.0.0.1:0".into());
        let listener =
            tokio::net::TcpListener::bind(&addr).await.map_err(|e| format!("could not listen on {addr}: {e}"))?;
        let local = listener.local_addr().map_err(|e| e.to_string())?;
        println!("baseline listening on http://{local}");
        let mut builder = auto::Builder::new(TokioExecutor::new());
        builder.http1().timer(TokioTimer::new()).header_read_timeout(Duration::from_secs(30));
        builder.http2().timer(TokioTimer::new());
        let builder = Arc::new(builder);
        loop {
            let (stream, _) = tokio::select! {
                accepted = listener.accept() => match accepted {
                    Ok(a) => a,
                    Err(_) => {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                },
                _ = tokio::signal::ctrl_c() => return Ok(()),
            };
            let _ = stream.set_nodelay(true);
            let (builder, recorded) = (builder.clone(), recorded.clone());
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |req| answer(recorded.clone(), req));
                let _ = builder.serve_connection(TokioIo::new(stream), service).await;
            });
        }
    })
}

/// Which recorded answer a request gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    JsonRpc,
    Rest,
    Stream,
    Subscribe,
}

/// Routes by REST path, or by JSON-RPC method name found in the body.
fn kind(path: &str, body: &[u8]) -> Kind {
    if path.ends_with("/message:send") {
        Kind::Rest
    } else if path.ends_with("/message:stream") || contains(body, b"\"SendStreamingMessage\"") {
        Kind::Stream
    } else if path.ends_with(":subscribe") || contains(body, b"\"SubscribeToTask\"") {
        Kind::Subscribe
    } else {
        Kind::JsonRpc
    }
}

async fn answer(recorded: Arc<Recorded>, req: Request<Incoming>) -> Result<Response<Body>, Infallible> {
    if req.method() != Method::POST {
        return Ok(status(StatusCode::NOT_FOUND));
    }
    let path = req.uri().path().to_string();
    // Read the whole request, as any server must before answering it.
    let Ok(body) = req.into_body().collect().await.map(|c| c.to_bytes()) else {
        return Ok(status(StatusCode::BAD_REQUEST));
    };
    Ok(match kind(&path, &body) {
        Kind::JsonRpc => full(recorded.jsonrpc.clone(), "application/json"),
        Kind::Rest => match &recorded.rest {
            Some(rest) => full(rest.clone(), "application/json"),
            None => status(StatusCode::NOT_FOUND),
        },
        Kind::Stream => sse(Full::new(recorded.stream.clone()).boxed_unsync()),
        Kind::Subscribe => {
            // The snapshot, then nothing but a keep-alive comment every 15 s (as the SDK
            // server sends by default), until the client goes away.
            let snapshot = futures::stream::once(std::future::ready(recorded.snapshot.clone()));
            let keep_alive = futures::stream::unfold((), |()| async {
                tokio::time::sleep(Duration::from_secs(15)).await;
                Some((Bytes::from_static(b": keep-alive\n\n"), ()))
            });
            let frames = snapshot.chain(keep_alive).map(|b| Ok::<_, Infallible>(Frame::data(b)));
            sse(BodyExt::boxed_unsync(StreamBody::new(frames)))
        }
    })
}

fn full(bytes: Bytes, content_type: &'static str) -> Response<Body> {
    let mut res = Response::new(Full::new(bytes).boxed_unsync());
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    res
}

fn sse(body: Body) -> Response<Body> {
    let mut res = Response::new(body);
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    res
}

fn status(code: StatusCode) -> Response<Body> {
    let mut res = Response::new(Full::new(Bytes::new()).boxed_unsync());
    *res.status_mut() = code;
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_like_an_agent() {
        let rpc = |method: &str| format!(r#"{{"jsonrpc":"2.0","id":1,"method":"{method}","params":{{}}}}"#);
        assert_eq!(kind("/", rpc("SendMessage").as_bytes()), Kind::JsonRpc);
        assert_eq!(kind("/", rpc("SendStreamingMessage").as_bytes()), Kind::Stream);
        assert_eq!(kind("/", rpc("SubscribeToTask").as_bytes()), Kind::Subscribe);
        assert_eq!(kind("/message:send", b"{}"), Kind::Rest);
        assert_eq!(kind("/v1/message:stream", b"{}"), Kind::Stream);
        assert_eq!(kind("/tasks/abc:subscribe", b""), Kind::Subscribe);
    }

    #[test]
    fn recordings_round_trip_through_a_directory() {
        let dir = std::env::temp_dir().join(format!("a2a-bench-test-{}", std::process::id()));
        let rec = Recorded {
            jsonrpc: Bytes::from_static(b"{\"result\":{}}"),
            rest: None,
            stream: Bytes::from_static(b"data: 1\n\n"),
            snapshot: Bytes::from_static(b"data: 0\n\n"),
        };
        rec.save(&dir).unwrap();
        let back = Recorded::load(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(back.jsonrpc, rec.jsonrpc);
        assert_eq!(back.rest, None);
        assert_eq!(back.stream, rec.stream);
        assert_eq!(back.snapshot, rec.snapshot);
    }
}
