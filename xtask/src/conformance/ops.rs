//! The protocol's operations over the target's binding: each call builds the request
//! (JSON-RPC envelope or REST route), sends it, validates the response against the
//! schema, and returns the result or the error the server answered with.
//!
//! A response that breaks the schema, is not JSON, or echoes the wrong JSON-RPC id stops
//! the calling check with a failure naming the request: every check validates everything
//! it receives.

use super::check::{Binding, Stop, Target, Version, fail};
use super::cx::Cx;
use super::errors::{A2aError, WireError, compact};
use super::http::{Method, Opened, Request, Response, encode, media_type};
use super::schema::Schema;
use super::schema::Validation;
use super::stream::EventStream;
use super::wire::Dialect;
use reqwest::header::HeaderMap;
use serde_json::{Value, json};

/// An operation of the protocol (v1.0 §5.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    Send,
    Stream,
    Get,
    List,
    Cancel,
    Subscribe,
    PushCreate,
    PushGet,
    PushList,
    PushDelete,
    ExtendedCard,
}

impl Op {
    /// The JSON-RPC method name in `version`, if the version has the operation.
    pub(crate) fn method(self, version: Version) -> Option<&'static str> {
        Some(match (version, self) {
            (Version::V1_0, Op::Send) => "SendMessage",
            (Version::V1_0, Op::Stream) => "SendStreamingMessage",
            (Version::V1_0, Op::Get) => "GetTask",
            (Version::V1_0, Op::List) => "ListTasks",
            (Version::V1_0, Op::Cancel) => "CancelTask",
            (Version::V1_0, Op::Subscribe) => "SubscribeToTask",
            (Version::V1_0, Op::PushCreate) => "CreateTaskPushNotificationConfig",
            (Version::V1_0, Op::PushGet) => "GetTaskPushNotificationConfig",
            (Version::V1_0, Op::PushList) => "ListTaskPushNotificationConfigs",
            (Version::V1_0, Op::PushDelete) => "DeleteTaskPushNotificationConfig",
            (Version::V1_0, Op::ExtendedCard) => "GetExtendedAgentCard",
            (Version::V0_3, Op::Send) => "message/send",
            (Version::V0_3, Op::Stream) => "message/stream",
            (Version::V0_3, Op::Get) => "tasks/get",
            (Version::V0_3, Op::List) => return None,
            (Version::V0_3, Op::Cancel) => "tasks/cancel",
            (Version::V0_3, Op::Subscribe) => "tasks/resubscribe",
            (Version::V0_3, Op::PushCreate) => "tasks/pushNotificationConfig/set",
            (Version::V0_3, Op::PushGet) => "tasks/pushNotificationConfig/get",
            (Version::V0_3, Op::PushList) => "tasks/pushNotificationConfig/list",
            (Version::V0_3, Op::PushDelete) => "tasks/pushNotificationConfig/delete",
            (Version::V0_3, Op::ExtendedCard) => "agent/getAuthenticatedExtendedCard",
        })
    }
}

/// The `A2A-Version` a request carries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) enum VersionHeader {
    /// `1.0` for v1.0; none for v0.3, as v0.3 clients send none.
    #[default]
    Default,
    Omit,
    Send(String),
}

/// How a call deviates from the ordinary request.
#[derive(Debug, Clone, Default)]
pub(crate) struct CallOpts {
    pub(crate) version: VersionHeader,
    /// Extra query parameters, such as `A2A-Version` given as a parameter.
    pub(crate) query: Vec<(String, String)>,
    /// REST subscribe through `GET` instead of `POST`.
    pub(crate) get_subscribe: bool,
    /// Extra headers, such as `A2A-Extensions`.
    pub(crate) headers: Vec<(String, String)>,
}

/// A successful response.
#[derive(Debug, Clone)]
pub(crate) struct Reply {
    /// The request, for messages.
    pub(crate) request: String,
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    /// The whole body.
    pub(crate) body: Value,
    /// The JSON-RPC `result`, or the REST body.
    pub(crate) result: Value,
    pub(crate) validation: Validation,
    /// The target that answered, to say how an error was expected to look.
    pub(crate) target: Target,
}

