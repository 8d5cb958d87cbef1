//! Method parameters and push notification configurations.

use super::super::ConversionError;
use crate::generated::{v0_3, v1};

impl TryFrom<v0_3::MessageSendParams> for v1::SendMessageRequest {
    type Error = ConversionError;

    fn try_from(params: v0_3::MessageSendParams) -> Result<Self, Self::Error> {
        let v0_3::MessageSendParams { message, configuration, metadata } = params;
        Ok(v1::SendMessageRequest {
            tenant: None,
            message: message.into(),
            configuration: configuration.map(v1::SendMessageConfiguration::try_from).transpose()?,
            metadata,
        })
    }
}

impl TryFrom<v1::SendMessageRequest> for v0_3::MessageSendParams {
    type Error = ConversionError;

    /// `tenant` is dropped.
    fn try_from(request: v1::SendMessageRequest) -> Result<Self, Self::Error> {
        let v1::SendMessageRequest { tenant: _, message, configuration, metadata } = request;
        Ok(v0_3::MessageSendParams {
            message: message.try_into()?,
            configuration: configuration.map(v0_3::MessageSendConfiguration::from),
            metadata,
        })
    }
}

impl TryFrom<v0_3::MessageSendConfiguration> for v1::SendMessageConfiguration {
    type Error = ConversionError;

    /// An absent `blocking` means blocking, so only `blocking: false` asks to return
    /// immediately.
    fn try_from(config: v0_3::MessageSendConfiguration) -> Result<Self, Self::Error> {
        let v0_3::MessageSendConfiguration {
            accepted_output_modes,
            history_length,
            push_notification_config,
            blocking,
        } = config;
        Ok(v1::SendMessageConfiguration {
            accepted_output_modes,
            task_push_notification_config: push_notification_config
                .map(v1::TaskPushNotificationConfig::try_from)
                .transpose()?,
            history_length,
            return_immediately: blocking == Some(false),
        })
    }
}

impl From<v1::SendMessageConfiguration> for v0_3::MessageSendConfiguration {
    /// `blocking` is always written, as the inverse of `returnImmediately`, so that the
    /// v0.3 agent does not have to rely on its default.
    fn from(config: v1::SendMessageConfiguration) -> Self {
        let v1::SendMessageConfiguration {
            accepted_output_modes,
            task_push_notification_config,
            history_length,
            return_immediately,
        } = config;
        v0_3::MessageSendConfiguration {
            accepted_output_modes,
            history_length,
            push_notification_config: task_push_notification_config.map(v0_3::PushNotificationConfig::from),
            blocking: Some(!return_immediately),
        }
    }
}

impl From<v0_3::TaskQueryParams> for v1::GetTaskRequest {
    /// `metadata` is dropped: v1.0 `GetTask` has none.
    fn from(params: v0_3::TaskQueryParams) -> Self {
        let v0_3::TaskQueryParams { id, history_length, metadata: _ } = params;
        v1::GetTaskRequest { tenant: None, id, history_length }
    }
}

impl From<v1::GetTaskRequest> for v0_3::TaskQueryParams {
    fn from(request: v1::GetTaskRequest) -> Self {
        let v1::GetTaskRequest { tenant: _, id, history_length } = request;
        v0_3::TaskQueryParams { id, history_length, metadata: None }
    }
}

impl From<v0_3::TaskIdParams> for v1::CancelTaskRequest {
    fn from(params: v0_3::TaskIdParams) -> Self {
        let v0_3::TaskIdParams { id, metadata } = params;
        v1::CancelTaskRequest { tenant: None, id, metadata }
    }
}

impl From<v1::CancelTaskRequest> for v0_3::TaskIdParams {
    fn from(request: v1::CancelTaskRequest) -> Self {
        let v1::CancelTaskRequest { tenant: _, id, metadata } = request;
        v0_3::TaskIdParams { id, metadata }
    }
}

impl From<v0_3::TaskIdParams> for v1::SubscribeToTaskRequest {
    /// `metadata` is dropped: v1.0 `SubscribeToTask` has none.
    fn from(params: v0_3::TaskIdParams) -> Self {
        let v0_3::TaskIdParams { id, metadata: _ } = params;
        v1::SubscribeToTaskRequest { tenant: None, id }
    }
}

