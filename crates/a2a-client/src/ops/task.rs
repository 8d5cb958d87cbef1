//! Get Task (§3.1.3), List Tasks (§3.1.4) and Cancel Task (§3.1.5).

use crate::{Client, Error, IntoRequest};
use a2a_types::{CancelTaskRequest, GetTaskRequest, ListTasksRequest, ListTasksResponse, Task, methods};

impl Client {
    /// Fetches a task as it is now. (`GetTask`)
    ///
    /// Pass a task id, or a [`GetTaskRequest`] to limit the history returned.
    pub async fn get_task(&self, request: impl IntoRequest<GetTaskRequest>) -> Result<Task, Error> {
        self.call::<methods::GetTask>(request.into_request()).await
    }

    /// Lists the tasks visible to the caller, most recently updated first, one page at a
    /// time. (`ListTasks`)
    ///
    /// `ListTasksRequest::new()` lists everything; its `with_*` methods filter by
    /// context or state and page through the results with `nextPageToken`.
    pub async fn list_tasks(&self, request: ListTasksRequest) -> Result<ListTasksResponse, Error> {
        self.call::<methods::ListTasks>(request).await
    }

    /// Asks the agent to cancel a task and returns the task as it is afterwards.
    /// (`CancelTask`)
    ///
    /// A task that already finished gives an error with
    /// [`ErrorCode::TaskNotCancelable`](a2a_types::ErrorCode::TaskNotCancelable).
    pub async fn cancel_task(&self, request: impl IntoRequest<CancelTaskRequest>) -> Result<Task, Error> {
        self.call::<methods::CancelTask>(request.into_request()).await
    }
}
