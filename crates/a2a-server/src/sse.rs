//! Server-Sent Events framing: one task event per SSE event, keep-alives while idle.
//!
//! Each event is `id: <version>` and one `data:` line holding the whole JSON document
//! (JSON never contains a raw newline), then a blank line. Idle streams get a comment
//! line at the keep-alive interval so proxies and clients do not time them out.

use crate::live::{Event, Subscription};
use bytes::{BufMut, Bytes, BytesMut};
use futures::future::BoxFuture;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::time::{Interval, MissedTickBehavior};

/// How each event's JSON is wrapped: JSON-RPC needs an envelope per event, REST none.
#[derive(Debug, Clone)]
pub(crate) enum Framing {
    /// `{"jsonrpc":"2.0","id":<id>,"result":<event>}` with the request's id (as JSON).
    JsonRpc { id: Bytes },
    /// The event as it is: the REST binding's `data:` line is a bare `StreamResponse`.
    Rest,
    /// A v0.3 JSON-RPC response around the event in the v0.3 dialect.
    JsonRpcV0_3 { id: Bytes },
    /// The event in the JSON of the v0.3 proto, for v0.3 REST (`/v1/...`) clients.
    RestV0_3,
}

pub(crate) struct SseStream {
    events: Subscription,
    framing: Framing,
    keep_alive: Option<Interval>,
    shutdown: Option<BoxFuture<'static, ()>>,
    done: bool,
}

impl std::fmt::Debug for SseStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SseStream").field("framing", &self.framing).field("done", &self.done).finish_non_exhaustive()
    }
}

impl SseStream {
    pub(crate) fn new(
        events: Subscription,
        framing: Framing,
        keep_alive: Option<Duration>,
        shutdown: BoxFuture<'static, ()>,
    ) -> Self {
        let keep_alive = keep_alive.map(|period| {
            let mut interval = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
            interval.set_missed_tick_behavior(MissedTickBehavior::Delay);
            interval
        });
        Self { events, framing, keep_alive, shutdown: Some(shutdown), done: false }
    }

    pub(crate) fn is_done(&self) -> bool {
        self.done
    }

    pub(crate) fn poll_next(&mut self, cx: &mut Context<'_>) -> Poll<Option<Bytes>> {
        if self.done {
            return Poll::Ready(None);
        }
        match self.events.poll_recv(cx) {
            Poll::Ready(Some(event)) => {
                if event.is_final() {
                    self.done = true;
                }
                if let Some(k) = &mut self.keep_alive {
                    k.reset();
                }
                return Poll::Ready(Some(encode(&self.framing, &event)));
            }
            Poll::Ready(None) => {
                // Closed without a final event: the subscriber fell behind or the server is
                // going away. Ending the body tells the client to resubscribe.
                self.done = true;
                return Poll::Ready(None);
            }
            Poll::Pending => {}
        }
        if let Some(shutdown) = &mut self.shutdown {
            if shutdown.as_mut().poll(cx).is_ready() {
                self.done = true;
                return Poll::Ready(None);
            }
        }
        if let Some(k) = &mut self.keep_alive {
            if k.poll_tick(cx).is_ready() {
                return Poll::Ready(Some(Bytes::from_static(b": keep-alive\n\n")));
            }
        }
        Poll::Pending
    }
}

/// One SSE event: `id:` line, `data:` line, blank line.
pub(crate) fn encode(framing: &Framing, event: &Event) -> Bytes {
    let mut buf = BytesMut::with_capacity(event.json.len() + 64);
    buf.put_slice(b"id: ");
    buf.put_slice(itoa(event.seq).as_bytes());
    buf.put_slice(b"\ndata: ");
    match framing {
        Framing::JsonRpc { id } => {
            buf.put_slice(b"{\"jsonrpc\":\"2.0\",\"id\":");
            buf.put_slice(id);
            buf.put_slice(b",\"result\":");
            buf.put_slice(&event.json);
            buf.put_slice(b"}");
        }
        Framing::Rest => buf.put_slice(&event.json),
        Framing::JsonRpcV0_3 { id } => match event.v0_3_json() {
            Ok(json) => {
                buf.put_slice(b"{\"jsonrpc\":\"2.0\",\"id\":");
                buf.put_slice(id);
                buf.put_slice(b",\"result\":");
                buf.put_slice(json);
                buf.put_slice(b"}");
            }
            Err(why) => {
                let e = crate::Error::protocol(
                    a2a_types::ErrorCode::InvalidAgentResponse,
                    format!("an event has no v0.3 form: {why}"),
                );
                buf.put_slice(&crate::compat::jsonrpc_error_body(id, &e));
            }
        },
        Framing::RestV0_3 => buf.put_slice(event.v0_3_rest_json()),
    }
    buf.put_slice(b"\n\n");
    buf.freeze()
}

fn itoa(n: u64) -> String {
    n.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use a2a_types::{Message, StreamResponse};

    #[test]
    fn an_event_is_one_id_line_and_one_data_line() {
        let event = Event::new(7, StreamResponse::Message(Message::agent_text("hi\nthere")));
        let framing = Framing::JsonRpc { id: Bytes::from_static(b"\"req-1\"") };
        let text = String::from_utf8(encode(&framing, &event).to_vec()).unwrap();
        let lines: Vec<&str> = text.split('\n').collect();
        assert_eq!(lines[0], "id: 7");
        assert!(lines[1].starts_with("data: {\"jsonrpc\":\"2.0\",\"id\":\"req-1\",\"result\":{\"message\":"));
        assert_eq!(&lines[2..], ["", ""]);
        let json: serde_json::Value = serde_json::from_str(&lines[1]["data: ".len()..]).unwrap();
        assert_eq!(json["result"]["message"]["parts"][0]["text"], "hi\nthere");
    }
}
