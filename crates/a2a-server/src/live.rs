//! [`LiveTask`]: a task that is being worked on, its event sequence and its subscribers.
//!
//! Every change to a task goes through [`LiveTask::apply`], under one lock: the change is
//! applied to the task, saved to the store (compare-and-swap on the version), numbered,
//! and only then sent to subscribers. So every subscriber sees the same events in the same
//! order, a subscriber that joins gets a snapshot consistent with the events that follow
//! it, and a state that was reached is never reverted by a racing update.

use crate::Error;
use crate::store::DynTaskStore;
use a2a_types::{Artifact, StreamResponse, Task, TaskArtifactUpdateEvent, TaskId};
use bytes::Bytes;
use std::sync::{Arc, OnceLock};
use tokio::sync::{Mutex, mpsc, watch};

/// One event of a task's stream, numbered by the stored task's version.
///
/// The store raises the version by one with every saved change, so the numbers rise by one
/// per event over the whole life of the task, across executions and server restarts.
///
/// A handle to shared data: every subscriber's queue holds one pointer per event, so an
/// idle subscriber's channel stays small and sending to many subscribers is one reference
/// count each.
#[derive(Debug, Clone)]
pub(crate) struct Event(Arc<EventData>);

/// What an [`Event`] shares among its subscribers.
#[derive(Debug)]
pub(crate) struct EventData {
    /// The task's version after this event: the SSE `id:`.
    pub(crate) seq: u64,
    /// The event itself.
    pub(crate) response: StreamResponse,
    /// `response` as JSON, encoded once for every subscriber.
    pub(crate) json: Bytes,
    /// `response` in the v0.3 dialect, encoded on first use and shared by every v0.3
    /// subscriber.
    v0_3: OnceLock<Result<Bytes, String>>,
    /// `response` in the JSON of the v0.3 proto (v0.3 REST), likewise made once.
    v0_3_rest: OnceLock<Bytes>,
}

impl std::ops::Deref for Event {
    type Target = EventData;

    fn deref(&self) -> &EventData {
        &self.0
    }
}

impl Event {
    pub(crate) fn new(seq: u64, response: StreamResponse) -> Self {
        let json = serde_json::to_vec(&response).expect("protocol types always serialize");
        Self(Arc::new(EventData {
            seq,
            response,
            json: Bytes::from(json),
            v0_3: OnceLock::new(),
            v0_3_rest: OnceLock::new(),
        }))
    }

    /// The event as a v0.3 `StreamEvent` (JSON-RPC dialect, with `kind` tags and `final`),
    /// or why it has no v0.3 form.
    pub(crate) fn v0_3_json(&self) -> Result<&Bytes, &str> {
        let encoded = self.v0_3.get_or_init(|| {
            a2a_types::v0_3::StreamEvent::try_from(self.response.clone())
                .map(|event| Bytes::from(serde_json::to_vec(&event).expect("protocol types always serialize")))
                .map_err(|e| e.to_string())
        });
        encoded.as_ref().map_err(String::as_str)
    }

    /// The event in the JSON of the v0.3 proto, for v0.3 REST subscribers.
    pub(crate) fn v0_3_rest_json(&self) -> &Bytes {
        self.v0_3_rest.get_or_init(|| crate::compat::rest::event_json(&self.response))
    }

    /// Whether the stream ends after this event: a message, a status update into a
    /// terminal or interrupted state, or a `Task` snapshot of a terminal task. A snapshot
    /// of a paused task does not end a stream: its subscriber waits for the task to go on.
    pub(crate) fn is_final(&self) -> bool {
        match &self.response {
            StreamResponse::Task(t) => t.status.state.is_terminal(),
            other => other.is_final(),
        }
    }
}

/// The receiving end of a subscription: events in order, closed after the final one, or
/// early if the subscriber fell too far behind.
pub(crate) struct Subscription {
    rx: mpsc::Receiver<Event>,
    /// Run when the subscriber goes away, to let go of a task nobody else holds.
    on_drop: Option<Box<dyn FnOnce() + Send + Sync>>,
}

impl Subscription {
    fn new(rx: mpsc::Receiver<Event>) -> Self {
        Self { rx, on_drop: None }
    }

    /// Calls `f` when the subscription is dropped.
    pub(crate) fn on_drop(mut self, f: impl FnOnce() + Send + Sync + 'static) -> Self {
        self.on_drop = Some(Box::new(f));
        self
    }

