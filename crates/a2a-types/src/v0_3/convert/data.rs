//! Tasks, messages, parts, artifacts, stream events and results.

use super::super::ConversionError;
use crate::Timestamp;
use crate::generated::{v0_3, v1};
use serde_json::Value;

impl From<v1::TaskState> for v0_3::TaskState {
    fn from(state: v1::TaskState) -> Self {
        match state {
            v1::TaskState::Unspecified => Self::Unknown,
            v1::TaskState::Submitted => Self::Submitted,
            v1::TaskState::Working => Self::Working,
            v1::TaskState::Completed => Self::Completed,
            v1::TaskState::Failed => Self::Failed,
            v1::TaskState::Canceled => Self::Canceled,
            v1::TaskState::InputRequired => Self::InputRequired,
            v1::TaskState::Rejected => Self::Rejected,
            v1::TaskState::AuthRequired => Self::AuthRequired,
        }
    }
}

impl From<v0_3::TaskState> for v1::TaskState {
    fn from(state: v0_3::TaskState) -> Self {
        match state {
            v0_3::TaskState::Unknown => Self::Unspecified,
            v0_3::TaskState::Submitted => Self::Submitted,
            v0_3::TaskState::Working => Self::Working,
            v0_3::TaskState::Completed => Self::Completed,
            v0_3::TaskState::Failed => Self::Failed,
            v0_3::TaskState::Canceled => Self::Canceled,
            v0_3::TaskState::InputRequired => Self::InputRequired,
            v0_3::TaskState::Rejected => Self::Rejected,
            v0_3::TaskState::AuthRequired => Self::AuthRequired,
        }
    }
}

impl From<v0_3::Role> for v1::Role {
    fn from(role: v0_3::Role) -> Self {
        match role {
            v0_3::Role::User => Self::User,
            v0_3::Role::Agent => Self::Agent,
        }
    }
}

/// The v0.3 role of a v1.0 message; `None` for `ROLE_UNSPECIFIED`.
fn role_to_v0_3(role: v1::Role) -> Option<v0_3::Role> {
    match role {
        v1::Role::User => Some(v0_3::Role::User),
        v1::Role::Agent => Some(v0_3::Role::Agent),
        v1::Role::Unspecified => None,
    }
}

/// The key under which a v1.0 data part that is not a JSON object is wrapped for v0.3.
pub(crate) const WRAPPED_DATA_KEY: &str = "value";

impl From<v1::Part> for v0_3::Part {
    /// Text and data parts lose `filename` and `mediaType`, which v0.3 has on files only; a
    /// data part that is not an object is wrapped as `{"value": ...}`.
    fn from(part: v1::Part) -> Self {
        let v1::Part { content, metadata, filename, media_type } = part;
        match content {
            v1::PartContent::Text(text) => {
                let mut p = v0_3::TextPart::new(text);
                p.metadata = metadata;
                Self::Text(p)
            }
            v1::PartContent::Raw(bytes) => {
                let mut file = v0_3::FileWithBytes::new(bytes);
                file.name = filename;
                file.mime_type = media_type;
                let mut p = v0_3::FilePart::new(file);
                p.metadata = metadata;
                Self::File(p)
            }
            v1::PartContent::Url(uri) => {
                let mut file = v0_3::FileWithUri::new(uri);
                file.name = filename;
                file.mime_type = media_type;
                let mut p = v0_3::FilePart::new(file);
                p.metadata = metadata;
                Self::File(p)
            }
            v1::PartContent::Data(value) => {
                let data = match value {
                    Value::Object(map) => map,
                    other => crate::Struct::from_iter([(WRAPPED_DATA_KEY.to_string(), other)]),
                };
                let mut p = v0_3::DataPart::new(data);
                p.metadata = metadata;
                Self::Data(p)
            }
        }
    }
}

impl From<v0_3::Part> for v1::Part {
    fn from(part: v0_3::Part) -> Self {
        let (content, metadata, filename, media_type) = match part {
            v0_3::Part::Text(p) => (v1::PartContent::Text(p.text), p.metadata, None, None),
            v0_3::Part::File(p) => match p.file {
                v0_3::FileContent::FileWithBytes(f) => (v1::PartContent::Raw(f.bytes), p.metadata, f.name, f.mime_type),
                v0_3::FileContent::FileWithUri(f) => (v1::PartContent::Url(f.uri), p.metadata, f.name, f.mime_type),
            },
            v0_3::Part::Data(p) => (v1::PartContent::Data(Value::Object(p.data)), p.metadata, None, None),
        };
        v1::Part { content, metadata, filename, media_type }
    }
}

