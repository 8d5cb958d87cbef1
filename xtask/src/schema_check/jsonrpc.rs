//! Checks the JSON-RPC envelopes: every proto rpc has a `<Rpc>JsonRpcRequest` carrying
//! its input as `params` and a `<Rpc>JsonRpcResponse` carrying its output as `result`,
//! with `x-sse` on exactly the server-streaming rpcs, and no envelope lacks an rpc.

use serde_json::{Map, Value};

use super::common::required_list;
use super::model::{ProtoFile, Resolved, Rpc};
use super::shape::{def_ref, describe, strip_annotations};

/// Rpcs whose `params` may be omitted: the A2A spec lets a client ask for the extended
/// agent card without sending a request object, since it has no required field.
const PARAMS_OPTIONAL: &[&str] = &["GetExtendedAgentCard"];

const REQUEST_SUFFIX: &str = "JsonRpcRequest";
const RESPONSE_SUFFIX: &str = "JsonRpcResponse";

/// Whether `name` is a JSON-RPC envelope def, which has no proto message of its own.
pub(crate) fn is_envelope(name: &str) -> bool {
    name.ends_with(REQUEST_SUFFIX) || name.ends_with(RESPONSE_SUFFIX)
}

pub(crate) fn check_jsonrpc(proto: &ProtoFile, defs: &Map<String, Value>, out: &mut Vec<String>) {
    for rpc in proto.rpcs() {
        check_request(proto, rpc, defs, out);
        check_response(proto, rpc, defs, out);
    }
    for name in defs.keys() {
        let method = name.strip_suffix(REQUEST_SUFFIX).or_else(|| name.strip_suffix(RESPONSE_SUFFIX));
        if let Some(method) = method.filter(|m| !proto.rpcs().any(|r| r.name == *m)) {
            out.push(format!("{name}: no rpc {method} in the proto service"));
        }
    }
}

fn check_request(proto: &ProtoFile, rpc: &Rpc, defs: &Map<String, Value>, out: &mut Vec<String>) {
    let name = format!("{}{REQUEST_SUFFIX}", rpc.name);
    let Some(def) = defs.get(&name) else {
        out.push(format!("{name}: missing for rpc {}", rpc.name));
        return;
    };
    if rpc.client_streaming {
        out.push(format!("{name}: rpc {} streams its input, which JSON-RPC cannot carry", rpc.name));
    }
    if let Some(input) = rpc_def(proto, rpc, &rpc.input, out) {
        check_member_ref(&name, def, "params", &input, out);
    }
    let optional = PARAMS_OPTIONAL.contains(&rpc.name.as_str());
    match (optional, required_list(&name, def, out).contains(&"params")) {
        (false, false) => out.push(format!("{name}.params: schema says optional, expected required")),
        (true, true) => out.push(format!("{name}.params: schema says required, expected optional")),
        _ => {}
    }
    check_names_method(&name, def, "x-jsonrpc-method", &rpc.name, out);
    let method = def.pointer("/properties/method/const");
    if method.and_then(Value::as_str) != Some(&rpc.name) {
        out.push(format!("{name}.method: expected \"const\": \"{}\"", rpc.name));
    }
}

fn check_response(proto: &ProtoFile, rpc: &Rpc, defs: &Map<String, Value>, out: &mut Vec<String>) {
    let name = format!("{}{RESPONSE_SUFFIX}", rpc.name);
    let Some(def) = defs.get(&name) else {
        out.push(format!("{name}: missing for rpc {}", rpc.name));
        return;
    };
    if let Some(output) = rpc_def(proto, rpc, &rpc.output, out) {
        check_member_ref(&name, def, "result", &output, out);
    }
    if !required_list(&name, def, out).contains(&"result") {
        out.push(format!("{name}.result: schema says optional, expected required"));
    }
    check_names_method(&name, def, "x-jsonrpc-result-of", &rpc.name, out);
    let sse = def.get("x-sse") == Some(&Value::Bool(true));
    match (rpc.server_streaming, sse) {
        (true, false) => out.push(format!("{name}: rpc {} returns a stream, schema lacks \"x-sse\": true", rpc.name)),
        (false, true) => out.push(format!("{name}: schema has \"x-sse\": true, rpc {} returns no stream", rpc.name)),
        _ => {}
    }
}

/// The `$defs` name of an rpc's input or output type (`google.protobuf.Empty` is `Empty`).
fn rpc_def(proto: &ProtoFile, rpc: &Rpc, ty: &str, out: &mut Vec<String>) -> Option<String> {
    match proto.resolve("", ty) {
        Resolved::Local(name) | Resolved::WellKnown(name) => Some(name),
        Resolved::Scalar(_) | Resolved::Unknown => {
            out.push(format!("rpc {}: type {ty} is not a message of the proto", rpc.name));
            None
        }
    }
}

/// Reports unless property `member` of `def` is exactly a `$ref` to `target`.
fn check_member_ref(at: &str, def: &Value, member: &str, target: &str, out: &mut Vec<String>) {
    let Some(prop) = def.get("properties").and_then(|p| p.get(member)) else {
        out.push(format!("{at}.{member}: missing, expected $ref {target}"));
        return;
    };
    let found = strip_annotations(prop);
    if found != def_ref(target) {
        out.push(format!("{at}.{member}: schema has {}, expected $ref {target}", describe(&found)));
    }
}

/// Reports unless annotation `keyword` names the rpc's method.
fn check_names_method(at: &str, def: &Value, keyword: &str, method: &str, out: &mut Vec<String>) {
    if def.get(keyword).and_then(Value::as_str) != Some(method) {
        out.push(format!("{at}: expected \"{keyword}\": \"{method}\""));
    }
}
