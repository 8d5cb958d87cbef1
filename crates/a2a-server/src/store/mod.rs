//! [`TaskStore`]: where tasks live between requests, and the in-memory default.
//!
//! The server writes a task after every event, with a compare-and-swap on its version,
//! so a store shared by several server processes never loses an update silently.

mod memory;

pub use memory::InMemoryTaskStore;

use crate::Error;
use a2a_types::{ContextId, Task, TaskId, TaskState, Timestamp};
use futures::future::BoxFuture;
use std::future::Future;

/// A task as stored, with the version that the next save must name.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct StoredTask {
    /// The task, with its full history and artifacts.
    pub task: Task,
    /// The version of this copy: it rises with every save.
    pub version: u64,
}

impl StoredTask {
    /// A stored task at `version`.
    pub fn new(task: Task, version: u64) -> Self {
        Self { task, version }
    }
}

/// What [`TaskStore::list`] should return: filters, page size and where to start.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct TaskQuery {
    /// Only tasks of this tenant (`""` when the server has no tenants).
    pub tenant: String,
    /// Only tasks in this context.
    pub context_id: Option<ContextId>,
    /// Only tasks in this state.
    pub state: Option<TaskState>,
    /// Only tasks whose status timestamp is at or after this time.
    pub updated_after: Option<Timestamp>,
    /// At most this many tasks (the server passes 1 to 100).
    pub page_size: usize,
    /// Start strictly after this position, taken from a previous page.
    pub after: Option<Cursor>,
}

impl TaskQuery {
    /// A query for the first `page_size` tasks of `tenant`, unfiltered.
    pub fn new(tenant: impl Into<String>, page_size: usize) -> Self {
        Self { tenant: tenant.into(), context_id: None, state: None, updated_after: None, page_size, after: None }
    }

    /// Whether `task` passes the filters (not the page position).
    pub fn matches(&self, task: &Task) -> bool {
        self.context_id.as_ref().is_none_or(|c| task.context_id.as_ref() == Some(c))
            && self.state.is_none_or(|s| task.status.state == s)
            && self.updated_after.is_none_or(|t| Cursor::of(task).timestamp >= t)
    }
}

/// A position in the list order: newest status timestamp first, then task id descending.
///
/// The task id breaks ties, so tasks updated in the same instant are neither skipped nor
/// repeated across pages.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cursor {
    /// The status timestamp of the task at this position.
    pub timestamp: Timestamp,
    /// The id of the task at this position.
    pub id: TaskId,
}

impl Cursor {
    /// The position of `task` (a task without a status timestamp sorts as the epoch).
    pub fn of(task: &Task) -> Self {
        Self { timestamp: task.status.timestamp.unwrap_or(Timestamp::from_unix(0, 0)), id: task.id.clone() }
    }

    /// The opaque page token of this position.
    pub fn to_token(&self) -> String {
        format!("{}.{:09}.{}", self.timestamp.unix_seconds(), self.timestamp.subsec_nanos(), self.id)
    }

    /// Reads a page token made by [`to_token`](Self::to_token).
    pub fn from_token(token: &str) -> Option<Self> {
        let mut it = token.splitn(3, '.');
        let secs: i64 = it.next()?.parse().ok()?;
        let nanos: u32 = it.next()?.parse().ok().filter(|n| *n < 1_000_000_000)?;
        let id = it.next().filter(|id| !id.is_empty())?;
        Some(Self { timestamp: Timestamp::from_unix(secs, nanos), id: TaskId::new(id) })
    }
}

/// One page of [`TaskStore::list`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct TaskPage {
    /// The tasks, newest first.
    pub tasks: Vec<Task>,
    /// Where the next page starts, or `None` on the last page.
    pub next: Option<Cursor>,
    /// How many tasks match the filters in all pages.
    pub total: usize,
}

impl TaskPage {
    /// A page.
    pub fn new(tasks: Vec<Task>, next: Option<Cursor>, total: usize) -> Self {
        Self { tasks, next, total }
    }
}

