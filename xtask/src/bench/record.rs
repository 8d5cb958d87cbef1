//! Recording what the agent under test answers, for the baseline to replay: one
//! `SendMessage` response per binding and one whole event stream.

use super::agent::Agent;
use super::baseline::Recorded;
use super::load::{Conn, Template, contains, read_all};
use super::requests;
use bytes::Bytes;
use http::StatusCode;

/// Sends one request of each kind the scenarios send and keeps the answers.
pub(crate) async fn record(send: &Agent, stream: &Agent) -> Result<Recorded, String> {
    let mut conn = Conn::open(&send.jsonrpc.ep).await?;
    let body = Template::new(&requests::jsonrpc_send("SendMessage")).render(0, 0);
    let (status, jsonrpc) = read_all(conn.post(&send.jsonrpc.path, body).await?).await?;
    if status != StatusCode::OK || !contains(&jsonrpc, b"\"result\"") {
        return Err(format!("{} answered SendMessage with {status}: {}", send.label, lossy(&jsonrpc)));
    }
    let rest = match &send.rest {
        Some(binding) => {
            let mut conn = Conn::open(&binding.ep).await?;
            let body = Template::new(&requests::rest_send()).render(0, 0);
            let (status, rest) = read_all(conn.post(&binding.rest_route("/message:send"), body).await?).await?;
            if status != StatusCode::OK {
                return Err(format!("{} answered REST message:send with {status}: {}", send.label, lossy(&rest)));
            }
            Some(rest)
        }
        None => None,
    };
    let mut conn = Conn::open(&stream.jsonrpc.ep).await?;
    let body = Template::new(&requests::jsonrpc_send("SendStreamingMessage")).render(0, 0);
    let res = conn.post(&stream.jsonrpc.path, body).await?;
    let is_sse =
        res.headers().get(http::header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"text/event-stream"));
    let (status, stream_bytes) = read_all(res).await?;
    if status != StatusCode::OK || !is_sse {
        return Err(format!("{} answered SendStreamingMessage with {status}: {}", stream.label, lossy(&stream_bytes)));
    }
    let snapshot =
        first_event(&stream_bytes).ok_or_else(|| format!("the stream of {} holds no complete event", stream.label))?;
    Ok(Recorded { jsonrpc, rest, stream: stream_bytes, snapshot })
}

/// The first event block of an event stream, with its blank line.
pub(crate) fn first_event(stream: &Bytes) -> Option<Bytes> {
    for sep in [&b"\n\n"[..], b"\r\n\r\n"] {
        if let Some(i) = stream.windows(sep.len()).position(|w| w == sep) {
            return Some(stream.slice(..i + sep.len()));
        }
    }
    None
}

fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(&b[..b.len().min(300)]).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_event_is_the_first_block() {
        let s = Bytes::from_static(b"id: 1\ndata: a\n\nid: 2\ndata: b\n\n");
        assert_eq!(first_event(&s).unwrap(), Bytes::from_static(b"id: 1\ndata: a\n\n"));
        assert_eq!(
            first_event(&Bytes::from_static(b"data: a\r\n\r\n")).unwrap(),
            Bytes::from_static(b"data: a\r\n\r\n")
        );
        assert_eq!(first_event(&Bytes::from_static(b"data: a\n")), None);
    }
}
