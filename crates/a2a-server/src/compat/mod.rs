//! Protocol v0.3 at the edge: the v0.3 JSON-RPC methods, the v0.3 REST routes (`rest.rs`)
//! and the v0.3 fields of the agent card (`card.rs`), all translated to and from the v1.0
//! operations of the task manager. The agent never sees the difference.
//!
//! What changes between the generations, and how each difference is settled, is in the
//! module docs of `a2a_types::v0_3`. Two rules live here rather than there, because they
//! are about what a server does, not about shapes:
//!
//! - `historyLength: 0` means "no limit" to v0.3 servers (which only trimmed for positive
//!   values), but "no history" in v1.0; a v0.3 caller's 0 is read as unset.
//! - v0.3 callers get the v0.3 code of an error (`error_code_for_v0_3`): the two codes v1.0
//!   added (-32008, -32009) become -32600.

pub(crate) mod card;
pub(crate) mod rest;

use crate::Error;
use crate::jsonrpc::{Call, Dialect, Reply, error_object};
use crate::manager::{Started, trim_history};
use crate::service::Ctx;
use crate::sse::Framing;
use a2a_types::v0_3::{self, ConversionError};
use a2a_types::{
    CancelTaskRequest, ErrorCode, GetTaskRequest, Method, SendMessageRequest, StreamResponse, SubscribeToTaskRequest,
};
use bytes::Bytes;

/// The v1.0 operation of a v0.3 method; `None` for one this server does not know.
pub(crate) fn v1_method(method: v0_3::Method) -> Option<Method> {
    Some(match method {
        v0_3::Method::MessageSend => Method::SendMessage,
        v0_3::Method::MessageStream => Method::SendStreamingMessage,
        v0_3::Method::TasksGet => Method::GetTask,
        v0_3::Method::TasksCancel => Method::CancelTask,
        v0_3::Method::TasksResubscribe => Method::SubscribeToTask,
        v0_3::Method::TasksPushNotificationConfigSet => Method::CreateTaskPushNotificationConfig,
        v0_3::Method::TasksPushNotificationConfigGet => Method::GetTaskPushNotificationConfig,
        v0_3::Method::TasksPushNotificationConfigList => Method::ListTaskPushNotificationConfigs,
        v0_3::Method::TasksPushNotificationConfigDelete => Method::DeleteTaskPushNotificationConfig,
        v0_3::Method::AgentGetAuthenticatedExtendedCard => Method::GetExtendedAgentCard,
        _ => return None,
    })
}

/// `{"jsonrpc":"2.0","id":…,"error":…}` with the error code a v0.3 caller knows.
pub(crate) fn jsonrpc_error_body(id: &[u8], e: &Error) -> Bytes {
    crate::jsonrpc::error_body_of(id, &v0_3::jsonrpc_error_for_v0_3(error_object(e)))
}

/// Runs one v0.3 JSON-RPC call; `jsonrpc::dispatch` writes the response.
pub(crate) async fn run(ctx: &Ctx, call: &Call<'_>) -> Result<Reply, Error> {
    if !ctx.v0_3() {
        return Err(Error::protocol(ErrorCode::MethodNotFound, "this server does not serve protocol v0.3"));
    }
    debug_assert_eq!(call.dialect, Dialect::V0_3);
    ctx.check_method(call.method, Dialect::V0_3)?;
    let manager = ctx.manager().clone();
    match call.method {
        Method::SendMessage => {
            let incoming = ctx.incoming(send_request(call.params()?)?)?;
            let response = manager.send_blocking(incoming).await?;
            to_json(v0_3::SendMessageResult::try_from(response))
        }
        Method::SendStreamingMessage => {
            let incoming = ctx.incoming(send_request(call.params()?)?)?;
            let sub = match manager.send(incoming).await? {
                Started::Message(m) => crate::live::single(StreamResponse::Message(*m)),
                Started::Task(_, sub) => sub,
            };
            Ok(Reply::Stream(ctx.sse(sub, Framing::JsonRpcV0_3 { id: call.id.clone() })))
        }
        Method::GetTask => {
            let params: v0_3::TaskQueryParams = call.params()?;
            let req = GetTaskRequest::from(params);
            let task = manager.get("", &req.id, history_limit(req.history_length)).await?;
            to_json(v0_3::Task::try_from(task))
        }
        Method::CancelTask => {
            let params: v0_3::TaskIdParams = call.params()?;
            let req = CancelTaskRequest::from(params);
            let task = manager.cancel("", &req.id).await?;
            to_json(v0_3::Task::try_from(trim_history(task, None)))
        }
        Method::SubscribeToTask => {
            let params: v0_3::TaskIdParams = call.params()?;
            let req = SubscribeToTaskRequest::from(params);
            let sub = manager.subscribe("", &req.id).await?;
            Ok(Reply::Stream(ctx.sse(sub, Framing::JsonRpcV0_3 { id: call.id.clone() })))
        }
        Method::GetExtendedAgentCard => {
            let card = ctx.extended_card()?;
            let json = card::v0_3_json(&card).map_err(invalid_response)?;
            Ok(Reply::Json(json))
        }
        Method::CreateTaskPushNotificationConfig
        | Method::GetTaskPushNotificationConfig
        | Method::ListTaskPushNotificationConfigs
        | Method::DeleteTaskPushNotificationConfig => Err(Error::protocol(
            ErrorCode::PushNotificationNotSupported,
            "this agent does not support push notifications",
        )),
        other => Err(Error::protocol(ErrorCode::MethodNotFound, format!("method `{other}` not found"))),
    }
}

/// A v1.0 `SendMessageRequest` from v0.3 `message/send` parameters.
pub(crate) fn send_request(params: v0_3::MessageSendParams) -> Result<SendMessageRequest, Error> {
    let mut req = SendMessageRequest::try_from(params)
        .map_err(|e| Error::protocol(ErrorCode::InvalidParams, format!("invalid params: {e}")))?;
    if let Some(config) = &mut req.configuration {
        config.history_length = history_limit(config.history_length);
    }
    Ok(req)
}

/// A v0.3 `historyLength`: only a positive value limits the history.
pub(crate) fn history_limit(history_length: Option<i32>) -> Option<i32> {
    history_length.filter(|n| *n > 0)
}

/// A result converted for a v0.3 caller; a result with no v0.3 form is the agent's fault.
fn to_json<T: serde::Serialize>(converted: Result<T, ConversionError>) -> Result<Reply, Error> {
    crate::jsonrpc::to_json(&converted.map_err(invalid_response)?)
}

pub(crate) fn invalid_response(e: ConversionError) -> Error {
    Error::protocol(ErrorCode::InvalidAgentResponse, format!("the result has no v0.3 form: {e}"))
}
