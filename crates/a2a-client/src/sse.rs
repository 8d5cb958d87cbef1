//! An incremental, tolerant parser of Server-Sent Events (the `text/event-stream` format
//! of the HTML standard): feed it bytes as they arrive, take whole events out.
//!
//! It accepts everything the standard allows and a little more: CR, LF and CRLF line
//! endings (a CRLF split across two chunks counts once), a leading byte-order mark,
//! comment lines, `data:` with or without the space, multi-line data, and the `id`,
//! `event` and `retry` fields. It knows nothing about HTTP or JSON; the transport decides
//! what an event's data means.

use std::collections::VecDeque;
use std::time::Duration;

/// One dispatched event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SseEvent {
    /// The `event` field, when the event named a type (the standard's default is `message`).
    pub(crate) event: Option<String>,
    /// The `data` lines, joined with `\n`.
    pub(crate) data: String,
    /// The `id` field given in this event's own block, if any. Unlike the standard's
    /// "last event ID", it does not carry over from earlier events, so that a caller can
    /// tell which events the server numbered.
    pub(crate) id: Option<String>,
}

/// The input broke a limit of the parser.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum SseError {
    /// One event (or one line) grew past the maximum size.
    #[error("an event exceeded the maximum size of {limit} bytes")]
    EventTooLarge {
        /// The configured maximum, in bytes.
        limit: usize,
    },
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The parser's state between chunks.
#[derive(Debug)]
pub(crate) struct SseParser {
    max_event_size: usize,
    /// The line read so far, without its ending.
    line: Vec<u8>,
    /// Whether the previous chunk ended in CR, so that a leading LF of the next one
    /// belongs to the same line ending.
    after_cr: bool,
    /// Whether the first line has not been completed yet (it may start with a BOM).
    first_line: bool,
    data: Vec<u8>,
    has_data: bool,
    event: Option<String>,
    id: Option<String>,
    last_event_id: Option<String>,
    retry: Option<Duration>,
    ready: VecDeque<SseEvent>,
    failed: Option<SseError>,
}

impl SseParser {
    /// A parser that refuses events (data plus the line being read) larger than
    /// `max_event_size` bytes.
    pub(crate) fn new(max_event_size: usize) -> Self {
        Self {
            max_event_size,
            line: Vec::new(),
            after_cr: false,
            first_line: true,
            data: Vec::new(),
            has_data: false,
            event: None,
            id: None,
            last_event_id: None,
            retry: None,
            ready: VecDeque::new(),
            failed: None,
        }
    }