    pub(crate) fn poll_recv(&mut self, cx: &mut std::task::Context<'_>) -> std::task::Poll<Option<Event>> {
        self.rx.poll_recv(cx)
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        // Close the channel first, so the live task sees this subscriber as gone.
        self.rx.close();
        if let Some(f) = self.on_drop.take() {
            f();
        }
    }
}

impl std::fmt::Debug for Subscription {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Subscription").finish_non_exhaustive()
    }
}

/// A subscription holding one event and then closed: a direct message reply.
pub(crate) fn single(response: StreamResponse) -> Subscription {
    let (tx, rx) = mpsc::channel(1);
    let _ = tx.try_send(Event::new(0, response));
    Subscription::new(rx)
}

pub(crate) struct LiveTask {
    pub(crate) tenant: String,
    pub(crate) id: TaskId,
    state: Mutex<State>,
    cancel_tx: watch::Sender<bool>,
    /// Held while a `CancelTask` runs, so that an agent that stops on the cancel request
    /// leaves the final state to `AgentExecutor::cancel` instead of failing the task.
    pub(crate) canceling: Mutex<()>,
    closed_tx: watch::Sender<bool>,
    store: Arc<dyn DynTaskStore>,
    buffer: usize,
}

impl std::fmt::Debug for LiveTask {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveTask").field("tenant", &self.tenant).field("id", &self.id).finish_non_exhaustive()
    }
}

struct State {
    task: Task,
    version: u64,
    subscribers: Vec<mpsc::Sender<Event>>,
}

impl LiveTask {
    /// A live task for a task that is already stored at `version`.
    pub(crate) fn resume(
        tenant: String,
        task: Task,
        version: u64,
        store: Arc<dyn DynTaskStore>,
        buffer: usize,
    ) -> Arc<Self> {
        Self::with_cancel(tenant, task, version, store, buffer, watch::channel(false).0)
    }

    fn with_cancel(
        tenant: String,
        task: Task,
        version: u64,
        store: Arc<dyn DynTaskStore>,
        buffer: usize,
        cancel_tx: watch::Sender<bool>,
    ) -> Arc<Self> {
        let ends = task.status.state.ends_stream();
        Arc::new(Self {
            tenant,
            id: task.id.clone(),
            state: Mutex::new(State { task, version, subscribers: Vec::new() }),
            cancel_tx,
            canceling: Mutex::new(()),
            closed_tx: watch::channel(ends).0,
            store,
            buffer,
        })
    }

    /// Creates and stores a new task, returning it live with a first subscriber that
    /// starts with the `Task` event.
    pub(crate) async fn create(
        tenant: String,
        task: Task,
        store: Arc<dyn DynTaskStore>,
        buffer: usize,
        cancel_tx: watch::Sender<bool>,
    ) -> Result<(Arc<Self>, Subscription), Error> {
        let version = store.save(&tenant, &task, None).await?;
        let live = Self::with_cancel(tenant, task, version, store, buffer, cancel_tx);
        let sub = live.subscribe().await;
        Ok((live, sub))
    }

    /// A copy of the task as it is now.
    pub(crate) async fn snapshot(&self) -> Task {
        self.state.lock().await.task.clone()
    }

    /// Subscribes: the first event is a `Task` snapshot numbered with the current version,
    /// then every later event. A terminal task's subscription holds only the snapshot; a
    /// paused task's waits for the task to go on.
    pub(crate) async fn subscribe(&self) -> Subscription {
        let mut state = self.state.lock().await;
        let (tx, rx) = mpsc::channel(self.buffer);
        let snapshot = Event::new(state.version, StreamResponse::Task(state.task.clone()));
        // A fresh channel has room for at least one event.
        let _ = tx.try_send(snapshot);
        if !state.task.status.state.is_terminal() {
            state.subscribers.retain(|s| !s.is_closed());
            state.subscribers.push(tx);
        }
        Subscription::new(rx)
    }

    /// Applies one change, stores it, and sends it to every subscriber.
    ///
    /// Fails with [`Error::closed`] once the task is in a terminal state; a store failure
    /// leaves the task as it was. An update into a terminal or interrupted state ends
    /// every subscriber's stream.
    pub(crate) async fn apply(&self, update: StreamResponse) -> Result<(), Error> {
        let mut state = self.state.lock().await;
        if state.task.status.state.is_terminal() {
            return Err(Error::closed());
        }
        // Applied in place, and undone if the store refuses it: copying the whole task per
        // update would make a long stream quadratic in its history.
        let undo = apply_to(&mut state.task, &update);
        self.commit(&mut state, update, undo).await
    }

