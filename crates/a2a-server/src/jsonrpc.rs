//! The JSON-RPC binding: reads an envelope, runs the method, writes the response.
//!
//! Requests are read in two steps: the envelope first, with `params` kept as raw JSON, so
//! a malformed envelope and malformed parameters get their distinct codes (-32600 and
//! -32602); then the parameters into the method's type, with errors naming the field.

use crate::Error;
use crate::body::Body;
use crate::manager::{Started, trim_history};
use crate::service::{Ctx, json_response};
use crate::sse::{Framing, SseStream};
use a2a_types::{
    CancelTaskRequest, ErrorCode, GetTaskRequest, ListTasksRequest, Method, SendMessageRequest, SubscribeToTaskRequest,
};
use bytes::{BufMut, Bytes, BytesMut};
use serde::Deserialize;
use serde_json::value::RawValue;

/// The envelope, with every member optional so that each problem gets its own message.
#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(borrow, default)]
    jsonrpc: Option<&'a RawValue>,
    #[serde(borrow, default)]
    id: Option<&'a RawValue>,
    #[serde(borrow, default)]
    method: Option<&'a RawValue>,
    #[serde(borrow, default)]
    params: Option<&'a RawValue>,
}

/// A request that passed the envelope checks.
pub(crate) struct Call<'a> {
    pub(crate) id: Bytes,
    /// The operation; a v0.3 method is named by its v1.0 counterpart.
    pub(crate) method: Method,
    /// The protocol generation the method name belongs to.
    pub(crate) dialect: Dialect,
    params: Option<&'a RawValue>,
}

/// Which generation of the protocol a request speaks. The v0.3 and v1.0 method names do
/// not overlap (`message/send` against `SendMessage`), so the name decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    V1_0,
    V0_3,
}

/// Why a body is not a request we can run, with the id to answer with.
pub(crate) struct Rejected {
    pub(crate) id: Bytes,
    pub(crate) error: Error,
}

const NULL_ID: Bytes = Bytes::from_static(b"null");

/// Reads the envelope of a JSON-RPC request.
pub(crate) fn parse(body: &[u8]) -> Result<Call<'_>, Rejected> {
    let reject = |id: Bytes, code, msg: String| Rejected { id, error: Error::protocol(code, msg) };
    let raw: &RawValue = serde_json::from_slice(body)
        .map_err(|e| reject(NULL_ID, ErrorCode::ParseError, format!("the body is not valid JSON: {e}")))?;
    if raw.get().trim_start().starts_with('[') {
        return Err(reject(NULL_ID, ErrorCode::InvalidRequest, "batch requests are not supported".into()));
    }
    let env: Envelope<'_> = serde_json::from_str(raw.get())
        .map_err(|_| reject(NULL_ID, ErrorCode::InvalidRequest, "a request must be a JSON object".into()))?;
    let id = match env.id.map(|id| (id, id.get().as_bytes().first().copied())) {
        None => return Err(reject(NULL_ID, ErrorCode::InvalidRequest, "the request has no `id`".into())),
        Some((id, Some(b'"' | b'-' | b'0'..=b'9'))) => Bytes::copy_from_slice(id.get().as_bytes()),
        Some((id, _)) if id.get() == "null" => NULL_ID,
        Some(_) => {
            return Err(reject(NULL_ID, ErrorCode::InvalidRequest, "`id` must be a string, a number or null".into()));
        }
    };
    if env.jsonrpc.map(RawValue::get) != Some("\"2.0\"") {
        return Err(reject(id, ErrorCode::InvalidRequest, "`jsonrpc` must be \"2.0\"".into()));
    }
    let Some(name) = env.method.and_then(|m| serde_json::from_str::<String>(m.get()).ok()) else {
        return Err(reject(id, ErrorCode::InvalidRequest, "`method` must be a string".into()));
    };
    let (method, dialect) = match Method::from_name(&name) {
        Some(method) => (method, Dialect::V1_0),
        None => match a2a_types::v0_3::Method::from_name(&name).and_then(crate::compat::v1_method) {
            Some(method) => (method, Dialect::V0_3),
            None => return Err(reject(id, ErrorCode::MethodNotFound, format!("method `{name}` not found"))),
        },
    };
    let params = env.params.filter(|p| p.get() != "null");
    Ok(Call { id, method, dialect, params })
}

