//! The errors A2A names, with their code in each binding (v1.0.1 §5.4), and the error a
//! server answered with, read from the wire.
//!
//! The table is the suite's own, not `a2a_types::ErrorCode`: the suite checks the wire
//! independently of our SDK's types.

use super::check::Binding;
use serde_json::Value;

/// An error the protocol defines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum A2aError {
    TaskNotFound,
    TaskNotCancelable,
    PushNotificationNotSupported,
    UnsupportedOperation,
    ContentTypeNotSupported,
    InvalidAgentResponse,
    ExtendedAgentCardNotConfigured,
    ExtensionSupportRequired,
    VersionNotSupported,
    ParseError,
    InvalidRequest,
    MethodNotFound,
    InvalidParams,
    Internal,
}

use A2aError::*;

const ALL: [A2aError; 14] = [
    TaskNotFound,
    TaskNotCancelable,
    PushNotificationNotSupported,
    UnsupportedOperation,
    ContentTypeNotSupported,
    InvalidAgentResponse,
    ExtendedAgentCardNotConfigured,
    ExtensionSupportRequired,
    VersionNotSupported,
    ParseError,
    InvalidRequest,
    MethodNotFound,
    InvalidParams,
    Internal,
];

impl A2aError {
    /// The name the specification gives it, such as `TaskNotFoundError`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            TaskNotFound => "TaskNotFoundError",
            TaskNotCancelable => "TaskNotCancelableError",
            PushNotificationNotSupported => "PushNotificationNotSupportedError",
            UnsupportedOperation => "UnsupportedOperationError",
            ContentTypeNotSupported => "ContentTypeNotSupportedError",
            InvalidAgentResponse => "InvalidAgentResponseError",
            ExtendedAgentCardNotConfigured => "ExtendedAgentCardNotConfiguredError",
            ExtensionSupportRequired => "ExtensionSupportRequiredError",
            VersionNotSupported => "VersionNotSupportedError",
            ParseError => "JSONParseError",
            InvalidRequest => "InvalidRequestError",
            MethodNotFound => "MethodNotFoundError",
            InvalidParams => "InvalidParamsError",
            Internal => "InternalError",
        }
    }

    /// The JSON-RPC `error.code`.
    pub(crate) fn code(self) -> i64 {
        match self {
            TaskNotFound => -32001,
            TaskNotCancelable => -32002,
            PushNotificationNotSupported => -32003,
            UnsupportedOperation => -32004,
            ContentTypeNotSupported => -32005,
            InvalidAgentResponse => -32006,
            ExtendedAgentCardNotConfigured => -32007,
            ExtensionSupportRequired => -32008,
            VersionNotSupported => -32009,
            ParseError => -32700,
            InvalidRequest => -32600,
            MethodNotFound => -32601,
            InvalidParams => -32602,
            Internal => -32603,
        }
    }

    /// The HTTP status of the REST binding (v1.0.1 table).
    pub(crate) fn http_status(self) -> u16 {
        match self {
            TaskNotFound | MethodNotFound => 404,
            InvalidAgentResponse | Internal => 500,
            _ => 400,
        }
    }

    /// The `google.rpc.ErrorInfo` reason: the name in UPPER_SNAKE_CASE without `Error`.
    pub(crate) fn reason(self) -> &'static str {
        match self {
            TaskNotFound => "TASK_NOT_FOUND",
            TaskNotCancelable => "TASK_NOT_CANCELABLE",
            PushNotificationNotSupported => "PUSH_NOTIFICATION_NOT_SUPPORTED",
            UnsupportedOperation => "UNSUPPORTED_OPERATION",
            ContentTypeNotSupported => "CONTENT_TYPE_NOT_SUPPORTED",
            InvalidAgentResponse => "INVALID_AGENT_RESPONSE",
            ExtendedAgentCardNotConfigured => "EXTENDED_AGENT_CARD_NOT_CONFIGURED",
            ExtensionSupportRequired => "EXTENSION_SUPPORT_REQUIRED",
            VersionNotSupported => "VERSION_NOT_SUPPORTED",
            ParseError => "PARSE_ERROR",
            InvalidRequest => "INVALID_REQUEST",
            MethodNotFound => "METHOD_NOT_FOUND",
            InvalidParams => "INVALID_PARAMS",
            Internal => "INTERNAL",
        }
    }

    /// The gRPC status name that `google.rpc.Status` JSON carries in `status`.
    pub(crate) fn grpc_status(self) -> &'static str {
        match self {
            TaskNotFound => "NOT_FOUND",
            ContentTypeNotSupported | ParseError | InvalidRequest | InvalidParams => "INVALID_ARGUMENT",
            InvalidAgentResponse | Internal => "INTERNAL",
            MethodNotFound => "UNIMPLEMENTED",
            _ => "FAILED_PRECONDITION",
        }
    }

    /// Whether this is one of A2A's own errors (as opposed to a JSON-RPC standard one),
    /// which the REST binding must name with an `ErrorInfo`.
    pub(crate) fn is_a2a(self) -> bool {
        (-32099..=-32001).contains(&self.code())
    }

    /// The error with this JSON-RPC code.
    pub(crate) fn from_code(code: i64) -> Option<A2aError> {
        ALL.into_iter().find(|e| e.code() == code)
    }

    /// How the error looks in `binding`, for messages: `TaskNotFoundError (JSON-RPC
    /// error.code -32001)` or `TaskNotFoundError (HTTP 404, ErrorInfo reason TASK_NOT_FOUND)`;
    /// without `with_reason` (v0.3 REST, which defined no error body) the status alone.
    pub(crate) fn expected(self, binding: Binding, with_reason: bool) -> String {
        match binding {
            Binding::JsonRpc => format!("{} (JSON-RPC error.code {})", self.name(), self.code()),
            Binding::Rest if self.is_a2a() && with_reason => {
                format!("{} (HTTP {}, ErrorInfo reason {})", self.name(), self.http_status(), self.reason())
            }
            Binding::Rest => format!("{} (HTTP {})", self.name(), self.http_status()),
        }
    }
}

