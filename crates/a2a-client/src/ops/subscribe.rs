//! Subscribe to Task (§3.1.6), and [`Client::follow`], which also copes with a task that
//! has already finished.

use crate::{Client, Error, EventStream, IntoRequest};
use a2a_types::{ErrorCode, GetTaskRequest, SubscribeToTaskRequest, methods};

impl Client {
    /// Streams the updates of a running task, starting with the task as it is now.
    /// (`SubscribeToTask`)
    ///
    /// As with [`stream`](Self::stream), errors before the first event are returned
    /// here. A task already in a terminal state cannot be subscribed to (the agent
    /// answers [`ErrorCode::UnsupportedOperation`]); [`follow`](Self::follow) handles
    /// that case.
    pub async fn subscribe(&self, request: impl IntoRequest<SubscribeToTaskRequest>) -> Result<EventStream, Error> {
        let request = request.into_request();
        let task_id = Some(request.id.clone());
        self.open_stream::<methods::SubscribeToTask>(request, task_id).await
    }

    /// Follows a task to its end, whatever its state: subscribes if it is still
    /// running, or, if it already finished, yields the task from `GetTask` as the one and
    /// final event.
    ///
    /// ```no_run
    /// # async fn run(client: a2a_client::Client) -> Result<(), a2a_client::Error> {
    /// use futures::TryStreamExt;
    ///
    /// let events: Vec<_> = client.follow("task-1").await?.try_collect().await?;
    /// let last = events.last().expect("a stream has at least one event");
    /// println!("ended with {last:?}");
    /// # Ok(()) }
    /// ```
    pub async fn follow(&self, request: impl IntoRequest<SubscribeToTaskRequest>) -> Result<EventStream, Error> {
        let request = request.into_request();
        let mut get = GetTaskRequest::new(request.id.clone());
        get.tenant.clone_from(&request.tenant);
        match self.subscribe(request).await {
            Err(e) if e.error_code() == Some(ErrorCode::UnsupportedOperation) => {
                let task = self.get_task(get).await?;
                if task.state().ends_stream() { Ok(EventStream::finished(self.clone(), task)) } else { Err(e) }
            }
            other => other,
        }
    }
}
