//! A client for the A2A (Agent2Agent) protocol, v1.0, that also talks to v0.3 agents.
//!
//! Point it at an agent, and it fetches the agent card, picks an interface it can speak,
//! and gives you every operation of the protocol as a typed method:
//!
//! ```no_run
//! use a2a_client::Client;
//! use a2a_types::{Message, SendMessageResponse};
//! use futures::StreamExt;
//!
//! # async fn run() -> Result<(), a2a_client::Error> {
//! let client = Client::from_card_url("https://agent.example.com").await?;
//!
//! // One request, one answer: a task, or a direct message.
//! match client.send(Message::user_text("What is 2 + 2?")).await? {
//!     SendMessageResponse::Task(task) => println!("task {} is {:?}", task.id, task.state()),
//!     SendMessageResponse::Message(reply) => println!("{}", reply.text()),
//!     _ => {}
//! }
//!
//! // A stream of events, which ends when the task does.
//! let mut events = client.stream(Message::user_text("Write a poem")).await?;
//! while let Some(event) = events.next().await {
//!     println!("{:?}", event?);
//! }
//! # Ok(()) }
//! ```
//!
//! # Operations
//!
//! Each method maps to one operation of the specification (§3.1). Its JSON-RPC method
//! name is what [`OutgoingRequest::operation`] reports: the v1.0 name over either v1.0
//! binding, the v0.3 name (`message/send`, ...) when talking v0.3.
//!
//! | spec operation | JSON-RPC method | [`Client`] method | returns |
//! | --- | --- | --- | --- |
//! | Send Message (§3.1.1) | `SendMessage` | [`send`](Client::send) | [`SendMessageResponse`](a2a_types::SendMessageResponse) |
//! | Send Streaming Message (§3.1.2) | `SendStreamingMessage` | [`stream`](Client::stream) | [`EventStream`] |
//! | Get Task (§3.1.3) | `GetTask` | [`get_task`](Client::get_task) | [`Task`](a2a_types::Task) |
//! | List Tasks (§3.1.4) | `ListTasks` | [`list_tasks`](Client::list_tasks) | [`ListTasksResponse`](a2a_types::ListTasksResponse) |
//! | Cancel Task (§3.1.5) | `CancelTask` | [`cancel_task`](Client::cancel_task) | [`Task`](a2a_types::Task) |
//! | Subscribe to Task (§3.1.6) | `SubscribeToTask` | [`subscribe`](Client::subscribe) | [`EventStream`] |
//! | Create Push Notification Config (§3.1.7) | `CreateTaskPushNotificationConfig` | [`create_push_config`](Client::create_push_config) | [`TaskPushNotificationConfig`](a2a_types::TaskPushNotificationConfig) |
//! | Get Push Notification Config (§3.1.8) | `GetTaskPushNotificationConfig` | [`get_push_config`](Client::get_push_config) | [`TaskPushNotificationConfig`](a2a_types::TaskPushNotificationConfig) |
//! | List Push Notification Configs (§3.1.9) | `ListTaskPushNotificationConfigs` | [`list_push_configs`](Client::list_push_configs) | [`ListTaskPushNotificationConfigsResponse`](a2a_types::ListTaskPushNotificationConfigsResponse) |
//! | Delete Push Notification Config (§3.1.10) | `DeleteTaskPushNotificationConfig` | [`delete_push_config`](Client::delete_push_config) | `()` |
//! | Get Extended Agent Card (§3.1.11) | `GetExtendedAgentCard` | [`extended_card`](Client::extended_card) | [`AgentCard`](a2a_types::AgentCard) |
//! | (Subscribe, or Get if finished) | | [`follow`](Client::follow) | [`EventStream`] |
//!
//! Operations accept their full request type, or a shortcut for the common case: a
//! [`Message`](a2a_types::Message) for `send`, a task id for `get_task`; see
//! [`IntoRequest`].
//!
//! # Discovery and interface selection
//!
//! [`Client::from_card_url`] fetches `/.well-known/agent-card.json`;
//! [`Client::builder`] takes a card you already hold. Either way the client picks one
//! entry of the card's `supportedInterfaces` (§8.3.2): among those whose binding
//! ([`Binding`]) and protocol version ([`ProtocolVersion`]) it accepts, the one it prefers
//! ([`ClientBuilder::preferred_bindings`], [`ClientBuilder::protocol_versions`]), with
//! the agent's order breaking ties. It sends that interface's `tenant` in every request
//! and its version in the `A2A-Version` header.
//!
//! # Streams
//!
//! [`EventStream`] is a `Stream<Item = Result<StreamResponse, Error>>` that ends cleanly
//! when its task reaches a terminal or interrupted state, and with an error when it is
//! cut before that. It can resubscribe after a cut ([`ResubscribePolicy`]) without
//! delivering an event twice.
//!
//! # Errors
//!
//! Every method returns [`Error`], whose [`kind`](Error::kind) says what went wrong and
//! whose [`error_code`](Error::error_code) names the A2A error the agent reported.
//!
//! # Features
//!
//! - `rustls` (default): `https://` URLs, through rustls. Without it the client speaks
//!   plain `http://` only.

#![deny(missing_docs)]

mod builder;
mod client;
mod discovery;
mod error;
mod event_stream;
mod hook;
mod interface;
mod ops;
mod request;
mod resubscribe;
mod sse;
mod transport;

pub use builder::ClientBuilder;
pub use client::Client;
pub use error::{Error, ErrorKind};
pub use event_stream::EventStream;
pub use hook::{OutgoingRequest, RequestHook};
pub use interface::{Binding, ProtocolVersion};
pub use request::IntoRequest;
pub use resubscribe::ResubscribePolicy;
