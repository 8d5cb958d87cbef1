//! v0.3 clients, unchanged, against the v1.0 server: the JSON-RPC dialect (method names,
//! `kind` tags, lowercase states, `final`), the v0.3 REST routes, the card fields, the
//! version rules and the switch that turns it all off.

use crate::support::{TestServer, within};
use serde_json::{Value, json};

/// A v0.3 user message.
fn old_user(text: &str) -> Value {
    json!({"kind": "message", "messageId": crate::support::unique("m"), "role": "user",
           "parts": [{"kind": "text", "text": text}]})
}

/// POSTs a v0.3 JSON-RPC request without `A2A-Version` (as v0.3 clients do); the body.
async fn old_call(server: &TestServer, method: &str, params: Value) -> (String, Vec<u8>) {
    let body = json!({"jsonrpc": "2.0", "id": "req-1", "method": method, "params": params});
    let request = server.http().post(server.url("/")).header("content-type", "application/json");
    let response = within(method, request.body(body.to_string()).send()).await.unwrap();
    assert_eq!(response.status(), 200);
    let content_type = response.headers()["content-type"].to_str().unwrap().to_string();
    (content_type, within("a body", response.bytes()).await.unwrap().to_vec())
}

/// The `data:` payloads of an SSE body, read as simply as a v0.3 script reads them.
fn data_lines(body: &[u8]) -> Vec<Value> {
    let text = std::str::from_utf8(body).expect("SSE is UTF-8");
    assert!(text.is_empty() || text.ends_with("\n\n"), "the stream ended inside an event: {text:?}");
    text.lines()
        .filter_map(|line| line.strip_prefix("data: "))
        .map(|data| serde_json::from_str(data).unwrap_or_else(|e| panic!("data is not JSON: {e}: {data}")))
        .collect()
}

/// What a typical v0.3 client loop does: read `data:` lines, dispatch on `result.kind`,
/// stop at `final: true`.
fn dispatch_like_a_v0_3_script(events: &[Value]) -> Vec<String> {
    let mut seen = Vec::new();
    for event in events {
        let result = &event["result"];
        match result["kind"].as_str() {
            Some("task") => seen.push(format!("task {}", result["status"]["state"].as_str().unwrap())),
            Some("status-update") => {
                seen.push(format!("status {}", result["status"]["state"].as_str().unwrap()));
                if result["final"] == true {
                    seen.push("final".into());
                    break;
                }
            }
            Some("artifact-update") => seen.push(format!("artifact {}", result["artifact"]["parts"][0]["text"])),
            Some("message") => seen.push(format!("message {}", result["parts"][0]["text"])),
            other => panic!("unknown kind {other:?} in {event}"),
        }
    }
    seen
}

#[tokio::test]
async fn message_stream_speaks_the_v0_3_dialect_and_ends_with_final() {
    let server = TestServer::start().await;
    let (content_type, body) =
        old_call(&server, "message/stream", json!({"message": old_user("working:go;artifact:out;complete")})).await;
    assert_eq!(content_type, "text/event-stream");
    let events = data_lines(&body);
    for event in &events {
        assert_eq!(event["jsonrpc"], "2.0");
        assert_eq!(event["id"], "req-1");
        a2a_types::from_value::<a2a_types::v0_3::StreamEvent>(event["result"].clone())
            .unwrap_or_else(|e| panic!("not a v0.3 event: {e}: {event}"));
    }
    assert_eq!(
        dispatch_like_a_v0_3_script(&events),
        ["task submitted", "status working", "artifact \"out\"", "status completed", "final"]
    );
    // `final` is set on the last event only.
    let finals: Vec<bool> = events.iter().filter_map(|e| e["result"]["final"].as_bool()).collect();
    assert_eq!(finals, [false, true]);
    // The history message of the task is tagged too.
    assert_eq!(events[0]["result"]["history"][0]["kind"], "message");
    assert_eq!(events[0]["result"]["history"][0]["role"], "user");
}

