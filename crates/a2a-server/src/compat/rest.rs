//! The v0.3 REST binding (`{rest_path}/v1/...`): the routes of the v0.3 proto, with bodies
//! in the JSON of that proto, which differs from v1.0 JSON in a few places only:
//!
//! | v0.3 proto JSON | v1.0 JSON |
//! | --- | --- |
//! | `Message.content` | `Message.parts` |
//! | part `{"file": {"fileWithUri" \| "fileWithBytes", "mimeType"}}` | part `{"url" \| "raw", "mediaType"}` |
//! | part `{"data": {"data": {...}}}` | part `{"data": ...}` |
//! | `TASK_STATE_CANCELLED` | `TASK_STATE_CANCELED` |
//! | `statusUpdate.final` | (the stream closes) |
//! | `configuration.blocking` | `configuration.returnImmediately`, inverted |
//!
//! So requests and results are translated as JSON, field by field, writing only the
//! fields the v0.3 proto has: v0.3 REST clients parse with protobuf's JSON parser, which
//! rejects unknown fields.

use super::history_limit;
use crate::Error;
use crate::body::Body;
use crate::manager::{Started, trim_history};
use crate::rest::route::{self, Kind, Miss, Route, Target};
use crate::rest::{body_object, decode};
use crate::service::{Ctx, json_response, sse_response};
use crate::sse::Framing;
use a2a_types::{ErrorCode, GetTaskRequest, Method, SendMessageRequest, StreamResponse};
use bytes::Bytes;
use http::{Response, StatusCode};
use serde_json::{Map, Value, json};

/// Resolves a path below `/v1`: the v1.0 routes without tenants and without `ListTasks`
/// (v0.3 had neither), and `GET /card` for the agent card.
pub(crate) fn resolve(method: &http::Method, path: &str) -> Result<Target, Miss> {
    if path == "/card" {
        return if method == http::Method::GET {
            Ok(Target { tenant: None, route: Route::ExtendedAgentCard })
        } else {
            Err(Miss::Method { allow: "GET" })
        };
    }
    let target = route::resolve(method, path)?;
    match target.route {
        _ if target.tenant.is_some() => Err(Miss::NotFound),
        Route::ListTasks | Route::ExtendedAgentCard => Err(Miss::NotFound),
        _ => Ok(target),
    }
}

/// Runs one v0.3 REST request.
pub(crate) async fn run(ctx: &Ctx, target: Target, body: &[u8]) -> Result<Response<Body>, Error> {
    if !ctx.v0_3() {
        return Err(Error::protocol(ErrorCode::MethodNotFound, "this server does not serve protocol v0.3"));
    }
    let method = target.route.method(ctx.http_method());
    ctx.check_method(method, crate::jsonrpc::Dialect::V0_3)?;
    let manager = ctx.manager().clone();
    match target.route {
        Route::SendMessage | Route::SendStreamingMessage => {
            let req = send_request(body_object(body)?)?;
            let incoming = ctx.incoming(req)?;
            if method == Method::SendMessage {
                let response = serde_json::to_value(manager.send_blocking(incoming).await?).expect("serializes");
                return Ok(ok(&stream_response(&response)));
            }
            let sub = match manager.send(incoming).await? {
                Started::Message(m) => crate::live::single(StreamResponse::Message(*m)),
                Started::Task(_, sub) => sub,
            };
            Ok(sse_response(ctx.sse(sub, Framing::RestV0_3)))
        }
        Route::GetTask(id) => {
            let query = route::query_object(ctx.query(), &[("historyLength", Kind::Integer)])
                .map_err(|m| Error::protocol(ErrorCode::InvalidParams, m))?;
            let req: GetTaskRequest = decode(query, None, Some(&id))?;
            let task = manager.get("", &req.id, history_limit(req.history_length)).await?;
            Ok(ok(&task_json(&serde_json::to_value(task).expect("serializes"))))
        }
        Route::CancelTask(id) => {
            let task = trim_history(manager.cancel("", &id).await?, None);
            Ok(ok(&task_json(&serde_json::to_value(task).expect("serializes"))))
        }
        Route::SubscribeToTask(id) => {
            let sub = manager.subscribe("", &id).await?;
            Ok(sse_response(ctx.sse(sub, Framing::RestV0_3)))
        }
        Route::ExtendedAgentCard => {
            // `GET /v1/card` is the public card in v0.3 form (v0.3 REST had no other).
            let card = ctx.public_card();
            let json = super::card::v0_3_json(&card).map_err(super::invalid_response)?;
            Ok(json_response(StatusCode::OK, Bytes::from(json)))
        }
        Route::PushConfigs(_) | Route::PushConfig(..) => Err(Error::protocol(
            ErrorCode::PushNotificationNotSupported,
            "this agent does not support push notifications",
        )),
        Route::ListTasks => Err(Error::protocol(ErrorCode::MethodNotFound, "v0.3 has no ListTasks")),
    }
}