    /// Resumes a paused task with the client's next message: the message joins the
    /// history, the task is WORKING again, and waiting subscribers get that status.
    /// Fails with [`Error::closed`] unless the task is paused.
    pub(crate) async fn resume_with(&self, message: a2a_types::Message) -> Result<(), Error> {
        let mut state = self.state.lock().await;
        if !state.task.status.state.is_interrupted() {
            return Err(Error::closed());
        }
        let task = &mut state.task;
        let undo = Undo::Status { status: Box::new(task.status.clone()), history_len: task.history.len() };
        task.history.push(message);
        task.status = a2a_types::TaskStatus::now(a2a_types::TaskState::Working);
        let context_id = task.context_id.clone().unwrap_or_default();
        let update = StreamResponse::StatusUpdate(a2a_types::TaskStatusUpdateEvent::new(
            task.id.clone(),
            context_id,
            task.status.clone(),
        ));
        self.commit(&mut state, update, undo).await
    }

    /// Saves the task as `state` now holds it and sends `update` to subscribers; if the
    /// store refuses, `undo` puts the task back as it was, so nothing unsaved is ever seen.
    async fn commit(&self, state: &mut State, update: StreamResponse, undo: Undo) -> Result<(), Error> {
        let version = match self.store.save(&self.tenant, &state.task, Some(state.version)).await {
            Ok(version) => version,
            Err(e) => {
                undo.revert(&mut state.task);
                return Err(e);
            }
        };
        state.version = version;
        let event = Event::new(version, update);
        state.subscribers.retain(|tx| {
            // A full buffer means the subscriber fell behind: dropping its sender closes
            // its stream (it can resubscribe) instead of stalling the agent.
            tx.try_send(event.clone()).is_ok()
        });
        let ends = state.task.status.state.ends_stream();
        if event.is_final() {
            state.subscribers.clear();
        }
        self.closed_tx.send_replace(ends);
        Ok(())
    }

    /// Resolves once the task is in a terminal or interrupted state.
    pub(crate) async fn wait_closed(&self) {
        let mut rx = self.closed_tx.subscribe();
        let _ = rx.wait_for(|c| *c).await;
    }

    /// Whether the task is in a terminal or interrupted state.
    pub(crate) async fn is_closed(&self) -> bool {
        self.state.lock().await.task.status.state.ends_stream()
    }

    /// Whether nothing holds this live task: no agent could be working on it (it is
    /// terminal or paused) and no subscriber waits on it.
    pub(crate) async fn is_idle(&self) -> bool {
        let mut state = self.state.lock().await;
        state.subscribers.retain(|s| !s.is_closed());
        state.task.status.state.ends_stream() && state.subscribers.is_empty()
    }

    /// Asks the agent to stop: [`TaskUpdater::cancelled`](crate::TaskUpdater::cancelled)
    /// resolves.
    pub(crate) fn request_cancel(&self) {
        self.cancel_tx.send_replace(true);
    }

    /// Withdraws a cancel request the agent refused, so later work is not told to stop.
    pub(crate) fn withdraw_cancel(&self) {
        self.cancel_tx.send_replace(false);
    }

    pub(crate) fn cancel_signal(&self) -> watch::Receiver<bool> {
        self.cancel_tx.subscribe()
    }
}

/// What an event does to the stored task.
/// How to take back one update applied in place: only what the update touched is kept.
#[derive(Debug)]
enum Undo {
    /// The status before, and the history's length (an update may add its message).
    Status { status: Box<a2a_types::TaskStatus>, history_len: usize },
    /// The history's length before a message joined it.
    History(usize),
    /// An artifact chunk was appended to the artifact at this index, which had this many parts.
    Appended { index: usize, parts_len: usize },
    /// The artifact at this index was replaced; this is the old one.
    Replaced { index: usize, old: Box<Artifact> },
    /// A new artifact was pushed.
    Pushed,
    /// The whole task was replaced.
    Whole(Box<Task>),
    /// Nothing changed.
    Nothing,
}

impl Undo {
    fn revert(self, task: &mut Task) {
        match self {
            Self::Status { status, history_len } => {
                task.status = *status;
                task.history.truncate(history_len);
            }
            Self::History(len) => task.history.truncate(len),
            Self::Appended { index, parts_len } => task.artifacts[index].parts.truncate(parts_len),
            Self::Replaced { index, old } => task.artifacts[index] = *old,
            Self::Pushed => {
                task.artifacts.pop();
            }
            Self::Whole(old) => *task = *old,
            Self::Nothing => {}
        }
    }
}

