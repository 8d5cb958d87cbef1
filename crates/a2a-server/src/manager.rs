//! The task manager: the protocol's operations on tasks, independent of any binding.
//!
//! Bindings (JSON-RPC now, REST and v0.3 later) decode a request, call one method here,
//! and encode what it returns. Everything about task lifecycles lives here and in
//! [`crate::live`] and [`crate::updater`].

use crate::executor::{DynExecutor, RequestContext};
use crate::live::{LiveTask, Subscription};
use crate::store::{Cursor, DynTaskStore, StoredTask, TaskQuery};
use crate::updater::{Start, UpdaterShared};
use crate::{Error, ErrorKind};
use a2a_types::{
    ContextId, ErrorCode, ListTasksRequest, ListTasksResponse, Message, SendMessageRequest, Task, TaskId, TaskState,
    TaskStatus,
};
use futures::FutureExt;
use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex};
use tracing::Instrument;

/// Settings the manager needs.
#[derive(Debug, Clone)]
pub(crate) struct Config {
    /// Events a subscriber may fall behind by before its stream is closed.
    pub(crate) subscriber_buffer: usize,
}

/// State shared by every request and every running task.
pub(crate) struct Shared {
    pub(crate) store: Arc<dyn DynTaskStore>,
    pub(crate) executor: Arc<dyn DynExecutor>,
    pub(crate) config: Config,
    /// Tasks held in memory, by tenant and id: those an agent is working on, and paused
    /// ones with waiting subscribers.
    running: Mutex<HashMap<(String, TaskId), Arc<LiveTask>>>,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared").field("config", &self.config).finish_non_exhaustive()
    }
}

/// What a message started.
pub(crate) enum Started {
    /// A direct answer, no task.
    Message(Box<Message>),
    /// A task; the subscription starts with its `Task` event.
    Task(Arc<LiveTask>, Subscription),
}

/// The request a message arrived with, beyond the protocol fields.
pub(crate) struct Incoming {
    pub(crate) tenant: String,
    pub(crate) request: SendMessageRequest,
    pub(crate) extensions: Vec<String>,
    pub(crate) http: http::request::Parts,
}

/// Keeps the `history_length` most recent messages of a task copy; `None` keeps all.
pub(crate) fn trim_history(mut task: Task, history_length: Option<i32>) -> Task {
    if let Some(n) = history_length {
        let n = usize::try_from(n.max(0)).unwrap_or(0);
        let len = task.history.len();
        if len > n {
            task.history.drain(..len - n);
        }
    }
    task
}

fn not_found(id: &TaskId) -> Error {
    Error::protocol(ErrorCode::TaskNotFound, format!("task {id} not found"))
}

fn invalid(message: impl Into<String>) -> Error {
    Error::protocol(ErrorCode::InvalidParams, message)
}

impl Shared {
    pub(crate) fn new(store: Arc<dyn DynTaskStore>, executor: Arc<dyn DynExecutor>, config: Config) -> Arc<Self> {
        Arc::new(Self { store, executor, config, running: Mutex::default() })
    }

    fn running(&self) -> std::sync::MutexGuard<'_, HashMap<(String, TaskId), Arc<LiveTask>>> {
        self.running.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub(crate) fn register(&self, live: Arc<LiveTask>) {
        self.running().insert((live.tenant.clone(), live.id.clone()), live);
    }

    pub(crate) fn unregister(&self, live: &LiveTask) {
        let mut running = self.running();
        let key = (live.tenant.clone(), live.id.clone());
        if running.get(&key).is_some_and(|l| std::ptr::eq(&**l, live)) {
            running.remove(&key);
        }
    }

    /// Registers `live` unless a live task with its id is registered already, and returns
    /// the one that is.
    fn register_if_absent(&self, live: Arc<LiveTask>) -> Arc<LiveTask> {
        self.running().entry((live.tenant.clone(), live.id.clone())).or_insert(live).clone()
    }

