//! Hand-written conveniences on the generated types: constructors for the common cases
//! and the questions every caller asks (is this state terminal? which task is this about?).

use crate::{
    Artifact, ArtifactId, ContextId, Message, MessageId, Part, PartContent, Role, SendMessageResponse, StreamResponse,
    Task, TaskId, TaskState, TaskStatus, Timestamp,
};

impl TaskState {
    /// Whether the task is finished for good: completed, failed, canceled or rejected.
    /// Nothing can follow a terminal state.
    pub const fn is_terminal(self) -> bool {
        matches!(self, Self::Completed | Self::Failed | Self::Canceled | Self::Rejected)
    }

    /// Whether the task is paused waiting for the client: input-required or auth-required.
    /// A new message carrying the task's id resumes it.
    pub const fn is_interrupted(self) -> bool {
        matches!(self, Self::InputRequired | Self::AuthRequired)
    }

    /// Whether a stream about the task ends at this state: terminal or interrupted.
    pub const fn ends_stream(self) -> bool {
        self.is_terminal() || self.is_interrupted()
    }
}

impl Part {
    /// A text part.
    pub fn text(text: impl Into<String>) -> Self {
        Self::new(PartContent::Text(text.into()))
    }

    /// A file part holding its bytes inline (base64 on the wire).
    pub fn raw(bytes: impl Into<Vec<u8>>) -> Self {
        Self::new(PartContent::Raw(bytes.into()))
    }

    /// A file part pointing at a URL.
    pub fn url(url: impl Into<String>) -> Self {
        Self::new(PartContent::Url(url.into()))
    }

    /// A structured data part holding any JSON value.
    pub fn data(value: serde_json::Value) -> Self {
        Self::new(PartContent::Data(value))
    }

    /// The text, if this is a text part.
    pub fn as_text(&self) -> Option<&str> {
        match &self.content {
            PartContent::Text(t) => Some(t),
            _ => None,
        }
    }
}

impl Message {
    /// A message from the user (client) with one text part and a fresh random id.
    pub fn user_text(text: impl Into<String>) -> Self {
        Self::new(MessageId::random(), Role::User, vec![Part::text(text)])
    }

    /// A message from the agent with one text part and a fresh random id.
    pub fn agent_text(text: impl Into<String>) -> Self {
        Self::new(MessageId::random(), Role::Agent, vec![Part::text(text)])
    }

    /// The text of all text parts, joined with newlines.
    pub fn text(&self) -> String {
        self.parts.iter().filter_map(Part::as_text).collect::<Vec<_>>().join("\n")
    }
}

impl TaskStatus {
    /// A status in `state`, stamped with the current time.
    pub fn now(state: TaskState) -> Self {
        Self::new(state).with_timestamp(Timestamp::now())
    }
}

impl Artifact {
    /// An artifact with one text part and a fresh random id.
    pub fn text(text: impl Into<String>) -> Self {
        Self::new(ArtifactId::random(), vec![Part::text(text)])
    }
}

impl Task {
    /// The task's current state.
    pub fn state(&self) -> TaskState {
        self.status.state
    }
}

impl StreamResponse {
    /// The id of the task the event is about; `None` for a message without a task.
    pub fn task_id(&self) -> Option<&TaskId> {
        match self {
            Self::Task(t) => Some(&t.id),
            Self::Message(m) => m.task_id.as_ref(),
            Self::StatusUpdate(e) => Some(&e.task_id),
            Self::ArtifactUpdate(e) => Some(&e.task_id),
        }
    }

    /// The id of the context the event belongs to, when it names one.
    pub fn context_id(&self) -> Option<&ContextId> {
        match self {
            Self::Task(t) => t.context_id.as_ref(),
            Self::Message(m) => m.context_id.as_ref(),
            Self::StatusUpdate(e) => Some(&e.context_id),
            Self::ArtifactUpdate(e) => Some(&e.context_id),
        }
    }

    /// Whether a stream ends after this event: a message, or a task or status update in a
    /// terminal or interrupted state.
    pub fn is_final(&self) -> bool {
        match self {
            Self::Message(_) => true,
            Self::Task(t) => t.status.state.ends_stream(),
            Self::StatusUpdate(e) => e.status.state.ends_stream(),
            Self::ArtifactUpdate(_) => false,
        }
    }
}

impl From<SendMessageResponse> for StreamResponse {
    fn from(r: SendMessageResponse) -> Self {
        match r {
            SendMessageResponse::Task(t) => Self::Task(t),
            SendMessageResponse::Message(m) => Self::Message(m),
        }
    }
}

impl SendMessageResponse {
    /// The task, if the agent answered with one.
    pub fn as_task(&self) -> Option<&Task> {
        match self {
            Self::Task(t) => Some(t),
            Self::Message(_) => None,
        }
    }

    /// The message, if the agent answered with a message instead of a task.
    pub fn as_message(&self) -> Option<&Message> {
        match self {
            Self::Message(m) => Some(m),
            Self::Task(_) => None,
        }
    }
}

impl crate::AgentCard {
    /// A card with a name, description and version, text in and out, no skills yet, and
    /// no interfaces (a server fills those in from its configuration).
    pub fn named(name: impl Into<String>, description: impl Into<String>, version: impl Into<String>) -> Self {
        Self::new(
            name,
            description,
            Vec::<crate::AgentInterface>::new(),
            version,
            crate::AgentCapabilities::default(),
            vec!["text".to_string()],
            vec!["text".to_string()],
            Vec::<crate::AgentSkill>::new(),
        )
    }

    /// Adds a skill.
    #[must_use]
    pub fn with_skill(mut self, skill: crate::AgentSkill) -> Self {
        self.skills.push(skill);
        self
    }
}