/// What a server answered: a result, or one of the protocol's errors.
#[derive(Debug)]
pub(crate) enum Answer {
    Ok(Reply),
    Err(WireError),
}

impl Answer {
    /// The result, or a failure saying which error came instead.
    pub(crate) fn ok(self) -> Result<Reply, Stop> {
        match self {
            Answer::Ok(r) => Ok(r),
            Answer::Err(e) => fail(format!("{}: expected a result, got {}", e.request, e.actual())),
        }
    }

    /// The error, when it is one of `expected`; otherwise a failure saying what came.
    pub(crate) fn err(self, expected: &[A2aError]) -> Result<WireError, Stop> {
        match self {
            Answer::Err(e) => e.expect(expected).map(|()| e).map_err(Stop::Fail),
            Answer::Ok(r) => {
                let strict = r.target.version == Version::V1_0;
                let wanted =
                    expected.iter().map(|e| e.expected(r.target.binding, strict)).collect::<Vec<_>>().join(" or ");
                fail(format!("{}: expected {wanted}, got a result: {}", r.request, compact(&r.result)))
            }
        }
    }
}

/// The opening of a stream: its events, or an error answered instead.
#[derive(Debug)]
pub(crate) enum Opening {
    Events(Box<EventStream>),
    Err(WireError),
}

impl Opening {
    /// The events, or a failure saying which error came instead.
    pub(crate) fn events(self) -> Result<EventStream, Stop> {
        match self {
            Opening::Events(s) => Ok(*s),
            Opening::Err(e) => fail(format!("{}: expected an event stream, got {}", e.request, e.actual())),
        }
    }

    /// The error, when it is one of `expected`.
    pub(crate) fn err(self, expected: &[A2aError]) -> Result<WireError, Stop> {
        match self {
            Opening::Err(e) => e.expect(expected).map(|()| e).map_err(Stop::Fail),
            Opening::Events(mut s) => {
                let strict = s.dialect() == Dialect::V1;
                let wanted = expected.iter().map(|e| e.expected(s.binding(), strict)).collect::<Vec<_>>().join(" or ");
                let first = s.peek_description();
                fail(format!("{}: expected {wanted}, got an event stream ({first})", s.label()))
            }
        }
    }
}

/// A request built for the target, with what is needed to read its response.
struct Built {
    request: Request,
    label: String,
    /// The JSON-RPC id sent, to compare with the one echoed.
    id: Option<Value>,
    method: &'static str,
}

impl Cx {
    /// Calls a unary operation.
    pub(crate) async fn call(&self, op: Op, params: Value) -> Result<Answer, Stop> {
        self.call_with(op, params, &CallOpts::default()).await
    }

    /// Calls a unary operation, with deviations.
    pub(crate) async fn call_with(&self, op: Op, params: Value, opts: &CallOpts) -> Result<Answer, Stop> {
        let built = self.build(op, params, opts)?;
        let res = self.http().send(built.request).await.map_err(Stop::Fail)?;
        self.read_answer(&built.label, built.method, built.id.as_ref(), op, &res)
    }

    /// Opens a streaming operation (`SendStreamingMessage`, `SubscribeToTask`).
    pub(crate) async fn open(&self, op: Op, params: Value, opts: &CallOpts) -> Result<Opening, Stop> {
        let built = self.build(op, params, opts)?;
        let label = built.label.clone();
        match self.http().open(built.request).await.map_err(Stop::Fail)? {
            Opened::Whole(res) => match self.read_answer(&label, built.method, built.id.as_ref(), op, &res)? {
                Answer::Err(e) => Ok(Opening::Err(e)),
                Answer::Ok(r) => fail(format!(
                    "{label}: expected an event stream (Content-Type text/event-stream), got HTTP {} {:?} with a \
                     result: {}",
                    r.status,
                    r.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("no Content-Type"),
                    compact(&r.result)
                )),
            },
            Opened::Events { status, headers, reader } => {
                if !(200..300).contains(&status) {
                    return fail(format!("{label}: an event stream came with HTTP {status}; expected 200"));
                }
                let def = match self.binding() {
                    Binding::JsonRpc => self.schema().method(built.method).map(|m| m.response.clone()),
                    Binding::Rest => Some(self.rest_result(op, built.method).1),
                };
                let def = def.unwrap_or_else(|| panic!("{} has no method {}", self.schema().name, built.method));
                let stream = EventStream::new(self, label, def, built.id, status, headers, reader);
                stream.open().await
            }
        }
    }