    /// Unregisters `live` if nothing holds it any more.
    pub(crate) async fn release(&self, live: &LiveTask) {
        if live.is_idle().await {
            self.unregister(live);
        }
    }

    /// A live task for a stored one (not registered).
    fn live_from(&self, tenant: &str, stored: StoredTask) -> Arc<LiveTask> {
        LiveTask::resume(
            tenant.to_string(),
            stored.task,
            stored.version,
            self.store.clone(),
            self.config.subscriber_buffer,
        )
    }

    fn live(&self, tenant: &str, id: &TaskId) -> Option<Arc<LiveTask>> {
        self.running().get(&(tenant.to_string(), id.clone())).cloned()
    }

    /// The task as it is now, from the running agent or the store.
    async fn current(&self, tenant: &str, id: &TaskId) -> Result<Option<Task>, Error> {
        if let Some(live) = self.live(tenant, id) {
            return Ok(Some(live.snapshot().await));
        }
        Ok(self.store.load(tenant, id).await?.map(|s| s.task))
    }

    /// Hands a message to the agent: a new task, or the next turn of a waiting one.
    pub(crate) async fn send(self: &Arc<Self>, incoming: Incoming) -> Result<Started, Error> {
        let message = &incoming.request.message;
        if message.message_id.as_str().is_empty() {
            return Err(invalid("message.messageId must not be empty"));
        }
        if message.parts.is_empty() {
            return Err(invalid("message.parts must hold at least one part"));
        }
        match message.task_id.clone() {
            Some(task_id) => self.continue_task(incoming, task_id).await,
            None => self.start_task(incoming).await,
        }
    }

    async fn start_task(self: &Arc<Self>, incoming: Incoming) -> Result<Started, Error> {
        let task_id = TaskId::random();
        let context_id = incoming.request.message.context_id.clone().unwrap_or_else(ContextId::random);
        let mut message = incoming.request.message.clone();
        message.task_id = Some(task_id.clone());
        message.context_id = Some(context_id.clone());
        let initial = Task::new(task_id.clone(), TaskStatus::now(TaskState::Submitted))
            .with_context_id(context_id.clone())
            .with_history([message.clone()]);
        let (start_tx, start_rx) = tokio::sync::oneshot::channel();
        let shared = UpdaterShared::pending(self.clone(), incoming.tenant.clone(), initial, start_tx);
        let ctx = context(incoming, message, None, task_id, context_id);
        self.spawn(ctx, shared);
        match start_rx.await {
            Ok(Start::Reply(m)) => Ok(Started::Message(m)),
            Ok(Start::Task(live, sub)) => Ok(Started::Task(live, sub)),
            Ok(Start::Refused(e)) => Err(e),
            Err(_) => Err(Error::protocol(ErrorCode::Internal, "the agent ended without an answer")),
        }
    }

    async fn continue_task(self: &Arc<Self>, incoming: Incoming, task_id: TaskId) -> Result<Started, Error> {
        let tenant = incoming.tenant.clone();
        let live = match self.live(&tenant, &task_id) {
            Some(live) => live,
            None => {
                let stored = self.store.load(&tenant, &task_id).await?.ok_or_else(|| not_found(&task_id))?;
                let live = self.live_from(&tenant, stored);
                self.register_if_absent(live)
            }
        };
        let before = live.snapshot().await;
        let context_id = before.context_id.clone().unwrap_or_default();
        if let Some(given) = &incoming.request.message.context_id {
            if *given != context_id {
                return Err(invalid(format!(
                    "message.contextId {given} does not match the context {context_id} of task {task_id}"
                )));
            }
        }
        let state = before.status.state;
        if state.is_terminal() {
            return Err(Error::protocol(
                ErrorCode::UnsupportedOperation,
                format!("task {task_id} is {state} and accepts no more messages"),
            ));
        }
        let mut message = incoming.request.message.clone();
        message.context_id = Some(context_id.clone());
        match live.resume_with(message.clone()).await {
            Ok(()) => {}
            Err(e) if e.is_task_closed() || e.is_conflict() => {
                self.release(&live).await;
                return Err(Error::protocol(
                    ErrorCode::UnsupportedOperation,
                    format!("task {task_id} is still being worked on; send the next message when it asks for input"),
                ));
            }
            Err(e) => {
                self.release(&live).await;
                return Err(e);
            }
        }
        let sub = live.subscribe().await;
        let shared = UpdaterShared::live(self.clone(), live.clone(), context_id.clone());
        let ctx = context(incoming, message, Some(before), task_id, context_id);
        self.spawn(ctx, shared);
        Ok(Started::Task(live, sub))
    }

