//! The HTTP+JSON (REST) binding (spec §11): one route per operation, bare v1.0 JSON
//! bodies, request fields in the path and query string for `GET` and `DELETE`, errors as
//! `google.rpc.Status` JSON, and SSE streams of bare `StreamResponse`s.

use super::events::{EventSource, Framing};
use super::http::{Expect, HttpClient, is_json, read_prefix};
use crate::Error;
use a2a_types::jsonrpc::RpcMethod;
use a2a_types::{ErrorCode, JsonRpcError, StreamResponse, methods};
use http::Method;
use reqwest::Url;
use serde_json::{Map, Value};
use std::time::Duration;

/// How much of an error response's body is read in search of a `google.rpc.Status`.
const ERROR_BODY_LIMIT: usize = 64 * 1024;

#[derive(Debug)]
pub(crate) struct RestTransport {
    base: Url,
    http: HttpClient,
    max_event_size: usize,
    idle_timeout: Option<Duration>,
}

/// Where an operation goes: its HTTP method, path below the base, and which request
/// fields travel in the path (`id`, `taskId`) or the query string rather than the body.
struct Call {
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    body: Option<Vec<u8>>,
}

impl RestTransport {
    pub(crate) fn new(base: Url, http: HttpClient, max_event_size: usize, idle_timeout: Option<Duration>) -> Self {
        Self { base, http, max_event_size, idle_timeout }
    }

    pub(crate) async fn call<M: RpcMethod>(&self, params: M::Params) -> Result<M::Result, Error> {
        let call = route::<M>(&params)?;
        let url = self.url(&call)?;
        let mut response = self.http.send(call.method, M::NAME, &url, call.body, Expect::Unary, None).await?;
        if !response.status().is_success() {
            return Err(error_from_status(&mut response).await);
        }
        let bytes = response.bytes().await.map_err(Error::http)?;
        if M::NAME == methods::DeleteTaskPushNotificationConfig::NAME && bytes.iter().all(u8::is_ascii_whitespace) {
            // `google.protobuf.Empty` may come back as an empty body.
            return a2a_types::from_slice(b"{}").map_err(|e| Error::decode("invalid response").with_source(e));
        }
        a2a_types::from_slice(&bytes)
            .map_err(|e| Error::decode("the response is not a valid A2A result").with_source(e))
    }

    pub(crate) async fn open<M: RpcMethod<Result = StreamResponse>>(
        &self,
        params: M::Params,
        last_event_id: Option<&str>,
    ) -> Result<EventSource, Error> {
        let call = route::<M>(&params)?;
        let url = self.url(&call)?;
        let mut response = self.http.send(call.method, M::NAME, &url, call.body, Expect::Stream, last_event_id).await?;
        if !response.status().is_success() {
            return Err(error_from_status(&mut response).await);
        }
        if is_json(&response) {
            let bytes = read_prefix(&mut response, self.max_event_size).await?;
            if let Some(e) = status_error(&bytes, None) {
                return Err(e);
            }
            return Err(Error::decode("expected an event stream, got a single JSON response"));
        }
        Ok(EventSource::new(response, Framing::Rest, self.max_event_size, self.idle_timeout))
    }

    /// The full URL of a call: the interface URL's path, then the route, then the query.
    fn url(&self, call: &Call) -> Result<Url, Error> {
        let mut url = self.base.clone();
        let base_path = url.path().trim_end_matches('/').to_string();
        url.set_path(&format!("{base_path}{}", call.path));
        if call.query.is_empty() {
            url.set_query(None);
        } else {
            let query: Vec<String> = call.query.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect();
            url.set_query(Some(&query.join("&")));
        }
        Ok(url)
    }
}

