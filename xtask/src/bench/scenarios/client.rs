//! The client alone: how many events per second `a2a-client` parses and decodes from a
//! recorded stream. The stream is the one recorded from the streaming agent, stretched to
//! the scale's length (its middle events repeated, ids renumbered so that none is dropped
//! as a repeat), and replayed from memory by a trivial in-process server, so that the
//! figure is the client's work: its public `Client::stream` path (HTTP over loopback via
//! reqwest, the SDK's SSE parser, JSON decoding into `StreamResponse`), run by the
//! `bench-client` binary (`xtask/bench-client`), since xtask itself does not depend on
//! the SDK.
//!
//! The baseline reads the same bytes with the bench's own bare hyper client, which only
//! counts events: the cost of moving the bytes without parsing them into anything.

use crate::bench::cli::Scale;
use crate::bench::load::{Conn, Endpoint, EventReader};
use crate::bench::report::Report;
use bytes::Bytes;
use http::{HeaderValue, Method, Request, Response, header};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub(crate) const SCENARIO: &str = "Client SSE parsing";

/// The environment variable that names the `bench-client` binary for the runner.
pub(crate) const BIN_ENV: &str = "A2A_BENCH_CLIENT_BIN";

/// Runs each side this many times and keeps the median.
const REPEATS: usize = 3;

pub(crate) async fn run(scale: &Scale, recorded: &Bytes, report: &mut Report) -> super::Result {
    let (body, source) = match stretch(recorded, scale.client_events) {
        Some(body) => (body, "recorded"),
        None => (stretch(&synthetic(), scale.client_events).expect("the synthetic stream has a middle"), "synthetic"),
    };
    let case = format!("{} {source} events", crate::bench::report::integer(scale.client_events as u64));
    println!("bench: {SCENARIO} {case}");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.map_err(|e| format!("could not listen: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let url = format!("http://{addr}");
    let card = Bytes::from(serde_json::to_vec(&card(&url)).map_err(|e| e.to_string())?);
    let replay = tokio::spawn(replay(listener, Arc::new((card, body.clone()))));

    let result = async {
        let mut ours = with_client(&url, scale.client_events).await?;
        let mut base = Vec::new();
        for _ in 0..REPEATS {
            base.push(with_hyper(&Endpoint::from_addr(addr), scale.client_events).await?);
        }
        Ok::<_, String>((median(&mut ours), median(&mut base)))
    }
    .await;
    replay.abort();
    let (ours, base) = result?;
    let note = format!("{} bytes; a2a-client Client::stream vs a bare hyper client counting events", body.len());
    report.add(SCENARIO, &case, "events/s", Some(ours), Some(base), Some(note));
    Ok(())
}

fn median(rates: &mut [f64]) -> f64 {
    rates.sort_by(f64::total_cmp);
    rates[rates.len() / 2]
}

/// Streams [`REPEATS`] times through a2a-client (the `bench-client` binary); events per
/// second of each run.
async fn with_client(url: &str, expected: usize) -> Result<Vec<f64>, String> {
    let bin = std::env::var(BIN_ENV).map_err(|_| format!("{BIN_ENV} is not set; run through `cargo xtask bench`"))?;
    let output = tokio::process::Command::new(&bin)
        .args([url.to_string(), expected.to_string(), REPEATS.to_string()])
        .kill_on_drop(true)
        .output()
        .await
        .map_err(|e| format!("could not run {bin}: {e}"))?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).trim().to_string());
    }
    let rates: Result<Vec<f64>, _> = String::from_utf8_lossy(&output.stdout).lines().map(str::parse::<f64>).collect();
    match rates {
        Ok(rates) if rates.len() == REPEATS => Ok(rates),
        _ => Err(format!("bench-client printed {:?}", String::from_utf8_lossy(&output.stdout))),
    }
}

/// Streams once through the bench's hyper client; events per second.
async fn with_hyper(ep: &Endpoint, expected: usize) -> Result<f64, String> {
    let started = Instant::now();
    let mut conn = Conn::open(ep).await?;
    let mut reader = EventReader::new(conn.post("/", Bytes::from_static(b"{}")).await?).await?;
    while reader.next_chunk().await?.is_some() {}
    check(reader.events() as usize, expected, started.elapsed())
}

fn check(events: usize, expected: usize, elapsed: Duration) -> Result<f64, String> {
    if events != expected {
        return Err(format!("read {events} events of the {expected} replayed"));
    }
    Ok(events as f64 / elapsed.as_secs_f64())
}

/// A card naming the replay server as a JSON-RPC interface.
fn card(url: &str) -> serde_json::Value {
    serde_json::json!({
        "name": "Replay", "description": "Replays a recorded event stream.", "version": "1.0.0",
        "supportedInterfaces": [{"url": url, "protocolBinding": "JSONRPC", "protocolVersion": "1.0"}],
        "capabilities": {"streaming": true},
        "defaultInputModes": ["text"], "defaultOutputModes": ["text"], "skills": []
    })
}