impl From<v1::SubscribeToTaskRequest> for v0_3::TaskIdParams {
    fn from(request: v1::SubscribeToTaskRequest) -> Self {
        let v1::SubscribeToTaskRequest { tenant: _, id } = request;
        v0_3::TaskIdParams { id, metadata: None }
    }
}

// ------------------------------------------------------------------ push notifications

impl From<v1::AuthenticationInfo> for v0_3::PushNotificationAuthenticationInfo {
    fn from(info: v1::AuthenticationInfo) -> Self {
        let v1::AuthenticationInfo { scheme, credentials } = info;
        v0_3::PushNotificationAuthenticationInfo { schemes: vec![scheme], credentials }
    }
}

impl TryFrom<v0_3::PushNotificationAuthenticationInfo> for v1::AuthenticationInfo {
    type Error = ConversionError;

    /// v1.0 names one scheme: the first of `schemes` is kept.
    fn try_from(info: v0_3::PushNotificationAuthenticationInfo) -> Result<Self, Self::Error> {
        let v0_3::PushNotificationAuthenticationInfo { schemes, credentials } = info;
        let scheme = schemes.into_iter().next().ok_or(ConversionError::NoAuthenticationScheme)?;
        Ok(v1::AuthenticationInfo { scheme, credentials })
    }
}

impl From<v1::TaskPushNotificationConfig> for v0_3::PushNotificationConfig {
    /// `tenant` and `taskId` are dropped; see the `TryFrom` into
    /// [`TaskPushNotificationConfig`](v0_3::TaskPushNotificationConfig) to keep the task.
    fn from(config: v1::TaskPushNotificationConfig) -> Self {
        let v1::TaskPushNotificationConfig { tenant: _, id, task_id: _, url, token, authentication } = config;
        v0_3::PushNotificationConfig {
            id,
            url,
            token,
            authentication: authentication.map(v0_3::PushNotificationAuthenticationInfo::from),
        }
    }
}

impl TryFrom<v0_3::PushNotificationConfig> for v1::TaskPushNotificationConfig {
    type Error = ConversionError;

    /// The result has no `taskId`: the configuration of `message/send` belongs to the task
    /// the call creates.
    fn try_from(config: v0_3::PushNotificationConfig) -> Result<Self, Self::Error> {
        let v0_3::PushNotificationConfig { id, url, token, authentication } = config;
        Ok(v1::TaskPushNotificationConfig {
            tenant: None,
            id,
            task_id: None,
            url,
            token,
            authentication: authentication.map(v1::AuthenticationInfo::try_from).transpose()?,
        })
    }
}

impl TryFrom<v1::TaskPushNotificationConfig> for v0_3::TaskPushNotificationConfig {
    type Error = ConversionError;

    fn try_from(config: v1::TaskPushNotificationConfig) -> Result<Self, Self::Error> {
        let task_id = config.task_id.clone().ok_or(ConversionError::MissingTaskId)?;
        Ok(v0_3::TaskPushNotificationConfig { task_id, push_notification_config: config.into() })
    }
}

impl TryFrom<v0_3::TaskPushNotificationConfig> for v1::TaskPushNotificationConfig {
    type Error = ConversionError;

    /// A configuration without `id` gets the task id, as v0.3 servers do, so that a later
    /// `tasks/pushNotificationConfig/get` without a configuration id finds it.
    fn try_from(config: v0_3::TaskPushNotificationConfig) -> Result<Self, Self::Error> {
        let v0_3::TaskPushNotificationConfig { task_id, push_notification_config } = config;
        let mut out = v1::TaskPushNotificationConfig::try_from(push_notification_config)?;
        out.id = Some(out.id.unwrap_or_else(|| task_id.to_string()));
        out.task_id = Some(task_id);
        Ok(out)
    }
}

