//! [`InMemoryTaskStore`]: tasks in a map, with bounded retention.

use super::{Cursor, StoredTask, TaskPage, TaskQuery, TaskStore};
use crate::Error;
use a2a_types::{Task, TaskId};
use std::collections::{BTreeSet, HashMap};
use std::sync::Mutex;
use std::time::Duration;

/// A [`TaskStore`] in process memory: fast, and gone when the process ends.
///
/// Retention is bounded: past [`max_tasks`](Self::max_tasks) tasks, saving a new one
/// evicts the least recently updated task in a terminal state; and with
/// [`retain_finished_for`](Self::retain_finished_for), terminal tasks older than that are
/// dropped. Tasks that are still running or waiting for input are never evicted, so an
/// agent cannot lose a live task; if all stored tasks are live, the store grows past its
/// bound rather than refuse work.
#[derive(Debug)]
pub struct InMemoryTaskStore {
    inner: Mutex<Inner>,
    max_tasks: usize,
    retain_finished: Option<Duration>,
}

#[derive(Debug, Default)]
struct Inner {
    tasks: HashMap<(String, TaskId), (Task, u64)>,
    /// Every task by list position (tenant last), for ordered listing and eviction.
    order: BTreeSet<(Cursor, String)>,
}

impl Default for InMemoryTaskStore {
    fn default() -> Self {
        Self::new()
    }
}

impl InMemoryTaskStore {
    /// A store keeping at most 10,000 finished tasks, with no age limit.
    pub fn new() -> Self {
        Self { inner: Mutex::default(), max_tasks: 10_000, retain_finished: None }
    }

    /// Sets how many tasks to keep before evicting finished ones.
    #[must_use]
    pub fn max_tasks(mut self, max: usize) -> Self {
        self.max_tasks = max.max(1);
        self
    }

    /// Drops terminal tasks whose last update is older than `age`.
    #[must_use]
    pub fn retain_finished_for(mut self, age: Duration) -> Self {
        self.retain_finished = Some(age);
        self
    }

    /// How many tasks the store holds.
    pub fn len(&self) -> usize {
        self.lock().tasks.len()
    }

    /// Whether the store holds no task.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while holding the lock cannot leave the maps inconsistent with each
        // other in a way that matters more than losing the store, so keep serving.
        self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn evict(&self, inner: &mut Inner) {
        if let Some(age) = self.retain_finished {
            let cutoff = a2a_types::Timestamp::from(std::time::SystemTime::now() - age);
            let old: Vec<(Cursor, String)> = inner
                .order
                .iter()
                .take_while(|(c, _)| c.timestamp < cutoff)
                .filter(|(c, tenant)| is_terminal(inner, tenant, &c.id))
                .cloned()
                .collect();
            for key in old {
                remove(inner, &key);
            }
        }
        while inner.tasks.len() > self.max_tasks {
            let victim = inner.order.iter().find(|(c, tenant)| is_terminal(inner, tenant, &c.id)).cloned();
            match victim {
                Some(key) => remove(inner, &key),
                None => break,
            }
        }
    }
}

fn is_terminal(inner: &Inner, tenant: &str, id: &TaskId) -> bool {
    inner.tasks.get(&(tenant.to_string(), id.clone())).is_some_and(|(t, _)| t.status.state.is_terminal())
}

fn remove(inner: &mut Inner, key: &(Cursor, String)) {
    inner.order.remove(key);
    inner.tasks.remove(&(key.1.clone(), key.0.id.clone()));
}

impl TaskStore for InMemoryTaskStore {
    async fn load(&self, tenant: &str, id: &TaskId) -> Result<Option<StoredTask>, Error> {
        let inner = self.lock();
        Ok(inner.tasks.get(&(tenant.to_string(), id.clone())).map(|(t, v)| StoredTask::new(t.clone(), *v)))
    }

    async fn save(&self, tenant: &str, task: &Task, expected: Option<u64>) -> Result<u64, Error> {
        let mut inner = self.lock();
        let key = (tenant.to_string(), task.id.clone());
        let version = match (inner.tasks.get(&key), expected) {
            (None, None) => 1,
            (Some((old, v)), Some(e)) if *v == e => {
                let old_pos = (Cursor::of(old), tenant.to_string());
                inner.order.remove(&old_pos);
                e + 1
            }
            (Some(_), None) => return Err(Error::conflict(format!("task {} already exists", task.id))),
            (Some((_, v)), Some(e)) => {
                return Err(Error::conflict(format!("task {} is at version {v}, not {e}", task.id)));
            }
            (None, Some(_)) => return Err(Error::conflict(format!("task {} no longer exists", task.id))),
        };
        inner.order.insert((Cursor::of(task), tenant.to_string()));
        inner.tasks.insert(key, (task.clone(), version));
        self.evict(&mut inner);
        Ok(version)
    }

    async fn list(&self, query: &TaskQuery) -> Result<TaskPage, Error> {
        let inner = self.lock();
        let mut total = 0;
        let mut tasks = Vec::new();
        let mut last = None;
        let mut more = false;
        for (cursor, tenant) in inner.order.iter().rev() {
            if *tenant != query.tenant {
                continue;
            }
            let Some((task, _)) = inner.tasks.get(&(tenant.clone(), cursor.id.clone())) else { continue };
            if !query.matches(task) {
                continue;
            }
            total += 1;
            if query.after.as_ref().is_some_and(|after| cursor >= after) {
                continue;
            }
            if tasks.len() < query.page_size {
                tasks.push(task.clone());
                last = Some(cursor.clone());
            } else {
                more = true;
            }
        }
        Ok(TaskPage::new(tasks, if more { last } else { None }, total))
    }

    async fn delete(&self, tenant: &str, id: &TaskId) -> Result<bool, Error> {
        let mut inner = self.lock();
        let Some((task, _)) = inner.tasks.get(&(tenant.to_string(), id.clone())) else { return Ok(false) };
        let key = (Cursor::of(task), tenant.to_string());
        remove(&mut inner, &key);
        Ok(true)
    }
}
