//! The push notification configuration operations (§3.1.7 to §3.1.10).

use crate::{Client, Error, IntoRequest};
use a2a_types::{
    DeleteTaskPushNotificationConfigRequest, GetTaskPushNotificationConfigRequest,
    ListTaskPushNotificationConfigsRequest, ListTaskPushNotificationConfigsResponse, TaskPushNotificationConfig,
    methods,
};

impl Client {
    /// Registers a webhook that receives the updates of a task, and returns the stored
    /// configuration with its id. (`CreateTaskPushNotificationConfig`)
    ///
    /// ```no_run
    /// # async fn run(client: a2a_client::Client) -> Result<(), a2a_client::Error> {
    /// use a2a_types::TaskPushNotificationConfig;
    ///
    /// let config = TaskPushNotificationConfig::new("https://me.example.com/hook")
    ///     .with_task_id("task-1")
    ///     .with_token("secret");
    /// let stored = client.create_push_config(config).await?;
    /// # Ok(()) }
    /// ```
    pub async fn create_push_config(
        &self,
        config: TaskPushNotificationConfig,
    ) -> Result<TaskPushNotificationConfig, Error> {
        self.call::<methods::CreateTaskPushNotificationConfig>(config).await
    }

    /// Fetches one webhook configuration of a task: pass `(task_id, config_id)` or a
    /// [`GetTaskPushNotificationConfigRequest`]. (`GetTaskPushNotificationConfig`)
    pub async fn get_push_config(
        &self,
        request: impl IntoRequest<GetTaskPushNotificationConfigRequest>,
    ) -> Result<TaskPushNotificationConfig, Error> {
        self.call::<methods::GetTaskPushNotificationConfig>(request.into_request()).await
    }

    /// Lists the webhook configurations of a task: pass a task id, or a
    /// [`ListTaskPushNotificationConfigsRequest`] to page. (`ListTaskPushNotificationConfigs`)
    pub async fn list_push_configs(
        &self,
        request: impl IntoRequest<ListTaskPushNotificationConfigsRequest>,
    ) -> Result<ListTaskPushNotificationConfigsResponse, Error> {
        self.call::<methods::ListTaskPushNotificationConfigs>(request.into_request()).await
    }

    /// Removes a webhook configuration from a task: pass `(task_id, config_id)` or a
    /// [`DeleteTaskPushNotificationConfigRequest`]. Deleting twice is not an error.
    /// (`DeleteTaskPushNotificationConfig`)
    pub async fn delete_push_config(
        &self,
        request: impl IntoRequest<DeleteTaskPushNotificationConfigRequest>,
    ) -> Result<(), Error> {
        self.call::<methods::DeleteTaskPushNotificationConfig>(request.into_request()).await?;
        Ok(())
    }
}
