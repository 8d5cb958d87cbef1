//! The HTTP+JSON (REST) binding (spec §11): one route per operation, bare v1.0 JSON bodies,
//! `google.rpc.Status` errors with the HTTP status of the error table, and SSE streams
//! whose `data:` lines are bare `StreamResponse`s.
//!
//! Like the JSON-RPC binding, this module only decodes, calls one method of the task
//! manager, and encodes; every protocol rule lives in `manager.rs`.

pub(crate) mod route;

use crate::Error;
use crate::body::Body;
use crate::jsonrpc::Dialect;
use crate::manager::{Started, trim_history};
use crate::service::{Ctx, ServerInner, json_response, read_body, sse_response};
use crate::sse::Framing;
use a2a_types::{
    CancelTaskRequest, ErrorCode, GetTaskRequest, ListTasksRequest, SendMessageRequest, SubscribeToTaskRequest,
};
use bytes::Bytes;
use http::{HeaderValue, Request, Response, StatusCode, header};
use route::{Kind, Miss, Route, Target};
use serde_json::{Map, Value};
use std::sync::Arc;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Serves one REST request; `path` is the request path below the interface's base path
/// (and below `/v1` for the v0.3 dialect).
pub(crate) async fn handle<B>(inner: Arc<ServerInner>, req: Request<B>, path: &str, dialect: Dialect) -> Response<Body>
where
    B: http_body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<BoxError>,
{
    let resolved = match dialect {
        Dialect::V1_0 => route::resolve(req.method(), path),
        Dialect::V0_3 => crate::compat::rest::resolve(req.method(), path),
    };
    let target = match resolved {
        Ok(target) => target,
        Err(Miss::NotFound) => {
            let e = Error::protocol(ErrorCode::MethodNotFound, format!("no A2A operation at {}", req.uri().path()));
            return error_response(&e);
        }
        Err(Miss::Method { allow }) => {
            let e = Error::protocol(
                ErrorCode::MethodNotFound,
                format!("{} is not allowed on {}; use {allow}", req.method(), req.uri().path()),
            );
            let mut res = error_response_with(StatusCode::METHOD_NOT_ALLOWED, &e);
            res.headers_mut().insert(header::ALLOW, HeaderValue::from_static(allow));
            return res;
        }
        Err(Miss::BadEncoding) => {
            let e = Error::protocol(ErrorCode::InvalidRequest, "the path is not valid percent-encoded UTF-8");
            return error_response(&e);
        }
    };
    // Only requests with a body have a content type worth checking.
    let has_body = req.method() == http::Method::POST;
    if let Some(bad) = crate::service::unsupported_content_type(req.headers()).filter(|_| has_body) {
        let e = Error::protocol(
            ErrorCode::ContentTypeNotSupported,
            format!("Content-Type {bad} is not supported; send application/json or application/a2a+json"),
        );
        return error_response_with(StatusCode::UNSUPPORTED_MEDIA_TYPE, &e);
    }
    let (parts, body) = req.into_parts();
    let bytes = match read_body(&inner, &parts, body).await {
        Ok(bytes) => bytes,
        Err((status, e)) => return error_response_with(status, &e),
    };
    let ctx = Ctx::new(inner, parts);
    let outcome = match dialect {
        Dialect::V1_0 => run(&ctx, target, &bytes).await,
        Dialect::V0_3 => crate::compat::rest::run(&ctx, target, &bytes).await,
    };
    outcome.unwrap_or_else(|e| error_response(&e))
}

