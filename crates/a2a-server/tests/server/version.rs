//! The `A2A-Version` header (and query parameter): 1.0 is served, anything else is
//! refused with -32009, and a missing version is served unless the server requires it.

use crate::support::{TestServer, assert_error};
use serde_json::{Value, json};

fn list_tasks() -> Value {
    json!({"jsonrpc": "2.0", "id": 1, "method": "ListTasks", "params": {}})
}

async fn with_header(server: &TestServer, version: &str) -> Value {
    server.exchange(server.post_unversioned().header("A2A-Version", version), list_tasks()).await
}

fn served(response: &Value) {
    assert!(response["result"]["tasks"].is_array(), "expected a result: {response}");
}

#[tokio::test]
async fn version_1_0_is_served() {
    let server = TestServer::start().await;
    for version in ["1.0", "1", " 1.0 "] {
        served(&with_header(&server, version).await);
    }
}

#[tokio::test]
async fn a_missing_version_is_served_as_1_0_by_default() {
    let server = TestServer::start().await;
    served(&server.exchange(server.post_unversioned(), list_tasks()).await);
    // Every kind of method, not just reads.
    let sent = server
        .exchange(
            server.post_unversioned(),
            json!({"jsonrpc": "2.0", "id": 2, "method": "SendMessage", "params": {"message": crate::support::user("complete")}}),
        )
        .await;
    assert_eq!(sent["result"]["task"]["status"]["state"], "TASK_STATE_COMPLETED", "{sent}");
}

#[tokio::test]
async fn unsupported_versions_are_refused() {
    let server = TestServer::start().await;
    for version in ["99.0", "0.3", "2.0", "abc", "1.x"] {
        let response = with_header(&server, version).await;
        let error = assert_error(&response, -32009);
        assert_eq!(response["id"], 1);
        if version != "abc" && version != "1.x" {
            assert!(error["message"].as_str().unwrap().contains(version), "{response}");
        }
    }
    // Refused before the method runs: the agent never sees the message.
    let response = server
        .exchange(
            server.post_unversioned().header("A2A-Version", "99.0"),
            json!({"jsonrpc": "2.0", "id": 2, "method": "SendMessage", "params": {"message": crate::support::user("complete")}}),
        )
        .await;
    assert_error(&response, -32009);
    assert!(server.control.contexts().is_empty());
}

#[tokio::test]
async fn a_required_version_header_refuses_requests_without_one() {
    let server = TestServer::start_with(|b| b.require_version_header(true)).await;
    let response = server.exchange(server.post_unversioned(), list_tasks()).await;
    assert_error(&response, -32009);
    served(&with_header(&server, "1.0").await);
    assert_error(&with_header(&server, "99.0").await, -32009);
}

#[tokio::test]
async fn the_version_may_be_a_query_parameter() {
    let server = TestServer::start_with(|b| b.require_version_header(true)).await;
    let url = |query: &str| server.url(&format!("/?{query}"));
    let post = |query: &str| server.http().post(url(query)).header("content-type", "application/json");
    served(&server.exchange(post("A2A-Version=1.0"), list_tasks()).await);
    served(&server.exchange(post("other=x&a2a-version=1.0"), list_tasks()).await);
    assert_error(&server.exchange(post("A2A-Version=99.0"), list_tasks()).await, -32009);
    // The header wins over the query parameter.
    let both = post("A2A-Version=99.0").header("A2A-Version", "1.0");
    served(&server.exchange(both, list_tasks()).await);
}