    /// The schema and definition a REST result of `op` must match: the result of the
    /// JSON-RPC method in v1.0, the v0.3 proto's message in v0.3. `GET /v1/card` answers
    /// with the card of the v0.3 JSON-RPC dialect, which is what v0.3 SDKs served there.
    fn rest_result(&self, op: Op, method: &str) -> (&Schema, String) {
        if self.dialect() != Dialect::V03Proto {
            let schema = self.schema();
            let defs = schema.method(method).unwrap_or_else(|| panic!("{} has no method {method}", schema.name));
            return (schema, defs.result.clone());
        }
        let def = match op {
            Op::Send => "SendMessageResponse",
            Op::Stream | Op::Subscribe => "StreamResponse",
            Op::Get | Op::Cancel | Op::List => "Task",
            Op::PushCreate | Op::PushGet => "TaskPushNotificationConfig",
            Op::PushList => "ListTaskPushNotificationConfigResponse",
            Op::PushDelete => "Empty",
            Op::ExtendedCard => return (&self.schemas().v0_3, "AgentCard".to_string()),
        };
        (self.schema(), def.to_string())
    }

    fn version_header(&self, opts: &CallOpts) -> Option<String> {
        match (&opts.version, self.version()) {
            (VersionHeader::Default, Version::V1_0) => Some("1.0".to_string()),
            (VersionHeader::Default, Version::V0_3) | (VersionHeader::Omit, _) => None,
            (VersionHeader::Send(v), _) => Some(v.clone()),
        }
    }

    fn build(&self, op: Op, params: Value, opts: &CallOpts) -> Result<Built, Stop> {
        let interface = self.interface()?.clone();
        let version = self.version();
        let Some(method) = op.method(version) else {
            return super::check::skip(format!("protocol {} has no such operation", version.name()));
        };
        // The schema marks the methods whose answers are event streams.
        let streaming = self.schema().method(method).is_some_and(|m| m.sse);
        let accept = if streaming { "text/event-stream" } else { "application/json" };
        let mut params = params;
        // v1.0 requests carry the interface's tenant (§8.3.2); v0.3 had none.
        if let (Some(tenant), Value::Object(p), Version::V1_0) = (&interface.tenant, &mut params, version) {
            p.entry("tenant").or_insert_with(|| json!(tenant));
        }
        let summary = summary(&params);
        let mut built = match self.binding() {
            Binding::JsonRpc => {
                let id = json!(self.next_id());
                let body = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
                let url = with_query(&interface.url, &opts.query);
                let request = Request::new(Method::POST, url)
                    .header("Content-Type", "application/json")
                    .header("Accept", accept)
                    .body(body.to_string().into_bytes());
                Built { request, label: format!("{method}{summary}"), id: Some(id), method }
            }
            Binding::Rest => {
                let (http_method, path, mut query, body) = rest_route(version, op, params, opts);
                query.extend(opts.query.iter().cloned());
                let base = interface.url.trim_end_matches('/');
                let url = with_query(&format!("{base}{path}"), &query);
                let shown = with_query(&path, &query);
                let mut request = Request::new(http_method.clone(), url).header("Accept", accept);
                if let Some(body) = body {
                    request = request.header("Content-Type", "application/json").body(body.to_string().into_bytes());
                }
                // The path names the task already; only a message id adds anything.
                let summary = if summary.starts_with(" [messageId") { summary } else { String::new() };
                Built { request, label: format!("{http_method} {shown}{summary}"), id: None, method }
            }
        };
        if let Some(v) = self.version_header(opts) {
            built.request = built.request.header("A2A-Version", v);
        }
        for (name, value) in &opts.headers {
            built.request = built.request.header(name, value.clone());
        }
        Ok(built)
    }

