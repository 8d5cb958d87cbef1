//! The samples of the quick start and the guide, compiled: every Rust code block of
//! `README.md` and of `docs/guide/` is a doc-test of this crate, so
//! `cargo test -p quickstart --doc` fails when one no longer matches the API. The
//! quick-start program itself is `src/main.rs`.

#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct Readme;

#[cfg(doctest)]
#[doc = include_str!("../../../docs/guide/concepts.md")]
pub struct Concepts;

#[cfg(doctest)]
#[doc = include_str!("../../../docs/guide/writing-an-agent.md")]
pub struct WritingAnAgent;

#[cfg(doctest)]
#[doc = include_str!("../../../docs/guide/streaming.md")]
pub struct Streaming;

#[cfg(doctest)]
#[doc = include_str!("../../../docs/guide/client.md")]
pub struct TheClient;

#[cfg(doctest)]
#[doc = include_str!("../../../docs/guide/task-stores.md")]
pub struct TaskStores;

#[cfg(doctest)]
#[doc = include_str!("../../../docs/guide/deploying.md")]
pub struct Deploying;