    /// Runs the agent detached from the request, and cleans up after it.
    fn spawn(self: &Arc<Self>, ctx: RequestContext, shared: Arc<UpdaterShared>) {
        let executor = self.executor.clone();
        let span = tracing::info_span!("a2a.task", task_id = %ctx.task_id, context_id = %ctx.context_id);
        tokio::spawn(
            async move {
                let updater = shared.updater();
                let outcome = match AssertUnwindSafe(executor.execute(ctx, updater)).catch_unwind().await {
                    Ok(outcome) => outcome,
                    Err(panic) => Err(Error::agent(format!("the agent panicked: {}", panic_message(&panic)))),
                };
                shared.finish(outcome).await;
            }
            .instrument(span),
        );
    }

    /// `SendMessage`: waits for a terminal or interrupted state unless told not to.
    pub(crate) async fn send_blocking(
        self: &Arc<Self>,
        incoming: Incoming,
    ) -> Result<a2a_types::SendMessageResponse, Error> {
        let config = incoming.request.configuration.clone().unwrap_or_default();
        match self.send(incoming).await? {
            Started::Message(m) => Ok(a2a_types::SendMessageResponse::Message(*m)),
            Started::Task(live, sub) => {
                drop(sub);
                if !config.return_immediately {
                    live.wait_closed().await;
                }
                let task = trim_history(live.snapshot().await, config.history_length);
                Ok(a2a_types::SendMessageResponse::Task(task))
            }
        }
    }

    /// `GetTask`.
    pub(crate) async fn get(&self, tenant: &str, id: &TaskId, history_length: Option<i32>) -> Result<Task, Error> {
        if history_length.is_some_and(|n| n < 0) {
            return Err(invalid("historyLength must not be negative"));
        }
        let task = self.current(tenant, id).await?.ok_or_else(|| not_found(id))?;
        Ok(trim_history(task, history_length))
    }

    /// `ListTasks`.
    pub(crate) async fn list(&self, tenant: &str, req: &ListTasksRequest) -> Result<ListTasksResponse, Error> {
        let page_size = match req.page_size {
            None => 50,
            Some(n @ 1..=100) => n,
            Some(n) => return Err(invalid(format!("pageSize must be between 1 and 100, not {n}"))),
        };
        if req.history_length.is_some_and(|n| n < 0) {
            return Err(invalid("historyLength must not be negative"));
        }
        let after = match req.page_token.as_deref() {
            None | Some("") => None,
            Some(token) => Some(Cursor::from_token(token).ok_or_else(|| invalid("pageToken is not valid"))?),
        };
        let mut query = TaskQuery::new(tenant, page_size as usize);
        query.context_id = req.context_id.clone();
        query.state = req.status.filter(|s| *s != TaskState::Unspecified);
        query.updated_after = req.status_timestamp_after;
        query.after = after;
        let page = self.store.list(&query).await?;
        let include_artifacts = req.include_artifacts.unwrap_or(false);
        let tasks: Vec<Task> = page
            .tasks
            .into_iter()
            .map(|t| {
                let mut t = trim_history(t, req.history_length);
                if !include_artifacts {
                    t.artifacts.clear();
                }
                t
            })
            .collect();
        let next = page.next.map(|c| c.to_token()).unwrap_or_default();
        Ok(ListTasksResponse::new(tasks, next, page_size, i32::try_from(page.total).unwrap_or(i32::MAX)))
    }

