//! The load generator's view of an event stream: it counts SSE events as bytes arrive
//! and keeps the data of the first one, without decoding anything else. Counting must be
//! cheap so that the load generator, not the server, is never the bottleneck.

/// Counts the events of one `text/event-stream` body.
///
/// An event is a block of lines ended by a blank line that holds at least one `data`
/// field; comment-only blocks (keep-alives) do not count. LF, CR and CRLF all end lines.
#[derive(Debug, Default)]
pub(crate) struct SseCounter {
    events: u64,
    /// The first bytes of the line being read, enough to recognise `data`.
    prefix: [u8; 5],
    line_len: usize,
    after_cr: bool,
    has_data: bool,
    /// The line being read, kept only until the first event is complete.
    line: Vec<u8>,
    /// The data of the first event, as it accumulates.
    data: Vec<u8>,
    first: Option<Vec<u8>>,
}

impl SseCounter {
    /// Feeds a chunk; returns how many events it completed.
    pub(crate) fn feed(&mut self, mut chunk: &[u8]) -> u64 {
        let before = self.events;
        // Whole line pieces at a time: only line starts and ends need looking at.
        while let Some(&first) = chunk.first() {
            if std::mem::take(&mut self.after_cr) && first == b'\n' {
                chunk = &chunk[1..];
                continue;
            }
            match chunk.iter().position(|&b| b == b'\n' || b == b'\r') {
                None => {
                    self.extend_line(chunk);
                    break;
                }
                Some(i) => {
                    self.extend_line(&chunk[..i]);
                    self.after_cr = chunk[i] == b'\r';
                    self.end_line();
                    chunk = &chunk[i + 1..];
                }
            }
        }
        self.events - before
    }

    fn extend_line(&mut self, part: &[u8]) {
        let start = self.line_len.min(self.prefix.len());
        let n = (self.prefix.len() - start).min(part.len());
        self.prefix[start..start + n].copy_from_slice(&part[..n]);
        self.line_len += part.len();
        if self.first.is_none() {
            self.line.extend_from_slice(part);
        }
    }

    /// Events completed so far.
    pub(crate) fn events(&self) -> u64 {
        self.events
    }

    /// The data of the first event, once it is complete.
    pub(crate) fn first_data(&self) -> Option<&[u8]> {
        self.first.as_deref()
    }

    fn end_line(&mut self) {
        if self.line_len == 0 {
            if std::mem::take(&mut self.has_data) {
                self.events += 1;
                if self.first.is_none() {
                    self.data.pop(); // the newline after the last data line
                    self.first = Some(std::mem::take(&mut self.data));
                }
            }
        } else if &self.prefix[..self.line_len.min(4)] == b"data" && (self.line_len == 4 || self.prefix[4] == b':') {
            self.has_data = true;
            if self.first.is_none() {
                let value = self.line.get(5..).unwrap_or_default();
                self.data.extend_from_slice(value.strip_prefix(b" ").unwrap_or(value));
                self.data.push(b'\n');
            }
        }
        self.line.clear();
        self.line_len = 0;
    }
}

/// The id of the task an event is about, from its JSON: a JSON-RPC response whose
/// `result` is a `StreamResponse`, or a bare `StreamResponse` (REST).
pub(crate) fn task_id_of(data: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(data).ok()?;
    let event = value.get("result").unwrap_or(&value);
    let id = if let Some(task) = event.get("task") {
        task.get("id")
    } else {
        ["statusUpdate", "artifactUpdate", "message"].iter().find_map(|k| event.get(*k)?.get("taskId"))
    };
    id?.as_str().map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    const STREAM: &[u8] = b": hello\n\nid: 1\ndata: {\"result\":{\"task\":{\"id\":\"t-1\"}}}\n\n\
        : keep-alive\n\nid: 2\ndata: a\ndata: b\n\ndata\n\n";

    #[test]
    fn counts_events_not_comments() {
        let mut c = SseCounter::default();
        assert_eq!(c.feed(STREAM), 3);
        assert_eq!(c.first_data(), Some(&b"{\"result\":{\"task\":{\"id\":\"t-1\"}}}"[..]));
    }

    #[test]
    fn count_does_not_depend_on_chunking() {
        for split in 0..STREAM.len() {
            let mut c = SseCounter::default();
            let (a, b) = STREAM.split_at(split);
            c.feed(a);
            c.feed(b);
            assert_eq!(c.events(), 3, "split at {split}");
            assert_eq!(c.first_data(), Some(&b"{\"result\":{\"task\":{\"id\":\"t-1\"}}}"[..]));
        }
        let mut bytewise = SseCounter::default();
        let total: u64 = STREAM.iter().map(|b| bytewise.feed(std::slice::from_ref(b))).sum();
        assert_eq!(total, 3);
    }

    #[test]
    fn every_line_ending() {
        for input in [&b"data: x\n\ndata: y\n\n"[..], b"data: x\r\rdata: y\r\r", b"data: x\r\n\r\ndata: y\r\n\r\n"] {
            let mut c = SseCounter::default();
            assert_eq!(c.feed(input), 2, "{input:?}");
            assert_eq!(c.first_data(), Some(&b"x"[..]));
        }
        // A CRLF split across chunks is one line ending, not two.
        let mut c = SseCounter::default();
        assert_eq!(c.feed(b"data: x\r") + c.feed(b"\ndata: y\r\n\r\n"), 1);
        assert_eq!(c.first_data(), Some(&b"x\ny"[..]));
    }

    #[test]
    fn fields_that_only_start_like_data_do_not_count() {
        let mut c = SseCounter::default();
        assert_eq!(c.feed(b"database: 1\n\ndatum\n\nid: 3\n\n"), 0);
    }

    #[test]
    fn task_ids_from_each_kind_of_event() {
        assert_eq!(task_id_of(br#"{"jsonrpc":"2.0","id":1,"result":{"task":{"id":"a"}}}"#).as_deref(), Some("a"));
        assert_eq!(task_id_of(br#"{"statusUpdate":{"taskId":"b"}}"#).as_deref(), Some("b"));
        assert_eq!(task_id_of(br#"{"result":{"artifactUpdate":{"taskId":"c"}}}"#).as_deref(), Some("c"));
        assert_eq!(task_id_of(br#"{"result":{"message":{"messageId":"m"}}}"#), None);
        assert_eq!(task_id_of(b"not json"), None);
    }
}
