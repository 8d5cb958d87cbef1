//! The `TaskStore` contract, on `InMemoryTaskStore`: versions and compare-and-swap,
//! tenants, list order and cursors, filters, delete, and bounded retention.

use a2a_server::store::{Cursor, TaskQuery};
use a2a_server::{InMemoryTaskStore, TaskStore};
use a2a_types::{ContextId, Task, TaskId, TaskState, TaskStatus, Timestamp};
use std::collections::HashSet;
use std::time::Duration;

fn task(id: &str, state: TaskState, millis: i64) -> Task {
    Task::new(TaskId::new(id), TaskStatus::new(state).with_timestamp(Timestamp::from_unix_millis(millis)))
        .with_context_id(ContextId::new("ctx"))
}

fn ids(tasks: &[Task]) -> Vec<&str> {
    tasks.iter().map(|t| t.id.as_str()).collect()
}

#[tokio::test]
async fn saves_create_then_update_with_rising_versions() {
    let store = InMemoryTaskStore::new();
    assert!(store.is_empty());
    let mut t = task("a", TaskState::Submitted, 1_000);
    assert_eq!(store.save("", &t, None).await.unwrap(), 1);
    let loaded = store.load("", &t.id).await.unwrap().unwrap();
    assert_eq!((loaded.task.clone(), loaded.version), (t.clone(), 1));

    t.status = TaskStatus::new(TaskState::Working).with_timestamp(Timestamp::from_unix_millis(2_000));
    assert_eq!(store.save("", &t, Some(1)).await.unwrap(), 2);
    t.status = TaskStatus::new(TaskState::Completed).with_timestamp(Timestamp::from_unix_millis(3_000));
    assert_eq!(store.save("", &t, Some(2)).await.unwrap(), 3);
    let loaded = store.load("", &t.id).await.unwrap().unwrap();
    assert_eq!(loaded.version, 3);
    assert_eq!(loaded.task.status.state, TaskState::Completed);
    assert_eq!(store.len(), 1);
    assert!(store.load("", &TaskId::new("b")).await.unwrap().is_none());
}

#[tokio::test]
async fn stale_or_missing_versions_conflict_and_change_nothing() {
    let store = InMemoryTaskStore::new();
    let t = task("a", TaskState::Working, 1_000);
    store.save("", &t, None).await.unwrap();
    store.save("", &t, Some(1)).await.unwrap();

    let mut changed = t.clone();
    changed.status.state = TaskState::Failed;
    for expected in [None, Some(1), Some(3), Some(0)] {
        let err = store.save("", &changed, expected).await.unwrap_err();
        assert!(err.is_conflict(), "{expected:?}: {err:?}");
    }
    let err = store.save("", &task("ghost", TaskState::Working, 1), Some(1)).await.unwrap_err();
    assert!(err.is_conflict(), "{err:?}");
    assert!(store.load("", &TaskId::new("ghost")).await.unwrap().is_none());

    let loaded = store.load("", &t.id).await.unwrap().unwrap();
    assert_eq!(loaded.version, 2);
    assert_eq!(loaded.task.status.state, TaskState::Working);
}

#[tokio::test]
async fn concurrent_saves_of_one_version_have_exactly_one_winner() {
    let store = std::sync::Arc::new(InMemoryTaskStore::new());
    store.save("", &task("a", TaskState::Working, 1), None).await.unwrap();
    let attempts = (0..16).map(|i| {
        let store = store.clone();
        tokio::spawn(async move {
            let mut t = task("a", TaskState::Working, 1 + i);
            t.metadata = Some(serde_json::Map::from_iter([("writer".to_string(), i.into())]));
            store.save("", &t, Some(1)).await
        })
    });
    let results: Vec<_> = futures::future::join_all(attempts).await.into_iter().map(Result::unwrap).collect();
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1);
    assert!(results.iter().filter_map(|r| r.as_ref().err()).all(a2a_server::Error::is_conflict));
    assert_eq!(store.load("", &TaskId::new("a")).await.unwrap().unwrap().version, 2);
}

