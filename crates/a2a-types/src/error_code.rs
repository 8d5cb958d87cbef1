//! [`ErrorCode`]: every error A2A names, with its code in each binding (spec v1.0.1, §5.4).

use std::fmt;

/// An error the protocol defines, with its JSON-RPC code, HTTP status and gRPC status.
///
/// The first nine are A2A's own errors (-32001 to -32009); the rest are the JSON-RPC 2.0
/// standard errors, which A2A uses for malformed requests. Codes this table does not know
/// are kept as plain numbers in [`JsonRpcError::code`](crate::JsonRpcError::code).
///
/// | error | JSON-RPC | HTTP | gRPC | `ErrorInfo.reason` |
/// | --- | --- | --- | --- | --- |
/// | `TaskNotFound` | -32001 | 404 | `NOT_FOUND` | `TASK_NOT_FOUND` |
/// | `TaskNotCancelable` | -32002 | 400 | `FAILED_PRECONDITION` | `TASK_NOT_CANCELABLE` |
/// | `PushNotificationNotSupported` | -32003 | 400 | `FAILED_PRECONDITION` | `PUSH_NOTIFICATION_NOT_SUPPORTED` |
/// | `UnsupportedOperation` | -32004 | 400 | `FAILED_PRECONDITION` | `UNSUPPORTED_OPERATION` |
/// | `ContentTypeNotSupported` | -32005 | 400 | `INVALID_ARGUMENT` | `CONTENT_TYPE_NOT_SUPPORTED` |
/// | `InvalidAgentResponse` | -32006 | 500 | `INTERNAL` | `INVALID_AGENT_RESPONSE` |
/// | `ExtendedAgentCardNotConfigured` | -32007 | 400 | `FAILED_PRECONDITION` | `EXTENDED_AGENT_CARD_NOT_CONFIGURED` |
/// | `ExtensionSupportRequired` | -32008 | 400 | `FAILED_PRECONDITION` | `EXTENSION_SUPPORT_REQUIRED` |
/// | `VersionNotSupported` | -32009 | 400 | `FAILED_PRECONDITION` | `VERSION_NOT_SUPPORTED` |
/// | `ParseError` | -32700 | 400 | `INVALID_ARGUMENT` | `PARSE_ERROR` |
/// | `InvalidRequest` | -32600 | 400 | `INVALID_ARGUMENT` | `INVALID_REQUEST` |
/// | `MethodNotFound` | -32601 | 404 | `UNIMPLEMENTED` | `METHOD_NOT_FOUND` |
/// | `InvalidParams` | -32602 | 400 | `INVALID_ARGUMENT` | `INVALID_PARAMS` |
/// | `Internal` | -32603 | 500 | `INTERNAL` | `INTERNAL` |
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// The task does not exist or the caller may not see it.
    TaskNotFound,
    /// The task cannot be canceled, usually because it already reached a terminal state.
    TaskNotCancelable,
    /// The agent does not support push notifications.
    PushNotificationNotSupported,
    /// The operation, or this use of it, is not supported.
    UnsupportedOperation,
    /// A media type in the request is not supported.
    ContentTypeNotSupported,
    /// The agent produced a response that breaks the protocol.
    InvalidAgentResponse,
    /// The agent declares an extended card but has none configured.
    ExtendedAgentCardNotConfigured,
    /// The agent requires an extension the client did not declare.
    ExtensionSupportRequired,
    /// The requested `A2A-Version` is not supported.
    VersionNotSupported,
    /// The request body is not valid JSON.
    ParseError,
    /// The JSON is not a valid JSON-RPC request.
    InvalidRequest,
    /// No such method.
    MethodNotFound,
    /// The method's parameters are invalid.
    InvalidParams,
    /// The server failed.
    Internal,
}