/// Applies `update` to `task` in place; returns how to take it back.
fn apply_to(task: &mut Task, update: &StreamResponse) -> Undo {
    match update {
        StreamResponse::StatusUpdate(e) => {
            let undo = Undo::Status { status: Box::new(task.status.clone()), history_len: task.history.len() };
            task.status = e.status.clone();
            if let Some(m) = &e.status.message {
                task.history.push(m.clone());
            }
            undo
        }
        StreamResponse::ArtifactUpdate(e) => merge_artifact(&mut task.artifacts, e),
        StreamResponse::Task(t) => Undo::Whole(Box::new(std::mem::replace(task, t.clone()))),
        StreamResponse::Message(m) => {
            task.history.push(m.clone());
            Undo::History(task.history.len() - 1)
        }
        _ => Undo::Nothing,
    }
}

/// An appended chunk extends the artifact with the same id; anything else replaces it.
fn merge_artifact(artifacts: &mut Vec<Artifact>, e: &TaskArtifactUpdateEvent) -> Undo {
    match artifacts.iter().position(|a| a.artifact_id == e.artifact.artifact_id) {
        Some(index) if e.append => {
            let parts = &mut artifacts[index].parts;
            let parts_len = parts.len();
            parts.extend(e.artifact.parts.iter().cloned());
            Undo::Appended { index, parts_len }
        }
        Some(index) => {
            let old = std::mem::replace(&mut artifacts[index], e.artifact.clone());
            Undo::Replaced { index, old: Box::new(old) }
        }
        None => {
            artifacts.push(e.artifact.clone());
            Undo::Pushed
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use a2a_types::{ArtifactId, ContextId, Part};

    fn chunk(text: &str, append: bool) -> TaskArtifactUpdateEvent {
        let artifact = Artifact::new(ArtifactId::new("a"), vec![Part::text(text)]);
        TaskArtifactUpdateEvent::new(TaskId::new("t"), ContextId::new("c"), artifact).with_append(append)
    }

    #[test]
    fn every_update_can_be_taken_back() {
        use a2a_types::{Message, TaskState, TaskStatus, TaskStatusUpdateEvent};
        let mut task =
            Task::new(TaskId::new("t"), TaskStatus::new(TaskState::Working)).with_history([Message::user_text("hi")]);
        task.artifacts.push(Artifact::new(ArtifactId::new("a"), vec![Part::text("one")]));
        let before = serde_json::to_value(&task).unwrap();
        let status = TaskStatus::new(TaskState::Completed).with_message(Message::agent_text("done"));
        let other = Artifact::new(ArtifactId::new("b"), vec![Part::text("new")]);
        let updates = [
            StreamResponse::StatusUpdate(TaskStatusUpdateEvent::new(TaskId::new("t"), ContextId::new("c"), status)),
            StreamResponse::ArtifactUpdate(chunk("two", true)),
            StreamResponse::ArtifactUpdate(chunk("fresh", false)),
            StreamResponse::ArtifactUpdate(TaskArtifactUpdateEvent::new(TaskId::new("t"), ContextId::new("c"), other)),
            StreamResponse::Message(Message::agent_text("note")),
            StreamResponse::Task(Task::new(TaskId::new("t"), TaskStatus::new(TaskState::Failed))),
        ];
        for update in updates {
            let undo = apply_to(&mut task, &update);
            assert_ne!(serde_json::to_value(&task).unwrap(), before, "{update:?} changed nothing");
            undo.revert(&mut task);
            assert_eq!(serde_json::to_value(&task).unwrap(), before, "{update:?} was not taken back");
        }
    }

    #[test]
    fn chunks_append_to_the_same_artifact_and_a_new_one_replaces_it() {
        let mut artifacts = Vec::new();
        merge_artifact(&mut artifacts, &chunk("chunk-1 ", false));
        merge_artifact(&mut artifacts, &chunk("chunk-2", true));
        assert_eq!(artifacts.len(), 1);
        assert_eq!(artifacts[0].parts.len(), 2);
        merge_artifact(&mut artifacts, &chunk("fresh", false));
        assert_eq!(artifacts[0].parts.len(), 1);
        assert_eq!(artifacts[0].parts[0].as_text(), Some("fresh"));
    }
}
