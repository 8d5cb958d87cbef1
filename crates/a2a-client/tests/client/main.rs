//! Integration tests of the client, over loopback.
//!
//! Everything here runs against `support::FakeServer`, a hand-written HTTP/1.1 server
//! that lets each test choose the exact bytes of a response, including malformed,
//! truncated and oversized ones, and records each request for checking its shape.
//!
//! Tests against the real `a2a-server` (every operation end to end, and streams that
//! end, are cut, and resume) are in `server`.

mod discovery;
mod errors;
mod operations;
mod resubscribe;
mod server;
mod streams;
mod support;
