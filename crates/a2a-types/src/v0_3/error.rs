//! [`ConversionError`] and the mapping of error codes for v0.3 callers.

use crate::{ErrorCode, JsonRpcError};

/// A value that has no form in the other protocol version.
///
/// Converting a request that a v0.3 client sent gives an error the server should report as
/// [`ErrorCode::InvalidParams`]; converting what our own agent produced for a v0.3 client
/// gives one that points at a bug in the agent ([`ErrorCode::InvalidAgentResponse`] or
/// [`ErrorCode::Internal`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConversionError {
    /// A v1.0 message with `ROLE_UNSPECIFIED`; v0.3 only knows `user` and `agent`.
    #[error("message `{0}` has no role; v0.3 needs `user` or `agent`")]
    UnspecifiedRole(crate::MessageId),
    /// A v1.0 task without `contextId`, which every v0.3 task has.
    #[error("task `{0}` has no contextId, which v0.3 requires")]
    MissingContextId(crate::TaskId),
    /// A v1.0 push notification configuration without `taskId`, where v0.3 needs one.
    #[error("push notification configuration has no taskId, which v0.3 requires")]
    MissingTaskId,
    /// A v1.0 agent card without any `supportedInterfaces`, so there is no v0.3 `url`.
    #[error("agent card lists no interface, so it has no url for v0.3")]
    NoInterface,
    /// A v1.0 agent extension without `uri`, which v0.3 requires.
    #[error("agent extension has no uri, which v0.3 requires")]
    ExtensionWithoutUri,
    /// v0.3 push notification authentication with an empty `schemes` list; v1.0 needs one.
    #[error("push notification authentication lists no scheme")]
    NoAuthenticationScheme,
    /// A v0.3 OAuth 2.0 security scheme without any flow; v1.0 needs exactly one.
    #[error("OAuth 2.0 security scheme declares no flow")]
    NoOAuthFlow,
}

/// The JSON-RPC `error.code` to send a v0.3 caller for `code`.
///
/// v0.3 defines -32001 to -32007 (its -32007, `AuthenticatedExtendedCardNotConfigured`, is
/// v1.0's [`ErrorCode::ExtendedAgentCardNotConfigured`]); those and the JSON-RPC standard
/// codes are sent unchanged. The two codes v1.0 added become -32600 (`InvalidRequest`):
///
/// - [`ErrorCode::ExtensionSupportRequired`] (-32008): the request lacks an extension the
///   agent needs, so it is not acceptable as sent; declaring the extension fixes it.
/// - [`ErrorCode::VersionNotSupported`] (-32009): the request asked for a protocol version
///   the server does not speak, again something the caller changes in its request.
///
/// `InvalidRequest` says "fix the request and retry", which fits both; -32004
/// (`UnsupportedOperation`) would tell the caller the operation itself is unavailable.
///
/// ```
/// use a2a_types::ErrorCode;
/// use a2a_types::v0_3::error_code_for_v0_3;
///
/// assert_eq!(error_code_for_v0_3(ErrorCode::TaskNotFound), -32001);
/// assert_eq!(error_code_for_v0_3(ErrorCode::VersionNotSupported), -32600);
/// ```
pub const fn error_code_for_v0_3(code: ErrorCode) -> i64 {
    match code {
        ErrorCode::ExtensionSupportRequired | ErrorCode::VersionNotSupported => {
            ErrorCode::InvalidRequest.jsonrpc_code()
        }
        other => other.jsonrpc_code(),
    }
}

/// `error` with its code mapped by [`error_code_for_v0_3`]; the message and `data` (which
/// still name the original error in its `ErrorInfo`) are kept. Codes A2A does not define
/// pass through unchanged.
pub fn jsonrpc_error_for_v0_3(mut error: JsonRpcError) -> JsonRpcError {
    if let Some(code) = ErrorCode::from_jsonrpc(error.code) {
        error.code = error_code_for_v0_3(code);
    }
    error
}
