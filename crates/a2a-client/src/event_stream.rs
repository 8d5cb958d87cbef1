//! [`EventStream`]: the typed events of a streaming operation, its end at a final state,
//! and resubscription after a cut.

use crate::transport::{EventSource, RawEvent};
use crate::{Client, Error, ErrorKind};
use a2a_types::{ErrorCode, StreamResponse, Task, TaskId};
use futures::Stream;
use futures::stream::FusedStream;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

/// The events of a task, from [`Client::stream`], [`Client::subscribe`] or
/// [`Client::follow`]: a [`Stream`] of [`StreamResponse`]s.
///
/// # How it ends
///
/// - **Cleanly** (`None`) right after an event for which [`StreamResponse::is_final`] is
///   true: a `Message`, or a task or status update in a terminal state (completed,
///   failed, canceled, rejected) or an interrupted one (input-required, auth-required).
///   One exception: the `Task` snapshot that opens a [`Client::subscribe`] stream ends it
///   only if the task is terminal; a subscriber to a paused task sees it go on.
///   The connection is dropped then, even if the server would have kept it open.
/// - **With one error**, then `None`, in every other case. A connection that breaks or
///   that the server closes before a final event gives [`ErrorKind::Stream`]: a cut is
///   never a quiet end. No bytes within the idle timeout gives [`ErrorKind::Timeout`]; an
///   error event from the agent gives [`ErrorKind::Protocol`]; an event that cannot be
///   decoded gives [`ErrorKind::Decode`], or [`ErrorKind::EventTooLarge`].
///
/// Once ended, it stays ended: polling it again gives `None` (it is a
/// [`FusedStream`](futures::stream::FusedStream)).
///
/// # Resubscription
///
/// With a [`ResubscribePolicy`](crate::ResubscribePolicy) set on the client, a `Stream`
/// or `Timeout` error does not end the stream at once: the stream waits out a backoff,
/// calls `SubscribeToTask` for the task it was following (sending the SSE
/// `Last-Event-ID` when the server numbered its events), and goes on with the new
/// connection. If the task finished meanwhile (the server refuses to subscribe to a
/// terminal task), the stream fetches it with `GetTask` and ends with it. A cut before the
/// first event of [`Client::stream`] cannot be resumed, since no task id is known yet.
///
/// What a resubscribed stream delivers:
///
/// - The `Task` the server sends first on each new subscription **is always delivered**:
///   it is the task as it is now and covers whatever happened while disconnected. Its
///   contents may repeat what earlier events said; it is a new event, not a repeat.
/// - **No other event is delivered twice**: when the server numbers its events with SSE
///   `id:` fields (decimal integers that grow with each event of a task), an event whose
///   id is not greater than the highest id already delivered for the task is dropped.
///   Without ids the stream relies on the server sending only new events after the
///   snapshot, as `SubscribeToTask` specifies.
/// - Events that happened while disconnected are not replayed unless the server honours
///   `Last-Event-ID`; the snapshot carries their outcome.
///
/// # Cancel safety
///
/// `StreamExt::next()` is cancel safe: a read in progress lives in the stream, not in the
/// `next()` future, so a `select!` that drops that future loses no event; the next call
/// picks up where it left off. Dropping the stream itself closes its connection.
pub struct EventStream {
    inner: Pin<Box<dyn Stream<Item = Result<StreamResponse, Error>> + Send>>,
    /// Whether `inner` returned `None`: it must not be polled again.
    ended: bool,
}

impl fmt::Debug for EventStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream").finish_non_exhaustive()
    }
}

impl Stream for EventStream {
    type Item = Result<StreamResponse, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.ended {
            return Poll::Ready(None);
        }
        let item = std::task::ready!(self.inner.as_mut().poll_next(cx));
        self.ended = item.is_none();
        Poll::Ready(item)
    }
}

/// An ended stream stays ended: polling it again gives `None`, not a panic.
impl FusedStream for EventStream {
    fn is_terminated(&self) -> bool {
        self.ended
    }
}

impl EventStream {
    /// Reads the first event of a freshly opened stream, so that an error the server
    /// sends before any event is returned here rather than from the stream.
    pub(crate) async fn start(
        client: Client,
        source: EventSource,
        task_id: Option<TaskId>,
        subscription: bool,
    ) -> Result<Self, Error> {
        let mut driver = Driver::new(client, Some(source), task_id);
        driver.opening_snapshot = subscription;
        match driver.next().await {
            Some(Ok(first)) => {
                driver.pending = Some(first);
                Ok(Self::from_driver(driver))
            }
            Some(Err(e)) => Err(e),
            None => Err(Error::stream("the stream ended before its first event")),
        }
    }

    /// A stream of one final event: a task that had already finished.
    pub(crate) fn finished(client: Client, task: Task) -> Self {
        let mut driver = Driver::new(client, None, Some(task.id.clone()));
        driver.pending = Some(StreamResponse::Task(task));
        driver.done = true;
        Self::from_driver(driver)
    }

    fn from_driver(driver: Driver) -> Self {
        let stream = futures::stream::unfold(driver, |mut d| async move {
            let item = d.next().await?;
            Some((item, d))
        });
        Self { inner: Box::pin(stream), ended: false }
    }
}

