//! A remote agent as the orchestrator sees it: a named client, and what one of its tasks
//! has reported so far.

use a2a_client::Client;
use a2a_types::{Artifact, Message, Part, StreamResponse, TaskState};

/// A remote agent the orchestrator hands work to.
#[derive(Debug, Clone)]
pub struct Remote {
    pub(crate) name: String,
    pub(crate) client: Client,
}

impl Remote {
    /// A remote reached through `client`, called `name` in progress messages.
    pub fn new(name: impl Into<String>, client: Client) -> Self {
        Self { name: name.into(), client }
    }

    /// Fetches the agent card at `url` and builds the client.
    pub async fn connect(name: impl Into<String>, url: &str) -> Result<Self, a2a_client::Error> {
        Ok(Self::new(name, Client::from_card_url(url).await?))
    }

    /// The name used in progress messages.
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// Where one remote task stands, after the events read so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Still working.
    Going,
    /// Finished with a result.
    Done,
    /// Will not produce a result: the reason, for the host task's failure message.
    Failed(String),
}

/// What one remote has produced for one host task.
#[derive(Debug)]
pub(crate) struct Work {
    pub(crate) name: String,
    pub(crate) artifacts: Vec<Artifact>,
    /// A direct reply, when the remote answered with a message instead of a task.
    reply: Option<Message>,
    pub(crate) outcome: Outcome,
}

impl Work {
    pub(crate) fn new(name: &str) -> Self {
        Self { name: name.to_string(), artifacts: Vec::new(), reply: None, outcome: Outcome::Going }
    }

    /// Takes one event in; returns the progress line to forward to the host's caller, if
    /// the event is worth one.
    pub(crate) fn on_event(&mut self, event: StreamResponse) -> Option<String> {
        let name = self.name.clone();
        match event {
            StreamResponse::Task(task) => {
                // A snapshot: the first event of a stream, or a task that had finished.
                self.artifacts = task.artifacts;
                self.on_state(task.status.state, task.status.message.as_ref());
                None
            }
            StreamResponse::StatusUpdate(update) => {
                let text = update.status.message.as_ref().map(Message::text).unwrap_or_default();
                self.on_state(update.status.state, update.status.message.as_ref());
                match update.status.state {
                    TaskState::Working if !text.is_empty() => Some(format!("[{name}] {text}")),
                    TaskState::Completed => Some(format!("[{name}] done")),
                    _ => None,
                }
            }
            StreamResponse::ArtifactUpdate(update) => {
                let label = update.artifact.name.clone().unwrap_or_else(|| "result".to_string());
                merge(&mut self.artifacts, update.artifact, update.append);
                let parts = self.artifacts.iter().map(|a| a.parts.len()).sum::<usize>();
                Some(format!("[{name}] {label}, part {parts}"))
            }
            StreamResponse::Message(message) => {
                self.reply = Some(message);
                self.outcome = Outcome::Done;
                None
            }
            _ => None,
        }
    }

    fn on_state(&mut self, state: TaskState, message: Option<&Message>) {
        let said = message.map(Message::text).filter(|t| !t.is_empty());
        let name = &self.name;
        self.outcome = match state {
            TaskState::Completed => Outcome::Done,
            TaskState::InputRequired | TaskState::AuthRequired => Outcome::Failed(format!(
                "the {name} agent needs more from you ({}); send a request with every detail it needs",
                said.unwrap_or_else(|| state.to_string())
            )),
            s if s.is_terminal() => Outcome::Failed(match said {
                Some(reason) => format!("the {name} agent ended {}: {reason}", label(s)),
                None => format!("the {name} agent ended {}", label(s)),
            }),
            _ => Outcome::Going,
        };
    }

    /// Why this remote will not produce a result, if it will not.
    pub(crate) fn failure(&self) -> Option<String> {
        match &self.outcome {
            Outcome::Failed(reason) => Some(reason.clone()),
            _ => None,
        }
    }

    /// This remote's section of the combined artifact: its name, then its results.
    pub(crate) fn section(&self) -> Vec<Part> {
        let mut parts = vec![Part::text(format!("{}:", self.name))];
        parts.extend(self.artifacts.iter().flat_map(|a| a.parts.iter().cloned()));
        if let Some(reply) = &self.reply {
            parts.extend(reply.parts.iter().cloned());
        }
        parts
    }
}

/// `failed`, `canceled`, `rejected`: how a terminal state reads in a sentence.
fn label(state: TaskState) -> String {
    state.as_str().trim_start_matches("TASK_STATE_").to_ascii_lowercase()
}

/// Applies an artifact chunk as the protocol says: an appended chunk extends the artifact
/// with the same id; any other chunk starts (or replaces) it.
fn merge(artifacts: &mut Vec<Artifact>, chunk: Artifact, append: bool) {
    match artifacts.iter_mut().find(|a| a.artifact_id == chunk.artifact_id) {
        Some(existing) if append => existing.parts.extend(chunk.parts),
        Some(existing) => *existing = chunk,
        None => artifacts.push(chunk),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use a2a_types::{ArtifactId, ContextId, TaskArtifactUpdateEvent, TaskId, TaskStatus, TaskStatusUpdateEvent};

    fn chunk(text: &str, append: bool) -> StreamResponse {
        let artifact = Artifact::new(ArtifactId::new("a"), vec![Part::text(text)]).with_name("plan");
        let event = TaskArtifactUpdateEvent::new(TaskId::new("t"), ContextId::new("c"), artifact).with_append(append);
        StreamResponse::ArtifactUpdate(event)
    }

    fn status(state: TaskState, text: &str) -> StreamResponse {
        let status = TaskStatus::new(state).with_message(Message::agent_text(text));
        StreamResponse::StatusUpdate(TaskStatusUpdateEvent::new(TaskId::new("t"), ContextId::new("c"), status))
    }

    #[test]
    fn chunks_reassemble_and_progress_is_forwarded() {
        let mut work = Work::new("planner");
        assert_eq!(work.on_event(status(TaskState::Working, "Planning...")).as_deref(), Some("[planner] Planning..."));
        assert_eq!(work.on_event(chunk("one", false)).as_deref(), Some("[planner] plan, part 1"));
        assert_eq!(work.on_event(chunk("two", true)).as_deref(), Some("[planner] plan, part 2"));
        assert_eq!(work.outcome, Outcome::Going);
        work.on_event(status(TaskState::Completed, ""));
        assert_eq!(work.outcome, Outcome::Done);
        let texts: Vec<_> = work.section().iter().filter_map(|p| p.as_text().map(str::to_string)).collect();
        assert_eq!(texts, ["planner:", "one", "two"]);
    }

    #[test]
    fn a_failure_or_a_question_is_a_reason_to_fail() {
        let mut work = Work::new("planner");
        work.on_event(status(TaskState::Failed, "out of paper"));
        assert_eq!(work.outcome, Outcome::Failed("the planner agent ended failed: out of paper".into()));
        work.on_event(status(TaskState::InputRequired, "Where to?"));
        let Outcome::Failed(reason) = &work.outcome else { panic!("{:?}", work.outcome) };
        assert!(reason.starts_with("the planner agent needs more from you (Where to?)"), "{reason}");
    }
}