impl TryFrom<v1::Message> for v0_3::Message {
    type Error = ConversionError;

    fn try_from(message: v1::Message) -> Result<Self, Self::Error> {
        let v1::Message { message_id, context_id, task_id, role, parts, metadata, extensions, reference_task_ids } =
            message;
        let role = role_to_v0_3(role).ok_or_else(|| ConversionError::UnspecifiedRole(message_id.clone()))?;
        let mut m = v0_3::Message::new(message_id, role, parts.into_iter().map(v0_3::Part::from).collect::<Vec<_>>());
        m.context_id = context_id;
        m.task_id = task_id;
        m.metadata = metadata;
        m.extensions = extensions;
        m.reference_task_ids = reference_task_ids;
        Ok(m)
    }
}

impl From<v0_3::Message> for v1::Message {
    fn from(message: v0_3::Message) -> Self {
        let v0_3::Message {
            message_id,
            context_id,
            task_id,
            role,
            parts,
            metadata,
            extensions,
            reference_task_ids,
            ..
        } = message;
        v1::Message {
            message_id,
            context_id,
            task_id,
            role: role.into(),
            parts: parts.into_iter().map(v1::Part::from).collect(),
            metadata,
            extensions,
            reference_task_ids,
        }
    }
}

/// Reads a v0.3 timestamp: RFC 3339, or without an offset (then UTC); `None` otherwise.
pub(crate) fn parse_timestamp(text: &str) -> Option<Timestamp> {
    Timestamp::parse(text).ok().or_else(|| Timestamp::parse(&format!("{text}Z")).ok())
}

impl TryFrom<v1::TaskStatus> for v0_3::TaskStatus {
    type Error = ConversionError;

    fn try_from(status: v1::TaskStatus) -> Result<Self, Self::Error> {
        let v1::TaskStatus { state, message, timestamp } = status;
        let mut s = v0_3::TaskStatus::new(v0_3::TaskState::from(state));
        s.message = message.map(v0_3::Message::try_from).transpose()?;
        s.timestamp = timestamp.map(|t| t.to_string());
        Ok(s)
    }
}

impl From<v0_3::TaskStatus> for v1::TaskStatus {
    /// A timestamp that cannot be read as RFC 3339 is dropped.
    fn from(status: v0_3::TaskStatus) -> Self {
        let v0_3::TaskStatus { state, message, timestamp } = status;
        v1::TaskStatus {
            state: state.into(),
            message: message.map(v1::Message::from),
            timestamp: timestamp.as_deref().and_then(parse_timestamp),
        }
    }
}

impl From<v1::Artifact> for v0_3::Artifact {
    fn from(artifact: v1::Artifact) -> Self {
        let v1::Artifact { artifact_id, name, description, parts, metadata, extensions } = artifact;
        v0_3::Artifact {
            artifact_id,
            name,
            description,
            parts: parts.into_iter().map(v0_3::Part::from).collect(),
            metadata,
            extensions,
        }
    }
}

impl From<v0_3::Artifact> for v1::Artifact {
    fn from(artifact: v0_3::Artifact) -> Self {
        let v0_3::Artifact { artifact_id, name, description, parts, metadata, extensions } = artifact;
        v1::Artifact {
            artifact_id,
            name,
            description,
            parts: parts.into_iter().map(v1::Part::from).collect(),
            metadata,
            extensions,
        }
    }
}

impl TryFrom<v1::Task> for v0_3::Task {
    type Error = ConversionError;

    fn try_from(task: v1::Task) -> Result<Self, Self::Error> {
        let v1::Task { id, context_id, status, artifacts, history, metadata } = task;
        let context_id = context_id.ok_or_else(|| ConversionError::MissingContextId(id.clone()))?;
        let mut t = v0_3::Task::new(id, context_id, v0_3::TaskStatus::try_from(status)?);
        t.artifacts = artifacts.into_iter().map(v0_3::Artifact::from).collect();
        t.history = history.into_iter().map(v0_3::Message::try_from).collect::<Result<_, _>>()?;
        t.metadata = metadata;
        Ok(t)
    }
}

