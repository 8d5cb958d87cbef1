//! Server-Sent Events, read incrementally as the WHATWG specification describes: `data:`
//! lines joined by newlines, `id:` and `event:` fields, comments ignored, an event
//! dispatched at each blank line.

use bytes::Bytes;
use futures::StreamExt;
use futures::stream::BoxStream;
use std::collections::VecDeque;
use std::time::Duration;

/// One event as it came.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SseEvent {
    pub(crate) id: Option<String>,
    pub(crate) event: Option<String>,
    pub(crate) data: String,
}

/// The line-level parser, fed with chunks as they arrive.
#[derive(Debug, Default)]
pub(crate) struct Parser {
    line: Vec<u8>,
    /// A `\r` ended the last chunk: a `\n` starting the next one belongs to it.
    after_cr: bool,
    data: Option<String>,
    id: Option<String>,
    event: Option<String>,
}

impl Parser {
    /// Feeds a chunk; returns the events it completes.
    pub(crate) fn feed(&mut self, chunk: &[u8]) -> Vec<SseEvent> {
        let mut out = Vec::new();
        for &b in chunk {
            if self.after_cr {
                self.after_cr = false;
                if b == b'\n' {
                    continue;
                }
            }
            match b {
                b'\n' => self.end_line(&mut out),
                b'\r' => {
                    self.end_line(&mut out);
                    self.after_cr = true;
                }
                _ => self.line.push(b),
            }
        }
        out
    }

    fn end_line(&mut self, out: &mut Vec<SseEvent>) {
        let line = String::from_utf8_lossy(&std::mem::take(&mut self.line)).into_owned();
        if line.is_empty() {
            if let Some(data) = self.data.take() {
                out.push(SseEvent { id: self.id.take(), event: self.event.take(), data });
            }
            self.event = None;
            return;
        }
        if line.starts_with(':') {
            return;
        }
        let (field, value) = match line.split_once(':') {
            Some((f, v)) => (f, v.strip_prefix(' ').unwrap_or(v)),
            None => (line.as_str(), ""),
        };
        match field {
            "data" => match &mut self.data {
                Some(d) => {
                    d.push('\n');
                    d.push_str(value);
                }
                None => self.data = Some(value.to_string()),
            },
            "id" => self.id = Some(value.to_string()),
            "event" => self.event = Some(value.to_string()),
            _ => {}
        }
    }
}

/// Why reading the next event did not give one.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// Nothing came within the wait.
    Timeout,
    /// The connection failed.
    Transport(String),
}

/// An open event stream.
pub(crate) struct SseReader {
    body: BoxStream<'static, Result<Bytes, String>>,
    parser: Parser,
    queue: VecDeque<SseEvent>,
    closed: bool,
}

impl std::fmt::Debug for SseReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SseReader").field("queued", &self.queue.len()).field("closed", &self.closed).finish()
    }
}

impl SseReader {
    pub(crate) fn new(body: BoxStream<'static, Result<Bytes, String>>) -> SseReader {
        SseReader { body, parser: Parser::default(), queue: VecDeque::new(), closed: false }
    }

    /// The next event; `Ok(None)` when the server closed the stream.
    pub(crate) async fn next(&mut self, wait: Duration) -> Result<Option<SseEvent>, ReadError> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            if let Some(ev) = self.queue.pop_front() {
                return Ok(Some(ev));
            }
            if self.closed {
                return Ok(None);
            }
            match tokio::time::timeout_at(deadline, self.body.next()).await {
                Err(_) => return Err(ReadError::Timeout),
                Ok(None) => {
                    // A last event without its blank line is dropped, as the SSE rules say.
                    self.closed = true;
                }
                Ok(Some(Err(e))) => return Err(ReadError::Transport(e)),
                Ok(Some(Ok(chunk))) => self.queue.extend(self.parser.feed(&chunk)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(chunks: &[&str]) -> Vec<SseEvent> {
        let mut p = Parser::default();
        chunks.iter().flat_map(|c| p.feed(c.as_bytes())).collect()
    }

    #[test]
    fn events_end_at_blank_lines_and_join_data_lines() {
        let evs = parse(&["id: 1\ndata: {\"a\":\ndata: 1}\n\n", ": keep-alive\n\n", "data:x\n\n"]);
        assert_eq!(evs.len(), 2);
        assert_eq!(evs[0].id.as_deref(), Some("1"));
        assert_eq!(evs[0].data, "{\"a\":\n1}");
        assert_eq!(evs[1].data, "x");
        assert_eq!(evs[1].id, None);
    }

    #[test]
    fn chunks_may_split_anywhere_and_crlf_is_a_line_end() {
        let evs = parse(&["da", "ta: one\r", "\n\r", "\nevent: e\r\ndata: two\r\n\r\n"]);
        assert_eq!(evs.iter().map(|e| e.data.as_str()).collect::<Vec<_>>(), ["one", "two"]);
        assert_eq!(evs[1].event.as_deref(), Some("e"));
    }

    #[test]
    fn a_blank_line_without_data_dispatches_nothing() {
        assert!(parse(&["id: 3\n\n\n"]).is_empty());
    }
}