impl From<v0_3::GetTaskPushNotificationConfigParams> for v1::GetTaskPushNotificationConfigRequest {
    /// Without `pushNotificationConfigId` the configuration id is the task id (see the
    /// conversion of `tasks/pushNotificationConfig/set`); `metadata` is dropped.
    fn from(params: v0_3::GetTaskPushNotificationConfigParams) -> Self {
        let v0_3::GetTaskPushNotificationConfigParams { id, push_notification_config_id, metadata: _ } = params;
        let config_id = push_notification_config_id.unwrap_or_else(|| id.to_string());
        v1::GetTaskPushNotificationConfigRequest { tenant: None, task_id: id, id: config_id }
    }
}

impl From<v1::GetTaskPushNotificationConfigRequest> for v0_3::GetTaskPushNotificationConfigParams {
    fn from(request: v1::GetTaskPushNotificationConfigRequest) -> Self {
        let v1::GetTaskPushNotificationConfigRequest { tenant: _, task_id, id } = request;
        v0_3::GetTaskPushNotificationConfigParams { id: task_id, push_notification_config_id: Some(id), metadata: None }
    }
}

impl From<v0_3::ListTaskPushNotificationConfigParams> for v1::ListTaskPushNotificationConfigsRequest {
    /// `metadata` is dropped.
    fn from(params: v0_3::ListTaskPushNotificationConfigParams) -> Self {
        let v0_3::ListTaskPushNotificationConfigParams { id, metadata: _ } = params;
        v1::ListTaskPushNotificationConfigsRequest { task_id: id, page_size: None, page_token: None, tenant: None }
    }
}

impl From<v1::ListTaskPushNotificationConfigsRequest> for v0_3::ListTaskPushNotificationConfigParams {
    /// v0.3 has no paging: `pageSize` and `pageToken` are dropped.
    fn from(request: v1::ListTaskPushNotificationConfigsRequest) -> Self {
        let v1::ListTaskPushNotificationConfigsRequest { task_id, page_size: _, page_token: _, tenant: _ } = request;
        v0_3::ListTaskPushNotificationConfigParams { id: task_id, metadata: None }
    }
}

impl From<v0_3::DeleteTaskPushNotificationConfigParams> for v1::DeleteTaskPushNotificationConfigRequest {
    /// `metadata` is dropped.
    fn from(params: v0_3::DeleteTaskPushNotificationConfigParams) -> Self {
        let v0_3::DeleteTaskPushNotificationConfigParams { id, push_notification_config_id, metadata: _ } = params;
        v1::DeleteTaskPushNotificationConfigRequest { tenant: None, task_id: id, id: push_notification_config_id }
    }
}

impl From<v1::DeleteTaskPushNotificationConfigRequest> for v0_3::DeleteTaskPushNotificationConfigParams {
    fn from(request: v1::DeleteTaskPushNotificationConfigRequest) -> Self {
        let v1::DeleteTaskPushNotificationConfigRequest { tenant: _, task_id, id } = request;
        v0_3::DeleteTaskPushNotificationConfigParams { id: task_id, push_notification_config_id: id, metadata: None }
    }
}

impl TryFrom<v1::ListTaskPushNotificationConfigsResponse> for v0_3::TaskPushNotificationConfigList {
    type Error = ConversionError;

    /// v0.3 answers with one bare array: `nextPageToken` is dropped, so a server should
    /// collect every page first.
    fn try_from(response: v1::ListTaskPushNotificationConfigsResponse) -> Result<Self, Self::Error> {
        let v1::ListTaskPushNotificationConfigsResponse { configs, next_page_token: _ } = response;
        configs.into_iter().map(v0_3::TaskPushNotificationConfig::try_from).collect()
    }
}

impl TryFrom<v0_3::TaskPushNotificationConfigList> for v1::ListTaskPushNotificationConfigsResponse {
    type Error = ConversionError;

    fn try_from(list: v0_3::TaskPushNotificationConfigList) -> Result<Self, Self::Error> {
        let configs = list.into_iter().map(v1::TaskPushNotificationConfig::try_from).collect::<Result<_, _>>()?;
        Ok(v1::ListTaskPushNotificationConfigsResponse { configs, next_page_token: None })
    }
}
