//! Whole-schema checks: `$defs` entries without a proto counterpart, the identifier
//! string types, and `$ref`s that point nowhere.

use serde_json::{Map, Value};

use super::common::expect_type;
use super::jsonrpc::is_envelope;
use super::model::ProtoFile;
use super::shape::IDENTIFIER_DEFS;

/// Defs the schema adds on purpose: named identifier strings, the well-known types and
/// the JSON-RPC plumbing shared by all methods (envelopes are matched by suffix).
const NON_PROTO_DEFS: &[&str] = &[
    "TaskId",
    "ContextId",
    "MessageId",
    "ArtifactId",
    "Timestamp",
    "Struct",
    "Value",
    "Empty",
    "JsonRpcId",
    "JsonRpcError",
    "JsonRpcErrorResponse",
];

pub(crate) fn check_extra_defs(proto: &ProtoFile, defs: &Map<String, Value>, out: &mut Vec<String>) {
    for name in defs.keys() {
        let known = NON_PROTO_DEFS.contains(&name.as_str()) || is_envelope(name);
        if !known && !proto.defines(name) {
            out.push(format!("{name}: $defs entry has no proto message or enum"));
        }
    }
}

/// Proto `string` fields may reference the identifier defs only because they are strings.
pub(crate) fn check_identifier_defs(defs: &Map<String, Value>, out: &mut Vec<String>) {
    for id in IDENTIFIER_DEFS {
        if let Some(def) = defs.get(*id) {
            expect_type(id, def, "string", out);
        }
    }
}

/// Keywords whose object value maps names to schemas, so its keys are not keywords.
const NAME_MAPS: &[&str] = &["$defs", "properties", "patternProperties", "dependentSchemas"];

/// Keywords whose values are JSON data, not schemas, and may contain anything.
const DATA: &[&str] = &["const", "enum", "default", "examples"];

/// Reports every `$ref` that is not `#/$defs/<an existing entry>`, by JSON pointer.
pub(crate) fn check_refs(schema: &Value, defs: &Map<String, Value>, out: &mut Vec<String>) {
    walk_schema(schema, "#", defs, out);
}

fn walk_schema(node: &Value, at: &str, defs: &Map<String, Value>, out: &mut Vec<String>) {
    match node {
        Value::Object(obj) => {
            for (key, value) in obj.iter().filter(|(k, _)| !DATA.contains(&k.as_str())) {
                let child = format!("{at}/{}", escape(key));
                match (key.as_str(), value) {
                    ("$ref", _) => check_ref(&child, value, defs, out),
                    (k, Value::Object(named)) if NAME_MAPS.contains(&k) => {
                        for (name, sub) in named {
                            walk_schema(sub, &format!("{child}/{}", escape(name)), defs, out);
                        }
                    }
                    _ => walk_schema(value, &child, defs, out),
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk_schema(item, &format!("{at}/{i}"), defs, out);
            }
        }
        _ => {}
    }
}

fn check_ref(at: &str, target: &Value, defs: &Map<String, Value>, out: &mut Vec<String>) {
    let name = target.as_str().and_then(|t| t.strip_prefix("#/$defs/")).map(unescape);
    match name {
        Some(name) if defs.contains_key(&name) => {}
        Some(_) => out.push(format!("{at}: {target} does not resolve")),
        None => out.push(format!("{at}: {target} is not a \"#/$defs/...\" reference")),
    }
}

/// JSON Pointer escaping (RFC 6901), so reported locations can be looked up as written.
fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}