fn ok(value: &Value) -> Response<Body> {
    json_response(StatusCode::OK, Bytes::from(serde_json::to_vec(value).expect("JSON values always serialize")))
}

/// An event as v0.3 proto JSON (the `data:` line of a v0.3 REST stream); [`Event`] keeps
/// it, so it is made once for all v0.3 REST subscribers.
pub(crate) fn event_json(response: &StreamResponse) -> Bytes {
    let value = serde_json::to_value(response).expect("protocol types always serialize");
    Bytes::from(serde_json::to_vec(&stream_response(&value)).expect("JSON values always serialize"))
}

// ------------------------------------------------------------------ v0.3 proto JSON → v1.0

/// A v1.0 `SendMessageRequest` from the v0.3 proto's `SendMessageRequest` JSON.
fn send_request(mut body: Map<String, Value>) -> Result<SendMessageRequest, Error> {
    let mut v1 = Map::new();
    // The proto field is `request`, with JSON name `message`; accept both spellings.
    if let Some(message) = body.remove("message").or_else(|| body.remove("request")) {
        v1.insert("message".into(), message_in(message)?);
    }
    if let Some(Value::Object(mut config)) = body.remove("configuration") {
        let mut out = Map::new();
        if let Some(modes) = config.remove("acceptedOutputModes") {
            out.insert("acceptedOutputModes".into(), modes);
        }
        if let Some(n) = config.remove("historyLength") {
            out.insert("historyLength".into(), n);
        }
        // proto3: an absent `blocking` is `false`.
        let blocking = config.remove("blocking").and_then(|b| b.as_bool()).unwrap_or(false);
        out.insert("returnImmediately".into(), Value::Bool(!blocking));
        v1.insert("configuration".into(), Value::Object(out));
    }
    if let Some(metadata) = body.remove("metadata") {
        v1.insert("metadata".into(), metadata);
    }
    let mut req: SendMessageRequest = decode(v1, None, None)?;
    if let Some(config) = &mut req.configuration {
        config.history_length = history_limit(config.history_length);
    }
    Ok(req)
}

fn message_in(message: Value) -> Result<Value, Error> {
    let Value::Object(mut m) = message else {
        return Err(Error::protocol(ErrorCode::InvalidParams, "`message` must be an object"));
    };
    let parts = m.remove("content").or_else(|| m.remove("parts")).unwrap_or(Value::Array(Vec::new()));
    let parts = match parts {
        Value::Array(parts) => parts.into_iter().map(part_in).collect::<Result<Vec<_>, _>>()?,
        _ => return Err(Error::protocol(ErrorCode::InvalidParams, "`message.content` must be a list")),
    };
    m.insert("parts".into(), Value::Array(parts));
    Ok(Value::Object(m))
}

