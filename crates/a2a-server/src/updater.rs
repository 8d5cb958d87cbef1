//! [`TaskUpdater`]: the only way an agent changes a task.
//!
//! A new task is created lazily, on the first update, so an agent can instead answer with
//! a plain message ([`TaskUpdater::reply`]) and no task ever exists.

use crate::Error;
use crate::live::{LiveTask, Subscription};
use crate::manager::Shared as ManagerShared;
use a2a_types::{
    Artifact, ContextId, ErrorCode, Message, StreamResponse, Task, TaskArtifactUpdateEvent, TaskId, TaskState,
    TaskStatus, TaskStatusUpdateEvent,
};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::sync::{Mutex, oneshot, watch};

/// How an execution started, as the request that triggered it learns.
pub(crate) enum Start {
    /// The agent answered with a message and no task.
    Reply(Box<Message>),
    /// The task exists; the subscription starts with its `Task` event.
    Task(Arc<LiveTask>, Subscription),
    /// The agent refused the request with a protocol error before creating a task.
    Refused(Error),
}

/// Reports an agent's progress on one task: status changes, artifacts, and the final state.
///
/// Every method stores the change and streams it to every subscriber before it returns.
/// The terminal methods ([`complete`](Self::complete), [`fail`](Self::fail),
/// [`reject`](Self::reject), [`cancel`](Self::cancel)) and the interrupting ones
/// ([`input_required`](Self::input_required), [`auth_required`](Self::auth_required))
/// take `self`, so the compiler rules out updates after them. An update fails with an
/// error of kind [`TaskClosed`](crate::ErrorKind::TaskClosed) if the task was closed
/// meanwhile by someone else, such as a client canceling it.
///
/// Messages passed in get the task's `taskId` and `contextId` filled in.
#[derive(Debug)]
pub struct TaskUpdater {
    shared: Arc<UpdaterShared>,
}

/// See [`UpdaterShared::pace`].
const YIELD_EVERY: u64 = 16;

#[derive(Debug)]
pub(crate) struct UpdaterShared {
    task_id: TaskId,
    context_id: ContextId,
    tenant: String,
    cell: Mutex<Cell>,
    cancel_rx: watch::Receiver<bool>,
    manager: Arc<ManagerShared>,
    /// Set once this execution put the task in a terminal or interrupted state. Its turn
    /// is then over: when `execute` returns, the task may already be in a follow-up's
    /// turn, which is not this execution's to fail.
    handed_back: AtomicBool,
    /// Updates sent so far, for [`UpdaterShared::pace`].
    sent: std::sync::atomic::AtomicU64,
}

#[derive(Debug)]
enum Cell {
    /// No task yet: the first update creates `initial`.
    Pending {
        initial: Box<Task>,
        start: Option<oneshot::Sender<Start>>,
        cancel_tx: watch::Sender<bool>,
    },
    Live(Arc<LiveTask>),
    Replied,
}

impl std::fmt::Debug for Start {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Start::Reply(_) => f.write_str("Start::Reply"),
            Start::Task(live, _) => write!(f, "Start::Task({})", live.id),
            Start::Refused(e) => write!(f, "Start::Refused({e})"),
        }
    }
}

impl UpdaterShared {
    /// For a new task: nothing is stored until the first update.
    pub(crate) fn pending(
        manager: Arc<ManagerShared>,
        tenant: String,
        initial: Task,
        start: oneshot::Sender<Start>,
    ) -> Arc<Self> {
        let (cancel_tx, cancel_rx) = watch::channel(false);
        Arc::new(Self {
            task_id: initial.id.clone(),
            context_id: initial.context_id.clone().unwrap_or_default(),
            tenant,
            cell: Mutex::new(Cell::Pending { initial: Box::new(initial), start: Some(start), cancel_tx }),
            cancel_rx,
            manager,
            handed_back: AtomicBool::new(false),
            sent: std::sync::atomic::AtomicU64::new(0),
        })
    }

    /// For a task that is live already.
    pub(crate) fn live(manager: Arc<ManagerShared>, live: Arc<LiveTask>, context_id: ContextId) -> Arc<Self> {
        Arc::new(Self {
            task_id: live.id.clone(),
            context_id,
            tenant: live.tenant.clone(),
            cancel_rx: live.cancel_signal(),
            cell: Mutex::new(Cell::Live(live)),
            manager,
            handed_back: AtomicBool::new(false),
            sent: std::sync::atomic::AtomicU64::new(0),
        })
    }