/// Storage for tasks. Implement it to keep tasks in a database; [`InMemoryTaskStore`] is
/// the default.
///
/// Every method is scoped by tenant: a task saved under one tenant is invisible under
/// another. Write methods with `async fn` in your impl.
pub trait TaskStore: Send + Sync + 'static {
    /// The task with this id, or `None` if there is none (or it was evicted).
    fn load(&self, tenant: &str, id: &TaskId) -> impl Future<Output = Result<Option<StoredTask>, Error>> + Send;

    /// Saves `task`. With `expected_version: None` the task must not exist yet; with
    /// `Some(v)` the stored version must still be `v`. Otherwise it fails with
    /// [`Error::conflict`]. Returns the new version.
    fn save(
        &self,
        tenant: &str,
        task: &Task,
        expected_version: Option<u64>,
    ) -> impl Future<Output = Result<u64, Error>> + Send;

    /// A page of tasks matching `query`, ordered by [`Cursor`] descending.
    fn list(&self, query: &TaskQuery) -> impl Future<Output = Result<TaskPage, Error>> + Send;

    /// Deletes the task; returns whether it existed.
    fn delete(&self, tenant: &str, id: &TaskId) -> impl Future<Output = Result<bool, Error>> + Send;
}

/// A shared store is a store: keep an `Arc` to read tasks beside the server.
impl<S: TaskStore> TaskStore for std::sync::Arc<S> {
    fn load(&self, tenant: &str, id: &TaskId) -> impl Future<Output = Result<Option<StoredTask>, Error>> + Send {
        (**self).load(tenant, id)
    }

    fn save(
        &self,
        tenant: &str,
        task: &Task,
        expected_version: Option<u64>,
    ) -> impl Future<Output = Result<u64, Error>> + Send {
        (**self).save(tenant, task, expected_version)
    }

    fn list(&self, query: &TaskQuery) -> impl Future<Output = Result<TaskPage, Error>> + Send {
        (**self).list(query)
    }

    fn delete(&self, tenant: &str, id: &TaskId) -> impl Future<Output = Result<bool, Error>> + Send {
        (**self).delete(tenant, id)
    }
}

/// The object-safe twin of [`TaskStore`], so the server holds any store without a type
/// parameter.
pub(crate) trait DynTaskStore: Send + Sync + 'static {
    fn load<'a>(&'a self, tenant: &'a str, id: &'a TaskId) -> BoxFuture<'a, Result<Option<StoredTask>, Error>>;
    fn save<'a>(&'a self, tenant: &'a str, task: &'a Task, expected: Option<u64>) -> BoxFuture<'a, Result<u64, Error>>;
    fn list<'a>(&'a self, query: &'a TaskQuery) -> BoxFuture<'a, Result<TaskPage, Error>>;
}

impl<S: TaskStore> DynTaskStore for S {
    fn load<'a>(&'a self, tenant: &'a str, id: &'a TaskId) -> BoxFuture<'a, Result<Option<StoredTask>, Error>> {
        Box::pin(TaskStore::load(self, tenant, id))
    }
    fn save<'a>(&'a self, tenant: &'a str, task: &'a Task, expected: Option<u64>) -> BoxFuture<'a, Result<u64, Error>> {
        Box::pin(TaskStore::save(self, tenant, task, expected))
    }
    fn list<'a>(&'a self, query: &'a TaskQuery) -> BoxFuture<'a, Result<TaskPage, Error>> {
        Box::pin(TaskStore::list(self, query))
    }
}

#[cfg(test)]
mod tests {
    use super::Cursor;
    use a2a_types::{TaskId, Timestamp};

    #[test]
    fn cursor_tokens_round_trip_and_reject_garbage() {
        let c = Cursor { timestamp: Timestamp::from_unix(1_700_000_000, 5), id: TaskId::new("a.b-c") };
        assert_eq!(Cursor::from_token(&c.to_token()), Some(c));
        for bad in ["", "x", "1.2", "1.2.", "1.9999999999.a", "a.1.id"] {
            assert_eq!(Cursor::from_token(bad), None, "{bad}");
        }
    }
}
