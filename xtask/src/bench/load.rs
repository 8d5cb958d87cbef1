//! The load generator: HTTP/1.1 keep-alive connections on hyper's client, one per
//! concurrent worker, and a closed loop that keeps each busy for a fixed time.
//!
//! hyper's bare connection API is used rather than a pooled client so that the generator
//! adds as little work per request as possible and each worker owns exactly one socket.

use super::sse::SseCounter;
use super::stats::Latencies;
use bytes::{BufMut, Bytes, BytesMut};
use http::{HeaderValue, Request, Response, StatusCode, header};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::net::TcpStream;
use tokio::task::JoinHandle;

/// The longest a single request may take before it counts as failed.
const OP_TIMEOUT: Duration = Duration::from_secs(10);

/// Where requests go: a socket address and the `Host` to name.
#[derive(Debug, Clone)]
pub(crate) struct Endpoint {
    /// The resolved address.
    pub(crate) addr: SocketAddr,
    /// `host:port`, for the `Host` header.
    pub(crate) authority: String,
}

impl Endpoint {
    /// The endpoint for a resolved address.
    pub(crate) fn from_addr(addr: SocketAddr) -> Self {
        Self { addr, authority: addr.to_string() }
    }
}

/// One HTTP/1.1 connection; its driver task ends when it is dropped.
#[derive(Debug)]
pub(crate) struct Conn {
    send: SendRequest<Full<Bytes>>,
    driver: JoinHandle<()>,
    host: HeaderValue,
}

impl Drop for Conn {
    fn drop(&mut self) {
        self.driver.abort();
    }
}

impl Conn {
    /// Connects, with Nagle's algorithm off as the servers have it.
    pub(crate) async fn open(ep: &Endpoint) -> Result<Self, String> {
        let tcp = TcpStream::connect(ep.addr).await.map_err(|e| format!("could not connect to {}: {e}", ep.addr))?;
        tcp.set_nodelay(true).map_err(|e| format!("set_nodelay: {e}"))?;
        let (send, conn) = hyper::client::conn::http1::handshake(TokioIo::new(tcp))
            .await
            .map_err(|e| format!("HTTP handshake with {}: {e}", ep.addr))?;
        let driver = tokio::spawn(async move {
            let _ = conn.await;
        });
        let host = HeaderValue::from_str(&ep.authority).map_err(|_| format!("bad host {:?}", ep.authority))?;
        Ok(Self { send, driver, host })
    }

    /// POSTs a JSON body with `A2A-Version: 1.0`; returns the response with its body unread.
    pub(crate) async fn post(&mut self, path: &str, body: Bytes) -> Result<Response<Incoming>, String> {
        let req = Request::post(path)
            .header(header::HOST, self.host.clone())
            .header(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .header("a2a-version", HeaderValue::from_static("1.0"))
            .body(Full::new(body))
            .map_err(|e| format!("bad request for {path}: {e}"))?;
        self.send(req).await
    }

    /// GETs `path`; returns the response with its body unread.
    pub(crate) async fn get(&mut self, path: &str) -> Result<Response<Incoming>, String> {
        let req = Request::get(path)
            .header(header::HOST, self.host.clone())
            .body(Full::new(Bytes::new()))
            .map_err(|e| format!("bad request for {path}: {e}"))?;
        self.send(req).await
    }

    async fn send(&mut self, req: Request<Full<Bytes>>) -> Result<Response<Incoming>, String> {
        self.send.ready().await.map_err(|e| format!("connection closed: {e}"))?;
        self.send.send_request(req).await.map_err(|e| format!("request failed: {e}"))
    }
}

/// Reads a whole response body.
pub(crate) async fn read_all(res: Response<Incoming>) -> Result<(StatusCode, Bytes), String> {
    let status = res.status();
    let body = res.into_body().collect().await.map_err(|e| format!("reading the body: {e}"))?.to_bytes();
    Ok((status, body))
}

/// The events of one streaming response, counted as their bytes arrive.
#[derive(Debug)]
pub(crate) struct EventReader {
    body: Incoming,
    counter: SseCounter,
}

impl EventReader {
    /// Checks that the response is an event stream; an error otherwise, quoting the body.
    pub(crate) async fn new(res: Response<Incoming>) -> Result<Self, String> {
        let is_sse = res
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim_start().starts_with("text/event-stream"));
        if res.status() != StatusCode::OK || !is_sse {
            let (status, body) = read_all(res).await?;
            let text = String::from_utf8_lossy(&body[..body.len().min(300)]).into_owned();
            return Err(format!("expected an event stream, got {status}: {text}"));
        }
        Ok(Self { body: res.into_body(), counter: SseCounter::default() })
    }

