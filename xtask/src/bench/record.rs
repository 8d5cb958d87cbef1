//! Recording what the agent under test answers, for the baseline to replay: one
//! `SendMessage` response per binding and one event stream.

use super::agent::Agent;
use super::baseline::Recorded;
use super::load::{Conn, EventReader, Template, contains, read_all};
use super::requests;
use bytes::{Bytes, BytesMut};
use http::StatusCode;
use std::time::Duration;

/// How long a recorded request may take. A stream that is still open then (an agent that
/// holds its task) is kept as far as it got.
const LIMIT: Duration = Duration::from_secs(10);

/// A JSON-RPC answer for the baseline when `SendMessage` is not measured.
const STAND_IN: &str = r#"{"jsonrpc":"2.0","id":1,"result":{"message":{"messageId":"m","role":"ROLE_AGENT","parts":[{"text":"You said: hi"}]}}}"#;

/// Sends one request of each kind the scenarios send and keeps the answers; `send` is
/// `None` when `SendMessage` is not measured, and with `whole_stream` false only the first
/// event of the stream is kept (the idle scenario needs no more).
pub(crate) async fn record(send: Option<&Agent>, stream: &Agent, whole_stream: bool) -> Result<Recorded, String> {
    let (jsonrpc, rest) = match send {
        Some(agent) => within(&agent.label, "SendMessage", record_send(agent)).await?,
        None => (Bytes::from_static(STAND_IN.as_bytes()), None),
    };
    let stream_bytes = record_stream(stream, whole_stream).await?;
    let snapshot =
        first_event(&stream_bytes).ok_or_else(|| format!("the stream of {} holds no complete event", stream.label))?;
    Ok(Recorded { jsonrpc, rest, stream: stream_bytes, snapshot })
}

async fn within<T>(label: &str, what: &str, f: impl Future<Output = Result<T, String>>) -> Result<T, String> {
    tokio::time::timeout(LIMIT, f).await.map_err(|_| format!("{label} did not answer {what} within {LIMIT:?}"))?
}

async fn record_send(agent: &Agent) -> Result<(Bytes, Option<Bytes>), String> {
    let mut conn = Conn::open(&agent.jsonrpc.ep).await?;
    let body = Template::new(&requests::jsonrpc_send("SendMessage")).render(0, 0);
    let (status, jsonrpc) = read_all(conn.post(&agent.jsonrpc.path, body).await?).await?;
    if status != StatusCode::OK || !contains(&jsonrpc, b"\"result\"") {
        return Err(format!("{} answered SendMessage with {status}: {}", agent.label, lossy(&jsonrpc)));
    }
    let rest = match &agent.rest {
        Some(binding) => {
            let mut conn = Conn::open(&binding.ep).await?;
            let body = Template::new(&requests::rest_send()).render(0, 0);
            let (status, rest) = read_all(conn.post(&binding.rest_route("/message:send"), body).await?).await?;
            if status != StatusCode::OK {
                return Err(format!("{} answered REST message:send with {status}: {}", agent.label, lossy(&rest)));
            }
            Some(rest)
        }
        None => None,
    };
    Ok((jsonrpc, rest))
}

/// The whole stream, or as much of it as arrived within the limit (at least one event), or
/// only up to its first event.
async fn record_stream(agent: &Agent, whole: bool) -> Result<Bytes, String> {
    let mut conn = Conn::open(&agent.jsonrpc.ep).await?;
    let body = Template::new(&requests::jsonrpc_send("SendStreamingMessage")).render(0, 0);
    let res = within(&agent.label, "SendStreamingMessage", conn.post(&agent.jsonrpc.path, body)).await?;
    let mut reader = EventReader::new(res).await?;
    let mut bytes = BytesMut::new();
    let read = tokio::time::timeout(LIMIT, async {
        while let Some(chunk) = reader.next_data().await? {
            bytes.extend_from_slice(&chunk);
            if !whole && reader.events() > 0 {
                break;
            }
        }
        Ok::<_, String>(())
    })
    .await;
    match read {
        Ok(r) => r?,
        Err(_) if reader.events() > 0 => {}
        Err(_) => return Err(format!("{} sent no event within {LIMIT:?}", agent.label)),
    }
    Ok(bytes.freeze())
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

    #[test]
    fn the_stand_in_answer_is_a_jsonrpc_result() {
        let v: serde_json::Value = serde_json::from_str(STAND_IN).unwrap();
        let _: a2a_types::SendMessageResponse = serde_json::from_value(v["result"].clone()).unwrap();
    }
}
