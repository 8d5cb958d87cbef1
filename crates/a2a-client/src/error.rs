//! [`Error`], the one error type of this crate, and [`ErrorKind`], what went wrong.

use a2a_types::{ErrorCode, JsonRpcError};
use std::borrow::Cow;
use std::fmt;

/// A boxed error cause, kept as the [`source`](std::error::Error::source) of an [`Error`].
pub(crate) type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// An error from the client: a failed connection, a timeout, an HTTP status, an error
/// the agent answered with, a response that could not be read, or a stream cut short.
///
/// The error is opaque: ask [`kind`](Self::kind) what happened, and
/// [`error_code`](Self::error_code) which A2A error the agent reported. The cause (an I/O
/// error, a JSON error with the path of the offending field) is kept as
/// [`source`](std::error::Error::source), never flattened into the message.
///
/// ```
/// # async fn run(client: a2a_client::Client) {
/// use a2a_types::ErrorCode;
///
/// match client.get_task("task-1").await {
///     Ok(task) => println!("{:?}", task.state()),
///     Err(e) if matches!(e.error_code(), Some(ErrorCode::TaskNotFound)) => println!("no such task"),
///     Err(e) => eprintln!("failed: {e}"),
/// }
/// # }
/// ```
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    kind: ErrorKind,
    message: Option<Cow<'static, str>>,
    status: Option<u16>,
    rpc: Option<JsonRpcError>,
    source: Option<BoxError>,
}

