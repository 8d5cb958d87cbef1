//! The expected-failures file: known gaps of a server under development, so that its
//! run stays green while they are tracked, and turns red when one is fixed (to remove it).
//!
//! One entry a line: a check id (`*` matches any run of characters), then optionally the
//! target it applies to (`jsonrpc/1.0`, `rest/*`, `*/0.3`), then optionally `# why`.
//! Blank lines and lines starting with `#` are ignored.
//!
//! ```text
//! # ListTasks sorts by creation time, not by update time (issue #12)
//! tasks.list.order            jsonrpc/1.0
//! stream.*                    rest/*        # REST streaming not written yet
//! ```

use super::check::{Binding, Target, Version};
use std::path::Path;

/// One entry of the file.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub(crate) pattern: String,
    binding: Option<Binding>,
    version: Option<Version>,
    /// The comment after `#`, if any.
    pub(crate) reason: String,
    /// The line, for messages.
    pub(crate) line: usize,
}

/// The parsed file.
#[derive(Debug, Clone, Default)]
pub(crate) struct Expected {
    entries: Vec<Entry>,
}

impl Expected {
    pub(crate) fn load(path: &Path) -> Result<Expected, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("reading {}: {e}", path.display()))?;
        Expected::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    pub(crate) fn parse(text: &str) -> Result<Expected, String> {
        let mut entries = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let (content, reason) = match raw.split_once('#') {
                Some((c, r)) => (c, r.trim().to_string()),
                None => (raw, String::new()),
            };
            let mut words = content.split_whitespace();
            let Some(pattern) = words.next() else { continue };
            let (binding, version) = match words.next() {
                None => (None, None),
                Some(t) => parse_target(t).map_err(|e| format!("line {line}: {e}"))?,
            };
            if let Some(extra) = words.next() {
                return Err(format!("line {line}: unexpected {extra:?}; put explanations after #"));
            }
            entries.push(Entry { pattern: pattern.to_string(), binding, version, reason, line });
        }
        Ok(Expected { entries })
    }

    /// The entry that expects `id` to fail on `target`, if any.
    pub(crate) fn find(&self, id: &str, target: Target) -> Option<&Entry> {
        self.entries.iter().find(|e| {
            matches(&e.pattern, id)
                && e.binding.is_none_or(|b| b == target.binding)
                && e.version.is_none_or(|v| v == target.version)
        })
    }
}

fn parse_target(text: &str) -> Result<(Option<Binding>, Option<Version>), String> {
    if text == "*" {
        return Ok((None, None));
    }
    let (b, v) = text.split_once('/').ok_or_else(|| format!("target {text:?} is not binding/version (jsonrpc/1.0)"))?;
    let binding = match b {
        "*" => None,
        _ => Some(Binding::ALL.into_iter().find(|x| x.name() == b).ok_or_else(|| format!("unknown binding {b:?}"))?),
    };
    let version = match v {
        "*" => None,
        _ => Some(Version::ALL.into_iter().find(|x| x.name() == v).ok_or_else(|| format!("unknown version {v:?}"))?),
    };
    Ok((binding, version))
}

/// Whether `text` matches `pattern`, where `*` stands for any run of characters.
pub(crate) fn matches(pattern: &str, text: &str) -> bool {
    let Some((head, rest)) = pattern.split_once('*') else { return pattern == text };
    let Some(mut remaining) = text.strip_prefix(head) else { return false };
    let pieces: Vec<&str> = rest.split('*').collect();
    for (i, piece) in pieces.iter().enumerate() {
        if i == pieces.len() - 1 {
            return remaining.ends_with(piece);
        }
        match remaining.find(piece) {
            Some(at) => remaining = &remaining[at + piece.len()..],
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    const JSONRPC_1: Target = Target { binding: Binding::JsonRpc, version: Version::V1_0 };
    const REST_03: Target = Target { binding: Binding::Rest, version: Version::V0_3 };

    #[test]
    fn globs_match_any_run_of_characters() {
        assert!(matches("stream.*", "stream.order"));
        assert!(matches("*.not-found", "tasks.get.not-found"));
        assert!(matches("tasks.*.not-*", "tasks.cancel.not-found"));
        assert!(matches("a*b*c", "abc"));
        assert!(!matches("stream.*", "subscribe.terminal"));
        assert!(!matches("tasks.get", "tasks.get.not-found"));
    }

    #[test]
    fn entries_apply_to_their_targets_only() {
        let file = "# known gaps\n\ntasks.list.order jsonrpc/1.0 # sorted by creation\nstream.* rest/*\nversion.*\n";
        let expected = Expected::parse(file).unwrap();
        let order = expected.find("tasks.list.order", JSONRPC_1).unwrap();
        assert_eq!((order.line, order.reason.as_str()), (3, "sorted by creation"));
        assert!(expected.find("tasks.list.order", REST_03).is_none());
        assert!(expected.find("stream.order", REST_03).is_some());
        assert!(expected.find("stream.order", JSONRPC_1).is_none());
        assert!(expected.find("version.unsupported", REST_03).is_some());
    }

    #[test]
    fn malformed_lines_are_errors_with_their_line() {
        assert!(Expected::parse("a.b grpc/1.0").unwrap_err().contains("line 1"));
        assert!(Expected::parse("\na.b jsonrpc/2.0").unwrap_err().contains("line 2"));
        assert!(Expected::parse("a.b jsonrpc/1.0 because").unwrap_err().contains("put explanations after #"));
    }
}