    /// Parses a chunk. Complete events become available from [`next_event`](Self::next_event).
    ///
    /// After an error the parser is spent: it returns the same error forever.
    pub(crate) fn feed(&mut self, mut input: &[u8]) -> Result<(), SseError> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        while !input.is_empty() {
            if self.after_cr {
                self.after_cr = false;
                if input[0] == b'\n' {
                    input = &input[1..];
                    continue;
                }
            }
            match input.iter().position(|&b| b == b'\n' || b == b'\r') {
                None => {
                    self.line.extend_from_slice(input);
                    self.check_size()?;
                    return Ok(());
                }
                Some(i) => {
                    self.line.extend_from_slice(&input[..i]);
                    self.check_size()?;
                    if input[i] == b'\r' {
                        self.after_cr = true;
                    }
                    input = &input[i + 1..];
                    self.end_line()?;
                }
            }
        }
        Ok(())
    }

    /// The next complete event, in order.
    pub(crate) fn next_event(&mut self) -> Option<SseEvent> {
        self.ready.pop_front()
    }

    /// Called at the end of the input. The standard discards an event that was not
    /// closed by a blank line; to tolerate servers that close the connection right after
    /// the last `data:` line, this returns it, but only if its last line was complete.
    pub(crate) fn finish(&mut self) -> Option<SseEvent> {
        if self.failed.is_some() || !self.line.is_empty() {
            return None;
        }
        self.dispatch();
        self.ready.pop_front()
    }

    /// The standard's "last event ID": the most recent `id` field seen, carried over
    /// events without one. A reconnecting client sends it as `Last-Event-ID`.
    pub(crate) fn last_event_id(&self) -> Option<&str> {
        self.last_event_id.as_deref()
    }

    /// The reconnection delay the server asked for with a `retry` field, if any.
    pub(crate) fn retry(&self) -> Option<Duration> {
        self.retry
    }

    fn check_size(&mut self) -> Result<(), SseError> {
        if self.line.len() + self.data.len() > self.max_event_size {
            let e = SseError::EventTooLarge { limit: self.max_event_size };
            self.failed = Some(e.clone());
            self.line = Vec::new();
            self.data = Vec::new();
            return Err(e);
        }
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), SseError> {
        let mut line = std::mem::take(&mut self.line);
        let mut start = 0;
        if self.first_line {
            self.first_line = false;
            if line.starts_with(BOM) {
                start = BOM.len();
            }
        }
        self.process_line(&line[start..])?;
        // Keep the allocation for the next line.
        line.clear();
        self.line = line;
        Ok(())
    }

    fn process_line(&mut self, line: &[u8]) -> Result<(), SseError> {
        if line.is_empty() {
            self.dispatch();
            return Ok(());
        }
        if line[0] == b':' {
            return Ok(());
        }
        let (field, value) = match line.iter().position(|&b| b == b':') {
            Some(i) => {
                let value = &line[i + 1..];
                (&line[..i], value.strip_prefix(b" ").unwrap_or(value))
            }
            None => (line, &b""[..]),
        };
        match field {
            b"data" => {
                self.data.extend_from_slice(value);
                self.data.push(b'\n');
                self.has_data = true;
                self.check_size()?;
            }
            b"event" => self.event = Some(String::from_utf8_lossy(value).into_owned()),
            // The standard ignores an id containing NUL.
            b"id" if !value.contains(&0) => {
                let id = String::from_utf8_lossy(value).into_owned();
                self.last_event_id = Some(id.clone());
                self.id = Some(id);
            }
            // Only digits are a valid retry; one too large for u64 is ignored too.
            b"retry" if !value.is_empty() && value.iter().all(u8::is_ascii_digit) => {
                if let Ok(ms) = std::str::from_utf8(value).unwrap_or("").parse::<u64>() {
                    self.retry = Some(Duration::from_millis(ms));
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn dispatch(&mut self) {
        let id = self.id.take();
        let event = self.event.take();
        if !self.has_data {
            return;
        }
        self.has_data = false;
        let mut data = std::mem::take(&mut self.data);
        data.pop(); // the '\n' after the last data line
        let data = match String::from_utf8(data) {
            Ok(s) => s,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        };
        self.ready.push_back(SseEvent { event, data, id });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(chunks: &[&[u8]]) -> Vec<SseEvent> {
        let mut p = SseParser::new(1 << 20);
        let mut out = Vec::new();
        for c in chunks {
            p.feed(c).unwrap();
            while let Some(e) = p.next_event() {
                out.push(e);
            }
        }
        out
    }

    fn data(events: &[SseEvent]) -> Vec<&str> {
        events.iter().map(|e| e.data.as_str()).collect()
    }

    /// Feeds the input whole, and again one byte at a time: the result must not depend
    /// on where the chunks split.
    fn parse_all_ways(input: &[u8]) -> Vec<SseEvent> {
        let whole = parse(&[input]);
        let bytes: Vec<&[u8]> = input.chunks(1).collect();
        assert_eq!(parse(&bytes), whole, "byte-at-a-time parse differs");
        for split in 0..=input.len() {
            let (a, b) = input.split_at(split);
            assert_eq!(parse(&[a, b]), whole, "split at {split} differs");
        }
        whole
    }

    #[test]
    fn single_event() {
        let ev = parse_all_ways(b"data: {\"a\":1}\n\n");
        assert_eq!(ev, vec![SseEvent { event: None, data: "{\"a\":1}".into(), id: None }]);
    }

    #[test]
    fn data_with_and_without_space() {
        let ev = parse_all_ways(b"data:one\n\ndata: two\n\ndata:  three\n\n");
        // Only one leading space is removed.
        assert_eq!(data(&ev), ["one", "two", " three"]);
    }

    #[test]
    fn multi_line_data_is_joined_with_lf() {
        let ev = parse_all_ways(b"data: {\ndata: \"a\": 1\ndata: }\n\n");
        assert_eq!(data(&ev), ["{\n\"a\": 1\n}"]);
    }

    #[test]
    fn comments_are_ignored() {
        let ev = parse_all_ways(b": keep-alive\n\n:\ndata: x\n: between\n\n: trailing\n\n");
        assert_eq!(data(&ev), ["x"]);
    }

    #[test]
    fn lf_cr_and_crlf_line_endings() {
        for input in [
            &b"data: a\n\ndata: b\n\n"[..],
            &b"data: a\r\rdata: b\r\r"[..],
            &b"data: a\r\n\r\ndata: b\r\n\r\n"[..],
            &b"data: a\r\n\ndata: b\n\r\n"[..],
        ] {
            assert_eq!(data(&parse_all_ways(input)), ["a", "b"], "{input:?}");
        }
    }

    #[test]
    fn crlf_split_across_chunks_is_one_ending() {
        // If the LF after a CR in another chunk were a second line ending, it would
        // dispatch the event early and split "a" from "b".
        let ev = parse(&[b"data: a\r", b"\ndata: b\r", b"\n\r", b"\n"]);
        assert_eq!(data(&ev), ["a\nb"]);
    }

    #[test]
    fn leading_bom_is_skipped_once() {
        let ev = parse_all_ways(b"\xEF\xBB\xBFdata: a\n\n");
        assert_eq!(data(&ev), ["a"]);
        // A BOM anywhere else is part of the line: here it makes an unknown field name.
        let ev = parse_all_ways(b"data: a\n\n\xEF\xBB\xBFdata: b\n\n");
        assert_eq!(data(&ev), ["a"]);
    }

    #[test]
    fn id_event_and_retry_fields() {
        let mut p = SseParser::new(1024);
        p.feed(b"id: 7\nevent: update\nretry: 1500\ndata: x\n\ndata: y\n\n").unwrap();
        let first = p.next_event().unwrap();
        assert_eq!(first, SseEvent { event: Some("update".into()), data: "x".into(), id: Some("7".into()) });
        // The second event names no id of its own; the last event id carries over.
        let second = p.next_event().unwrap();
        assert_eq!(second, SseEvent { event: None, data: "y".into(), id: None });
        assert_eq!(p.last_event_id(), Some("7"));
        assert_eq!(p.retry(), Some(Duration::from_millis(1500)));
    }

    #[test]
    fn invalid_id_and_retry_are_ignored() {
        let mut p = SseParser::new(1024);
        p.feed(b"id: a\0b\nretry: 10s\ndata: x\n\n").unwrap();
        assert_eq!(p.next_event().unwrap().id, None);
        assert_eq!(p.last_event_id(), None);
        assert_eq!(p.retry(), None);
    }

    #[test]
    fn field_without_colon_and_unknown_fields() {
        // "data" alone is a data line with an empty value.
        let ev = parse_all_ways(b"data\ndata\n\nfoo: bar\ndata: z\n\n");
        assert_eq!(data(&ev), ["\n", "z"]);
    }

    #[test]
    fn block_without_data_dispatches_nothing() {
        let mut p = SseParser::new(1024);
        p.feed(b"id: 3\nevent: ping\n\ndata: x\n\n").unwrap();
        let ev = p.next_event().unwrap();
        // The type and id of the empty block do not leak into the next event.
        assert_eq!(ev, SseEvent { event: None, data: "x".into(), id: None });
        assert_eq!(p.last_event_id(), Some("3"));
    }

    #[test]
    fn empty_data_line_is_an_event() {
        assert_eq!(data(&parse_all_ways(b"data:\n\n")), [""]);
    }

    #[test]
    fn utf8_split_across_chunks() {
        let input = "data: héllo ✓\n\n".as_bytes();
        assert_eq!(data(&parse_all_ways(input)), ["héllo ✓"]);
    }

    #[test]
    fn oversized_event_is_an_error() {
        let mut p = SseParser::new(16);
        p.feed(b"data: 0123456789\n").unwrap();
        let err = p.feed(b"data: 0123456789\n\n").unwrap_err();
        assert_eq!(err, SseError::EventTooLarge { limit: 16 });
        // The parser stays failed.
        assert_eq!(p.feed(b"data: x\n\n").unwrap_err(), err);
        assert_eq!(p.next_event(), None);
    }

    #[test]
    fn events_before_an_oversized_one_stay_available() {
        let mut p = SseParser::new(16);
        let err = p.feed(b"data: a\n\ndata: 0123456789abcdef\n\n").unwrap_err();
        assert_eq!(err, SseError::EventTooLarge { limit: 16 });
        assert_eq!(p.next_event().unwrap().data, "a");
        assert_eq!(p.next_event(), None);
    }

    #[test]
    fn oversized_line_without_ending_is_an_error() {
        let mut p = SseParser::new(16);
        p.feed(b"data: 01234").unwrap();
        assert_eq!(p.feed(b"56789abcdefgh").unwrap_err(), SseError::EventTooLarge { limit: 16 });
    }

    #[test]
    fn size_limit_applies_per_event() {
        let mut p = SseParser::new(16);
        for _ in 0..100 {
            p.feed(b"data: 0123456789\n\n").unwrap();
            assert_eq!(p.next_event().unwrap().data, "0123456789");
        }
    }

    #[test]
    fn finish_returns_an_unterminated_event_with_complete_lines() {
        let mut p = SseParser::new(1024);
        p.feed(b"data: a\n\ndata: b\n").unwrap();
        assert_eq!(p.next_event().unwrap().data, "a");
        assert_eq!(p.next_event(), None);
        assert_eq!(p.finish().unwrap().data, "b");
    }

    #[test]
    fn finish_discards_a_partial_line() {
        let mut p = SseParser::new(1024);
        p.feed(b"data: a\n\ndata: {\"trunc").unwrap();
        assert_eq!(p.next_event().unwrap().data, "a");
        assert_eq!(p.finish(), None);
    }
}