#[tokio::test]
async fn tenants_are_isolated() {
    let store = InMemoryTaskStore::new();
    let mut in_a = task("same-id", TaskState::Working, 1_000);
    in_a.context_id = Some(ContextId::new("from-a"));
    let mut in_b = task("same-id", TaskState::Completed, 2_000);
    in_b.context_id = Some(ContextId::new("from-b"));
    assert_eq!(store.save("a", &in_a, None).await.unwrap(), 1);
    assert_eq!(store.save("b", &in_b, None).await.unwrap(), 1);
    assert!(store.load("", &in_a.id).await.unwrap().is_none());
    assert_eq!(store.load("a", &in_a.id).await.unwrap().unwrap().task, in_a);
    assert_eq!(store.load("b", &in_b.id).await.unwrap().unwrap().task, in_b);

    // A version of one tenant says nothing about the other.
    assert_eq!(store.save("a", &in_a, Some(1)).await.unwrap(), 2);
    assert!(store.save("b", &in_b, Some(2)).await.unwrap_err().is_conflict());

    for (tenant, expected) in [("a", "from-a"), ("b", "from-b")] {
        let page = store.list(&TaskQuery::new(tenant, 10)).await.unwrap();
        assert_eq!(page.total, 1);
        assert_eq!(page.tasks[0].context_id.as_ref().unwrap().as_str(), expected);
    }
    assert_eq!(store.list(&TaskQuery::new("", 10)).await.unwrap().total, 0);

    assert!(store.delete("a", &in_a.id).await.unwrap());
    assert!(store.load("a", &in_a.id).await.unwrap().is_none());
    assert!(store.load("b", &in_b.id).await.unwrap().is_some());
}

#[tokio::test]
async fn lists_newest_first_with_ties_broken_by_id() {
    let store = InMemoryTaskStore::new();
    for (id, millis) in [("a", 1_000), ("b", 3_000), ("c", 2_000), ("d", 3_000), ("e", 500)] {
        store.save("", &task(id, TaskState::Completed, millis), None).await.unwrap();
    }
    let page = store.list(&TaskQuery::new("", 10)).await.unwrap();
    assert_eq!(ids(&page.tasks), ["d", "b", "c", "a", "e"]);
    assert_eq!(page.total, 5);
    assert!(page.next.is_none());

    // An update moves a task to the front.
    store.save("", &task("a", TaskState::Completed, 9_000), Some(1)).await.unwrap();
    let page = store.list(&TaskQuery::new("", 10)).await.unwrap();
    assert_eq!(ids(&page.tasks), ["a", "d", "b", "c", "e"]);
    assert_eq!(page.total, 5, "an update does not duplicate the task");
}

#[tokio::test]
async fn cursors_page_through_ties_without_skipping_or_repeating() {
    let store = InMemoryTaskStore::new();
    let mut all = HashSet::new();
    for i in 0..23 {
        // Three timestamps shared by many tasks.
        let id = format!("t{i:02}");
        store.save("", &task(&id, TaskState::Completed, 1_000 * (i % 3)), None).await.unwrap();
        all.insert(id);
    }
    for page_size in [1, 2, 5, 22, 23, 50] {
        let mut seen = Vec::new();
        let mut query = TaskQuery::new("", page_size);
        loop {
            let page = store.list(&query).await.unwrap();
            assert_eq!(page.total, 23);
            assert!(page.tasks.len() <= page_size);
            seen.extend(page.tasks.iter().map(|t| t.id.as_str().to_string()));
            match page.next {
                Some(next) => {
                    assert_eq!(page.tasks.len(), page_size);
                    // The token survives a round trip, as it does through a client.
                    query.after = Some(Cursor::from_token(&next.to_token()).unwrap());
                }
                None => break,
            }
        }
        assert_eq!(seen.len(), 23, "page size {page_size}: {seen:?}");
        assert_eq!(seen.iter().cloned().collect::<HashSet<_>>(), all);
    }
}

#[tokio::test]
async fn filters_count_only_matching_tasks() {
    let store = InMemoryTaskStore::new();
    for (id, state, millis, context) in [
        ("a", TaskState::Completed, 1_000, "x"),
        ("b", TaskState::Working, 2_000, "x"),
        ("c", TaskState::Completed, 3_000, "y"),
        ("d", TaskState::Completed, 4_000, "x"),
    ] {
        let mut t = task(id, state, millis);
        t.context_id = Some(ContextId::new(context));
        store.save("", &t, None).await.unwrap();
    }
    let mut query = TaskQuery::new("", 1);
    query.context_id = Some(ContextId::new("x"));
    query.state = Some(TaskState::Completed);
    let page = store.list(&query).await.unwrap();
    assert_eq!(page.total, 2);
    assert_eq!(ids(&page.tasks), ["d"]);
    query.after = page.next;
    let page = store.list(&query).await.unwrap();
    assert_eq!(ids(&page.tasks), ["a"]);
    assert!(page.next.is_none());

    let mut query = TaskQuery::new("", 10);
    query.updated_after = Some(Timestamp::from_unix_millis(2_000));
    let page = store.list(&query).await.unwrap();
    assert_eq!(ids(&page.tasks), ["d", "c", "b"]);
    assert_eq!(page.total, 3);
}