impl From<v0_3::Task> for v1::Task {
    fn from(task: v0_3::Task) -> Self {
        let v0_3::Task { id, context_id, status, artifacts, history, metadata, .. } = task;
        v1::Task {
            id,
            context_id: Some(context_id),
            status: status.into(),
            artifacts: artifacts.into_iter().map(v1::Artifact::from).collect(),
            history: history.into_iter().map(v1::Message::from).collect(),
            metadata,
        }
    }
}

impl TryFrom<v1::TaskStatusUpdateEvent> for v0_3::TaskStatusUpdateEvent {
    type Error = ConversionError;

    /// `final` is set exactly when the new state is terminal or interrupted, the states at
    /// which a stream ends.
    fn try_from(event: v1::TaskStatusUpdateEvent) -> Result<Self, Self::Error> {
        let v1::TaskStatusUpdateEvent { task_id, context_id, status, metadata } = event;
        let last = status.state.ends_stream();
        let mut e = v0_3::TaskStatusUpdateEvent::new(task_id, context_id, v0_3::TaskStatus::try_from(status)?, last);
        e.metadata = metadata;
        Ok(e)
    }
}

impl From<v0_3::TaskStatusUpdateEvent> for v1::TaskStatusUpdateEvent {
    /// `final` is dropped: a v1.0 stream signals its end by closing.
    fn from(event: v0_3::TaskStatusUpdateEvent) -> Self {
        let v0_3::TaskStatusUpdateEvent { task_id, context_id, status, metadata, .. } = event;
        v1::TaskStatusUpdateEvent { task_id, context_id, status: status.into(), metadata }
    }
}

impl From<v1::TaskArtifactUpdateEvent> for v0_3::TaskArtifactUpdateEvent {
    fn from(event: v1::TaskArtifactUpdateEvent) -> Self {
        let v1::TaskArtifactUpdateEvent { task_id, context_id, artifact, append, last_chunk, metadata } = event;
        let mut e = v0_3::TaskArtifactUpdateEvent::new(task_id, context_id, v0_3::Artifact::from(artifact));
        e.append = append;
        e.last_chunk = last_chunk;
        e.metadata = metadata;
        e
    }
}

impl From<v0_3::TaskArtifactUpdateEvent> for v1::TaskArtifactUpdateEvent {
    fn from(event: v0_3::TaskArtifactUpdateEvent) -> Self {
        let v0_3::TaskArtifactUpdateEvent { task_id, context_id, artifact, append, last_chunk, metadata, .. } = event;
        v1::TaskArtifactUpdateEvent { task_id, context_id, artifact: artifact.into(), append, last_chunk, metadata }
    }
}

impl TryFrom<v1::SendMessageResponse> for v0_3::SendMessageResult {
    type Error = ConversionError;

    fn try_from(response: v1::SendMessageResponse) -> Result<Self, Self::Error> {
        Ok(match response {
            v1::SendMessageResponse::Task(t) => Self::Task(t.try_into()?),
            v1::SendMessageResponse::Message(m) => Self::Message(m.try_into()?),
        })
    }
}

impl From<v0_3::SendMessageResult> for v1::SendMessageResponse {
    fn from(result: v0_3::SendMessageResult) -> Self {
        match result {
            v0_3::SendMessageResult::Task(t) => Self::Task(t.into()),
            v0_3::SendMessageResult::Message(m) => Self::Message(m.into()),
        }
    }
}

impl TryFrom<v1::StreamResponse> for v0_3::StreamEvent {
    type Error = ConversionError;

    fn try_from(response: v1::StreamResponse) -> Result<Self, Self::Error> {
        Ok(match response {
            v1::StreamResponse::Task(t) => Self::Task(t.try_into()?),
            v1::StreamResponse::Message(m) => Self::Message(m.try_into()?),
            v1::StreamResponse::StatusUpdate(e) => Self::StatusUpdate(e.try_into()?),
            v1::StreamResponse::ArtifactUpdate(e) => Self::ArtifactUpdate(e.into()),
        })
    }
}

impl From<v0_3::StreamEvent> for v1::StreamResponse {
    fn from(event: v0_3::StreamEvent) -> Self {
        match event {
            v0_3::StreamEvent::Task(t) => Self::Task(t.into()),
            v0_3::StreamEvent::Message(m) => Self::Message(m.into()),
            v0_3::StreamEvent::StatusUpdate(e) => Self::StatusUpdate(e.into()),
            v0_3::StreamEvent::ArtifactUpdate(e) => Self::ArtifactUpdate(e.into()),
        }
    }
}
