//! [`EventSource`]: the events of one SSE response, decoded, with the idle timeout.
//!
//! It reports what the connection did; whether an end was too early, and what to do about
//! it, is decided by [`EventStream`](crate::EventStream).

use crate::sse::{SseError, SseParser};
use crate::{Error, ErrorKind};
use a2a_types::StreamResponse;
use std::time::Duration;

/// How the data of each event is framed, which depends on the binding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Framing {
    /// Each event's data is a JSON-RPC response whose `result` is a `StreamResponse`.
    JsonRpc,
    /// Each event's data is a bare `StreamResponse` (the REST binding).
    Rest,
    /// Each event's data is a v0.3 JSON-RPC response whose `result` is a v0.3 event.
    JsonRpcV0_3,
}

impl Framing {
    /// The event, and whether the server marked it as the last one (v0.3's `final`).
    fn decode(self, data: &[u8]) -> Result<(StreamResponse, bool), Error> {
        match self {
            Self::JsonRpc => Ok((super::jsonrpc::decode_response::<StreamResponse>(data, None)?, false)),
            Self::Rest => a2a_types::from_slice(data)
                .map(|event| (event, false))
                .map_err(|e| Error::decode("an event is not a valid StreamResponse").with_source(e)),
            Self::JsonRpcV0_3 => {
                let event = super::jsonrpc::decode_response::<a2a_types::v0_3::StreamEvent>(data, None)?;
                // Only a status update carries `final`; whether other events end the stream
                // is for the stream to judge, as with v1.0.
                let marked_final = matches!(&event, a2a_types::v0_3::StreamEvent::StatusUpdate(e) if e.r#final);
                Ok((event.into(), marked_final))
            }
        }
    }
}

/// One decoded event, with the SSE `id` the server gave it.
#[derive(Debug)]
pub(crate) struct RawEvent {
    pub(crate) id: Option<String>,
    pub(crate) event: StreamResponse,
    /// The server said this event ends the stream (v0.3's `final: true`), whatever it holds.
    pub(crate) marked_final: bool,
}

/// The events of one open SSE response.
#[derive(Debug)]
pub(crate) struct EventSource {
    response: reqwest::Response,
    parser: SseParser,
    framing: Framing,
    idle_timeout: Option<Duration>,
    eof: bool,
    /// An error of the parser, reported once the events before it are delivered.
    failed: Option<Error>,
}

impl EventSource {
    pub(crate) fn new(
        response: reqwest::Response,
        framing: Framing,
        max_event_size: usize,
        idle_timeout: Option<Duration>,
    ) -> Self {
        Self { response, parser: SseParser::new(max_event_size), framing, idle_timeout, eof: false, failed: None }
    }

    /// The next event; `Ok(None)` when the server closed the stream cleanly (whether that
    /// was too early is for the caller to judge).
    ///
    /// Errors: `Stream` when the connection broke, `Timeout` when no bytes arrived within
    /// the idle timeout, `EventTooLarge`, `Decode` for an event that is not a valid
    /// response, and `Protocol` for an error event.
    pub(crate) async fn next(&mut self) -> Result<Option<RawEvent>, Error> {
        loop {
            if let Some(ev) = self.parser.next_event() {
                if ev.data.trim().is_empty() {
                    continue; // a keep-alive with an empty `data:` line
                }
                let (event, marked_final) = self.framing.decode(ev.data.as_bytes())?;
                return Ok(Some(RawEvent { id: ev.id, event, marked_final }));
            }
            if let Some(e) = self.failed.take() {
                return Err(e);
            }
            if self.eof {
                let Some(ev) = self.parser.finish() else { return Ok(None) };
                // An event the server did not close with a blank line: accept it if it
                // is whole, but if it is not, the stream was cut inside it.
                return match self.framing.decode(ev.data.as_bytes()) {
                    Ok((event, marked_final)) => Ok(Some(RawEvent { id: ev.id, event, marked_final })),
                    Err(e) if e.kind() == ErrorKind::Decode => {
                        Err(Error::stream("the stream ended inside an event").with_source(e))
                    }
                    Err(e) => Err(e),
                };
            }
            let chunk = match self.idle_timeout {
                None => self.response.chunk().await,
                Some(idle) => match tokio::time::timeout(idle, self.response.chunk()).await {
                    Ok(r) => r,
                    Err(elapsed) => {
                        return Err(Error::new(ErrorKind::Timeout)
                            .with_message(format!("no data on the stream for {idle:?}"))
                            .with_source(elapsed));
                    }
                },
            };
            match chunk {
                Ok(Some(bytes)) => {
                    // Events completed before the error in this chunk are still delivered.
                    if let Err(e) = self.parser.feed(&bytes) {
                        self.failed = Some(match e {
                            SseError::EventTooLarge { .. } => Error::new(ErrorKind::EventTooLarge).with_source(e),
                        });
                    }
                }
                Ok(None) => self.eof = true,
                Err(e) if e.is_timeout() => return Err(Error::http(e)),
                Err(e) => return Err(Error::stream("the connection broke").with_source(e)),
            }
        }
    }

    /// The SSE "last event ID", to send as `Last-Event-ID` when subscribing again.
    pub(crate) fn last_event_id(&self) -> Option<&str> {
        self.parser.last_event_id()
    }

    /// The reconnection delay the server asked for, if it sent a `retry` field.
    pub(crate) fn retry(&self) -> Option<Duration> {
        self.parser.retry()
    }
}
