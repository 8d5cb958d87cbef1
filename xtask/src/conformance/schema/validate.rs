//! Validation of a JSON value against a compiled definition, with errors that name the
//! path (`$.result.task.status.state`) and say what was expected and what came.

use super::{Format, Node, Schema, Type};
use serde_json::Value;

/// What validating one value found.
#[derive(Debug, Default, Clone)]
pub(crate) struct Validation {
    /// Every way the value breaks the schema, one line each, with its path.
    pub(crate) errors: Vec<String>,
    /// Paths of members that a described object does not declare. They are allowed
    /// (readers ignore unknown fields), so they are reported, not failed.
    pub(crate) unknown_fields: Vec<String>,
    /// Every `date-time` string met, with its path, for the checks on UTC timestamps.
    pub(crate) timestamps: Vec<(String, String)>,
}

impl Validation {
    /// Whether the value is valid.
    pub(crate) fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }

    /// The first few errors on one line, for a failure message.
    pub(crate) fn summary(&self) -> String {
        const SHOWN: usize = 3;
        let mut text = self.errors.iter().take(SHOWN).cloned().collect::<Vec<_>>().join("; ");
        if self.errors.len() > SHOWN {
            text.push_str(&format!("; and {} more", self.errors.len() - SHOWN));
        }
        text
    }

    fn merge(&mut self, other: Validation) {
        self.errors.extend(other.errors);
        self.unknown_fields.extend(other.unknown_fields);
        self.timestamps.extend(other.timestamps);
    }
}

pub(super) fn run(schema: &Schema, def: usize, value: &Value) -> Validation {
    let mut out = Validation::default();
    let (name, node) = &schema.defs[def];
    Walker { schema }.check(node, Some(name), value, "$", &mut out);
    out
}

struct Walker<'s> {
    schema: &'s Schema,
}

impl Walker<'_> {
    /// Checks `value` at `path` against `node`; `def` names the definition `node` is the
    /// root of, for messages such as "not a TaskState".
    fn check(&self, node: &Node, def: Option<&str>, value: &Value, path: &str, out: &mut Validation) {
        if let Some(index) = node.reference {
            let (name, target) = &self.schema.defs[index];
            self.check(target, Some(name), value, path, out);
        }
        if let Some(types) = &node.types {
            if !types.iter().any(|t| has_type(value, *t)) {
                let expected = types.iter().map(|t| type_name(*t)).collect::<Vec<_>>().join(" or ");
                let of = def.map(|d| format!(" ({d})")).unwrap_or_default();
                out.errors.push(format!("at {path}: expected {expected}{of}, got {}", describe(value)));
                return;
            }
        }
        if let Some(constant) = &node.constant {
            if value != constant {
                out.errors.push(format!("at {path}: expected {constant}, got {}", describe(value)));
            }
        }
        match (node.format, value) {
            (Some(Format::Int32), Value::Number(n)) => {
                let fits = n.as_i64().is_some_and(|i| i32::try_from(i).is_ok());
                if !fits {
                    out.errors.push(format!("at {path}: {n} is not a 32-bit integer"));
                }
            }
            (Some(Format::DateTime), Value::String(s)) => {
                if rfc3339(s) {
                    out.timestamps.push((path.to_string(), s.clone()));
                } else {
                    out.errors.push(format!("at {path}: {s:?} is not an RFC 3339 date-time"));
                }
            }
            _ => {}
        }
        if let (true, Value::String(s)) = (node.base64, value) {
            if !base64(s) {
                out.errors.push(format!("at {path}: {s:?} is not base64"));
            }
        }
        match value {
            Value::Object(members) => self.object(node, members, path, out),
            Value::Array(items) => {
                if let Some(item) = &node.items {
                    for (i, v) in items.iter().enumerate() {
                        self.check(item, None, v, &format!("{path}[{i}]"), out);
                    }
                }
            }
            _ => {}
        }
        if !node.one_of.is_empty() {
            self.one_of(node, def, value, path, out);
        }
    }

    fn object(&self, node: &Node, members: &serde_json::Map<String, Value>, path: &str, out: &mut Validation) {
        for (key, v) in members {
            let child = member_path(path, key);
            match node.properties.iter().find(|(name, _)| name == key) {
                Some((_, schema)) => self.check(schema, None, v, &child, out),
                None => match &node.additional {
                    Some(schema) => self.check(schema, None, v, &child, out),
                    None if node.closed => {
                        out.errors.push(format!("at {path}: unknown member {key:?} (this object admits no others)"));
                    }
                    None if node.described => out.unknown_fields.push(child),
                    None => {}
                },
            }
        }
        for name in &node.required {
            if !members.contains_key(name) {
                out.errors.push(format!("at {path}: missing required field {name:?}"));
            }
        }
    }

    fn one_of(&self, node: &Node, def: Option<&str>, value: &Value, path: &str, out: &mut Validation) {
        let mut results: Vec<Validation> = node
            .one_of
            .iter()
            .map(|branch| {
                let mut v = Validation::default();
                self.check(branch, None, value, path, &mut v);
                v
            })
            .collect();
        let passing: Vec<usize> = (0..results.len()).filter(|i| results[*i].is_valid()).collect();
        if let [only] = passing[..] {
            out.merge(std::mem::take(&mut results[only]));
            return;
        }
        let of = def.map(|d| format!(" ({d})")).unwrap_or_default();
        // Enumerations: every branch is a `const`.
        if node.one_of.iter().all(|b| b.constant.is_some()) {
            let names: Vec<String> =
                node.one_of.iter().filter_map(|b| b.constant.as_ref()).map(Value::to_string).collect();
            out.errors.push(format!("at {path}: {} is not one of {}{of}", describe(value), names.join(", ")));
            return;
        }
        // Proto oneofs: every branch only requires one member.
        let members: Option<Vec<&str>> = node
            .one_of
            .iter()
            .map(|b| match &b.required[..] {
                [m] if b.types.is_none() && b.properties.is_empty() && b.reference.is_none() => Some(m.as_str()),
                _ => None,
            })
            .collect();
        if let (Some(members), Value::Object(obj)) = (members, value) {
            let present: Vec<&str> = members.iter().copied().filter(|m| obj.contains_key(*m)).collect();
            let found = if present.is_empty() { "none".to_string() } else { present.join(" and ") };
            out.errors.push(format!("at {path}: exactly one of {} must be set{of}; found {found}", members.join(", ")));
            return;
        }
        // Tagged unions: report the errors of the branch the tag names.
        if let Some((tag, values)) = &node.discriminator {
            let found = value.get(tag);
            match found.and_then(Value::as_str).and_then(|t| values.iter().position(|v| v == t)) {
                Some(i) if passing.is_empty() => out.merge(std::mem::take(&mut results[i])),
                Some(_) => out.errors.push(format!("at {path}: matches {} branches of the union{of}", passing.len())),
                None => out.errors.push(format!(
                    "at {path}: {tag:?} must be one of {}{of}, got {}",
                    values.join(", "),
                    found.map_or_else(|| "nothing".to_string(), describe)
                )),
            }
            return;
        }
        if passing.is_empty() {
            let firsts: Vec<String> = results.iter().filter_map(|r| r.errors.first().cloned()).collect();
            out.errors.push(format!("at {path}: matches none of the alternatives{of}: {}", firsts.join(" | ")));
        } else {
            out.errors.push(format!("at {path}: matches {} alternatives, exactly one allowed{of}", passing.len()));
        }
    }
}