    /// Waits for the next chunk; returns how many events it completed, or `None` at the
    /// end of the stream.
    pub(crate) async fn next_chunk(&mut self) -> Result<Option<u64>, String> {
        let before = self.counter.events();
        Ok(self.next_data().await?.map(|_| self.counter.events() - before))
    }

    /// Waits for the next chunk and returns it (its events counted), or `None` at the end.
    pub(crate) async fn next_data(&mut self) -> Result<Option<Bytes>, String> {
        loop {
            match self.body.frame().await {
                None => return Ok(None),
                Some(Err(e)) => return Err(format!("the stream broke: {e}")),
                Some(Ok(frame)) => {
                    if let Ok(data) = frame.into_data() {
                        self.counter.feed(&data);
                        return Ok(Some(data));
                    }
                }
            }
        }
    }

    /// Reads until at least one event is complete; an error if the stream ends first.
    pub(crate) async fn first_event(&mut self) -> Result<(), String> {
        while self.counter.events() == 0 {
            if self.next_chunk().await?.is_none() {
                return Err("the stream ended before its first event".into());
            }
        }
        Ok(())
    }

    /// Events completed so far.
    pub(crate) fn events(&self) -> u64 {
        self.counter.events()
    }

    /// The data of the first event, once it is complete.
    pub(crate) fn first_data(&self) -> Option<&[u8]> {
        self.counter.first_data()
    }
}

/// A JSON request body with a per-request part, so that every message gets its own
/// `messageId` without building the JSON again.
#[derive(Debug, Clone)]
pub(crate) struct Template {
    head: Bytes,
    tail: Bytes,
}

impl Template {
    /// The marker that [`Template::render`] replaces.
    pub(crate) const MARKER: &'static str = "{seq}";

    /// A template from JSON text holding [`Template::MARKER`] once (or not at all).
    pub(crate) fn new(json: &str) -> Self {
        match json.split_once(Self::MARKER) {
            Some((head, tail)) => {
                Self { head: Bytes::copy_from_slice(head.as_bytes()), tail: Bytes::copy_from_slice(tail.as_bytes()) }
            }
            None => Self { head: Bytes::copy_from_slice(json.as_bytes()), tail: Bytes::new() },
        }
    }

    /// The body with the marker replaced by `w{worker}-{n}`.
    pub(crate) fn render(&self, worker: usize, n: u64) -> Bytes {
        if self.tail.is_empty() {
            return self.head.clone();
        }
        let mut seq = String::with_capacity(24);
        let _ = write!(seq, "w{worker}-{n}");
        let mut buf = BytesMut::with_capacity(self.head.len() + seq.len() + self.tail.len());
        buf.put_slice(&self.head);
        buf.put_slice(seq.as_bytes());
        buf.put_slice(&self.tail);
        buf.freeze()
    }
}

/// What each worker does in a loop.
#[derive(Debug, Clone)]
pub(crate) enum Op {
    /// A unary request: success is a 200 answer whose body contains `expect`.
    Unary { path: String, body: Template, expect: &'static [u8] },
    /// A streaming request, read to its end: success is at least one event.
    Stream { path: String, body: Template },
}

/// When a closed loop measures.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Window {
    /// Load before measuring.
    pub(crate) warmup: Duration,
    /// How long measuring lasts.
    pub(crate) measure: Duration,
}

/// What a closed loop measured: operations that completed inside the window.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    /// Successful operations.
    pub(crate) ops: u64,
    /// Failed operations (errors, timeouts, unexpected answers).
    pub(crate) errors: u64,
    /// Events received, for streams.
    pub(crate) events: u64,
    /// Time from sending a request to the end of its answer.
    pub(crate) latency: Latencies,
    /// Time from sending a request to its first complete event, for streams.
    pub(crate) first_event: Latencies,
    /// The first error seen, to explain a nonzero error count.
    pub(crate) first_error: Option<String>,
    /// The length of the window.
    pub(crate) measured: Duration,
}

impl Outcome {
    /// `count` per second of the window.
    pub(crate) fn rate(&self, count: u64) -> f64 {
        count as f64 / self.measured.as_secs_f64()
    }

