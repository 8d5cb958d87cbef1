//! `ListTasks`: filters, page size bounds, page tokens, pagination that neither skips nor
//! repeats, `totalSize`, `includeArtifacts` and `historyLength`.

use crate::support::{TestServer, history, state, user};
use a2a_server::store::{StoredTask, TaskPage, TaskQuery};
use a2a_server::{Error, InMemoryTaskStore, TaskStore};
use a2a_types::{Task, TaskId, TaskState, TaskStatus, Timestamp};
use serde_json::{Value, json};
use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

fn ids(page: &Value) -> Vec<String> {
    page["tasks"].as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap().to_string()).collect()
}

/// Reads every page of `params` with `page_size`, checking each page's bookkeeping, and
/// returns the tasks in order.
async fn all_pages(server: &TestServer, params: Value, page_size: usize, total: usize) -> Vec<Value> {
    let mut tasks = Vec::new();
    let mut token = String::new();
    let pages = total.div_ceil(page_size).max(1);
    for page_number in 1..=pages {
        let mut params = params.clone();
        params["pageSize"] = json!(page_size);
        if !token.is_empty() {
            params["pageToken"] = json!(token);
        }
        let page = server.result("ListTasks", params).await;
        assert_eq!(page["totalSize"], total, "{page}");
        assert_eq!(page["pageSize"], page_size, "{page}");
        let got = page["tasks"].as_array().unwrap();
        let expected = if page_number < pages { page_size } else { total - page_size * (pages - 1) };
        assert_eq!(got.len(), expected, "page {page_number}: {page}");
        tasks.extend(got.iter().cloned());
        token = page["nextPageToken"].as_str().expect("nextPageToken is always present").to_string();
        assert_eq!(token.is_empty(), page_number == pages, "page {page_number}: {page}");
    }
    tasks
}

fn timestamp(task: &Value) -> Timestamp {
    Timestamp::parse(task["status"]["timestamp"].as_str().unwrap()).unwrap()
}

fn assert_newest_first(tasks: &[Value]) {
    for pair in tasks.windows(2) {
        assert!(timestamp(&pair[0]) >= timestamp(&pair[1]), "not newest first: {} then {}", pair[0], pair[1]);
    }
}

#[tokio::test]
async fn filters_by_context_and_state() {
    let server = TestServer::start().await;
    let in_context = |script: &str, context: &str| {
        let mut m = user(script);
        m["contextId"] = json!(context);
        m
    };
    for (script, context) in [("complete", "a"), ("complete", "a"), ("input:?", "a"), ("fail", "b"), ("complete", "b")]
    {
        server.send_message(in_context(script, context)).await;
    }
    let count = |params: Value| {
        let server = &server;
        async move {
            let page = server.result("ListTasks", params).await;
            assert_eq!(page["tasks"].as_array().unwrap().len(), page["totalSize"].as_u64().unwrap() as usize);
            page
        }
    };
    assert_eq!(count(json!({})).await["totalSize"], 5);
    let a = count(json!({"contextId": "a"})).await;
    assert_eq!(a["totalSize"], 3);
    assert!(a["tasks"].as_array().unwrap().iter().all(|t| t["contextId"] == "a"));
    let completed = count(json!({"status": "TASK_STATE_COMPLETED"})).await;
    assert_eq!(completed["totalSize"], 3);
    assert!(completed["tasks"].as_array().unwrap().iter().all(|t| state(t) == "TASK_STATE_COMPLETED"));
    assert_eq!(count(json!({"contextId": "a", "status": "TASK_STATE_INPUT_REQUIRED"})).await["totalSize"], 1);
    assert_eq!(count(json!({"contextId": "b", "status": "TASK_STATE_INPUT_REQUIRED"})).await["totalSize"], 0);
    assert_eq!(count(json!({"contextId": "nowhere"})).await["totalSize"], 0);
    assert_eq!(count(json!({"status": "TASK_STATE_UNSPECIFIED"})).await["totalSize"], 5);
    let empty = count(json!({"contextId": "nowhere"})).await;
    assert_eq!(empty["tasks"], json!([]), "tasks is present even when empty: {empty}");
    assert_eq!(empty["nextPageToken"], "");
}