/// What kind of failure an [`Error`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The request could not be sent or its response could not be read: DNS, connect,
    /// TLS, a reset connection.
    Transport,
    /// A timeout ran out: the connect timeout, the per-request timeout of a unary call,
    /// or the idle timeout between the events of a stream.
    Timeout,
    /// The server answered with an HTTP error status and no A2A error in the body;
    /// see [`Error::status`].
    HttpStatus,
    /// The agent answered with an error (a JSON-RPC `error` object); see
    /// [`Error::protocol_error`] and [`Error::error_code`].
    Protocol,
    /// The response was not what the protocol says: invalid JSON, a JSON value of the
    /// wrong shape, or an unexpected content type.
    Decode,
    /// One event of a stream was larger than the configured maximum
    /// ([`ClientBuilder::max_event_size`](crate::ClientBuilder::max_event_size)).
    EventTooLarge,
    /// A stream ended before its task reached a terminal or interrupted state: the
    /// connection was cut, or closed early by the server.
    Stream,
    /// The client could not be configured: an invalid header value or URL, or an agent
    /// card that offers no interface this client can speak.
    Config,
    /// A [`RequestHook`](crate::RequestHook) failed.
    Hook,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind) -> Self {
        Self { inner: Box::new(Inner { kind, message: None, status: None, rpc: None, source: None }) }
    }

    pub(crate) fn with_message(mut self, message: impl Into<Cow<'static, str>>) -> Self {
        self.inner.message = Some(message.into());
        self
    }

    pub(crate) fn with_source(mut self, source: impl Into<BoxError>) -> Self {
        self.inner.source = Some(source.into());
        self
    }

    pub(crate) fn with_status(mut self, status: u16) -> Self {
        self.inner.status = Some(status);
        self
    }

    pub(crate) fn protocol(rpc: JsonRpcError) -> Self {
        let mut e = Self::new(ErrorKind::Protocol);
        e.inner.rpc = Some(rpc);
        e
    }

    pub(crate) fn config(message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(ErrorKind::Config).with_message(message)
    }

    pub(crate) fn decode(message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(ErrorKind::Decode).with_message(message)
    }

    pub(crate) fn stream(message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(ErrorKind::Stream).with_message(message)
    }

    /// Wraps an error of the HTTP stack, telling timeouts from other failures.
    pub(crate) fn http(e: reqwest::Error) -> Self {
        if e.is_timeout() {
            Self::new(ErrorKind::Timeout).with_source(e)
        } else {
            Self::new(ErrorKind::Transport).with_source(e)
        }
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// Whether the request could not be sent or its response could not be read.
    pub fn is_transport(&self) -> bool {
        self.inner.kind == ErrorKind::Transport
    }

    /// Whether a timeout ran out (connect, request, or idle between stream events).
    pub fn is_timeout(&self) -> bool {
        self.inner.kind == ErrorKind::Timeout
    }

    /// Whether the server answered with an HTTP error status.
    pub fn is_status(&self) -> bool {
        self.inner.kind == ErrorKind::HttpStatus
    }

    /// Whether the agent answered with an error; see [`error_code`](Self::error_code).
    pub fn is_protocol(&self) -> bool {
        self.inner.kind == ErrorKind::Protocol
    }

    /// Whether a response could not be decoded, including a stream event over the size
    /// limit ([`ErrorKind::EventTooLarge`]).
    pub fn is_decode(&self) -> bool {
        matches!(self.inner.kind, ErrorKind::Decode | ErrorKind::EventTooLarge)
    }

    /// Whether a stream ended before its task reached a final state.
    pub fn is_stream(&self) -> bool {
        self.inner.kind == ErrorKind::Stream
    }

    /// The HTTP status of the response, when the error came with one.
    ///
    /// Set for [`ErrorKind::HttpStatus`], and for [`ErrorKind::Protocol`] when the agent
    /// sent its JSON-RPC error with a non-2xx status.
    pub fn status(&self) -> Option<u16> {
        self.inner.status
    }

    /// The JSON-RPC error the agent answered with: its code, message and details.
    pub fn protocol_error(&self) -> Option<&JsonRpcError> {
        self.inner.rpc.as_ref()
    }

    /// The A2A (or standard JSON-RPC) error the agent reported, if its code is one the
    /// protocol defines: `matches!(e.error_code(), Some(ErrorCode::TaskNotFound))`.
    pub fn error_code(&self) -> Option<ErrorCode> {
        self.inner.rpc.as_ref().and_then(JsonRpcError::error_code)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("a2a_client::Error");
        d.field("kind", &self.inner.kind);
        if let Some(m) = &self.inner.message {
            d.field("message", m);
        }
        if let Some(s) = self.inner.status {
            d.field("status", &s);
        }
        if let Some(rpc) = &self.inner.rpc {
            d.field("rpc", rpc);
        }
        if let Some(src) = &self.inner.source {
            d.field("source", src);
        }
        d.finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.inner.kind {
            ErrorKind::Transport => "transport error",
            ErrorKind::Timeout => "timed out",
            ErrorKind::HttpStatus => "HTTP status",
            ErrorKind::Protocol => "agent returned an error",
            ErrorKind::Decode => "invalid response",
            ErrorKind::EventTooLarge => "stream event too large",
            ErrorKind::Stream => "stream cut short",
            ErrorKind::Config => "invalid client configuration",
            ErrorKind::Hook => "request hook failed",
        };
        f.write_str(what)?;
        match (self.inner.kind, self.inner.status) {
            (ErrorKind::HttpStatus, Some(status)) => write!(f, " {status}")?,
            (_, Some(status)) => write!(f, " (HTTP {status})")?,
            (_, None) => {}
        }
        if let Some(rpc) = &self.inner.rpc {
            write!(f, ": {rpc}")?;
        }
        if let Some(m) = &self.inner.message {
            write!(f, ": {m}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner.source.as_ref().map(|e| &**e as &(dyn std::error::Error + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_is_send_sync_and_small() {
        fn assert_send_sync<T: Send + Sync + 'static>() {}
        assert_send_sync::<Error>();
        assert_eq!(std::mem::size_of::<Error>(), std::mem::size_of::<usize>());
    }

    #[test]
    fn protocol_error_exposes_code() {
        let e = Error::protocol(JsonRpcError::new(-32001, "Task not found"));
        assert_eq!(e.kind(), ErrorKind::Protocol);
        assert_eq!(e.error_code(), Some(ErrorCode::TaskNotFound));
        assert_eq!(e.to_string(), "agent returned an error: Task not found (code -32001)");
    }

    #[test]
    fn source_is_kept() {
        let io = std::io::Error::other("boom");
        let e = Error::new(ErrorKind::Transport).with_source(io);
        let src = std::error::Error::source(&e).expect("source");
        assert_eq!(src.to_string(), "boom");
    }
}
