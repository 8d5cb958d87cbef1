//! [`EventStream`]: the events of `SendStreamingMessage` or `SubscribeToTask`, each
//! unwrapped from its JSON-RPC envelope (if any), validated against the schema, and read
//! within the suite's time limits.

use super::check::{Binding, Stop, fail};
use super::cx::{Cx, Limits, Schemas};
use super::errors::{WireError, compact};
use super::ops::Opening;
use super::schema::Validation;
use super::sse::{ReadError, SseEvent, SseReader};
use super::wire::{self, Dialect, Kind, State};
use reqwest::header::HeaderMap;
use serde_json::Value;
use std::sync::Arc;

/// The most events a stream may bring before the suite stops reading: a server that
/// never stops would otherwise keep a check busy until its time limit.
const MAX_EVENTS: usize = 200;

/// One event of a stream.
#[derive(Debug, Clone)]
pub(crate) struct Event {
    /// The `StreamResponse` (v1.0) or `StreamEvent` (v0.3).
    pub(crate) value: Value,
    pub(crate) validation: Validation,
}

impl Event {
    /// The event's kind and the object it carries.
    pub(crate) fn kind(&self, dialect: Dialect) -> Option<(Kind, &Value)> {
        wire::event(dialect, &self.value)
    }
}

/// An open stream of events.
pub(crate) struct EventStream {
    label: String,
    dialect: Dialect,
    binding: Binding,
    /// The definition each event's data must match: the JSON-RPC envelope, or the bare
    /// stream response of REST.
    def: String,
    request_id: Option<Value>,
    schemas: Arc<Schemas>,
    limits: Limits,
    reader: SseReader,
    peeked: Option<Event>,
    /// Every event read so far, described, for messages.
    seen: Vec<String>,
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
}

impl std::fmt::Debug for EventStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream").field("label", &self.label).field("seen", &self.seen).finish_non_exhaustive()
    }
}

impl EventStream {
    pub(crate) fn new(
        cx: &Cx,
        label: String,
        def: String,
        request_id: Option<Value>,
        status: u16,
        headers: HeaderMap,
        reader: SseReader,
    ) -> EventStream {
        EventStream {
            label,
            dialect: cx.dialect(),
            binding: cx.binding(),
            def,
            request_id,
            schemas: cx.schemas().clone(),
            limits: cx.limits(),
            reader,
            peeked: None,
            seen: Vec::new(),
            status,
            headers,
        }
    }

    /// The request that opened the stream, for messages.
    pub(crate) fn label(&self) -> &str {
        &self.label
    }

    pub(crate) fn binding(&self) -> Binding {
        self.binding
    }

    pub(crate) fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// Reads the first event: a JSON-RPC error sent as the first event (as some servers
    /// refuse a stream) makes the opening an error.
    pub(crate) async fn open(mut self) -> Result<Opening, Stop> {
        let first = match self.reader.next(self.limits.event).await {
            Ok(Some(ev)) => ev,
            Ok(None) => return fail(format!("{}: the stream closed before its first event", self.label)),
            Err(e) => return Err(self.read_error(e)),
        };
        let data = self.parse(&first)?;
        if data.get("error").is_some() {
            if self.binding == Binding::Rest {
                let strict = self.dialect == Dialect::V1;
                return Ok(Opening::Err(WireError::rest(&self.label, self.status, data, strict)));
            }
            let schema = self.schemas.for_dialect(self.dialect);
            let v = schema.validate("JsonRpcErrorResponse", &data);
            if !v.is_valid() {
                return fail(format!(
                    "{}: the error event does not match JsonRpcErrorResponse of {}: {}",
                    self.label,
                    schema.name,
                    v.summary()
                ));
            }
            return Ok(Opening::Err(WireError::jsonrpc(&self.label, self.status, data)));
        }
        let event = self.unwrap(data)?;
        self.peeked = Some(event);
        Ok(Opening::Events(Box::new(self)))
    }

    /// What the first event is, for messages about a stream that should not have opened.
    pub(crate) fn peek_description(&mut self) -> String {
        match &self.peeked {
            Some(ev) => format!("first event {}", wire::describe_event(self.dialect, &ev.value)),
            None => "no event".to_string(),
        }
    }

    /// The next event; `None` once the server closed the stream.
    pub(crate) async fn next(&mut self) -> Result<Option<Event>, Stop> {
        if let Some(ev) = self.peeked.take() {
            self.seen.push(wire::describe_event(self.dialect, &ev.value));
            return Ok(Some(ev));
        }
        if self.seen.len() >= MAX_EVENTS {
            return fail(format!("{}: more than {MAX_EVENTS} events; stopped reading", self.label));
        }
        let raw = match self.reader.next(self.limits.event).await {
            Ok(Some(ev)) => ev,
            Ok(None) => return Ok(None),
            Err(e) => return Err(self.read_error(e)),
        };
        let data = self.parse(&raw)?;
        if data.get("error").is_some() {
            let e = match self.binding {
                Binding::JsonRpc => WireError::jsonrpc(&self.label, self.status, data),
                Binding::Rest => WireError::rest(&self.label, self.status, data, false),
            };
            return fail(format!("{}: after {}, the stream carried an error: {}", self.label, self.seen(), e.actual()));
        }
        let event = self.unwrap(data)?;
        self.seen.push(wire::describe_event(self.dialect, &event.value));
        Ok(Some(event))
    }