#[tokio::test]
async fn delete_removes_the_task_everywhere() {
    let store = InMemoryTaskStore::new();
    store.save("", &task("a", TaskState::Completed, 1_000), None).await.unwrap();
    store.save("", &task("b", TaskState::Completed, 2_000), None).await.unwrap();
    assert!(store.delete("", &TaskId::new("a")).await.unwrap());
    assert!(!store.delete("", &TaskId::new("a")).await.unwrap());
    assert!(!store.delete("other", &TaskId::new("b")).await.unwrap());
    assert!(store.load("", &TaskId::new("a")).await.unwrap().is_none());
    let page = store.list(&TaskQuery::new("", 10)).await.unwrap();
    assert_eq!(ids(&page.tasks), ["b"]);
    assert_eq!(page.total, 1);
    assert_eq!(store.len(), 1);
    // The id can be used again, from version 1.
    assert_eq!(store.save("", &task("a", TaskState::Working, 3_000), None).await.unwrap(), 1);
}

#[tokio::test]
async fn bounded_retention_evicts_only_finished_tasks_oldest_first() {
    let store = InMemoryTaskStore::new().max_tasks(3);
    store.save("", &task("live-old", TaskState::Working, 100), None).await.unwrap();
    store.save("", &task("done-1", TaskState::Completed, 200), None).await.unwrap();
    store.save("", &task("done-2", TaskState::Failed, 300), None).await.unwrap();
    assert_eq!(store.len(), 3);
    store.save("", &task("new", TaskState::Submitted, 400), None).await.unwrap();
    assert_eq!(store.len(), 3);
    assert!(store.load("", &TaskId::new("done-1")).await.unwrap().is_none(), "the oldest finished task goes");
    for kept in ["live-old", "done-2", "new"] {
        assert!(store.load("", &TaskId::new(kept)).await.unwrap().is_some(), "{kept}");
    }

    // Tasks that are running or waiting for input are never evicted, even past the bound.
    store.save("", &task("waiting", TaskState::InputRequired, 500), None).await.unwrap();
    assert!(store.load("", &TaskId::new("done-2")).await.unwrap().is_none());
    store.save("", &task("auth", TaskState::AuthRequired, 600), None).await.unwrap();
    assert_eq!(store.len(), 4, "all live: the store grows rather than drop one");
    for kept in ["live-old", "new", "waiting", "auth"] {
        assert!(store.load("", &TaskId::new(kept)).await.unwrap().is_some(), "{kept}");
    }

    // Finishing a task makes it evictable again.
    store.save("", &task("live-old", TaskState::Canceled, 700), Some(1)).await.unwrap();
    assert!(store.load("", &TaskId::new("live-old")).await.unwrap().is_none());
    assert_eq!(store.len(), 3);
}

#[tokio::test]
async fn finished_tasks_older_than_the_retention_age_are_dropped() {
    let store = InMemoryTaskStore::new().retain_finished_for(Duration::from_secs(3600));
    let now = Timestamp::now().unix_millis();
    let two_hours = 2 * 3_600_000;
    store.save("", &task("old-done", TaskState::Completed, now - two_hours), None).await.unwrap();
    store.save("", &task("old-working", TaskState::Working, now - two_hours), None).await.unwrap();
    store.save("", &task("fresh-done", TaskState::Completed, now), None).await.unwrap();
    assert!(store.load("", &TaskId::new("old-done")).await.unwrap().is_none());
    assert!(store.load("", &TaskId::new("old-working")).await.unwrap().is_some());
    assert!(store.load("", &TaskId::new("fresh-done")).await.unwrap().is_some());
}

/// A store whose every call fails.
struct Broken;

