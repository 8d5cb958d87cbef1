//! Integration tests of the client, over loopback.
//!
//! Everything here runs against `support::FakeServer`, a hand-written HTTP/1.1 server
//! that lets each test choose the exact bytes of a response, including malformed,
//! truncated and oversized ones, and records each request for checking its shape.
//!
//! Tests against the real `a2a-server` (every operation end to end) will go in a module
//! `server` here (`tests/client/server.rs`), once that crate can serve.

mod discovery;
mod errors;
mod operations;
mod resubscribe;
mod streams;
mod support;