#[tokio::test]
async fn a_stream_that_pauses_for_input_ends_with_final_at_input_required() {
    let server = TestServer::start().await;
    let (_, body) = old_call(&server, "message/stream", json!({"message": old_user("input:which?")})).await;
    let events = data_lines(&body);
    assert_eq!(dispatch_like_a_v0_3_script(&events), ["task submitted", "status input-required", "final"]);
}

#[tokio::test]
async fn message_send_blocks_unless_told_not_to_and_tasks_get_reads_history_length_as_v0_3_did() {
    let server = TestServer::start().await;
    let (_, body) = old_call(&server, "message/send", json!({"message": old_user("working;complete:done")})).await;
    let reply: Value = serde_json::from_slice(&body).unwrap();
    let task = &reply["result"];
    assert_eq!(task["kind"], "task");
    assert_eq!(task["status"]["state"], "completed");
    let id = task["id"].as_str().unwrap();

    // historyLength 0 was "no limit" in v0.3; 1 keeps the last message.
    for (n, expected) in [(json!(0), 2), (json!(1), 1), (Value::Null, 2)] {
        let mut params = json!({"id": id});
        if !n.is_null() {
            params["historyLength"] = n.clone();
        }
        let (_, body) = old_call(&server, "tasks/get", params).await;
        let got: Value = serde_json::from_slice(&body).unwrap();
        let history = got["result"]["history"].as_array().map_or(0, Vec::len);
        assert_eq!(history, expected, "historyLength {n}: {got}");
    }

    let (_, body) = old_call(
        &server,
        "message/send",
        json!({"message": old_user("submit;wait:never"), "configuration": {"blocking": false}}),
    )
    .await;
    let reply: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(reply["result"]["status"]["state"], "submitted", "{reply}");
    let (_, body) = old_call(&server, "tasks/cancel", json!({"id": reply["result"]["id"]})).await;
    let canceled: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(canceled["result"]["status"]["state"], "canceled", "{canceled}");
}

#[tokio::test]
async fn tasks_resubscribe_follows_a_running_task() {
    let server = TestServer::start().await;
    let (_, body) = old_call(
        &server,
        "message/send",
        json!({"message": old_user("submit;wait:go;working:step;complete"), "configuration": {"blocking": false}}),
    )
    .await;
    let reply: Value = serde_json::from_slice(&body).unwrap();
    let id = reply["result"]["id"].clone();
    let body = json!({"jsonrpc": "2.0", "id": 9, "method": "tasks/resubscribe", "params": {"id": id}});
    let request = server.http().post(server.url("/")).header("content-type", "application/json");
    let response = within("resubscribe", request.body(body.to_string()).send()).await.unwrap();
    server.control.open("go");
    let events = data_lines(&within("the stream", response.bytes()).await.unwrap());
    assert_eq!(dispatch_like_a_v0_3_script(&events), ["task submitted", "status working", "status completed", "final"]);
}

#[tokio::test]
async fn errors_carry_v0_3_codes() {
    let server = TestServer::start().await;
    let (_, body) = old_call(&server, "tasks/get", json!({"id": "missing"})).await;
    let reply: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(reply["error"]["code"], -32001, "{reply}");

    // A v0.3 method under A2A-Version 1.0 is refused; v1.0's -32009 becomes -32600 for v0.3.
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": "tasks/get", "params": {"id": "x"}});
    let request = server.post().body(body.to_string());
    let reply: Value =
        serde_json::from_slice(&within("a reply", request.send()).await.unwrap().bytes().await.unwrap()).unwrap();
    assert_eq!(reply["error"]["code"], -32600, "{reply}");
    assert_eq!(reply["error"]["data"][0]["reason"], "VERSION_NOT_SUPPORTED", "{reply}");

    let (_, body) = old_call(&server, "tasks/pushNotificationConfig/get", json!({"id": "t"})).await;
    let reply: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(reply["error"]["code"], -32003, "{reply}");
    let (_, body) = old_call(&server, "message/send", json!({"message": {"kind": "message"}})).await;
    let reply: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(reply["error"]["code"], -32602, "{reply}");
}