fn part_in(part: Value) -> Result<Value, Error> {
    let Value::Object(mut p) = part else {
        return Err(Error::protocol(ErrorCode::InvalidParams, "a part must be an object"));
    };
    if let Some(Value::Object(mut file)) = p.remove("file") {
        let mut out = Map::new();
        if let Some(uri) = file.remove("fileWithUri") {
            out.insert("url".into(), uri);
        }
        if let Some(bytes) = file.remove("fileWithBytes") {
            out.insert("raw".into(), bytes);
        }
        if let Some(mime) = file.remove("mimeType") {
            out.insert("mediaType".into(), mime);
        }
        return Ok(Value::Object(out));
    }
    if let Some(Value::Object(mut data)) = p.remove("data") {
        return Ok(json!({"data": data.remove("data").unwrap_or(Value::Object(Map::new()))}));
    }
    Ok(Value::Object(p))
}

// ------------------------------------------------------------------ v1.0 → v0.3 proto JSON

/// Copies the listed members of `from`, when present.
fn pick(from: &Value, names: &[&str]) -> Map<String, Value> {
    names.iter().filter_map(|n| from.get(*n).map(|v| (n.to_string(), v.clone()))).collect()
}

/// A v1.0 `StreamResponse` or `SendMessageResponse` (their members are the same) as the
/// v0.3 proto's, with `final` on status updates that end a stream.
fn stream_response(value: &Value) -> Value {
    if let Some(task) = value.get("task") {
        return json!({ "task": task_json(task) });
    }
    if let Some(message) = value.get("message") {
        return json!({ "message": message_json(message) });
    }
    if let Some(update) = value.get("statusUpdate") {
        let mut out = pick(update, &["taskId", "contextId", "metadata"]);
        let status = &update["status"];
        let ends = serde_json::from_value::<a2a_types::TaskState>(status["state"].clone())
            .is_ok_and(a2a_types::TaskState::ends_stream);
        out.insert("status".into(), status_json(status));
        out.insert("final".into(), Value::Bool(ends));
        return json!({ "statusUpdate": out });
    }
    if let Some(update) = value.get("artifactUpdate") {
        let mut out = pick(update, &["taskId", "contextId", "append", "lastChunk", "metadata"]);
        out.insert("artifact".into(), artifact_json(&update["artifact"]));
        return json!({ "artifactUpdate": out });
    }
    value.clone()
}

fn task_json(task: &Value) -> Value {
    let mut out = pick(task, &["id", "contextId", "metadata"]);
    out.insert("status".into(), status_json(&task["status"]));
    if let Some(Value::Array(artifacts)) = task.get("artifacts") {
        out.insert("artifacts".into(), artifacts.iter().map(artifact_json).collect());
    }
    if let Some(Value::Array(history)) = task.get("history") {
        out.insert("history".into(), history.iter().map(message_json).collect());
    }
    Value::Object(out)
}

fn status_json(status: &Value) -> Value {
    let mut out = pick(status, &["timestamp"]);
    let state = match status["state"].as_str() {
        Some("TASK_STATE_CANCELED") => "TASK_STATE_CANCELLED",
        Some(other) => other,
        None => "TASK_STATE_UNSPECIFIED",
    };
    out.insert("state".into(), Value::String(state.to_string()));
    if let Some(message) = status.get("message") {
        out.insert("message".into(), message_json(message));
    }
    Value::Object(out)
}

fn message_json(message: &Value) -> Value {
    let mut out = pick(message, &["messageId", "contextId", "taskId", "role", "metadata", "extensions"]);
    let parts = message["parts"].as_array().map(|p| p.iter().map(part_json).collect()).unwrap_or_default();
    out.insert("content".into(), Value::Array(parts));
    Value::Object(out)
}

fn artifact_json(artifact: &Value) -> Value {
    let mut out = pick(artifact, &["artifactId", "name", "description", "metadata", "extensions"]);
    let parts = artifact["parts"].as_array().map(|p| p.iter().map(part_json).collect()).unwrap_or_default();
    out.insert("parts".into(), Value::Array(parts));
    Value::Object(out)
}

