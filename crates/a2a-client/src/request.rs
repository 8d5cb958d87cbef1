//! [`IntoRequest`]: what each operation accepts, so that the common case is short
//! (`client.get_task("t-1")`) and the full request type is always an option.

use a2a_types::{
    CancelTaskRequest, DeleteTaskPushNotificationConfigRequest, GetExtendedAgentCardRequest,
    GetTaskPushNotificationConfigRequest, GetTaskRequest, ListTaskPushNotificationConfigsRequest, ListTasksRequest,
    Message, SendMessageRequest, SubscribeToTaskRequest, TaskId, TaskPushNotificationConfig,
};

mod sealed {
    pub trait Sealed<R> {}
}

/// A value an operation accepts in place of its full request type `R`.
///
/// Every operation takes its request type; the common shortcuts are:
///
/// | operation | also accepts |
/// | --- | --- |
/// | [`send`](crate::Client::send), [`stream`](crate::Client::stream) | a [`Message`] |
/// | [`get_task`](crate::Client::get_task), [`cancel_task`](crate::Client::cancel_task), [`subscribe`](crate::Client::subscribe), [`follow`](crate::Client::follow), [`list_push_configs`](crate::Client::list_push_configs) | a task id: [`TaskId`], `&TaskId`, `&str`, `String` |
/// | [`get_push_config`](crate::Client::get_push_config), [`delete_push_config`](crate::Client::delete_push_config) | a pair `(task id, config id)` |
///
/// The trait is sealed: it cannot be implemented outside this crate.
pub trait IntoRequest<R>: sealed::Sealed<R> {
    #[doc(hidden)]
    fn into_request(self) -> R;
}

macro_rules! identity {
    ($($t:ty),* $(,)?) => {$(
        impl sealed::Sealed<$t> for $t {}
        impl IntoRequest<$t> for $t {
            fn into_request(self) -> $t {
                self
            }
        }
    )*};
}

identity!(
    SendMessageRequest,
    GetTaskRequest,
    ListTasksRequest,
    CancelTaskRequest,
    SubscribeToTaskRequest,
    TaskPushNotificationConfig,
    GetTaskPushNotificationConfigRequest,
    ListTaskPushNotificationConfigsRequest,
    DeleteTaskPushNotificationConfigRequest,
    GetExtendedAgentCardRequest,
);

impl sealed::Sealed<SendMessageRequest> for Message {}
impl IntoRequest<SendMessageRequest> for Message {
    fn into_request(self) -> SendMessageRequest {
        SendMessageRequest::new(self)
    }
}

macro_rules! from_task_id {
    ($req:ty) => {
        from_task_id!(@one $req, TaskId);
        from_task_id!(@one $req, &TaskId);
        from_task_id!(@one $req, &str);
        from_task_id!(@one $req, String);
    };
    (@one $req:ty, $id:ty) => {
        impl sealed::Sealed<$req> for $id {}
        impl IntoRequest<$req> for $id {
            fn into_request(self) -> $req {
                <$req>::new(TaskId::from(self))
            }
        }
    };
}

from_task_id!(GetTaskRequest);
from_task_id!(CancelTaskRequest);
from_task_id!(SubscribeToTaskRequest);
from_task_id!(ListTaskPushNotificationConfigsRequest);

macro_rules! from_pair {
    ($req:ty) => {
        impl<T: Into<TaskId>, C: Into<String>> sealed::Sealed<$req> for (T, C) {}
        impl<T: Into<TaskId>, C: Into<String>> IntoRequest<$req> for (T, C) {
            fn into_request(self) -> $req {
                <$req>::new(self.0.into(), self.1.into())
            }
        }
    };
}

from_pair!(GetTaskPushNotificationConfigRequest);
from_pair!(DeleteTaskPushNotificationConfigRequest);

/// A request that carries a `tenant`, which the client fills in from the selected
/// interface (spec §8.3.2) when the caller left it unset.
pub(crate) trait Tenant {
    fn tenant_slot(&mut self) -> &mut Option<String>;
}

macro_rules! tenant {
    ($($t:ty),* $(,)?) => {$(
        impl Tenant for $t {
            fn tenant_slot(&mut self) -> &mut Option<String> {
                &mut self.tenant
            }
        }
    )*};
}

tenant!(
    SendMessageRequest,
    GetTaskRequest,
    ListTasksRequest,
    CancelTaskRequest,
    SubscribeToTaskRequest,
    TaskPushNotificationConfig,
    GetTaskPushNotificationConfigRequest,
    ListTaskPushNotificationConfigsRequest,
    DeleteTaskPushNotificationConfigRequest,
    GetExtendedAgentCardRequest,
);