    pub(crate) fn updater(self: &Arc<Self>) -> TaskUpdater {
        TaskUpdater { shared: self.clone() }
    }

    /// The live task, creating and storing it on first use.
    async fn live_task(&self) -> Result<Arc<LiveTask>, Error> {
        let mut cell = self.cell.lock().await;
        match &mut *cell {
            Cell::Live(live) => Ok(live.clone()),
            Cell::Replied => Err(Error::closed()),
            Cell::Pending { initial, start, cancel_tx } => {
                let (live, sub) = LiveTask::create(
                    self.tenant.clone(),
                    (**initial).clone(),
                    self.manager.store.clone(),
                    self.manager.config.subscriber_buffer,
                    cancel_tx.clone(),
                )
                .await?;
                self.manager.register(live.clone());
                if let Some(start) = start.take() {
                    // The request may have gone away; the task runs on regardless.
                    let _ = start.send(Start::Task(live.clone(), sub));
                }
                *cell = Cell::Live(live.clone());
                Ok(live)
            }
        }
    }

    /// Yields to the scheduler after the first update and then after every
    /// [`YIELD_EVERY`]th, so that an agent whose updates never wait cannot run far ahead of
    /// the connections that carry its events (the first event, above all), while a fast
    /// agent's events are still written in batches rather than one wake-up each.
    async fn pace(&self) {
        let n = self.sent.fetch_add(1, Ordering::Relaxed) + 1;
        if n == 1 || n % YIELD_EVERY == 0 {
            tokio::task::yield_now().await;
        }
    }

    fn stamp(&self, message: Option<Message>) -> Option<Message> {
        message.map(|mut m| {
            m.task_id = Some(self.task_id.clone());
            m.context_id = Some(self.context_id.clone());
            m
        })
    }

    async fn set_status(&self, state: TaskState, message: Option<Message>) -> Result<(), Error> {
        let live = self.live_task().await?;
        let mut status = TaskStatus::now(state);
        status.message = self.stamp(message);
        let event = TaskStatusUpdateEvent::new(self.task_id.clone(), self.context_id.clone(), status);
        live.apply(StreamResponse::StatusUpdate(event)).await?;
        if state.ends_stream() {
            self.handed_back.store(true, Ordering::Release);
        }
        self.pace().await;
        Ok(())
    }

    /// Called when `execute` is over: a task left open is failed with `reason`, and a
    /// request still waiting for its start learns the outcome.
    pub(crate) async fn finish(&self, outcome: Result<(), Error>) {
        let refused = {
            let mut cell = self.cell.lock().await;
            match (&mut *cell, outcome) {
                (Cell::Pending { start, .. }, Err(e)) if e.code().is_some() => {
                    if let Some(start) = start.take() {
                        let _ = start.send(Start::Refused(e));
                    }
                    *cell = Cell::Replied;
                    true
                }
                (_, outcome) => {
                    drop(cell);
                    self.fail_if_open(outcome).await;
                    false
                }
            }
        };
        if !refused {
            let live = match &*self.cell.lock().await {
                Cell::Live(live) => Some(live.clone()),
                _ => None,
            };
            if let Some(live) = live {
                self.manager.release(&live).await;
            }
        }
    }

    async fn fail_if_open(&self, outcome: Result<(), Error>) {
        if self.handed_back.load(Ordering::Acquire) {
            return;
        }
        if let Cell::Live(live) = &*self.cell.lock().await {
            // An agent that stopped because of a cancel request: the cancel decides.
            let _canceling = live.canceling.lock().await;
            if live.is_closed().await {
                return;
            }
        } else if matches!(&*self.cell.lock().await, Cell::Replied) {
            return;
        }
        let reason = match outcome {
            Ok(()) => "the agent stopped without finishing the task".to_string(),
            Err(e) => e.to_string(),
        };
        tracing::warn!(task_id = %self.task_id, %reason, "failing task left open by its agent");
        if let Err(e) = self.set_status(TaskState::Failed, Some(Message::agent_text(reason))).await {
            if !e.is_task_closed() {
                tracing::error!(task_id = %self.task_id, error = %e, "could not record the task's failure");
            }
        }
    }
}