impl ErrorCode {
    /// Every code in the table.
    pub const ALL: [ErrorCode; 14] = [
        Self::TaskNotFound,
        Self::TaskNotCancelable,
        Self::PushNotificationNotSupported,
        Self::UnsupportedOperation,
        Self::ContentTypeNotSupported,
        Self::InvalidAgentResponse,
        Self::ExtendedAgentCardNotConfigured,
        Self::ExtensionSupportRequired,
        Self::VersionNotSupported,
        Self::ParseError,
        Self::InvalidRequest,
        Self::MethodNotFound,
        Self::InvalidParams,
        Self::Internal,
    ];

    /// The JSON-RPC `error.code`.
    pub const fn jsonrpc_code(self) -> i64 {
        match self {
            Self::TaskNotFound => -32001,
            Self::TaskNotCancelable => -32002,
            Self::PushNotificationNotSupported => -32003,
            Self::UnsupportedOperation => -32004,
            Self::ContentTypeNotSupported => -32005,
            Self::InvalidAgentResponse => -32006,
            Self::ExtendedAgentCardNotConfigured => -32007,
            Self::ExtensionSupportRequired => -32008,
            Self::VersionNotSupported => -32009,
            Self::ParseError => -32700,
            Self::InvalidRequest => -32600,
            Self::MethodNotFound => -32601,
            Self::InvalidParams => -32602,
            Self::Internal => -32603,
        }
    }

    /// The HTTP status of the REST binding.
    pub const fn http_status(self) -> u16 {
        match self {
            Self::TaskNotFound | Self::MethodNotFound => 404,
            Self::InvalidAgentResponse | Self::Internal => 500,
            _ => 400,
        }
    }

    /// The gRPC status name, as `google.rpc.Status` JSON writes it in `status`.
    pub const fn grpc_status(self) -> &'static str {
        match self {
            Self::TaskNotFound => "NOT_FOUND",
            Self::TaskNotCancelable
            | Self::PushNotificationNotSupported
            | Self::UnsupportedOperation
            | Self::ExtendedAgentCardNotConfigured
            | Self::ExtensionSupportRequired
            | Self::VersionNotSupported => "FAILED_PRECONDITION",
            Self::ContentTypeNotSupported | Self::ParseError | Self::InvalidRequest | Self::InvalidParams => {
                "INVALID_ARGUMENT"
            }
            Self::InvalidAgentResponse | Self::Internal => "INTERNAL",
            Self::MethodNotFound => "UNIMPLEMENTED",
        }
    }

    /// The numeric gRPC status code.
    pub const fn grpc_code(self) -> i32 {
        match self.grpc_status().as_bytes() {
            b"NOT_FOUND" => 5,
            b"FAILED_PRECONDITION" => 9,
            b"INVALID_ARGUMENT" => 3,
            b"UNIMPLEMENTED" => 12,
            _ => 13,
        }
    }

    /// The `reason` of the `google.rpc.ErrorInfo` detail that names this error.
    pub const fn reason(self) -> &'static str {
        match self {
            Self::TaskNotFound => "TASK_NOT_FOUND",
            Self::TaskNotCancelable => "TASK_NOT_CANCELABLE",
            Self::PushNotificationNotSupported => "PUSH_NOTIFICATION_NOT_SUPPORTED",
            Self::UnsupportedOperation => "UNSUPPORTED_OPERATION",
            Self::ContentTypeNotSupported => "CONTENT_TYPE_NOT_SUPPORTED",
            Self::InvalidAgentResponse => "INVALID_AGENT_RESPONSE",
            Self::ExtendedAgentCardNotConfigured => "EXTENDED_AGENT_CARD_NOT_CONFIGURED",
            Self::ExtensionSupportRequired => "EXTENSION_SUPPORT_REQUIRED",
            Self::VersionNotSupported => "VERSION_NOT_SUPPORTED",
            Self::ParseError => "PARSE_ERROR",
            Self::InvalidRequest => "INVALID_REQUEST",
            Self::MethodNotFound => "METHOD_NOT_FOUND",
            Self::InvalidParams => "INVALID_PARAMS",
            Self::Internal => "INTERNAL",
        }
    }

    /// A short default message.
    pub const fn default_message(self) -> &'static str {
        match self {
            Self::TaskNotFound => "Task not found",
            Self::TaskNotCancelable => "Task cannot be canceled",
            Self::PushNotificationNotSupported => "Push notifications are not supported",
            Self::UnsupportedOperation => "This operation is not supported",
            Self::ContentTypeNotSupported => "Content type not supported",
            Self::InvalidAgentResponse => "Invalid agent response",
            Self::ExtendedAgentCardNotConfigured => "Extended agent card is not configured",
            Self::ExtensionSupportRequired => "A required extension is not supported by the client",
            Self::VersionNotSupported => "Protocol version not supported",
            Self::ParseError => "Invalid JSON payload",
            Self::InvalidRequest => "Request payload validation error",
            Self::MethodNotFound => "Method not found",
            Self::InvalidParams => "Invalid parameters",
            Self::Internal => "Internal error",
        }
    }

    /// Whether this is one of A2A's own errors rather than a JSON-RPC standard one.
    pub const fn is_a2a(self) -> bool {
        let c = self.jsonrpc_code();
        c >= -32099 && c <= -32001
    }

    /// The error with this JSON-RPC code.
    pub fn from_jsonrpc(code: i64) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.jsonrpc_code() == code)
    }

    /// The error with this `ErrorInfo.reason`.
    pub fn from_reason(reason: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.reason() == reason)
    }

    /// The `google.rpc.ErrorInfo` detail object naming this error, with `metadata`
    /// (string values) such as the task id.
    pub fn error_info<'a>(self, metadata: impl IntoIterator<Item = (&'a str, String)>) -> serde_json::Value {
        let metadata: serde_json::Map<String, serde_json::Value> =
            metadata.into_iter().map(|(k, v)| (k.to_string(), serde_json::Value::String(v))).collect();
        let mut info = serde_json::json!({
            "@type": ERROR_INFO_TYPE,
            "reason": self.reason(),
            "domain": ERROR_DOMAIN,
        });
        if !metadata.is_empty() {
            info["metadata"] = serde_json::Value::Object(metadata);
        }
        info
    }
}