/// An error a server answered with, as read from the wire.
#[derive(Debug, Clone)]
pub(crate) struct WireError {
    pub(crate) binding: Binding,
    /// The request that got it, for messages.
    pub(crate) request: String,
    pub(crate) http_status: u16,
    /// JSON-RPC `error.code`, or REST `error.code`.
    pub(crate) code: Option<i64>,
    /// The `reason` of the first `google.rpc.ErrorInfo` in `error.data` or `error.details`.
    pub(crate) reason: Option<String>,
    pub(crate) message: String,
    /// The whole response body.
    pub(crate) body: Value,
    /// Whether an A2A error must name itself with an `ErrorInfo` reason (REST v1.0); v0.3
    /// REST defined no error body, so there only the status counts.
    pub(crate) reason_required: bool,
}

impl WireError {
    /// Reads a JSON-RPC error response.
    pub(crate) fn jsonrpc(request: &str, http_status: u16, body: Value) -> WireError {
        let error = body.get("error").cloned().unwrap_or(Value::Null);
        WireError {
            binding: Binding::JsonRpc,
            request: request.to_string(),
            http_status,
            code: error.get("code").and_then(Value::as_i64),
            reason: error_info(error.get("data")).and_then(|i| i.get("reason")?.as_str().map(str::to_string)),
            message: error.get("message").and_then(Value::as_str).unwrap_or_default().to_string(),
            body,
            reason_required: false,
        }
    }

    /// Reads a REST error response (`google.rpc.Status` JSON under `error`).
    pub(crate) fn rest(request: &str, http_status: u16, body: Value, reason_required: bool) -> WireError {
        let error = body.get("error").cloned().unwrap_or(Value::Null);
        WireError {
            binding: Binding::Rest,
            request: request.to_string(),
            http_status,
            code: error.get("code").and_then(Value::as_i64),
            reason: error_info(error.get("details")).and_then(|i| i.get("reason")?.as_str().map(str::to_string)),
            message: error.get("message").and_then(Value::as_str).unwrap_or_default().to_string(),
            body,
            reason_required,
        }
    }

    /// What came, for messages: `error.code -32004 (UnsupportedOperationError) "…"` or
    /// `HTTP 400, ErrorInfo reason UNSUPPORTED_OPERATION "…"`.
    pub(crate) fn actual(&self) -> String {
        let message = if self.message.is_empty() { String::new() } else { format!(" {:?}", self.message) };
        match self.binding {
            Binding::JsonRpc => match self.code {
                Some(code) => {
                    let name = A2aError::from_code(code).map(|e| format!(" ({})", e.name())).unwrap_or_default();
                    format!("error.code {code}{name}{message}")
                }
                None => format!("an error without a numeric error.code: {}", compact(&self.body)),
            },
            Binding::Rest => {
                let reason = match &self.reason {
                    Some(r) => format!(", ErrorInfo reason {r}"),
                    None => ", no ErrorInfo".to_string(),
                };
                format!("HTTP {}{reason}{message}", self.http_status)
            }
        }
    }

    /// Whether this is `expected`: the JSON-RPC code, or the REST status and reason.
    pub(crate) fn is(&self, expected: A2aError) -> bool {
        match self.binding {
            Binding::JsonRpc => self.code == Some(expected.code()),
            Binding::Rest => {
                self.http_status == expected.http_status()
                    && (!expected.is_a2a()
                        || !self.reason_required
                        || self.reason.as_deref() == Some(expected.reason()))
            }
        }
    }

    /// Ok when this is one of `expected`, else a failure message naming the request, what
    /// was expected and what came.
    pub(crate) fn expect(&self, expected: &[A2aError]) -> Result<(), String> {
        if expected.iter().any(|e| self.is(*e)) {
            return Ok(());
        }
        let wanted =
            expected.iter().map(|e| e.expected(self.binding, self.reason_required)).collect::<Vec<_>>().join(" or ");
        Err(format!("{}: expected {wanted}, got {}", self.request, self.actual()))
    }
}

/// The first `google.rpc.ErrorInfo` in a details array.
pub(crate) fn error_info(details: Option<&Value>) -> Option<&Value> {
    details?
        .as_array()?
        .iter()
        .find(|d| d.get("@type").and_then(Value::as_str).is_some_and(|t| t.ends_with("google.rpc.ErrorInfo")))
}

/// A value on one line, cut to a readable length.
pub(crate) fn compact(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 200 { format!("{}…", text.chars().take(200).collect::<String>()) } else { text }
}
