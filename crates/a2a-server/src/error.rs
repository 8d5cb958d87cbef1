//! [`Error`]: the one error type of this crate, for agents, task stores and the server.

use a2a_types::ErrorCode;
use std::fmt;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// An error from an agent, a task store, or the server itself.
///
/// Agents return it from [`AgentExecutor::execute`](crate::AgentExecutor::execute): an error
/// made with [`Error::protocol`] before the task exists becomes the JSON-RPC error of the
/// request (for example [`ErrorCode::ContentTypeNotSupported`]); any other error fails
/// the task with the error's message as the reason. Task stores return it for storage
/// failures and version conflicts.
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    kind: ErrorKind,
    message: String,
    source: Option<BoxError>,
}

/// What kind of failure an [`Error`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A protocol error that the client sees with this code.
    Protocol(ErrorCode),
    /// The agent failed; the task fails with this error's message.
    Agent,
    /// The task store failed.
    Store,
    /// A compare-and-swap save found a different version than expected.
    Conflict,
    /// The task already reached a terminal state (or was handed back to the client), so the
    /// update was refused.
    TaskClosed,
    /// Serving failed: the listener or a connection.
    Io,
}

impl Error {
    fn new(kind: ErrorKind, message: impl Into<String>, source: Option<BoxError>) -> Self {
        Self { inner: Box::new(Inner { kind, message: message.into(), source }) }
    }

    /// A protocol error: the request fails with `code` and `message`.
    pub fn protocol(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Protocol(code), message, None)
    }

    /// An agent failure with a reason that is shown to the client.
    pub fn agent(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Agent, message, None)
    }

    /// An agent failure caused by `source`; the client sees `message`, not the source.
    pub fn agent_with_source(message: impl Into<String>, source: impl Into<BoxError>) -> Self {
        Self::new(ErrorKind::Agent, message, Some(source.into()))
    }

    /// A task-store failure caused by `source`.
    pub fn store(source: impl Into<BoxError>) -> Self {
        Self::new(ErrorKind::Store, "task store failure", Some(source.into()))
    }

    /// A version conflict in a compare-and-swap save.
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Conflict, message, None)
    }

    pub(crate) fn closed() -> Self {
        Self::new(ErrorKind::TaskClosed, "the task is closed to further updates", None)
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// The protocol error code, for errors of kind [`ErrorKind::Protocol`].
    pub fn code(&self) -> Option<ErrorCode> {
        match self.inner.kind {
            ErrorKind::Protocol(c) => Some(c),
            _ => None,
        }
    }

    /// What a client is told: the protocol code and message, or for any other error
    /// `Internal` with its generic message (the details are logged here, not sent).
    pub(crate) fn public(&self) -> (ErrorCode, String) {
        match self.code() {
            Some(code) => (code, self.message().to_string()),
            None => {
                tracing::error!(error = %self, "internal error answering a request");
                (ErrorCode::Internal, ErrorCode::Internal.default_message().to_string())
            }
        }
    }

    /// The message shown to clients.
    pub fn message(&self) -> &str {
        &self.inner.message
    }

    /// Whether an update was refused because the task is already closed.
    pub fn is_task_closed(&self) -> bool {
        self.inner.kind == ErrorKind::TaskClosed
    }

    /// Whether a save lost a compare-and-swap race.
    pub fn is_conflict(&self) -> bool {
        self.inner.kind == ErrorKind::Conflict
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Error");
        d.field("kind", &self.inner.kind).field("message", &self.inner.message);
        if let Some(s) = &self.inner.source {
            d.field("source", s);
        }
        d.finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.inner.kind {
            ErrorKind::Protocol(code) => write!(f, "{code}: {}", self.inner.message),
            _ => f.write_str(&self.inner.message),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner.source.as_deref().map(|s| s as &(dyn std::error::Error + 'static))
    }
}