#[tokio::test]
async fn filters_by_status_timestamp() {
    let server = TestServer::start().await;
    let old = server.run("complete").await;
    tokio::time::sleep(Duration::from_millis(5)).await;
    let new = server.run("complete").await;
    let newer = server.run("input:?").await;
    assert!(timestamp(&new) > timestamp(&old));

    let after = Timestamp::from_unix_millis(timestamp(&old).unix_millis() + 1);
    let page = server.result("ListTasks", json!({"statusTimestampAfter": after.to_string()})).await;
    let listed = ids(&page);
    assert_eq!(page["totalSize"], 2, "{page}");
    assert!(listed.contains(&new["id"].as_str().unwrap().to_string()));
    assert!(listed.contains(&newer["id"].as_str().unwrap().to_string()));

    let before_all = Timestamp::from_unix_millis(timestamp(&old).unix_millis() - 1000);
    let page = server.result("ListTasks", json!({"statusTimestampAfter": before_all.to_string()})).await;
    assert_eq!(page["totalSize"], 3);
    let future = Timestamp::from_unix_millis(timestamp(&newer).unix_millis() + 60_000);
    let page = server.result("ListTasks", json!({"statusTimestampAfter": future.to_string()})).await;
    assert_eq!(page["totalSize"], 0);
    // Combined with a state filter.
    let page = server
        .result("ListTasks", json!({"statusTimestampAfter": after.to_string(), "status": "TASK_STATE_COMPLETED"}))
        .await;
    assert_eq!(ids(&page), [new["id"].as_str().unwrap()]);

    server.error("ListTasks", json!({"statusTimestampAfter": "yesterday"}), -32602).await;
}

#[tokio::test]
async fn page_size_must_be_between_1_and_100() {
    let server = TestServer::start().await;
    server.run("complete").await;
    for bad in [0, 101, -1, 1000] {
        let error = server.error("ListTasks", json!({ "pageSize": bad }), -32602).await;
        assert!(error["message"].as_str().unwrap().contains("pageSize"), "{error}");
    }
    for good in [1, 100] {
        let page = server.result("ListTasks", json!({ "pageSize": good })).await;
        assert_eq!(page["pageSize"], good);
        assert_eq!(page["tasks"].as_array().unwrap().len(), 1);
    }
    let default = server.result("ListTasks", json!({})).await;
    assert!(default["pageSize"].as_u64().is_some_and(|n| (1..=100).contains(&n)), "{default}");
}

