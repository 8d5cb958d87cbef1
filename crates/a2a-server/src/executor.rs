//! [`AgentExecutor`], the one trait an agent implements, and the [`RequestContext`] it gets.

use crate::{Error, TaskUpdater};
use a2a_types::{ContextId, Message, SendMessageConfiguration, Struct, Task, TaskId};
use futures::future::BoxFuture;
use std::future::Future;

/// The agent: what runs when a message arrives, and what happens on cancel.
///
/// Write the methods as `async fn` in your impl. `execute` runs detached from the HTTP
/// connection: a client that disconnects does not stop it. It reports progress only
/// through the [`TaskUpdater`], whose terminal methods consume it, so nothing can follow
/// a final state.
///
/// If `execute` returns (or panics) without reaching a terminal or interrupted state, the
/// server fails the task with a reason. Returning [`Error::protocol`] before any update
/// turns the whole request into that protocol error instead.
///
/// ```
/// use a2a_server::{AgentExecutor, Error, RequestContext, TaskUpdater};
/// use a2a_types::Message;
///
/// struct Echo;
///
/// impl AgentExecutor for Echo {
///     async fn execute(&self, ctx: RequestContext, updater: TaskUpdater) -> Result<(), Error> {
///         updater.reply(Message::agent_text(ctx.message().text())).await
///     }
/// }
/// ```
pub trait AgentExecutor: Send + Sync + 'static {
    /// Handles a message: a new one, or a follow-up to a task waiting for input
    /// ([`RequestContext::task`] is then the task so far).
    fn execute(&self, ctx: RequestContext, updater: TaskUpdater) -> impl Future<Output = Result<(), Error>> + Send;

    /// Cancels `task`, which is not in a terminal state. [`TaskUpdater::cancelled`] has
    /// already resolved for the running `execute`, if any.
    ///
    /// The default marks the task canceled at once. Override it to clean up first, or to
    /// refuse by returning without calling [`TaskUpdater::cancel`] (the client then gets
    /// `TaskNotCancelableError`).
    fn cancel(&self, task: Task, updater: TaskUpdater) -> impl Future<Output = Result<(), Error>> + Send {
        let _ = task;
        updater.cancel(None)
    }
}

/// The object-safe twin of [`AgentExecutor`], so the server has no type parameter.
pub(crate) trait DynExecutor: Send + Sync + 'static {
    fn execute(&self, ctx: RequestContext, updater: TaskUpdater) -> BoxFuture<'_, Result<(), Error>>;
    fn cancel(&self, task: Task, updater: TaskUpdater) -> BoxFuture<'_, Result<(), Error>>;
}

impl<E: AgentExecutor> DynExecutor for E {
    fn execute(&self, ctx: RequestContext, updater: TaskUpdater) -> BoxFuture<'_, Result<(), Error>> {
        Box::pin(AgentExecutor::execute(self, ctx, updater))
    }
    fn cancel(&self, task: Task, updater: TaskUpdater) -> BoxFuture<'_, Result<(), Error>> {
        Box::pin(AgentExecutor::cancel(self, task, updater))
    }
}

/// Everything an agent knows about the request it is handling.
#[derive(Debug, Clone)]
pub struct RequestContext {
    pub(crate) message: Message,
    pub(crate) task: Option<Task>,
    pub(crate) task_id: TaskId,
    pub(crate) context_id: ContextId,
    pub(crate) tenant: String,
    pub(crate) configuration: Option<SendMessageConfiguration>,
    pub(crate) metadata: Option<Struct>,
    pub(crate) extensions: Vec<String>,
    pub(crate) http: http::request::Parts,
}

impl RequestContext {
    /// The message the client sent.
    pub fn message(&self) -> &Message {
        &self.message
    }

    /// The existing task this message continues, as it was before the message arrived
    /// (the message itself is [`message`](Self::message)); `None` for a new conversation
    /// turn.
    pub fn task(&self) -> Option<&Task> {
        self.task.as_ref()
    }

    /// The id of the task: the existing one, or the one a new task will get.
    pub fn task_id(&self) -> &TaskId {
        &self.task_id
    }

    /// The context (conversation) the message belongs to: the client's, or a fresh one.
    pub fn context_id(&self) -> &ContextId {
        &self.context_id
    }

    /// The tenant the request was addressed to (`""` without tenants).
    pub fn tenant(&self) -> &str {
        &self.tenant
    }

    /// The client's send configuration (accepted output modes, history length, ...).
    pub fn configuration(&self) -> Option<&SendMessageConfiguration> {
        self.configuration.as_ref()
    }

    /// The request's `metadata`.
    pub fn metadata(&self) -> Option<&Struct> {
        self.metadata.as_ref()
    }

    /// The extension URIs the client asked for in the `A2A-Extensions` header.
    pub fn requested_extensions(&self) -> &[String] {
        &self.extensions
    }

    /// The HTTP request's headers.
    pub fn headers(&self) -> &http::HeaderMap {
        &self.http.headers
    }

    /// The HTTP request's extensions: whatever middleware in front of the server put
    /// there, such as the authenticated caller.
    pub fn http_extensions(&self) -> &http::Extensions {
        &self.http.extensions
    }
}
