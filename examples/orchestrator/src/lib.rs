//! An orchestrator: a host agent that hands each request to several remote agents at once
//! (over A2A, with `a2a-client`), forwards their progress to its own caller as WORKING
//! updates while they run, and combines their results into one artifact.
//!
//! - Canceling the host task cancels the remote tasks before the host reports CANCELED.
//! - A remote that fails, is canceled, is rejected, or stops to ask for input fails the
//!   host task with a message that names it; the other remotes' tasks are canceled.
//!
//! The binary (`cargo run -p orchestrator`) starts the `streaming` analyst and the
//! `trip-planner` in process as its remotes, unless given their URLs.

mod remote;

pub use remote::Remote;

use a2a_server::{AgentExecutor, Error, RequestContext, Server, TaskUpdater};
use a2a_types::{AgentCard, AgentSkill, Artifact, ArtifactId, Message, StreamResponse, Task, TaskId};
use futures::stream::{BoxStream, SelectAll};
use futures::{StreamExt, future};
use remote::{Outcome, Work};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The name of the artifact that combines the remotes' results.
pub const ARTIFACT_NAME: &str = "combined_report";

/// The remote tasks started for each host task, by host task id: (remote index, remote
/// task id).
type Running = Arc<Mutex<HashMap<TaskId, Vec<(usize, TaskId)>>>>;

/// The remotes' event streams merged into one, each event tagged with its remote's index.
type Merged = SelectAll<BoxStream<'static, (usize, Result<StreamResponse, a2a_client::Error>)>>;

/// The host agent.
#[derive(Debug, Clone)]
pub struct Orchestrator {
    remotes: Arc<[Remote]>,
    running: Running,
}

impl Orchestrator {
    /// A host for `remotes`, which each get every request.
    pub fn new(remotes: Vec<Remote>) -> Self {
        Self { remotes: remotes.into(), running: Arc::default() }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<TaskId, Vec<(usize, TaskId)>>> {
        self.running.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Cancels every remote task started for `host`, and waits for the answers. A remote
    /// task that finished meanwhile refuses, which is fine.
    async fn cancel_remotes(&self, host: &TaskId) {
        let started = self.lock().remove(host).unwrap_or_default();
        future::join_all(started.iter().map(|(i, id)| self.remotes[*i].client.cancel_task(id))).await;
    }
}

/// Removes a host task's entry from [`Running`] when its execution ends, however it ends.
struct Registration {
    running: Running,
    host: TaskId,
}

impl Drop for Registration {
    fn drop(&mut self) {
        self.running.lock().unwrap_or_else(std::sync::PoisonError::into_inner).remove(&self.host);
    }
}

impl AgentExecutor for Orchestrator {
    async fn execute(&self, ctx: RequestContext, task: TaskUpdater) -> Result<(), Error> {
        let text = ctx.message().text();
        if text.trim().is_empty() {
            return task.reject(Message::agent_text("Send the request as text.")).await;
        }
        let names: Vec<&str> = self.remotes.iter().map(Remote::name).collect();
        task.working(Message::agent_text(format!("Asking {}...", names.join(" and ")))).await?;
        let _registration = Registration { running: self.running.clone(), host: task.task_id().clone() };

        // Start every remote at once. Each stream opens with the remote's first event,
        // which names its task: note it at once, so a cancel can reach it.
        let opened = future::join_all(self.remotes.iter().map(|r| r.client.stream(Message::user_text(&text)))).await;
        let mut work: Vec<Work> = self.remotes.iter().map(|r| Work::new(&r.name)).collect();
        let mut events: Merged = SelectAll::new();
        for (i, opened) in opened.into_iter().enumerate() {
            let mut stream = match opened {
                Ok(stream) => stream,
                Err(e) => {
                    work[i].outcome = Outcome::Failed(format!("the {} agent refused the request: {e}", work[i].name));
                    continue;
                }
            };
            match stream.next().await {
                Some(Ok(first)) => {
                    if let StreamResponse::Task(t) = &first {
                        self.lock().entry(task.task_id().clone()).or_default().push((i, t.id.clone()));
                    }
                    work[i].on_event(first);
                }
                Some(Err(e)) => work[i].outcome = Outcome::Failed(format!("lost the {} agent: {e}", work[i].name)),
                None => {}
            }
            events.push(stream.map(move |event| (i, event)).boxed());
        }
        if task.is_cancelled() {
            // The cancel request came while the remotes were starting, possibly before
            // their tasks were noted: cancel them here too.
            self.cancel_remotes(task.task_id()).await;
            return Ok(());
        }
        if let Some(reason) = work.iter().find_map(Work::failure) {
            self.cancel_remotes(task.task_id()).await;
            return task.fail(Message::agent_text(reason)).await;
        }

        // Forward progress in the order it arrives from either remote.
        loop {
            let (i, event) = tokio::select! {
                biased;
                // `cancel` below cancels the remote tasks; nothing more to do here.
                () = task.cancelled() => return Ok(()),
                next = events.next() => match next {
                    Some(next) => next,
                    None => break,
                },
            };
            let progress = match event {
                Ok(event) => work[i].on_event(event),
                Err(e) => {
                    work[i].outcome = Outcome::Failed(format!("lost the {} agent: {e}", work[i].name));
                    None
                }
            };
            if let Some(progress) = progress {
                task.working(Message::agent_text(progress)).await?;
            }
            if let Some(reason) = work[i].failure() {
                self.cancel_remotes(task.task_id()).await;
                return task.fail(Message::agent_text(reason)).await;
            }
        }
        if let Some(unfinished) = work.iter().find(|w| w.outcome != Outcome::Done) {
            let reason = format!("the {} agent stopped without a result", unfinished.name);
            return task.fail(Message::agent_text(reason)).await;
        }

        // One artifact, one chunk per remote, in the order the remotes were given.
        let id = ArtifactId::random();
        for (i, w) in work.iter().enumerate() {
            let chunk = Artifact::new(id.clone(), w.section()).with_name(ARTIFACT_NAME);
            task.artifact_chunk(chunk, i > 0, i + 1 == work.len()).await?;
        }
        task.complete(Message::agent_text(format!("Combined the work of {}.", names.join(" and ")))).await
    }

    async fn cancel(&self, host: Task, updater: TaskUpdater) -> Result<(), Error> {
        self.cancel_remotes(&host.id).await;
        updater.cancel(Message::agent_text("Canceled, with the remote tasks.")).await
    }
}

/// The host's card.
pub fn card() -> AgentCard {
    let skill = AgentSkill::new(
        "orchestrate",
        "Ask several agents",
        "Hands the request to several remote agents at once and combines their results.",
        vec!["orchestration".to_string()],
    )
    .with_examples(["Plan a 3-day trip to Lisbon"]);
    AgentCard::named("Orchestrator", "Splits each request between remote agents and combines their work.", "1.0.0")
        .with_skill(skill)
}

/// A server for a host of `remotes`.
pub fn server(remotes: Vec<Remote>) -> Server {
    Server::builder(card(), Orchestrator::new(remotes)).build()
}