impl Call<'_> {
    /// The parameters as the method's type; missing parameters read as `{}` for methods
    /// that do not require them.
    pub(crate) fn params<T: serde::de::DeserializeOwned>(&self) -> Result<T, Error> {
        let raw = match self.params {
            Some(p) => p.get(),
            None if self.method.requires_params() => {
                return Err(Error::protocol(ErrorCode::InvalidParams, "`params` is required"));
            }
            None => "{}",
        };
        a2a_types::from_slice(raw.as_bytes()).map_err(|e| {
            if e.path().is_empty() {
                Error::protocol(ErrorCode::InvalidParams, format!("invalid params: {e}"))
            } else {
                Error::protocol(ErrorCode::InvalidParams, format!("invalid params at {e}"))
            }
        })
    }
}

/// Runs one call and writes its response.
pub(crate) async fn dispatch(ctx: Ctx, call: Call<'_>) -> http::Response<Body> {
    let id = call.id.clone();
    let dialect = call.dialect;
    let outcome = match dialect {
        Dialect::V1_0 => run(ctx, call).await,
        Dialect::V0_3 => crate::compat::run(&ctx, &call).await,
    };
    match outcome {
        Ok(Reply::Json(json)) => json_response(http::StatusCode::OK, success(&id, &json)),
        Ok(Reply::Stream(stream)) => crate::service::sse_response(stream),
        Err(e) if dialect == Dialect::V0_3 => {
            json_response(http::StatusCode::OK, crate::compat::jsonrpc_error_body(&id, &e))
        }
        Err(e) => json_response(http::StatusCode::OK, error_body(&id, &e)),
    }
}

pub(crate) enum Reply {
    Json(Vec<u8>),
    Stream(SseStream),
}

pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> Result<Reply, Error> {
    Ok(Reply::Json(serde_json::to_vec(value).expect("protocol types always serialize")))
}

async fn run(ctx: Ctx, call: Call<'_>) -> Result<Reply, Error> {
    ctx.check_method(call.method, Dialect::V1_0)?;
    let manager = ctx.manager().clone();
    match call.method {
        Method::SendMessage => {
            let req: SendMessageRequest = call.params()?;
            let incoming = ctx.incoming(req)?;
            to_json(&manager.send_blocking(incoming).await?)
        }
        Method::SendStreamingMessage => {
            let req: SendMessageRequest = call.params()?;
            let incoming = ctx.incoming(req)?;
            let sub = match manager.send(incoming).await? {
                Started::Message(m) => crate::live::single(a2a_types::StreamResponse::Message(*m)),
                Started::Task(_, sub) => sub,
            };
            Ok(Reply::Stream(ctx.sse(sub, Framing::JsonRpc { id: call.id.clone() })))
        }
        Method::GetTask => {
            let req: GetTaskRequest = call.params()?;
            to_json(&manager.get(&req.tenant.unwrap_or_default(), &req.id, req.history_length).await?)
        }
        Method::ListTasks => {
            let req: ListTasksRequest = call.params()?;
            to_json(&manager.list(req.tenant.as_deref().unwrap_or_default(), &req).await?)
        }
        Method::CancelTask => {
            let req: CancelTaskRequest = call.params()?;
            let task = manager.cancel(&req.tenant.unwrap_or_default(), &req.id).await?;
            to_json(&trim_history(task, None))
        }
        Method::SubscribeToTask => {
            let req: SubscribeToTaskRequest = call.params()?;
            let sub = manager.subscribe(&req.tenant.unwrap_or_default(), &req.id).await?;
            Ok(Reply::Stream(ctx.sse(sub, Framing::JsonRpc { id: call.id.clone() })))
        }
        Method::GetExtendedAgentCard => to_json(&ctx.extended_card()?),
        Method::CreateTaskPushNotificationConfig
        | Method::GetTaskPushNotificationConfig
        | Method::ListTaskPushNotificationConfigs
        | Method::DeleteTaskPushNotificationConfig => Err(Error::protocol(
            ErrorCode::PushNotificationNotSupported,
            "this agent does not support push notifications",
        )),
        _ => Err(Error::protocol(ErrorCode::MethodNotFound, format!("method `{}` not found", call.method))),
    }
}