/// The state behind an [`EventStream`].
struct Driver {
    client: Client,
    source: Option<EventSource>,
    /// An event read ahead (the first one, read by `start`).
    pending: Option<StreamResponse>,
    task_id: Option<TaskId>,
    /// The highest SSE id delivered for `task_id`.
    last_seq: Option<u64>,
    /// The SSE last event id of the last connection, for `Last-Event-ID`.
    last_event_id: Option<String>,
    server_retry: Option<Duration>,
    /// Whether the next event is the first of a new subscription.
    snapshot_pending: bool,
    /// Whether the next event is the snapshot that opens a `subscribe()` stream: a
    /// snapshot of a paused task does not end it, since the subscriber wants to see the
    /// task go on (the server keeps such a subscription open).
    opening_snapshot: bool,
    /// Resubscription attempts since the last delivered event.
    attempts: u32,
    done: bool,
}

impl Driver {
    fn new(client: Client, source: Option<EventSource>, task_id: Option<TaskId>) -> Self {
        Self {
            client,
            source,
            pending: None,
            task_id,
            last_seq: None,
            last_event_id: None,
            server_retry: None,
            snapshot_pending: false,
            opening_snapshot: false,
            attempts: 0,
            done: false,
        }
    }

    async fn next(&mut self) -> Option<Result<StreamResponse, Error>> {
        if let Some(ev) = self.pending.take() {
            return Some(Ok(ev));
        }
        while !self.done {
            let read = match &mut self.source {
                Some(source) => source.next().await,
                None => Ok(None),
            };
            let cut = match read {
                Ok(Some(raw)) => match self.accept(raw) {
                    Some(ev) => return Some(Ok(ev)),
                    None => continue,
                },
                Ok(None) => Error::stream("the stream ended before the task reached a final state"),
                Err(e) if matches!(e.kind(), ErrorKind::Stream | ErrorKind::Timeout) => e,
                Err(e) => {
                    self.finish();
                    return Some(Err(e));
                }
            };
            match self.reconnect(cut).await {
                Ok(Some(final_task)) => {
                    self.finish();
                    return Some(Ok(final_task));
                }
                Ok(None) => continue,
                Err(e) => {
                    self.finish();
                    return Some(Err(e));
                }
            }
        }
        None
    }

    fn finish(&mut self) {
        self.done = true;
        self.source = None;
    }

    /// Decides whether an event is delivered (see the guarantees on [`EventStream`]).
    fn accept(&mut self, raw: RawEvent) -> Option<StreamResponse> {
        let RawEvent { id, event, marked_final } = raw;
        let snapshot = std::mem::take(&mut self.snapshot_pending) && matches!(event, StreamResponse::Task(_));
        if self.task_id.is_none() {
            self.task_id = event.task_id().cloned();
        }
        let same_task = event.task_id().is_some() && event.task_id() == self.task_id.as_ref();
        if let (true, Some(seq)) = (same_task, id.as_deref().and_then(|s| s.trim().parse::<u64>().ok())) {
            if !snapshot && self.last_seq.is_some_and(|last| seq <= last) {
                tracing::debug!(seq, "dropping an event already delivered");
                return None;
            }
            self.last_seq = Some(self.last_seq.map_or(seq, |last| last.max(seq)));
        }
        if !snapshot {
            self.attempts = 0;
        }
        let opening = std::mem::take(&mut self.opening_snapshot);
        let ends = match &event {
            StreamResponse::Task(task) if opening => task.status.state.is_terminal(),
            other => other.is_final(),
        } || marked_final;
        if ends {
            self.finish();
        }
        Some(event)
    }

    /// After a cut: subscribes again if the policy allows, or returns the error to
    /// report. `Ok(Some(task))` when the task turned out to be finished.
    async fn reconnect(&mut self, mut cut: Error) -> Result<Option<StreamResponse>, Error> {
        if let Some(source) = self.source.take() {
            if let Some(id) = source.last_event_id() {
                self.last_event_id = Some(id.to_owned());
            }
            self.server_retry = source.retry().or(self.server_retry);
        }
        let (Some(policy), Some(task_id)) = (self.client.resubscribe_policy().cloned(), self.task_id.clone()) else {
            return Err(cut);
        };
        loop {
            if self.attempts >= policy.max_attempts {
                return Err(cut);
            }
            let delay = policy.delay(self.attempts, self.server_retry);
            self.attempts += 1;
            tracing::info!(task_id = %task_id, attempt = self.attempts, ?delay, error = %cut, "stream cut; resubscribing");
            tokio::time::sleep(delay).await;
            match self.client.open_subscription(task_id.clone(), self.last_event_id.as_deref()).await {
                Ok(source) => {
                    self.source = Some(source);
                    self.snapshot_pending = true;
                    return Ok(None);
                }
                Err(e) if e.error_code() == Some(ErrorCode::UnsupportedOperation) => {
                    // Subscribing to a terminal task is refused: fetch how it ended.
                    let task = self.client.get_task(task_id.clone()).await?;
                    return if task.state().ends_stream() { Ok(Some(StreamResponse::Task(task))) } else { Err(e) };
                }
                Err(e) if is_transient(&e) => cut = e,
                Err(e) => return Err(e),
            }
        }
    }
}

/// Whether a failed attempt to subscribe is worth another try.
fn is_transient(e: &Error) -> bool {
    match e.kind() {
        ErrorKind::Transport | ErrorKind::Timeout | ErrorKind::Stream => true,
        ErrorKind::HttpStatus => matches!(e.status(), Some(429 | 502 | 503 | 504)),
        _ => false,
    }
}
