//! Protocol v0.3, the JSON-RPC dialect that came before v1.0, and conversions between the two.
//!
//! The types are generated from `schema/a2a-v0.3.schema.json`, so they follow the v0.3 wire
//! format: `kind` tags (`"task"`, `"message"`, `"text"`, `"file"`, `"data"`,
//! `"status-update"`, `"artifact-update"`), lowercase enum values (`"input-required"`) and
//! slash-separated method names (`message/send`). They exist so that one server can answer
//! v0.3 clients with the same agent, and so that our client can call v0.3 agents: convert at
//! the edge and work with the v1.0 types everywhere else.
//!
//! # `kind` tags
//!
//! Every object that v0.3 tags carries its tag in a private field: [`Task`], [`Message`],
//! the three parts, the two stream events and the security schemes always write their
//! `kind` (or `type`) when serialized, whether on their own (the result of `tasks/get`, a
//! message in a task's `history`) or inside a union such as [`SendMessageResult`] or
//! [`StreamEvent`]. Reading a union dispatches on the tag and rejects a missing or unknown
//! one; reading a tagged object on its own accepts a missing tag but rejects a wrong one.
//!
//! ```
//! use a2a_types::v0_3::{Task, TaskState, TaskStatus};
//!
//! let task = Task::new("t-1", "c-1", TaskStatus::new(TaskState::Working));
//! let json = serde_json::to_value(&task).unwrap();
//! assert_eq!(json["kind"], "task");
//! assert_eq!(json["status"]["state"], "working");
//! ```
//!
//! # Conversions
//!
//! `From` is implemented where a conversion cannot fail, `TryFrom` with [`ConversionError`]
//! where it can. Converting v0.3 → v1.0 only fails for push notification authentication
//! with an empty `schemes` list (and, for a security scheme on its own, OAuth 2.0 without
//! any flow); v1.0 → v0.3 fails when v1.0 leaves out something v0.3 requires (a message
//! role, a task's `contextId`, a push configuration's `taskId`, an agent card's interface,
//! an extension's `uri`). Where the two versions overlap nothing is lost; the
//! rest is decided as follows:
//!
//! | topic | v1.0 → v0.3 | v0.3 → v1.0 |
//! | --- | --- | --- |
//! | task state | `TASK_STATE_UNSPECIFIED` → `unknown` | `unknown` → `TASK_STATE_UNSPECIFIED` |
//! | status update | `final` is set exactly when the state is terminal or interrupted (input-required, auth-required) | `final` is dropped: a v1.0 stream ends by closing |
//! | text and data parts | `filename` and `mediaType` are dropped (v0.3 has them on files only) | — |
//! | data part holding a non-object | wrapped as `{"value": <value>}`, since v0.3 data is an object | never unwrapped: the object is kept as it is |
//! | file parts | `raw`/`url` ↔ `file.bytes`/`file.uri`, `filename` ↔ `name`, `mediaType` ↔ `mimeType` | same |
//! | timestamps | written as RFC 3339 in UTC | parsed as RFC 3339; one without an offset is read as UTC; one that cannot be read is dropped |
//! | `returnImmediately` / `blocking` | `blocking = !returnImmediately`, always written when a configuration is sent | an absent `blocking` means `true` (blocking), as in the v0.3 SDKs, so only `blocking: false` sets `returnImmediately` |
//! | push authentication | `scheme` → `schemes: [scheme]` | the first of `schemes` |
//! | push configuration id | kept | a `tasks/pushNotificationConfig/set` or `get` without a configuration id uses the task id, the convention of v0.3 servers |
//! | `tenant`, paging of push configurations | dropped | absent |
//! | request `metadata` of `tasks/get`, `tasks/resubscribe` and the push methods | — | dropped (v1.0 has no such field) |
//! | agent card interfaces | `url` and `preferredTransport` from the first interface, `additionalInterfaces` lists every distinct (url, binding), `protocolVersion` is `0.3.0`; tenants and per-interface versions are dropped | the main `url` first, then the other additional interfaces, each with `protocolVersion` `0.3` |
//! | extended card | `capabilities.extendedAgentCard` ↔ `supportsAuthenticatedExtendedCard` | same |
//! | `stateTransitionHistory` | absent | dropped |
//! | card `signatures` | dropped: they sign the v1.0 document and would not verify | dropped, for the same reason; verify the original card |
//! | OAuth 2.0 | `pkceRequired` is dropped; the device code flow (and implicit/password flows without their required URL) have no v0.3 form and leave `flows` without them | the first of authorization code, client credentials, implicit, password; a scheme without any flow is left out |
//!
//! JSON-RPC error codes mostly agree; see [`error_code_for_v0_3`] for the two that v0.3
//! does not know.

pub use crate::generated::v0_3::*;

mod convert;
mod error;
mod helpers;

pub use error::{ConversionError, error_code_for_v0_3, jsonrpc_error_for_v0_3};

/// The `protocolVersion` that v0.3 agent cards carry when we write them.
pub const PROTOCOL_VERSION: &str = "0.3.0";

/// The `protocolVersion` of the v1.0 `AgentInterface`s made from a v0.3 card.
pub const INTERFACE_PROTOCOL_VERSION: &str = "0.3";

/// The transport a v0.3 card means when it leaves `preferredTransport` out.
pub const DEFAULT_TRANSPORT: &str = "JSONRPC";