    /// The next event, which must come.
    pub(crate) async fn expect_next(&mut self) -> Result<Event, Stop> {
        match self.next().await? {
            Some(ev) => Ok(ev),
            None => fail(format!("{}: the stream closed after {}; expected another event", self.label, self.seen())),
        }
    }

    /// Reads until a terminal or interrupted state, then requires the stream to close.
    /// Returns every event read, the final one included.
    pub(crate) async fn until_final(&mut self) -> Result<Vec<Event>, Stop> {
        let mut events = Vec::new();
        loop {
            let ev = self.expect_next().await?;
            let last = self.is_final(&ev);
            events.push(ev);
            if last {
                break;
            }
        }
        self.expect_closed().await?;
        Ok(events)
    }

    /// Whether an event ends a stream: a message, a terminal or interrupted status (or
    /// task), or in v0.3 a status update marked `final`.
    pub(crate) fn is_final(&self, ev: &Event) -> bool {
        match ev.kind(self.dialect) {
            Some((Kind::Message, _)) => true,
            Some((Kind::Task | Kind::Status, holder)) => {
                let state = wire::state_of(self.dialect, holder);
                state.is_some_and(|s: State| s.is_terminal() || s.is_interrupted())
                    || holder.get("final").and_then(Value::as_bool) == Some(true)
            }
            _ => false,
        }
    }

    /// Requires the server to close the stream now: no further event, and the end of the
    /// body within the close limit.
    pub(crate) async fn expect_closed(&mut self) -> Result<(), Stop> {
        let last = self.seen.last().cloned().unwrap_or_else(|| "no event".to_string());
        let wait = self.limits.close;
        match self.reader.next(wait).await {
            Ok(None) => Ok(()),
            Ok(Some(raw)) => {
                let what = match self.parse(&raw) {
                    Ok(data) => {
                        let value =
                            if self.binding == Binding::JsonRpc { data.get("result").cloned() } else { Some(data) };
                        value.map_or_else(|| "an error".to_string(), |v| wire::describe_event(self.dialect, &v))
                    }
                    Err(_) => "an unreadable event".to_string(),
                };
                fail(format!("{}: expected the stream to close after {last}, but {what} followed", self.label))
            }
            Err(ReadError::Timeout) => fail(format!(
                "{}: expected the stream to close after {last}; it stayed open {}s (events: {})",
                self.label,
                wait.as_secs_f32(),
                self.seen()
            )),
            Err(ReadError::Transport(e)) => fail(format!("{}: the stream broke instead of closing: {e}", self.label)),
        }
    }

    /// The events read so far, for messages: `task(TASK_STATE_SUBMITTED), status(…)`.
    pub(crate) fn seen(&self) -> String {
        if self.seen.is_empty() { "no event".to_string() } else { self.seen.join(", ") }
    }

    fn read_error(&self, e: ReadError) -> Stop {
        match e {
            ReadError::Timeout => Stop::Fail(format!(
                "{}: no event within {}s after {}",
                self.label,
                self.limits.event.as_secs_f32(),
                self.seen()
            )),
            ReadError::Transport(e) => {
                Stop::Fail(format!("{}: the stream broke after {}: {e}", self.label, self.seen()))
            }
        }
    }

    fn parse(&self, raw: &SseEvent) -> Result<Value, Stop> {
        serde_json::from_str(&raw.data).map_err(|e| {
            let shown: String = raw.data.chars().take(120).collect();
            Stop::Fail(format!("{}: event {} is not JSON ({e}): {shown:?}", self.label, self.seen.len() + 1))
        })
    }

    /// Validates an event and takes it out of its envelope.
    fn unwrap(&self, data: Value) -> Result<Event, Stop> {
        let schema = self.schemas.for_dialect(self.dialect);
        let n = self.seen.len() + 1;
        let def = &self.def;
        let validation = schema.validate(def, &data);
        if !validation.is_valid() {
            return fail(format!(
                "{}: event {n} does not match {def} of {}: {}",
                self.label,
                schema.name,
                validation.summary()
            ));
        }
        let value = match self.binding {
            Binding::JsonRpc => {
                if let Some(id) = &self.request_id {
                    if data.get("id") != Some(id) {
                        return fail(format!(
                            "{}: event {n} carries id {}, expected the request's id {id}",
                            self.label,
                            data.get("id").map_or_else(|| "none".to_string(), compact)
                        ));
                    }
                }
                data.get("result").cloned().unwrap_or(Value::Null)
            }
            Binding::Rest => data,
        };
        Ok(Event { value, validation })
    }
}