/// Maps an operation to its route. The request is serialized once, then split: the
/// tenant becomes a path prefix, ids become path segments, and the remaining fields
/// become the body (`POST`) or the query string (`GET`, `DELETE`).
fn route<M: RpcMethod>(params: &M::Params) -> Result<Call, Error> {
    let value =
        serde_json::to_value(params).map_err(|e| Error::decode("could not encode the request").with_source(e))?;
    let Value::Object(mut fields) = value else {
        return Err(Error::decode("a request must encode as a JSON object"));
    };
    let take = |fields: &mut Map<String, Value>, name: &str| match fields.remove(name) {
        Some(Value::String(s)) => Some(s),
        _ => None,
    };
    let tenant = take(&mut fields, "tenant").filter(|t| !t.is_empty());
    let (method, path) = match M::NAME {
        methods::SendMessage::NAME => (Method::POST, "/message:send".to_string()),
        methods::SendStreamingMessage::NAME => (Method::POST, "/message:stream".to_string()),
        methods::GetTask::NAME => (Method::GET, format!("/tasks/{}", segment(take(&mut fields, "id"))?)),
        methods::ListTasks::NAME => (Method::GET, "/tasks".to_string()),
        methods::CancelTask::NAME => (Method::POST, format!("/tasks/{}:cancel", segment(take(&mut fields, "id"))?)),
        methods::SubscribeToTask::NAME => {
            (Method::POST, format!("/tasks/{}:subscribe", segment(take(&mut fields, "id"))?))
        }
        methods::CreateTaskPushNotificationConfig::NAME => {
            (Method::POST, format!("/tasks/{}/pushNotificationConfigs", segment(take_kept(&fields, "taskId"))?))
        }
        methods::ListTaskPushNotificationConfigs::NAME => {
            (Method::GET, format!("/tasks/{}/pushNotificationConfigs", segment(take(&mut fields, "taskId"))?))
        }
        methods::GetTaskPushNotificationConfig::NAME | methods::DeleteTaskPushNotificationConfig::NAME => {
            let task = segment(take(&mut fields, "taskId"))?;
            let id = segment(take(&mut fields, "id"))?;
            let method =
                if M::NAME == methods::GetTaskPushNotificationConfig::NAME { Method::GET } else { Method::DELETE };
            (method, format!("/tasks/{task}/pushNotificationConfigs/{id}"))
        }
        methods::GetExtendedAgentCard::NAME => (Method::GET, "/extendedAgentCard".to_string()),
        other => return Err(Error::config(format!("the REST binding has no route for {other}"))),
    };
    let path = match tenant {
        Some(t) => format!("/{}{path}", encode(&t)),
        None => path,
    };
    let (query, body) = if method == Method::POST {
        let body = serde_json::to_vec(&Value::Object(fields))
            .map_err(|e| Error::decode("could not encode the request").with_source(e))?;
        (Vec::new(), Some(body))
    } else {
        (query_pairs(fields), None)
    };
    Ok(Call { method, path, query, body })
}

/// A field that the route needs in its path but the body keeps too (the push
/// configuration's `taskId` is part of the resource being created).
fn take_kept(fields: &Map<String, Value>, name: &str) -> Option<String> {
    fields.get(name).and_then(Value::as_str).map(str::to_string)
}

fn segment(id: Option<String>) -> Result<String, Error> {
    match id {
        Some(id) if !id.is_empty() => Ok(encode(&id)),
        _ => Err(Error::config("the request has no id to put in the path")),
    }
}

/// Scalar fields as query parameters; a list repeats its name (spec §11.5).
fn query_pairs(fields: Map<String, Value>) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    for (name, value) in fields {
        match value {
            Value::String(s) => pairs.push((name, s)),
            Value::Number(n) => pairs.push((name, n.to_string())),
            Value::Bool(b) => pairs.push((name, b.to_string())),
            Value::Array(items) => pairs.extend(items.into_iter().filter_map(|item| match item {
                Value::String(s) => Some((name.clone(), s)),
                Value::Number(n) => Some((name.clone(), n.to_string())),
                _ => None,
            })),
            // Nested objects have no query form; no GET request of v1.0 has one.
            Value::Object(_) | Value::Null => {}
        }
    }
    pairs
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The error for a non-2xx response: the A2A error of its `google.rpc.Status` body if
/// there is one (kind `Protocol`, with the status), or else the bare status.
async fn error_from_status(response: &mut reqwest::Response) -> Error {
    let status = response.status().as_u16();
    if let Ok(bytes) = read_prefix(response, ERROR_BODY_LIMIT).await {
        if let Some(e) = status_error(&bytes, Some(status)) {
            return e;
        }
        // A JSON-RPC error from a server that answers REST paths with JSON-RPC bodies.
        if let Ok(Value::Object(o)) = serde_json::from_slice::<Value>(&bytes) {
            if let Some(Ok(rpc)) = o.get("error").map(|e| serde_json::from_value::<JsonRpcError>(e.clone())) {
                return Error::protocol(rpc).with_status(status);
            }
        }
    }
    Error::new(crate::ErrorKind::HttpStatus).with_status(status)
}