    /// Reads a whole response to a unary call (or a stream refused with a plain response).
    fn read_answer(
        &self,
        label: &str,
        method: &str,
        id: Option<&Value>,
        op: Op,
        res: &Response,
    ) -> Result<Answer, Stop> {
        let ok = (200..300).contains(&res.status);
        let body: Value = if res.body.is_empty() && ok && op == Op::PushDelete {
            json!({})
        } else {
            match serde_json::from_slice(&res.body) {
                Ok(v) => v,
                Err(_) if self.binding() == Binding::Rest && !ok => Value::Null,
                Err(e) => {
                    let text = String::from_utf8_lossy(&res.body);
                    return fail(format!(
                        "{label}: HTTP {} response is not JSON ({e}): {:?}",
                        res.status,
                        text.chars().take(120).collect::<String>()
                    ));
                }
            }
        };
        match self.binding() {
            Binding::JsonRpc => {
                let schema = self.schema();
                let defs = schema.method(method).unwrap_or_else(|| panic!("{} has no method {method}", schema.name));
                if body.get("error").is_some() {
                    let v = schema.validate("JsonRpcErrorResponse", &body);
                    if !v.is_valid() {
                        return fail(format!(
                            "{label}: the error response does not match JsonRpcErrorResponse of {}: {}",
                            schema.name,
                            v.summary()
                        ));
                    }
                    return Ok(Answer::Err(WireError::jsonrpc(label, res.status, body)));
                }
                let v = schema.validate(&defs.response, &body);
                if !v.is_valid() {
                    return fail(format!(
                        "{label}: the response does not match {} of {}: {}",
                        defs.response,
                        schema.name,
                        v.summary()
                    ));
                }
                if let Some(id) = id {
                    if body.get("id") != Some(id) {
                        return fail(format!(
                            "{label}: the response's id is {}, expected the request's id {id}",
                            body.get("id").map_or_else(|| "missing".to_string(), Value::to_string)
                        ));
                    }
                }
                let result = body.get("result").cloned().unwrap_or(Value::Null);
                Ok(Answer::Ok(Reply {
                    request: label.to_string(),
                    status: res.status,
                    headers: res.headers.clone(),
                    body,
                    result,
                    validation: v,
                    target: self.target(),
                }))
            }
            Binding::Rest if !ok => {
                Ok(Answer::Err(WireError::rest(label, res.status, body, self.version() == Version::V1_0)))
            }
            Binding::Rest => {
                let media = media_type(res.header("content-type"));
                if !media.as_deref().is_some_and(|m| m == "application/json" || m.ends_with("+json"))
                    && op != Op::PushDelete
                {
                    return fail(format!("{label}: expected a JSON Content-Type, got {media:?}"));
                }
                let (schema, def) = self.rest_result(op, method);
                let v = schema.validate(&def, &body);
                if !v.is_valid() {
                    return fail(format!(
                        "{label}: the response does not match {def} of {}: {}",
                        schema.name,
                        v.summary()
                    ));
                }
                Ok(Answer::Ok(Reply {
                    request: label.to_string(),
                    status: res.status,
                    headers: res.headers.clone(),
                    result: body.clone(),
                    body,
                    validation: v,
                    target: self.target(),
                }))
            }
        }
    }
}

/// ` [messageId …]` or ` [id …]`: what identifies a request in messages.
fn summary(params: &Value) -> String {
    if let Some(m) = params.pointer("/message/messageId").and_then(Value::as_str) {
        return format!(" [messageId {m}]");
    }
    for key in ["id", "taskId"] {
        if let Some(v) = params.get(key).and_then(Value::as_str) {
            return format!(" [{key} {v}]");
        }
    }
    String::new()
}

fn with_query(url: &str, query: &[(String, String)]) -> String {
    if query.is_empty() {
        return url.to_string();
    }
    let q = query.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&");
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}{q}")
}

/// Removes a string member, percent-encoded for a path.
fn take(params: &mut serde_json::Map<String, Value>, key: &str) -> String {
    params.remove(key).and_then(|v| v.as_str().map(encode)).unwrap_or_default()
}