/// `{"jsonrpc":"2.0","id":…,"result":…}` around an encoded result.
pub(crate) fn success(id: &[u8], result: &[u8]) -> Bytes {
    let mut buf = BytesMut::with_capacity(result.len() + id.len() + 32);
    buf.put_slice(b"{\"jsonrpc\":\"2.0\",\"id\":");
    buf.put_slice(id);
    buf.put_slice(b",\"result\":");
    buf.put_slice(result);
    buf.put_slice(b"}");
    buf.freeze()
}

/// The JSON-RPC error object of an error: the protocol code, or -32603 for anything else
/// (whose details stay in the server's logs, not in the response).
pub(crate) fn error_object(e: &Error) -> a2a_types::JsonRpcError {
    let (code, message) = e.public();
    a2a_types::JsonRpcError::new(code.jsonrpc_code(), message)
        .with_data(serde_json::Value::Array(vec![code.error_info([])]))
}

/// `{"jsonrpc":"2.0","id":…,"error":…}`.
pub(crate) fn error_body(id: &[u8], e: &Error) -> Bytes {
    error_body_of(id, &error_object(e))
}

/// `{"jsonrpc":"2.0","id":…,"error":…}` around an error object.
pub(crate) fn error_body_of(id: &[u8], error: &a2a_types::JsonRpcError) -> Bytes {
    let object = serde_json::to_vec(error).expect("error objects always serialize");
    let mut buf = BytesMut::with_capacity(object.len() + id.len() + 32);
    buf.put_slice(b"{\"jsonrpc\":\"2.0\",\"id\":");
    buf.put_slice(id);
    buf.put_slice(b",\"error\":");
    buf.put_slice(&object);
    buf.put_slice(b"}");
    buf.freeze()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code_of(body: &str) -> i64 {
        match parse(body.as_bytes()) {
            Ok(_) => 0,
            Err(r) => r.error.code().unwrap().jsonrpc_code(),
        }
    }

    #[test]
    fn envelope_problems_get_their_codes() {
        assert_eq!(code_of("{"), -32700);
        assert_eq!(code_of("[]"), -32600);
        assert_eq!(code_of("42"), -32600);
        assert_eq!(code_of(r#"{"jsonrpc":"2.0","method":"GetTask"}"#), -32600);
        assert_eq!(code_of(r#"{"jsonrpc":"1.0","id":1,"method":"GetTask"}"#), -32600);
        assert_eq!(code_of(r#"{"jsonrpc":"2.0","id":{},"method":"GetTask"}"#), -32600);
        assert_eq!(code_of(r#"{"jsonrpc":"2.0","id":1,"method":7}"#), -32600);
        assert_eq!(code_of(r#"{"jsonrpc":"2.0","id":1,"method":"tasks/nope"}"#), -32601);
        assert_eq!(code_of(r#"{"jsonrpc":"2.0","id":1,"method":"GetTask","params":{}}"#), 0);
    }

    #[test]
    fn the_id_is_echoed_as_written() {
        let call = parse(br#"{"jsonrpc":"2.0","id":"abc","method":"GetTask"}"#).ok().unwrap();
        assert_eq!(&call.id[..], b"\"abc\"");
        let rejected = parse(br#"{"jsonrpc":"2.0","id":17,"method":"Nope"}"#).err().unwrap();
        assert_eq!(&rejected.id[..], b"17");
    }

    #[test]
    fn params_errors_name_the_field() {
        let call = parse(br#"{"jsonrpc":"2.0","id":1,"method":"GetTask","params":{"id":5}}"#).ok().unwrap();
        let err = call.params::<GetTaskRequest>().unwrap_err();
        assert_eq!(err.code(), Some(ErrorCode::InvalidParams));
        assert!(err.message().contains("id"), "{}", err.message());
        let call = parse(br#"{"jsonrpc":"2.0","id":1,"method":"GetTask"}"#).ok().unwrap();
        assert!(call.params::<GetTaskRequest>().unwrap_err().message().contains("required"));
    }
}