/// Serves the card, and the stream to every POST, until aborted.
async fn replay(listener: tokio::net::TcpListener, bodies: Arc<(Bytes, Bytes)>) {
    while let Ok((tcp, _)) = listener.accept().await {
        let bodies = bodies.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req: Request<Incoming>| {
                let (card, stream) = (bodies.0.clone(), bodies.1.clone());
                async move {
                    let (body, content_type) = if req.method() == Method::GET {
                        (card, "application/json")
                    } else {
                        (stream, "text/event-stream")
                    };
                    let mut res = Response::new(Full::new(body));
                    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
                    Ok::<_, Infallible>(res)
                }
            });
            let _ = hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(tcp), service).await;
        });
    }
}

/// The `data` of each event of a stream, in order.
fn events(stream: &[u8]) -> Vec<&[u8]> {
    let text = stream;
    let mut out = Vec::new();
    for block in split_blocks(text) {
        for line in block.split(|&b| b == b'\n') {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            if let Some(value) = line.strip_prefix(b"data:") {
                out.push(value.strip_prefix(b" ").unwrap_or(value));
            }
        }
    }
    out
}

fn split_blocks(stream: &[u8]) -> Vec<&[u8]> {
    let mut blocks = Vec::new();
    let mut rest = stream;
    while let Some(i) = rest.windows(2).position(|w| w == b"\n\n") {
        blocks.push(&rest[..i]);
        rest = &rest[i + 2..];
    }
    if !rest.is_empty() {
        blocks.push(rest);
    }
    blocks
}

/// A stream of `n` events built from a recorded one (which must hold one data line per
/// event): its first event, its middle ones repeated, and its last; ids numbered from 1.
/// `None` if the recording has no middle to repeat.
pub(crate) fn stretch(recorded: &[u8], n: usize) -> Option<Bytes> {
    let events = events(recorded);
    if events.len() < 3 || n < 3 {
        return None;
    }
    let (first, last) = (events[0], events[events.len() - 1]);
    let middle = &events[1..events.len() - 1];
    let mut out = Vec::with_capacity(recorded.len() / events.len() * n + n * 16);
    let mut push = |id: usize, data: &[u8]| {
        out.extend_from_slice(format!("id: {id}\ndata: ").as_bytes());
        out.extend_from_slice(data);
        out.extend_from_slice(b"\n\n");
    };
    push(1, first);
    for i in 0..n - 2 {
        push(i + 2, middle[i % middle.len()]);
    }
    push(n, last);
    Some(Bytes::from(out))
}

/// A small stream shaped like the streaming agent's, for when the agent under test
/// streamed too few events to stretch.
fn synthetic() -> Vec<u8> {
    let (task, ctx) = ("9f0b7a52-5a55-4c1b-9d43-0c7c3e1d2b11", "5c3e2d1a-7b6f-4e8d-a9c0-1b2a3c4d5e6f");
    let status = |state: &str, text: &str| {
        format!(
            r#"{{"jsonrpc":"2.0","id":1,"result":{{"statusUpdate":{{"taskId":"{task}","contextId":"{ctx}","status":{{"state":"{state}","message":{{"messageId":"0e1d2c3b-4a59-4867-8f9e-a0b1c2d3e4f5","contextId":"{ctx}","taskId":"{task}","role":"ROLE_AGENT","parts":[{{"text":"{text}"}}]}},"timestamp":"2026-01-01T00:00:00.000Z"}}}}}}}}"#
        )
    };
    let first = format!(
        r#"{{"jsonrpc":"2.0","id":1,"result":{{"task":{{"id":"{task}","contextId":"{ctx}","status":{{"state":"TASK_STATE_SUBMITTED","timestamp":"2026-01-01T00:00:00.000Z"}}}}}}}}"#
    );
    let events = [first, status("TASK_STATE_WORKING", "Processing..."), status("TASK_STATE_COMPLETED", "Done.")];
    events.iter().flat_map(|e| format!("data: {e}\n\n").into_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::sse::SseCounter;

    #[test]
    fn stretch_repeats_the_middle_and_renumbers() {
        let recorded = b"id: 1\ndata: A\n\nid: 2\ndata: B\n\nid: 3\ndata: C\n\nid: 4\ndata: Z\n\n";
        let s = stretch(recorded, 7).unwrap();
        assert_eq!(
            &s[..],
            b"id: 1\ndata: A\n\nid: 2\ndata: B\n\nid: 3\ndata: C\n\nid: 4\ndata: B\n\n\
              id: 5\ndata: C\n\nid: 6\ndata: B\n\nid: 7\ndata: Z\n\n"
        );
        let mut counter = SseCounter::default();
        assert_eq!(counter.feed(&s), 7);
        assert_eq!(stretch(b"data: A\n\ndata: Z\n\n", 10), None);
    }

    #[test]
    fn the_synthetic_stream_decodes_as_a2a_events() {
        let s = synthetic();
        let data = events(&s);
        assert_eq!(data.len(), 3);
        for d in data {
            let v: serde_json::Value = serde_json::from_slice(d).unwrap();
            let _: a2a_types::StreamResponse = serde_json::from_value(v["result"].clone()).unwrap();
        }
        assert!(stretch(&s, 100).is_some());
    }
}