#[tokio::test]
async fn a_bad_page_token_is_invalid_params() {
    let server = TestServer::start().await;
    server.run("complete").await;
    for bad in ["garbage", "1.2", "x.1.id", "1.9999999999.id", "...", "1.5."] {
        let error = server.error("ListTasks", json!({ "pageToken": bad }), -32602).await;
        assert!(error["message"].as_str().unwrap().contains("pageToken"), "{bad}: {error}");
    }
    // An empty token is the first page.
    assert_eq!(server.result("ListTasks", json!({"pageToken": ""})).await["totalSize"], 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_of_tasks_created_in_a_tight_loop_hold_every_task_once() {
    const TASKS: usize = 45;
    let server = Arc::new(TestServer::start().await);
    let created = futures::future::join_all((0..TASKS).map(|_| {
        let server = server.clone();
        tokio::spawn(async move { server.run("complete").await["id"].as_str().unwrap().to_string() })
    }))
    .await;
    let created: HashSet<String> = created.into_iter().map(Result::unwrap).collect();
    assert_eq!(created.len(), TASKS);

    // (Typically a few timestamps shared by many tasks; the next test makes sure of it.)
    for page_size in [1, 7, 10, 45, 100] {
        let tasks = all_pages(&server, json!({}), page_size, TASKS).await;
        let listed: Vec<String> = tasks.iter().map(|t| t["id"].as_str().unwrap().to_string()).collect();
        let unique: HashSet<String> = listed.iter().cloned().collect();
        assert_eq!(unique.len(), listed.len(), "page size {page_size}: a task repeated");
        assert_eq!(unique, created, "page size {page_size}: a task missing");
        assert_newest_first(&tasks);
    }
}

/// A store the test keeps a handle on, so it can put tasks in directly.
struct Shared(Arc<InMemoryTaskStore>);

impl TaskStore for Shared {
    async fn load(&self, tenant: &str, id: &TaskId) -> Result<Option<StoredTask>, Error> {
        self.0.load(tenant, id).await
    }
    async fn save(&self, tenant: &str, task: &Task, expected: Option<u64>) -> Result<u64, Error> {
        self.0.save(tenant, task, expected).await
    }
    async fn list(&self, query: &TaskQuery) -> Result<TaskPage, Error> {
        self.0.list(query).await
    }
    async fn delete(&self, tenant: &str, id: &TaskId) -> Result<bool, Error> {
        self.0.delete(tenant, id).await
    }
}

#[tokio::test]
async fn pages_of_tasks_with_identical_timestamps_hold_every_task_once() {
    let store = Arc::new(InMemoryTaskStore::new());
    let same = Timestamp::from_unix_millis(1_750_000_000_123);
    let mut created = HashSet::new();
    for i in 0..30 {
        let id = format!("task-{i:02}");
        let task = Task::new(TaskId::new(&id), TaskStatus::new(TaskState::Completed).with_timestamp(same))
            .with_context_id(a2a_types::ContextId::new(if i % 2 == 0 { "even" } else { "odd" }));
        store.save("", &task, None).await.unwrap();
        created.insert(id);
    }
    let server = TestServer::start_with(|b| b.task_store(Shared(store.clone()))).await;
    for page_size in [1, 4, 7, 29, 30] {
        let tasks = all_pages(&server, json!({}), page_size, 30).await;
        let listed: Vec<String> = tasks.iter().map(|t| t["id"].as_str().unwrap().to_string()).collect();
        assert_eq!(listed.iter().cloned().collect::<HashSet<_>>(), created, "page size {page_size}");
        assert_eq!(listed.len(), 30, "page size {page_size}: {listed:?}");
    }
    // With a filter, the total counts the matches, and pages hold only them.
    let even = all_pages(&server, json!({"contextId": "even"}), 4, 15).await;
    assert!(even.iter().all(|t| t["contextId"] == "even"));
    assert_eq!(even.iter().map(|t| t["id"].clone()).collect::<HashSet<_>>().len(), 15);
}

#[tokio::test]
async fn artifacts_are_listed_only_when_asked_for() {
    let server = TestServer::start().await;
    let task = server.run("artifact:the output; complete").await;
    assert_eq!(task["artifacts"].as_array().unwrap().len(), 1);
    for params in [json!({}), json!({"includeArtifacts": false})] {
        let page = server.result("ListTasks", params).await;
        let listed = &page["tasks"][0];
        assert_eq!(listed["id"], task["id"]);
        assert!(listed.get("artifacts").is_none(), "artifacts must be left out: {page}");
    }
    let page = server.result("ListTasks", json!({"includeArtifacts": true})).await;
    assert_eq!(page["tasks"][0]["artifacts"], task["artifacts"]);
    // GetTask still has them.
    assert_eq!(server.get_task(task["id"].as_str().unwrap()).await["artifacts"], task["artifacts"]);
}

#[tokio::test]
async fn history_length_applies_to_listed_tasks() {
    let server = TestServer::start().await;
    let task = server.run("working:step; complete:done").await;
    assert_eq!(history(&task).len(), 3);
    let page = server.result("ListTasks", json!({"historyLength": 1})).await;
    let listed = history(&page["tasks"][0]);
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0], *history(&task).last().unwrap());
    let page = server.result("ListTasks", json!({"historyLength": 0})).await;
    assert!(history(&page["tasks"][0]).is_empty());
    let page = server.result("ListTasks", json!({})).await;
    assert_eq!(history(&page["tasks"][0]).len(), 3);
}