fn member_path(path: &str, key: &str) -> String {
    let plain = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '@');
    if plain { format!("{path}.{key}") } else { format!("{path}[{key:?}]") }
}

fn has_type(value: &Value, t: Type) -> bool {
    match (t, value) {
        (Type::Null, Value::Null)
        | (Type::Boolean, Value::Bool(_))
        | (Type::Number, Value::Number(_))
        | (Type::String, Value::String(_))
        | (Type::Array, Value::Array(_))
        | (Type::Object, Value::Object(_)) => true,
        (Type::Integer, Value::Number(n)) => n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0),
        _ => false,
    }
}

fn type_name(t: Type) -> &'static str {
    match t {
        Type::Null => "null",
        Type::Boolean => "boolean",
        Type::Integer => "integer",
        Type::Number => "number",
        Type::String => "string",
        Type::Array => "array",
        Type::Object => "object",
    }
}

/// A value in a message: short scalars as JSON, containers by their kind.
pub(crate) fn describe(value: &Value) -> String {
    match value {
        Value::Object(_) => "an object".to_string(),
        Value::Array(_) => "an array".to_string(),
        Value::String(s) if s.chars().count() > 60 => format!("{:?}…", s.chars().take(60).collect::<String>()),
        other => other.to_string(),
    }
}

/// RFC 3339 `date-time`: `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`.
pub(crate) fn rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |range: std::ops::Range<usize>| b.get(range.clone()).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let num = |range: std::ops::Range<usize>| s[range].parse::<u32>().unwrap_or(u32::MAX);
    if b.len() < 20 || !digits(0..4) || b[4] != b'-' || !digits(5..7) || b[7] != b'-' || !digits(8..10) {
        return false;
    }
    if !matches!(b[10], b'T' | b't') || !digits(11..13) || b[13] != b':' || !digits(14..16) || b[16] != b':' {
        return false;
    }
    if !digits(17..19) || !(1..=12).contains(&num(5..7)) || !(1..=31).contains(&num(8..10)) {
        return false;
    }
    if num(11..13) > 23 || num(14..16) > 59 || num(17..19) > 60 {
        return false;
    }
    let mut i = 19;
    if b[i] == b'.' {
        let start = i + 1;
        i = start;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    match &b[i..] {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', ..] => {
            let rest = &s[i + 1..];
            rest.len() == 5
                && rest.as_bytes()[2] == b':'
                && rest[..2].parse::<u32>().is_ok_and(|h| h <= 23)
                && rest[3..].parse::<u32>().is_ok_and(|m| m <= 59)
        }
        _ => false,
    }
}

/// Base64 as ProtoJSON writes and reads it: the standard or the URL-safe alphabet, with or
/// without padding.
pub(crate) fn base64(s: &str) -> bool {
    let body = s.trim_end_matches('=');
    let padding = s.len() - body.len();
    let standard = body.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'+' || c == b'/');
    let url_safe = body.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_');
    let length_ok = if padding > 0 { s.len() % 4 == 0 && padding <= 2 } else { body.len() % 4 != 1 };
    (standard || url_safe) && length_ok
}