impl TaskStore for Broken {
    async fn load(&self, _: &str, _: &TaskId) -> Result<Option<a2a_server::store::StoredTask>, a2a_server::Error> {
        Err(a2a_server::Error::store(std::io::Error::other("secret database detail")))
    }
    async fn save(&self, _: &str, _: &Task, _: Option<u64>) -> Result<u64, a2a_server::Error> {
        Err(a2a_server::Error::store(std::io::Error::other("secret database detail")))
    }
    async fn list(&self, _: &TaskQuery) -> Result<a2a_server::store::TaskPage, a2a_server::Error> {
        Err(a2a_server::Error::store(std::io::Error::other("secret database detail")))
    }
    async fn delete(&self, _: &str, _: &TaskId) -> Result<bool, a2a_server::Error> {
        Err(a2a_server::Error::store(std::io::Error::other("secret database detail")))
    }
}

#[tokio::test]
async fn a_failing_store_is_an_internal_error_that_keeps_its_details() {
    let server = crate::support::TestServer::start_with(|b| b.task_store(Broken)).await;
    let calls = [
        ("GetTask", serde_json::json!({"id": "t"})),
        ("ListTasks", serde_json::json!({})),
        ("CancelTask", serde_json::json!({"id": "t"})),
        ("SubscribeToTask", serde_json::json!({"id": "t"})),
        ("SendMessage", serde_json::json!({"message": crate::support::user("complete")})),
        ("SendStreamingMessage", serde_json::json!({"message": crate::support::user("complete")})),
    ];
    for (method, params) in calls {
        let error = server.error(method, params, -32603).await;
        assert!(!error.to_string().contains("secret"), "{method} leaked the store's error: {error}");
    }
    // A direct reply needs no store.
    let reply = server.send_message(crate::support::user("reply:still here")).await;
    assert_eq!(crate::support::text_of(&reply["message"]), "still here");
}

/// A store that refuses every save while `refusing` is set.
#[derive(Default)]
struct Refusing {
    inner: InMemoryTaskStore,
    refusing: std::sync::atomic::AtomicBool,
}

impl TaskStore for Refusing {
    async fn load(
        &self,
        tenant: &str,
        id: &TaskId,
    ) -> Result<Option<a2a_server::store::StoredTask>, a2a_server::Error> {
        self.inner.load(tenant, id).await
    }

    async fn save(&self, tenant: &str, task: &Task, expected: Option<u64>) -> Result<u64, a2a_server::Error> {
        if self.refusing.load(std::sync::atomic::Ordering::SeqCst) {
            return Err(a2a_server::Error::store(std::io::Error::other("the disk is full")));
        }
        self.inner.save(tenant, task, expected).await
    }

    async fn list(&self, query: &TaskQuery) -> Result<a2a_server::store::TaskPage, a2a_server::Error> {
        self.inner.list(query).await
    }

    async fn delete(&self, tenant: &str, id: &TaskId) -> Result<bool, a2a_server::Error> {
        self.inner.delete(tenant, id).await
    }
}

/// An update the store refuses is never seen: not by `GetTask` (which reads the running
/// task), and not in the store; the task is as it was before the update.
#[tokio::test]
async fn an_update_the_store_refuses_leaves_the_task_as_it_was() {
    use crate::support::{TestServer, state};
    let store = std::sync::Arc::new(Refusing::default());
    let shared = store.clone();
    let server = TestServer::start_with(move |b| b.task_store(shared)).await;
    let sent = server
        .result(
            "SendMessage",
            serde_json::json!({"message": crate::support::user("submit;artifact:kept;wait:go;attempt:lost;notify:tried;wait:end"),
                   "configuration": {"returnImmediately": true}}),
        )
        .await;
    let id = sent["task"]["id"].as_str().unwrap().to_string();
    store.refusing.store(true, std::sync::atomic::Ordering::SeqCst);
    server.control.open("go");
    server.control.reached("tried").await;
    // The agent is still running, so GetTask reads the live task, not the store.

    let task = server.get_task(&id).await;
    assert_eq!(state(&task), "TASK_STATE_SUBMITTED", "{task}");
    assert_eq!(task["artifacts"].as_array().map(Vec::len), Some(1), "{task}");
    assert_eq!(task["artifacts"][0]["parts"][0]["text"], "kept");
    assert_eq!(task["history"].as_array().map(Vec::len), Some(1), "{task}");
    let stored = store.inner.load("", &TaskId::new(id.as_str())).await.unwrap().unwrap();
    assert_eq!(stored.task.status.state, TaskState::Submitted);
    assert_eq!(server.control.errors()[0].0, a2a_server::ErrorKind::Store, "{:?}", server.control.errors());
    store.refusing.store(false, std::sync::atomic::Ordering::SeqCst);
    server.control.open("end");
}