    /// `CancelTask`: asks the agent to cancel; the task's final state decides the answer.
    pub(crate) async fn cancel(self: &Arc<Self>, tenant: &str, id: &TaskId) -> Result<Task, Error> {
        let not_cancelable =
            |state: TaskState| Error::protocol(ErrorCode::TaskNotCancelable, format!("task {id} is {state}"));
        let live = match self.live(tenant, id) {
            Some(live) => live,
            None => {
                let stored = self.store.load(tenant, id).await?.ok_or_else(|| not_found(id))?;
                if stored.task.status.state.is_terminal() {
                    return Err(not_cancelable(stored.task.status.state));
                }
                let live = self.live_from(tenant, stored);
                self.register_if_absent(live)
            }
        };
        let canceling = live.canceling.lock().await;
        let task = live.snapshot().await;
        if task.status.state.is_terminal() {
            return Err(not_cancelable(task.status.state));
        }
        live.request_cancel();
        let context_id = task.context_id.clone().unwrap_or_default();
        let shared = UpdaterShared::live(self.clone(), live.clone(), context_id);
        let outcome = self.executor.cancel(task, shared.updater()).await;
        drop(canceling);
        self.release(&live).await;
        let task = live.snapshot().await;
        if task.status.state != TaskState::Canceled {
            live.withdraw_cancel();
        }
        match (task.status.state, outcome) {
            (TaskState::Canceled, _) => Ok(task),
            (_, Err(e)) if matches!(e.kind(), ErrorKind::Protocol(_)) => Err(e),
            (state, _) => Err(not_cancelable(state)),
        }
    }

    /// `SubscribeToTask`: the task now, then its events. A paused task's subscription
    /// waits for the task to go on; it is not ended by the pause it starts in.
    pub(crate) async fn subscribe(self: &Arc<Self>, tenant: &str, id: &TaskId) -> Result<Subscription, Error> {
        let terminal = |state: TaskState| {
            Error::protocol(
                ErrorCode::UnsupportedOperation,
                format!("task {id} is {state}; there is nothing to follow"),
            )
        };
        let live = match self.live(tenant, id) {
            Some(live) => live,
            None => {
                let stored = self.store.load(tenant, id).await?.ok_or_else(|| not_found(id))?;
                let state = stored.task.status.state;
                let live = self.live_from(tenant, stored);
                if !state.is_interrupted() {
                    // Terminal, or left unfinished by a server that went away: nobody will
                    // update it, so its snapshot is all there is.
                    return if state.is_terminal() { Err(terminal(state)) } else { Ok(live.subscribe().await) };
                }
                self.register_if_absent(live)
            }
        };
        let task = live.snapshot().await;
        if task.status.state.is_terminal() {
            return Err(terminal(task.status.state));
        }
        // A paused task is held in memory only for its waiting subscribers: when the last
        // one leaves, let it go, or abandoned tasks would pile up.
        let manager = Arc::downgrade(self);
        let held = live.clone();
        Ok(live.subscribe().await.on_drop(move || {
            let (Some(manager), Ok(runtime)) = (manager.upgrade(), tokio::runtime::Handle::try_current()) else {
                return;
            };
            runtime.spawn(async move { manager.release(&held).await });
        }))
    }
}

fn context(
    incoming: Incoming,
    message: Message,
    task: Option<Task>,
    task_id: TaskId,
    context_id: ContextId,
) -> RequestContext {
    RequestContext {
        message,
        task,
        task_id,
        context_id,
        tenant: incoming.tenant,
        configuration: incoming.request.configuration,
        metadata: incoming.request.metadata,
        extensions: incoming.extensions,
        http: incoming.http,
    }
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> &str {
    panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("no message")
}
