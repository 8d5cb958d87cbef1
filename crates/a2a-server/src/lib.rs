//! An A2A (Agent2Agent) protocol v1.0 server on [`hyper`].
//!
//! Implement [`AgentExecutor`] for your agent, build a [`Server`] with an [`AgentCard`]
//! describing it, and [`serve`] it. The server speaks the JSON-RPC and the HTTP+JSON (REST)
//! bindings, streams task events over Server-Sent Events, serves the agent card at
//! `/.well-known/agent-card.json`, and keeps tasks in a pluggable [`TaskStore`].
//!
//! ```no_run
//! use a2a_server::{AgentExecutor, Error, RequestContext, Server, TaskUpdater};
//! use a2a_types::{AgentCard, Artifact, Message};
//!
//! struct Shout;
//!
//! impl AgentExecutor for Shout {
//!     async fn execute(&self, ctx: RequestContext, task: TaskUpdater) -> Result<(), Error> {
//!         task.working(Message::agent_text("Thinking...")).await?;
//!         task.artifact(Artifact::text(ctx.message().text().to_uppercase())).await?;
//!         task.complete(None).await
//!     }
//! }
//!
//! #[tokio::main]
//! async fn main() -> Result<(), Error> {
//!     let card = AgentCard::named("Shout", "Repeats what you say, louder.", "1.0.0");
//!     let server = Server::builder(card, Shout).build();
//!     let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await.unwrap();
//!     a2a_server::serve(listener, server).await
//! }
//! ```
//!
//! # How a request becomes a task
//!
//! Each message runs [`AgentExecutor::execute`] on its own tokio task, detached from the
//! connection: a client that disconnects only drops its subscription. The agent reports
//! through its [`TaskUpdater`]; each update is saved to the store and then sent, in order,
//! to every subscriber. The task is created on the agent's first update, so an agent may
//! instead [`reply`](TaskUpdater::reply) with a message and create no task at all.
//!
//! | operation | JSON-RPC method | REST route | what the server does |
//! | --- | --- | --- | --- |
//! | send a message | `SendMessage` | `POST /message:send` | runs the agent; waits for a terminal or interrupted state unless `returnImmediately` |
//! | stream a message | `SendStreamingMessage` | `POST /message:stream` | runs the agent; streams the `Task`, then each update, until the task ends or pauses |
//! | get a task | `GetTask` | `GET /tasks/{id}` | from the running agent or the store, `historyLength` applied to a copy |
//! | list tasks | `ListTasks` | `GET /tasks` | filters, newest first, cursor pagination that never skips or repeats |
//! | cancel a task | `CancelTask` | `POST /tasks/{id}:cancel` | signals [`TaskUpdater::cancelled`], runs [`AgentExecutor::cancel`] |
//! | subscribe to a task | `SubscribeToTask` | `GET` or `POST /tasks/{id}:subscribe` | the current `Task`, then each update |
//! | push notification configs | `*TaskPushNotificationConfig*` | `/tasks/{id}/pushNotificationConfigs[/{configId}]` | `PushNotificationNotSupportedError` (not built yet) |
//! | extended agent card | `GetExtendedAgentCard` | `GET /extendedAgentCard` | the card of [`ServerBuilder::extended_agent_card`] |
//!
//! # Bindings
//!
//! JSON-RPC lives at one path ([`ServerBuilder::rpc_path`], `/` by default). The REST
//! routes live below [`ServerBuilder::rest_path`] (the root by default), each also under a
//! `/{tenant}` prefix that sets the request's `tenant`; their errors are
//! `google.rpc.Status` JSON with an `ErrorInfo` detail and the HTTP status of the spec's
//! error table. Both bindings call the same operations, so an agent never knows which one
//! a request came through; the card lists both interfaces.

#![deny(missing_docs)]

mod body;
mod builder;
mod card;
mod compat;
mod error;
mod executor;
mod jsonrpc;
mod live;
mod manager;
mod rest;
mod serve;
mod service;
mod sse;
pub mod store;
mod updater;

pub use a2a_types::AgentCard;
pub use body::Body;
pub use builder::ServerBuilder;
pub use error::{Error, ErrorKind};
pub use executor::{AgentExecutor, RequestContext};
pub use serve::{Serve, serve};
pub use service::Server;
pub use store::{InMemoryTaskStore, TaskStore};
pub use updater::TaskUpdater;
