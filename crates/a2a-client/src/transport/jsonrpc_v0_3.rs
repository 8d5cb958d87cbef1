//! The JSON-RPC binding in the v0.3 dialect: v1.0 requests are translated to their v0.3
//! method and parameters on the way out, and v0.3 results and events back to v1.0 on the
//! way in, with the conversions of `a2a_types::v0_3`. The caller never sees v0.3 types.

use super::events::{EventSource, Framing};
use super::jsonrpc::JsonRpcTransport;
use crate::Error;
use a2a_types::jsonrpc::RpcMethod;
use a2a_types::v0_3::{self, ConversionError};
use a2a_types::{ErrorCode, JsonRpcError, StreamResponse, methods};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Re-reads a value as another type with the same JSON: how the generic `M::Params` and
/// `M::Result` meet the concrete types the conversions are written for.
fn recast<T: Serialize, U: DeserializeOwned>(value: &T) -> Result<U, Error> {
    let json = serde_json::to_value(value).map_err(|e| Error::decode("could not encode the request").with_source(e))?;
    a2a_types::from_value(json).map_err(|e| Error::decode("could not translate between v1.0 and v0.3").with_source(e))
}

fn untranslatable(e: ConversionError) -> Error {
    Error::config(format!("the request has no v0.3 form: {e}")).with_source(e)
}

fn unavailable(operation: &str) -> Error {
    let message = format!("{operation} does not exist in protocol v0.3");
    Error::protocol(JsonRpcError::new(ErrorCode::UnsupportedOperation.jsonrpc_code(), message))
}

pub(super) async fn call<M: RpcMethod>(t: &JsonRpcTransport, params: M::Params) -> Result<M::Result, Error> {
    use v0_3::methods as old;
    match M::NAME {
        methods::SendMessage::NAME => {
            let req: a2a_types::SendMessageRequest = recast(&params)?;
            let no_history = req.configuration.as_ref().and_then(|c| c.history_length) == Some(0);
            let old_params = v0_3::MessageSendParams::try_from(req).map_err(untranslatable)?;
            let result: v0_3::SendMessageResult = t.rpc(old::MessageSend::NAME, old_params).await?;
            let mut response = a2a_types::SendMessageResponse::from(result);
            if let (true, a2a_types::SendMessageResponse::Task(task)) = (no_history, &mut response) {
                task.history.clear();
            }
            recast(&response)
        }
        methods::GetTask::NAME => {
            let req: a2a_types::GetTaskRequest = recast(&params)?;
            // v1.0's `historyLength: 0` (no history) is "no limit" to v0.3 agents, so the
            // history is dropped here instead.
            let no_history = req.history_length == Some(0);
            let task: v0_3::Task = t.rpc(old::TasksGet::NAME, v0_3::TaskQueryParams::from(req)).await?;
            let mut task = a2a_types::Task::from(task);
            if no_history {
                task.history.clear();
            }
            recast(&task)
        }
        methods::CancelTask::NAME => {
            let req: a2a_types::CancelTaskRequest = recast(&params)?;
            let task: v0_3::Task = t.rpc(old::TasksCancel::NAME, v0_3::TaskIdParams::from(req)).await?;
            recast(&a2a_types::Task::from(task))
        }
        methods::GetExtendedAgentCard::NAME => {
            let card: v0_3::AgentCard =
                t.rpc(old::AgentGetAuthenticatedExtendedCard::NAME, serde_json::json!({})).await?;
            recast(&a2a_types::AgentCard::from(card))
        }
        methods::CreateTaskPushNotificationConfig::NAME => {
            let config: a2a_types::TaskPushNotificationConfig = recast(&params)?;
            let old_params = v0_3::TaskPushNotificationConfig::try_from(config).map_err(untranslatable)?;
            let result: v0_3::TaskPushNotificationConfig =
                t.rpc(old::TasksPushNotificationConfigSet::NAME, old_params).await?;
            let config = a2a_types::TaskPushNotificationConfig::try_from(result)
                .map_err(|e| Error::decode("the agent's push configuration has no v1.0 form").with_source(e))?;
            recast(&config)
        }
        methods::GetTaskPushNotificationConfig::NAME => {
            let req: a2a_types::GetTaskPushNotificationConfigRequest = recast(&params)?;
            let old_params = v0_3::GetTaskPushNotificationConfigParams::from(req);
            let result: v0_3::TaskPushNotificationConfig =
                t.rpc(old::TasksPushNotificationConfigGet::NAME, old_params).await?;
            let config = a2a_types::TaskPushNotificationConfig::try_from(result)
                .map_err(|e| Error::decode("the agent's push configuration has no v1.0 form").with_source(e))?;
            recast(&config)
        }
        methods::ListTaskPushNotificationConfigs::NAME => {
            let req: a2a_types::ListTaskPushNotificationConfigsRequest = recast(&params)?;
            let old_params = v0_3::ListTaskPushNotificationConfigParams::from(req);
            let result: v0_3::TaskPushNotificationConfigList =
                t.rpc(old::TasksPushNotificationConfigList::NAME, old_params).await?;
            let list = a2a_types::ListTaskPushNotificationConfigsResponse::try_from(result)
                .map_err(|e| Error::decode("the agent's push configurations have no v1.0 form").with_source(e))?;
            recast(&list)
        }
        methods::DeleteTaskPushNotificationConfig::NAME => {
            let req: a2a_types::DeleteTaskPushNotificationConfigRequest = recast(&params)?;
            let old_params = v0_3::DeleteTaskPushNotificationConfigParams::from(req);
            let _: serde::de::IgnoredAny = t.rpc(old::TasksPushNotificationConfigDelete::NAME, old_params).await?;
            recast(&serde_json::json!({}))
        }
        other => Err(unavailable(other)),
    }
}

pub(super) async fn open<M: RpcMethod<Result = StreamResponse>>(
    t: &JsonRpcTransport,
    params: M::Params,
    last_event_id: Option<&str>,
) -> Result<EventSource, Error> {
    use v0_3::methods as old;
    match M::NAME {
        methods::SendStreamingMessage::NAME => {
            let req: a2a_types::SendMessageRequest = recast(&params)?;
            let old_params = v0_3::MessageSendParams::try_from(req).map_err(untranslatable)?;
            t.open_stream(old::MessageStream::NAME, old_params, Framing::JsonRpcV0_3, last_event_id).await
        }
        methods::SubscribeToTask::NAME => {
            let req: a2a_types::SubscribeToTaskRequest = recast(&params)?;
            let old_params = v0_3::TaskIdParams::from(req);
            t.open_stream(old::TasksResubscribe::NAME, old_params, Framing::JsonRpcV0_3, last_event_id).await
        }
        other => Err(unavailable(other)),
    }
}
