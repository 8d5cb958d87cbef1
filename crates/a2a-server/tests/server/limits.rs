//! HTTP-level limits and routing: body size (with and without `Content-Length`), methods,
//! paths, and graceful shutdown.

use crate::support::{TestServer, assert_error, card, user, within};
use bytes::Bytes;
use serde_json::json;
use std::time::Duration;

const MAX: usize = 1024;

fn oversized() -> String {
    let message = user(&"x".repeat(4 * MAX));
    json!({"jsonrpc": "2.0", "id": 1, "method": "SendMessage", "params": {"message": message}}).to_string()
}

async fn assert_too_large(response: reqwest::Response) {
    assert_eq!(response.status(), 413);
    let body: serde_json::Value = crate::support::json_body(response).await;
    assert_error(&body, -32600);
}

#[tokio::test]
async fn a_body_over_the_limit_with_a_content_length_is_refused() {
    let server = TestServer::start_with(|b| b.max_body_bytes(MAX)).await;
    let response = within("a 413", server.post().body(oversized()).send()).await.unwrap();
    assert_too_large(response).await;
    assert!(server.control.contexts().is_empty());

    // A body right at the limit is read.
    let mut body = json!({"jsonrpc": "2.0", "id": 1, "method": "ListTasks", "params": {}}).to_string();
    body.push_str(&" ".repeat(MAX - body.len()));
    let response = server.exchange_text(server.post(), body).await;
    assert!(response["result"]["tasks"].is_array(), "{response}");
}

#[tokio::test]
async fn a_chunked_body_over_the_limit_is_refused() {
    let server = TestServer::start_with(|b| b.max_body_bytes(MAX)).await;
    let body = oversized().into_bytes();
    let chunks: Vec<Result<Bytes, std::io::Error>> = body.chunks(256).map(|c| Ok(Bytes::copy_from_slice(c))).collect();
    let request = server.post().body(reqwest::Body::wrap_stream(futures::stream::iter(chunks)));
    let response = within("a 413", request.send()).await.unwrap();
    assert_too_large(response).await;
    assert!(server.control.contexts().is_empty());

    // A small chunked body is fine.
    let small = json!({"jsonrpc": "2.0", "id": 1, "method": "ListTasks", "params": {}}).to_string().into_bytes();
    let chunks: Vec<Result<Bytes, std::io::Error>> = small.chunks(8).map(|c| Ok(Bytes::copy_from_slice(c))).collect();
    let request = server.post().body(reqwest::Body::wrap_stream(futures::stream::iter(chunks)));
    let response = within("a response", request.send()).await.unwrap();
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = crate::support::json_body(response).await;
    assert!(body["result"]["tasks"].is_array(), "{body}");
}

#[tokio::test]
async fn only_post_is_allowed_on_the_rpc_path() {
    let server = TestServer::start().await;
    for method in [reqwest::Method::GET, reqwest::Method::PUT, reqwest::Method::DELETE, reqwest::Method::PATCH] {
        let response = within("a 405", server.http().request(method.clone(), server.url("/")).send()).await.unwrap();
        assert_eq!(response.status(), 405, "{method}");
        assert_eq!(response.headers()["allow"], "POST");
    }
}

#[tokio::test]
async fn unknown_paths_are_not_found() {
    let server = TestServer::start().await;
    for path in ["/nope", "/.well-known/agent.json", "/tasks/a/b/c", "/message:send/x"] {
        for method in [reqwest::Method::GET, reqwest::Method::POST] {
            let request = server.http().request(method.clone(), server.url(path)).header("A2A-Version", "1.0");
            let response = within("a 404", request.body("{}").send()).await.unwrap();
            assert_eq!(response.status(), 404, "{method} {path}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graceful_shutdown_ends_open_streams_and_returns() {
    // A drain timeout longer than the test's limit: only ending the streams lets the
    // shutdown finish in time.
    let server = TestServer::start_full(card(), |b| b, |s| s.drain_timeout(Duration::from_secs(60))).await;
    let mut first = server.stream("SendStreamingMessage", json!({"message": user("working; wait:never")})).await;
    let task_id = first.event().await.result()["task"]["id"].as_str().unwrap().to_string();
    first.event().await;
    let mut second = server.subscribe(&task_id).await;
    second.event().await;
    // And an idle keep-alive connection in the client's pool.
    server.result("ListTasks", json!({})).await;

    let url = server.url("/");
    let http = server.http().clone();
    within("the shutdown", server.shutdown()).await.unwrap();
    for sse in [&mut first, &mut second] {
        let rest = sse.rest().await;
        assert!(rest.is_empty(), "no final event, the stream just ends: {rest:?}");
    }
    let after = http.post(url).header("A2A-Version", "1.0").body("{}").send().await;
    assert!(after.is_err(), "the server no longer accepts connections");
}

#[tokio::test]
async fn a_body_that_is_not_json_by_its_content_type_is_refused() {
    let server = TestServer::start().await;
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": "SendMessage", "params": {"message": user("complete")}});
    for content_type in ["text/plain", "application/x-www-form-urlencoded", "application/xml"] {
        let request =
            server.http().post(server.url("/")).header("A2A-Version", "1.0").header("content-type", content_type);
        let response = within("a 415", request.body(body.to_string()).send()).await.unwrap();
        assert_eq!(response.status(), 415, "{content_type}");
        assert_error(&crate::support::json_body(response).await, -32005);
    }
    assert!(server.control.contexts().is_empty());

    // JSON in its spellings, and no Content-Type at all, are read.
    for content_type in
        [Some("application/json; charset=utf-8"), Some("application/a2a+json"), Some("Application/JSON"), None]
    {
        let mut request = server.http().post(server.url("/")).header("A2A-Version", "1.0");
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        let response = server.exchange(request, body.clone()).await;
        assert_eq!(
            response["result"]["task"]["status"]["state"], "TASK_STATE_COMPLETED",
            "{content_type:?}: {response}"
        );
    }
}
