//! Wire types of the A2A (Agent2Agent) protocol v1.0, and of its v0.3 dialect.
//!
//! Every protocol object (tasks, messages, parts, artifacts, events, agent cards, and the
//! parameters and results of every operation) is a serde type whose JSON is the
//! protocol's JSON (ProtoJSON: camelCase names, enum values by their proto names, each
//! oneof as exactly one member). The types are generated from our JSON Schema in
//! `schema/` by `cargo xtask codegen`; this crate adds ids, timestamps, the JSON-RPC
//! envelope, the error-code table and conveniences by hand. It does no I/O.
//!
//! ```
//! use a2a_types::{Message, Part, Role, StreamResponse, TaskState};
//!
//! // Build: constructors take the required fields; `with_*` sets the rest.
//! let message = Message::user_text("What is the weather in Lisbon?");
//! assert_eq!(message.role, Role::User);
//!
//! // Read: errors name the field that was wrong.
//! let event: StreamResponse = a2a_types::from_slice(br#"{"statusUpdate": {
//!     "taskId": "t-1", "contextId": "c-1",
//!     "status": {"state": "TASK_STATE_COMPLETED", "timestamp": "2026-01-02T03:04:05+01:00"}}}"#)?;
//! assert!(event.is_final());
//! let StreamResponse::StatusUpdate(update) = &event else { unreachable!() };
//! assert_eq!(update.status.state, TaskState::Completed);
//!
//! // Write: camelCase, proto enum names, timestamps in UTC.
//! let json = serde_json::to_string(&event)?;
//! assert!(json.contains(r#""state":"TASK_STATE_COMPLETED""#));
//! assert!(json.contains(r#""timestamp":"2026-01-02T02:04:05.000Z""#));
//! # let _ = Part::text("x");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # How the schema maps to Rust
//!
//! | in the schema (and proto) | in Rust |
//! | --- | --- |
//! | a message | a `#[non_exhaustive]` struct with `new(required fields…)` and `with_*` setters |
//! | a required field | a plain field, always written |
//! | a proto3 `bool` without presence (`append`, `returnImmediately`) | `bool`, omitted when `false` |
//! | a repeated field or map | `Vec` / `BTreeMap`, omitted when empty |
//! | any other optional field | `Option`, omitted when `None` |
//! | a oneof (`Part.content`, `StreamResponse`) | an enum; on the wire, exactly one member name |
//! | an enum (`TaskState`) | an enum; variants keep their wire names (`TASK_STATE_WORKING`) |
//! | `Timestamp`, `Struct`, `Value`, bytes | [`Timestamp`], [`Struct`], `serde_json::Value`, `Vec<u8>` (base64) |
//! | task, context, message and artifact ids | [`TaskId`], [`ContextId`], [`MessageId`], [`ArtifactId`] |
//!
//! Reading is lenient where the protocol asks for it: unknown fields are ignored, and
//! the proto's snake_case names are accepted beside the camelCase ones. It is strict where
//! it matters: an unknown enum value, a missing required field, or a oneof with no member
//! or two is an error. Use [`from_slice`] or [`from_value`] to get errors that name the
//! field's path.
//!
//! # Modules
//!
//! - [`jsonrpc`]: the JSON-RPC 2.0 envelope; [`Method`] and [`methods`] list every method
//!   with its parameter and result types.
//! - [`error_code`]: [`ErrorCode`], every error with its JSON-RPC code, HTTP status and
//!   gRPC status.
//! - [`v0_3`]: the v0.3 JSON-RPC dialect (`message/send`, `kind` tags, lowercase states,
//!   the `final` flag) and conversions to and from the v1.0 types.

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