#[tokio::test]
async fn the_v0_3_rest_routes_speak_the_v0_3_proto_json() {
    let server = TestServer::start().await;
    let http = server.http();
    let send = json!({"message": {"messageId": "m1", "role": "ROLE_USER", "content": [{"text": "working;artifact:x;cancel"}]},
                      "configuration": {"blocking": true}});
    let response = http.post(server.url("/v1/message:send")).header("content-type", "application/json");
    let response = within("send", response.body(send.to_string()).send()).await.unwrap();
    assert_eq!(response.status(), 200);
    let reply: Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
    let task = &reply["task"];
    assert_eq!(task["status"]["state"], "TASK_STATE_CANCELLED", "{reply}");
    assert_eq!(task["history"][0]["content"][0]["text"], "working;artifact:x;cancel");
    assert!(task["history"][0].get("parts").is_none());
    assert_eq!(task["artifacts"][0]["parts"][0]["text"], "x");

    let id = task["id"].as_str().unwrap();
    let got = within("get", http.get(server.url(&format!("/v1/tasks/{id}?historyLength=1"))).send()).await.unwrap();
    let got: Value = serde_json::from_slice(&got.bytes().await.unwrap()).unwrap();
    assert_eq!(got["id"], id);
    assert_eq!(got["history"].as_array().unwrap().len(), 1);

    let stream =
        json!({"message": {"messageId": "m2", "role": "ROLE_USER", "content": [{"text": "working;complete"}]}});
    let response = http.post(server.url("/v1/message:stream")).header("content-type", "application/json");
    let response = within("stream", response.body(stream.to_string()).send()).await.unwrap();
    let events = data_lines(&response.bytes().await.unwrap());
    let last = &events.last().unwrap()["statusUpdate"];
    assert_eq!(last["final"], true, "{events:?}");
    assert_eq!(last["status"]["state"], "TASK_STATE_COMPLETED");
    assert_eq!(events[1]["statusUpdate"]["final"], false);

    let card = within("card", http.get(server.url("/v1/card")).send()).await.unwrap();
    let card: Value = serde_json::from_slice(&card.bytes().await.unwrap()).unwrap();
    assert_eq!(card["protocolVersion"], "0.3.0");
    assert_eq!(card["preferredTransport"], "JSONRPC");

    let missing = within("404", http.get(server.url("/v1/tasks/nope")).send()).await.unwrap();
    assert_eq!(missing.status(), 404);
    // v0.3 REST had no ListTasks and no tenants.
    assert_eq!(within("404", http.get(server.url("/v1/tasks")).send()).await.unwrap().status(), 404);
}

#[tokio::test]
async fn compatibility_can_be_switched_off() {
    let server = TestServer::start_with(|b| b.v0_3(false)).await;
    let (_, body) = old_call(&server, "message/send", json!({"message": old_user("complete")})).await;
    let reply: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(reply["error"]["code"], -32601, "{reply}");
    let card = within("card", server.http().get(server.url("/.well-known/agent-card.json")).send()).await.unwrap();
    let card: Value = serde_json::from_slice(&card.bytes().await.unwrap()).unwrap();
    assert!(card.get("url").is_none() && card.get("protocolVersion").is_none(), "{card}");
    let interfaces = card["supportedInterfaces"].as_array().unwrap();
    assert!(interfaces.iter().all(|i| i["protocolVersion"] == "1.0"), "{card}");
    let old_rest = within("v1 path", server.http().get(server.url("/v1/tasks/x")).send()).await.unwrap();
    assert_eq!(old_rest.status(), 404);
}
