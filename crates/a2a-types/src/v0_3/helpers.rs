//! Hand-written conveniences on the generated v0.3 types.

use super::{
    DataPart, FilePart, FileWithBytes, FileWithUri, Part, SendMessageResult, StreamEvent, TaskState, TextPart,
};

impl TaskState {
    /// Whether the task is finished for good: completed, canceled, failed or rejected.
    pub const fn is_terminal(self) -> bool {
        matches!(self, Self::Completed | Self::Canceled | Self::Failed | Self::Rejected)
    }

    /// Whether the task waits for the client: input-required or auth-required.
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
        Self::Text(TextPart::new(text))
    }

    /// A file part with the file's bytes inline.
    pub fn bytes(bytes: impl Into<Vec<u8>>) -> Self {
        Self::File(FilePart::new(FileWithBytes::new(bytes)))
    }

    /// A file part pointing at a URI.
    pub fn uri(uri: impl Into<String>) -> Self {
        Self::File(FilePart::new(FileWithUri::new(uri)))
    }

    /// A data part holding a JSON object.
    pub fn data(data: crate::Struct) -> Self {
        Self::Data(DataPart::new(data))
    }

    /// The text, if this is a text part.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Self::Text(t) => Some(&t.text),
            _ => None,
        }
    }
}

impl StreamEvent {
    /// Whether the stream ends after this event: a message, a status update marked `final`,
    /// or a task that is already terminal or interrupted.
    pub fn is_final(&self) -> bool {
        match self {
            Self::Message(_) => true,
            Self::StatusUpdate(e) => e.r#final,
            Self::Task(t) => t.status.state.ends_stream(),
            Self::ArtifactUpdate(_) => false,
        }
    }
}

impl From<SendMessageResult> for StreamEvent {
    fn from(result: SendMessageResult) -> Self {
        match result {
            SendMessageResult::Task(t) => Self::Task(t),
            SendMessageResult::Message(m) => Self::Message(m),
        }
    }
}