/// The `@type` of a `google.rpc.ErrorInfo` detail.
pub const ERROR_INFO_TYPE: &str = "type.googleapis.com/google.rpc.ErrorInfo";

/// The `domain` of every A2A `ErrorInfo`.
pub const ERROR_DOMAIN: &str = "a2a-protocol.org";

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.reason())
    }
}

#[cfg(test)]
mod tests {
    use super::ErrorCode;

    #[test]
    fn codes_and_reasons_are_unique_and_round_trip() {
        for e in ErrorCode::ALL {
            assert_eq!(ErrorCode::from_jsonrpc(e.jsonrpc_code()), Some(e));
            assert_eq!(ErrorCode::from_reason(e.reason()), Some(e));
        }
        assert_eq!(ErrorCode::ALL.iter().filter(|e| e.is_a2a()).count(), 9);
    }

    #[test]
    fn v1_0_1_statuses() {
        assert_eq!(ErrorCode::TaskNotFound.http_status(), 404);
        assert_eq!(ErrorCode::TaskNotCancelable.http_status(), 400);
        assert_eq!(ErrorCode::InvalidAgentResponse.grpc_status(), "INTERNAL");
        assert_eq!(ErrorCode::ContentTypeNotSupported.grpc_code(), 3);
        assert_eq!(ErrorCode::VersionNotSupported.grpc_code(), 9);
    }

    #[test]
    fn error_info_names_the_reason() {
        let info = ErrorCode::TaskNotFound.error_info([("taskId", "t-1".to_string())]);
        assert_eq!(info["reason"], "TASK_NOT_FOUND");
        assert_eq!(info["domain"], "a2a-protocol.org");
        assert_eq!(info["metadata"]["taskId"], "t-1");
    }
}