/// A scalar as a query parameter value (v1.0 §11.5).
fn query_value(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

type Route = (Method, String, Vec<(String, String)>, Option<Value>);

/// The REST route of an operation (v1.0 §11.3; v0.3 §3.5.6 under `/v1`).
fn rest_route(version: Version, op: Op, params: Value, opts: &CallOpts) -> Route {
    let mut params = match params {
        Value::Object(m) => m,
        other => return (Method::POST, "/".into(), Vec::new(), Some(other)),
    };
    let tenant = params.remove("tenant").and_then(|t| t.as_str().map(str::to_string));
    let prefix = match (version, tenant) {
        (Version::V0_3, _) => "/v1".to_string(),
        (Version::V1_0, Some(t)) => format!("/{}", encode(&t)),
        (Version::V1_0, None) => String::new(),
    };
    let params = &mut params;
    let (task_key, config_key) = match version {
        Version::V1_0 => ("taskId", "id"),
        Version::V0_3 => ("id", "pushNotificationConfigId"),
    };
    let (method, path, body) = match op {
        Op::Send => (Method::POST, "/message:send".to_string(), true),
        Op::Stream => (Method::POST, "/message:stream".to_string(), true),
        Op::Get => (Method::GET, format!("/tasks/{}", take(params, "id")), false),
        Op::List => (Method::GET, "/tasks".to_string(), false),
        Op::Cancel => (Method::POST, format!("/tasks/{}:cancel", take(params, "id")), true),
        Op::Subscribe if opts.get_subscribe => (Method::GET, format!("/tasks/{}:subscribe", take(params, "id")), false),
        Op::Subscribe => (Method::POST, format!("/tasks/{}:subscribe", take(params, "id")), false),
        Op::PushCreate => {
            // v1.0's body is the whole TaskPushNotificationConfig, taskId included.
            let task = match version {
                Version::V1_0 => params.get("taskId").and_then(Value::as_str).map(encode).unwrap_or_default(),
                Version::V0_3 => take(params, "taskId"),
            };
            (Method::POST, format!("/tasks/{task}/pushNotificationConfigs"), true)
        }
        Op::PushGet => {
            let (task, config) = (take(params, task_key), take(params, config_key));
            (Method::GET, format!("/tasks/{task}/pushNotificationConfigs/{config}"), false)
        }
        Op::PushList => (Method::GET, format!("/tasks/{}/pushNotificationConfigs", take(params, task_key)), false),
        Op::PushDelete => {
            let (task, config) = (take(params, task_key), take(params, config_key));
            (Method::DELETE, format!("/tasks/{task}/pushNotificationConfigs/{config}"), false)
        }
        Op::ExtendedCard => match version {
            Version::V1_0 => (Method::GET, "/extendedAgentCard".to_string(), false),
            Version::V0_3 => (Method::GET, "/card".to_string(), false),
        },
    };
    let path = format!("{prefix}{path}");
    if body {
        return (method, path, Vec::new(), Some(Value::Object(std::mem::take(params))));
    }
    let query = params.iter().filter_map(|(k, v)| Some((k.clone(), query_value(v)?))).collect();
    (method, path, query, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rest_routes_follow_the_method_mapping() {
        let opts = CallOpts::default();
        let (m, path, query, body) =
            rest_route(Version::V1_0, Op::Get, json!({"id": "t 1", "historyLength": 2}), &opts);
        assert_eq!((m, path.as_str(), body), (Method::GET, "/tasks/t%201", None));
        assert_eq!(query, [("historyLength".to_string(), "2".to_string())]);
        let (m, path, _, body) = rest_route(Version::V1_0, Op::Cancel, json!({"id": "t1", "tenant": "acme"}), &opts);
        assert_eq!((m, path.as_str(), body), (Method::POST, "/acme/tasks/t1:cancel", Some(json!({}))));
        let (m, path, ..) =
            rest_route(Version::V0_3, Op::PushDelete, json!({"id": "t1", "pushNotificationConfigId": "c"}), &opts);
        assert_eq!((m, path.as_str()), (Method::DELETE, "/v1/tasks/t1/pushNotificationConfigs/c"));
        let (_, path, query, _) =
            rest_route(Version::V1_0, Op::List, json!({"contextId": "c", "includeArtifacts": true}), &opts);
        assert_eq!(path, "/tasks");
        assert_eq!(query.len(), 2);
    }
}