fn part_json(part: &Value) -> Value {
    let mime = part.get("mediaType").cloned();
    let file = |key: &str, value: &Value| {
        let mut file = Map::new();
        file.insert(key.to_string(), value.clone());
        if let Some(mime) = &mime {
            file.insert("mimeType".into(), mime.clone());
        }
        json!({ "file": file })
    };
    if let Some(text) = part.get("text") {
        json!({ "text": text })
    } else if let Some(url) = part.get("url") {
        file("fileWithUri", url)
    } else if let Some(raw) = part.get("raw") {
        file("fileWithBytes", raw)
    } else if let Some(data) = part.get("data") {
        // v0.3 data is a Struct; a non-object is wrapped, as the JSON-RPC dialect does.
        let data = if data.is_object() { data.clone() } else { json!({ "value": data }) };
        json!({ "data": { "data": data } })
    } else {
        json!({})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_in_v0_3_proto_json_become_v1_requests() {
        let body = json!({
            "request": {"messageId": "m", "role": "ROLE_USER", "content": [
                {"text": "hi"},
                {"file": {"fileWithUri": "https://x/y.txt", "mimeType": "text/plain"}},
                {"data": {"data": {"k": 1}}}
            ]},
            "configuration": {"historyLength": 0}
        });
        let req = send_request(body.as_object().unwrap().clone()).unwrap();
        let v1 = serde_json::to_value(&req).unwrap();
        assert_eq!(v1["message"]["parts"][0]["text"], "hi");
        assert_eq!(v1["message"]["parts"][1], json!({"url": "https://x/y.txt", "mediaType": "text/plain"}));
        assert_eq!(v1["message"]["parts"][2], json!({"data": {"k": 1}}));
        // proto3: `blocking` absent is false; historyLength 0 is no limit.
        assert_eq!(v1["configuration"]["returnImmediately"], true);
        assert!(v1["configuration"].get("historyLength").is_none());
    }

    #[test]
    fn results_carry_only_v0_3_proto_fields() {
        let event = json!({"statusUpdate": {"taskId": "t", "contextId": "c", "status": {
            "state": "TASK_STATE_CANCELED",
            "message": {"messageId": "m", "role": "ROLE_AGENT", "referenceTaskIds": ["x"],
                        "parts": [{"text": "bye", "mediaType": "text/plain"}, {"raw": "AAE=", "filename": "f"}]}}}});
        let out = stream_response(&event);
        assert_eq!(
            out,
            json!({"statusUpdate": {"taskId": "t", "contextId": "c", "final": true, "status": {
                "state": "TASK_STATE_CANCELLED",
                "message": {"messageId": "m", "role": "ROLE_AGENT",
                            "content": [{"text": "bye"}, {"file": {"fileWithBytes": "AAE="}}]}}}})
        );
        let working =
            json!({"statusUpdate": {"taskId": "t", "contextId": "c", "status": {"state": "TASK_STATE_WORKING"}}});
        assert_eq!(stream_response(&working)["statusUpdate"]["final"], false);
        let data = json!({"artifactUpdate": {"taskId": "t", "contextId": "c", "lastChunk": true,
            "artifact": {"artifactId": "a", "parts": [{"data": [1, 2]}]}}});
        assert_eq!(
            stream_response(&data)["artifactUpdate"]["artifact"]["parts"][0],
            json!({"data": {"data": {"value": [1, 2]}}})
        );
    }

    #[test]
    fn v0_3_paths_resolve_without_tenants_or_list() {
        let get = http::Method::GET;
        assert!(matches!(resolve(&get, "/card"), Ok(Target { route: Route::ExtendedAgentCard, .. })));
        assert!(matches!(resolve(&get, "/tasks/t-1"), Ok(Target { route: Route::GetTask(_), .. })));
        assert_eq!(resolve(&get, "/tasks"), Err(Miss::NotFound));
        assert_eq!(resolve(&get, "/acme/tasks/t-1"), Err(Miss::NotFound));
        assert_eq!(resolve(&get, "/extendedAgentCard"), Err(Miss::NotFound));
        assert_eq!(resolve(&http::Method::POST, "/card"), Err(Miss::Method { allow: "GET" }));
    }
}