async fn run(ctx: &Ctx, target: Target, body: &[u8]) -> Result<Response<Body>, Error> {
    let method = target.route.method(ctx.http_method());
    ctx.check_method(method, Dialect::V1_0)?;
    let manager = ctx.manager().clone();
    let tenant = target.tenant;
    match target.route {
        Route::SendMessage | Route::SendStreamingMessage => {
            let streams = target.route.streams();
            let req: SendMessageRequest = decode(body_object(body)?, tenant.as_deref(), None)?;
            let incoming = ctx.incoming(req)?;
            if !streams {
                return ok_json(&manager.send_blocking(incoming).await?);
            }
            let sub = match manager.send(incoming).await? {
                Started::Message(m) => crate::live::single(a2a_types::StreamResponse::Message(*m)),
                Started::Task(_, sub) => sub,
            };
            Ok(sse_response(ctx.sse(sub, Framing::Rest)))
        }
        Route::GetTask(id) => {
            let query = route::query_object(ctx.query(), &[("historyLength", Kind::Integer)]).map_err(invalid)?;
            let req: GetTaskRequest = decode(query, tenant.as_deref(), Some(&id))?;
            ok_json(&manager.get(&req.tenant.unwrap_or_default(), &req.id, req.history_length).await?)
        }
        Route::ListTasks => {
            let fields = [
                ("contextId", Kind::String),
                ("status", Kind::String),
                ("pageSize", Kind::Integer),
                ("pageToken", Kind::String),
                ("historyLength", Kind::Integer),
                ("statusTimestampAfter", Kind::String),
                ("includeArtifacts", Kind::Bool),
            ];
            let query = route::query_object(ctx.query(), &fields).map_err(invalid)?;
            let req: ListTasksRequest = decode(query, tenant.as_deref(), None)?;
            ok_json(&manager.list(req.tenant.as_deref().unwrap_or_default(), &req).await?)
        }
        Route::CancelTask(id) => {
            let req: CancelTaskRequest = decode(body_object(body)?, tenant.as_deref(), Some(&id))?;
            let task = manager.cancel(&req.tenant.unwrap_or_default(), &req.id).await?;
            ok_json(&trim_history(task, None))
        }
        Route::SubscribeToTask(id) => {
            let req: SubscribeToTaskRequest = decode(body_object(body)?, tenant.as_deref(), Some(&id))?;
            let sub = manager.subscribe(&req.tenant.unwrap_or_default(), &req.id).await?;
            Ok(sse_response(ctx.sse(sub, Framing::Rest)))
        }
        Route::PushConfigs(_) | Route::PushConfig(..) => Err(Error::protocol(
            ErrorCode::PushNotificationNotSupported,
            "this agent does not support push notifications",
        )),
        Route::ExtendedAgentCard => ok_json(&ctx.extended_card()?),
    }
}

/// The body as a JSON object; an empty body reads as `{}` (a cancel or subscribe POST
/// often has none).
pub(crate) fn body_object(body: &[u8]) -> Result<Map<String, Value>, Error> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(Error::protocol(ErrorCode::InvalidRequest, "the request body must be a JSON object")),
        Err(e) => Err(Error::protocol(ErrorCode::ParseError, format!("the body is not valid JSON: {e}"))),
    }
}

/// Decodes a request from its JSON fields plus what the path says: the tenant of a
/// `/{tenant}/...` path and the task id. The path wins over a body that disagrees.
pub(crate) fn decode<T: serde::de::DeserializeOwned>(
    mut fields: Map<String, Value>,
    tenant: Option<&str>,
    id: Option<&a2a_types::TaskId>,
) -> Result<T, Error> {
    if let Some(tenant) = tenant {
        fields.insert("tenant".into(), Value::String(tenant.to_string()));
    }
    if let Some(id) = id {
        fields.insert("id".into(), Value::String(id.as_str().to_string()));
    }
    a2a_types::from_value(Value::Object(fields)).map_err(|e| {
        if e.path().is_empty() {
            Error::protocol(ErrorCode::InvalidParams, format!("invalid request: {e}"))
        } else {
            Error::protocol(ErrorCode::InvalidParams, format!("invalid request at {e}"))
        }
    })
}

fn invalid(message: String) -> Error {
    Error::protocol(ErrorCode::InvalidParams, message)
}

pub(crate) fn ok_json<T: serde::Serialize>(value: &T) -> Result<Response<Body>, Error> {
    let json = serde_json::to_vec(value).expect("protocol types always serialize");
    Ok(json_response(StatusCode::OK, Bytes::from(json)))
}

/// The error as `google.rpc.Status` JSON, with the HTTP status of the v1.0.1 error table.
pub(crate) fn error_response(e: &Error) -> Response<Body> {
    let code = e.code().unwrap_or(ErrorCode::Internal);
    let status = StatusCode::from_u16(code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    error_response_with(status, e)
}

/// The error as `google.rpc.Status` JSON, with an HTTP status that the transport decides
/// (405, 413, 415) rather than the error table.
pub(crate) fn error_response_with(status: StatusCode, e: &Error) -> Response<Body> {
    json_response(status, status_json(status, e))
}

/// `{"error": {"code", "status", "message", "details": [ErrorInfo]}}` for `e`, sent with
/// HTTP `status`.
pub(crate) fn status_json(status: StatusCode, e: &Error) -> Bytes {
    let (code, message) = e.public();
    let body = serde_json::json!({
        "error": {
            "code": status.as_u16(),
            "status": code.grpc_status(),
            "message": message,
            "details": [code.error_info([])],
        }
    });
    Bytes::from(serde_json::to_vec(&body).expect("JSON values always serialize"))
}
