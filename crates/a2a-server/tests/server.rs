//! The server over real loopback HTTP: every JSON-RPC method and error path, the agent
//! card, task lifecycles, streaming, concurrency and limits, and the task store contract.
//!
//! Each test starts its own server on `127.0.0.1:0` with a scripted agent (see
//! `server/support.rs`), so tests run in parallel without sharing state.

#[path = "server/support.rs"]
mod support;

#[path = "server/bindings.rs"]
mod bindings;
#[path = "server/card.rs"]
mod card;
#[path = "server/executor.rs"]
mod executor;
#[path = "server/jsonrpc.rs"]
mod jsonrpc;
#[path = "server/lifecycle.rs"]
mod lifecycle;
#[path = "server/limits.rs"]
mod limits;
#[path = "server/list.rs"]
mod list;
#[path = "server/store.rs"]
mod store;
#[path = "server/streaming.rs"]
mod streaming;
#[path = "server/v0_3.rs"]
mod v0_3;
#[path = "server/version.rs"]
mod version;