impl TaskUpdater {
    /// The task's id.
    pub fn task_id(&self) -> &TaskId {
        &self.shared.task_id
    }

    /// The task's context id.
    pub fn context_id(&self) -> &ContextId {
        &self.shared.context_id
    }

    /// Creates the task now, in state SUBMITTED, if no update created it yet.
    pub async fn submit(&self) -> Result<(), Error> {
        self.shared.live_task().await.map(drop)
    }

    /// Moves the task to WORKING, with an optional progress message.
    pub async fn working(&self, message: impl Into<Option<Message>>) -> Result<(), Error> {
        self.shared.set_status(TaskState::Working, message.into()).await
    }

    /// Adds a whole artifact (a single chunk that is also the last).
    pub async fn artifact(&self, artifact: Artifact) -> Result<(), Error> {
        self.artifact_chunk(artifact, false, true).await
    }

    /// Streams a chunk of an artifact. With `append`, the parts extend the artifact with
    /// the same id; without it, they start (or replace) it. `last_chunk` marks the end.
    pub async fn artifact_chunk(&self, artifact: Artifact, append: bool, last_chunk: bool) -> Result<(), Error> {
        let live = self.shared.live_task().await?;
        let event = TaskArtifactUpdateEvent::new(self.shared.task_id.clone(), self.shared.context_id.clone(), artifact)
            .with_append(append)
            .with_last_chunk(last_chunk);
        live.apply(StreamResponse::ArtifactUpdate(event)).await?;
        self.shared.pace().await;
        Ok(())
    }

    /// Answers with a message instead of a task. Only possible before any other update
    /// (a new turn that created no task); afterwards it fails with `UnsupportedOperation`.
    pub async fn reply(self, message: Message) -> Result<(), Error> {
        let mut cell = self.shared.cell.lock().await;
        match &mut *cell {
            Cell::Pending { start, .. } => {
                let mut message = message;
                message.context_id = Some(self.shared.context_id.clone());
                if let Some(start) = start.take() {
                    let _ = start.send(Start::Reply(Box::new(message)));
                }
                *cell = Cell::Replied;
                Ok(())
            }
            _ => Err(Error::protocol(
                ErrorCode::UnsupportedOperation,
                "a task exists already; report through its status instead of a direct reply",
            )),
        }
    }

    /// Completes the task (terminal).
    pub async fn complete(self, message: impl Into<Option<Message>>) -> Result<(), Error> {
        self.shared.set_status(TaskState::Completed, message.into()).await
    }

    /// Fails the task (terminal); the message should say why.
    pub async fn fail(self, message: impl Into<Option<Message>>) -> Result<(), Error> {
        self.shared.set_status(TaskState::Failed, message.into()).await
    }

    /// Rejects the task: the agent will not do it (terminal).
    pub async fn reject(self, message: impl Into<Option<Message>>) -> Result<(), Error> {
        self.shared.set_status(TaskState::Rejected, message.into()).await
    }

    /// Marks the task canceled (terminal).
    pub async fn cancel(self, message: impl Into<Option<Message>>) -> Result<(), Error> {
        self.shared.set_status(TaskState::Canceled, message.into()).await
    }

    /// Pauses the task until the client sends more input (interrupted). The message
    /// should say what is needed.
    pub async fn input_required(self, message: impl Into<Option<Message>>) -> Result<(), Error> {
        self.shared.set_status(TaskState::InputRequired, message.into()).await
    }

    /// Pauses the task until the client authenticates (interrupted).
    pub async fn auth_required(self, message: impl Into<Option<Message>>) -> Result<(), Error> {
        self.shared.set_status(TaskState::AuthRequired, message.into()).await
    }

    /// Whether a client asked to cancel the task.
    pub fn is_cancelled(&self) -> bool {
        *self.shared.cancel_rx.borrow()
    }

    /// Resolves when a client asks to cancel the task: `select!` on it in long work.
    pub async fn cancelled(&self) {
        let mut rx = self.shared.cancel_rx.clone();
        // An error means the task is gone, which also means: stop.
        let _ = rx.wait_for(|c| *c).await;
    }
}