/// Reads `{"error": {"code", "status", "message", "details": [ErrorInfo...]}}` into the
/// same error a JSON-RPC agent would have given: the A2A error named by the ErrorInfo
/// `reason`, or failing that the one the HTTP status implies.
fn status_error(bytes: &[u8], http_status: Option<u16>) -> Option<Error> {
    let value: Value = serde_json::from_slice(bytes).ok()?;
    let error = value.get("error")?.as_object()?;
    let message = error.get("message").and_then(Value::as_str).unwrap_or_default().to_string();
    let details = error.get("details").cloned().unwrap_or(Value::Array(Vec::new()));
    let reason = details.as_array().into_iter().flatten().find_map(|d| {
        let is_info = d.get("@type").and_then(Value::as_str).is_some_and(|t| t.ends_with("google.rpc.ErrorInfo"));
        is_info.then(|| d.get("reason").and_then(Value::as_str)).flatten()
    });
    let status = http_status.or_else(|| error.get("code").and_then(Value::as_u64).map(|c| c as u16));
    let code = match reason.and_then(ErrorCode::from_reason) {
        Some(code) => code,
        None => match status {
            Some(404) => ErrorCode::TaskNotFound,
            Some(415) => ErrorCode::ContentTypeNotSupported,
            Some(s) if s >= 500 => ErrorCode::Internal,
            _ => ErrorCode::InvalidRequest,
        },
    };
    let message = if message.is_empty() { code.default_message().to_string() } else { message };
    let rpc = JsonRpcError::new(code.jsonrpc_code(), message).with_data(details);
    let e = Error::protocol(rpc);
    Some(match status {
        Some(s) => e.with_status(s),
        None => e,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use a2a_types::{GetTaskRequest, ListTasksRequest, SendMessageRequest, TaskState};

    #[test]
    fn routes_put_ids_in_the_path_and_scalars_in_the_query() {
        let get = route::<methods::GetTask>(&GetTaskRequest::new("t/1").with_tenant("acme")).unwrap();
        assert_eq!((get.method, get.path.as_str()), (Method::GET, "/acme/tasks/t%2F1"));
        assert!(get.body.is_none());

        let mut list = ListTasksRequest::new();
        list.status = Some(TaskState::Working);
        list.page_size = Some(5);
        let list = route::<methods::ListTasks>(&list).unwrap();
        assert_eq!(list.path, "/tasks");
        assert!(list.query.contains(&("status".into(), "TASK_STATE_WORKING".into())), "{:?}", list.query);
        assert!(list.query.contains(&("pageSize".into(), "5".into())));

        let send =
            route::<methods::SendMessage>(&SendMessageRequest::new(a2a_types::Message::user_text("hi"))).unwrap();
        assert_eq!((send.method, send.path.as_str()), (Method::POST, "/message:send"));
        let body: Value = serde_json::from_slice(&send.body.unwrap()).unwrap();
        assert_eq!(body["message"]["parts"][0]["text"], "hi");
        assert!(body.get("tenant").is_none());
    }

    #[test]
    fn encoding_keeps_only_unreserved_characters() {
        assert_eq!(encode("a-b_c.d~e"), "a-b_c.d~e");
        assert_eq!(encode("2026-11-21T10:00:00+01:00"), "2026-11-21T10%3A00%3A00%2B01%3A00");
        assert_eq!(encode("é /"), "%C3%A9%20%2F");
    }

    #[test]
    fn status_bodies_become_a2a_errors() {
        let body = br#"{"error":{"code":404,"status":"NOT_FOUND","message":"task t not found","details":[
            {"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"TASK_NOT_FOUND","domain":"a2a-protocol.org"}]}}"#;
        let e = status_error(body, Some(404)).unwrap();
        assert_eq!(e.error_code(), Some(ErrorCode::TaskNotFound));
        assert_eq!(e.status(), Some(404));
        assert_eq!(e.protocol_error().unwrap().message, "task t not found");

        let no_info = br#"{"error":{"code":400,"message":"nope"}}"#;
        assert_eq!(status_error(no_info, Some(400)).unwrap().error_code(), Some(ErrorCode::InvalidRequest));
        assert!(status_error(b"not json", Some(500)).is_none());
    }
}
