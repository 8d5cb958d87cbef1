//! Wire types of the A2A (Agent2Agent) protocol.
//!
//! Placeholder crate docs; rewritten below once the generated types exist.
//!
//! [`v0_3`] holds the v0.3 JSON-RPC dialect and its conversions to and from v1.0.

#![deny(missing_docs)]

mod generated;

mod decode;
pub mod error_code;
mod helpers;
mod ids;
pub mod jsonrpc;
mod timestamp;
mod uuid;
pub mod v0_3;
#[doc(hidden)]
pub mod wire;

pub use decode::{DecodeError, from_slice, from_value};
pub use error_code::ErrorCode;
pub use generated::v1::*;
pub use ids::{ArtifactId, ContextId, MessageId, TaskId};
pub use jsonrpc::{JsonRpcError, JsonRpcId};
pub use timestamp::{Timestamp, TimestampError};

/// A JSON object: the form of `google.protobuf.Struct`, used for `metadata`.
pub type Struct = serde_json::Map<String, serde_json::Value>;