    /// Adds another outcome: counts, samples and measured time add up.
    pub(crate) fn merge(&mut self, other: Outcome) {
        self.measured += other.measured;
        self.ops += other.ops;
        self.errors += other.errors;
        self.events += other.events;
        self.latency.merge(other.latency);
        self.first_event.merge(other.first_event);
        if self.first_error.is_none() {
            self.first_error = other.first_error;
        }
    }
}

/// Runs `op` on `workers` connections at once, each sending its next request as soon as
/// the last one is answered, for `window.warmup + window.measure`. Connections are opened
/// before the clock starts.
pub(crate) async fn closed_loop(ep: &Endpoint, workers: usize, window: Window, op: Op) -> Result<Outcome, String> {
    let conns = futures::future::try_join_all((0..workers).map(|_| Conn::open(ep))).await?;
    let start = Instant::now();
    let from = start + window.warmup;
    let until = from + window.measure;
    let handles: Vec<_> = conns
        .into_iter()
        .enumerate()
        .map(|(w, conn)| tokio::spawn(worker(w, conn, ep.clone(), op.clone(), from, until)))
        .collect();
    let mut total = Outcome::default();
    for h in handles {
        total.merge(h.await.map_err(|e| format!("a load worker failed: {e}"))?);
    }
    // The workers measured the same window side by side.
    total.measured = window.measure;
    Ok(total)
}

struct Sample {
    events: u64,
    first_event: Option<Duration>,
}

async fn worker(w: usize, mut conn: Conn, ep: Endpoint, op: Op, from: Instant, until: Instant) -> Outcome {
    let mut out = Outcome::default();
    let mut n = 0u64;
    while Instant::now() < until {
        n += 1;
        let began = Instant::now();
        let result = match tokio::time::timeout(OP_TIMEOUT, run_op(&mut conn, &op, w, n, began)).await {
            Ok(r) => r,
            Err(_) => Err(format!("no complete answer within {OP_TIMEOUT:?}")),
        };
        let done = Instant::now();
        let counted = done >= from && done <= until;
        match result {
            Ok(sample) if counted => {
                out.ops += 1;
                out.events += sample.events;
                out.latency.push(done - began);
                if let Some(first) = sample.first_event {
                    out.first_event.push(first);
                }
            }
            Ok(_) => {}
            Err(e) => {
                if counted {
                    out.errors += 1;
                }
                out.first_error.get_or_insert(e);
                // The connection may hold half an answer: start afresh.
                match Conn::open(&ep).await {
                    Ok(c) => conn = c,
                    Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
                }
            }
        }
    }
    out
}

async fn run_op(conn: &mut Conn, op: &Op, w: usize, n: u64, began: Instant) -> Result<Sample, String> {
    match op {
        Op::Unary { path, body, expect } => {
            let (status, answer) = read_all(conn.post(path, body.render(w, n)).await?).await?;
            if status != StatusCode::OK || !contains(&answer, expect) {
                let text = String::from_utf8_lossy(&answer[..answer.len().min(300)]).into_owned();
                return Err(format!("unexpected answer {status}: {text}"));
            }
            Ok(Sample { events: 0, first_event: None })
        }
        Op::Stream { path, body } => {
            let mut reader = EventReader::new(conn.post(path, body.render(w, n)).await?).await?;
            let mut first_event = None;
            while let Some(_completed) = reader.next_chunk().await? {
                if first_event.is_none() && reader.events() > 0 {
                    first_event = Some(began.elapsed());
                }
            }
            if reader.events() == 0 {
                return Err("the stream ended without an event".into());
            }
            Ok(Sample { events: reader.events(), first_event })
        }
    }
}

/// Whether `needle` occurs in `hay` (an empty needle always does).
pub(crate) fn contains(hay: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || hay.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_renders_a_unique_part() {
        let t = Template::new(r#"{"messageId":"{seq}","x":1}"#);
        assert_eq!(&t.render(3, 17)[..], br#"{"messageId":"w3-17","x":1}"#);
        let fixed = Template::new(r#"{"id":"t"}"#);
        assert_eq!(&fixed.render(1, 2)[..], br#"{"id":"t"}"#);
    }

    #[test]
    fn substring_search() {
        assert!(contains(b"{\"result\":{}}", b"\"result\""));
        assert!(!contains(b"{\"error\":{}}", b"\"result\""));
        assert!(contains(b"anything", b""));
        assert!(!contains(b"ab", b"abc"));
    }

    #[test]
    fn rates_are_per_second_of_the_window() {
        let out = Outcome { ops: 500, measured: Duration::from_millis(250), ..Outcome::default() };
        assert_eq!(out.rate(out.ops), 2000.0);
    }
}
