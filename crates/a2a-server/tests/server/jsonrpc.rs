//! The JSON-RPC envelope: ids, parse errors, invalid requests, unknown methods, invalid
//! params, and the A2A errors of the methods that are not offered.

use crate::support::{TestServer, assert_error, user};
use serde_json::{Value, json};

#[tokio::test]
async fn string_and_number_ids_are_echoed_on_success_and_on_error() {
    let server = TestServer::start().await;
    for id in [json!("req-abc"), json!(42), json!(-7), json!("")] {
        let ok = server
            .exchange(server.post(), json!({"jsonrpc": "2.0", "id": id, "method": "ListTasks", "params": {}}))
            .await;
        assert_eq!(ok["id"], id, "{ok}");
        assert_eq!(ok["jsonrpc"], "2.0");
        assert!(ok["result"]["tasks"].is_array(), "{ok}");

        let failed = server
            .exchange(server.post(), json!({"jsonrpc": "2.0", "id": id, "method": "GetTask", "params": {"id": "nope"}}))
            .await;
        assert_eq!(failed["id"], id, "{failed}");
        assert_error(&failed, -32001);
    }
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_parse_error_with_a_null_id() {
    let server = TestServer::start().await;
    for body in ["{", "", "{\"jsonrpc\":\"2.0\",\"id\":1,", "not json", "{\"a\":1} trailing"] {
        let response = server.exchange_text(server.post(), body).await;
        assert_error(&response, -32700);
        assert_eq!(response["id"], Value::Null, "{body:?}: {response}");
    }
}

#[tokio::test]
async fn malformed_envelopes_are_invalid_requests() {
    let server = TestServer::start().await;
    let get = json!({"id": "x"});
    let cases: Vec<(Value, Value)> = vec![
        // not an object
        (json!(42), Value::Null),
        (json!("GetTask"), Value::Null),
        (json!(null), Value::Null),
        // batches are not supported
        (json!([]), Value::Null),
        (json!([{"jsonrpc": "2.0", "id": 1, "method": "GetTask", "params": get}]), Value::Null),
        // no id: a notification, which A2A does not use
        (json!({"jsonrpc": "2.0", "method": "GetTask", "params": get}), Value::Null),
        // an id that is neither a string nor a number
        (json!({"jsonrpc": "2.0", "id": {"a": 1}, "method": "GetTask", "params": get}), Value::Null),
        (json!({"jsonrpc": "2.0", "id": [1], "method": "GetTask", "params": get}), Value::Null),
        // wrong or missing jsonrpc: the id is known, so it is echoed
        (json!({"jsonrpc": "1.0", "id": 5, "method": "GetTask", "params": get}), json!(5)),
        (json!({"jsonrpc": 2.0, "id": 6, "method": "GetTask", "params": get}), json!(6)),
        (json!({"id": "no-version", "method": "GetTask", "params": get}), json!("no-version")),
        // method not a string, or missing
        (json!({"jsonrpc": "2.0", "id": 7, "method": 7, "params": get}), json!(7)),
        (json!({"jsonrpc": "2.0", "id": 8, "method": ["GetTask"], "params": get}), json!(8)),
        (json!({"jsonrpc": "2.0", "id": 9, "params": get}), json!(9)),
    ];
    for (body, id) in cases {
        let response = server.exchange(server.post(), body.clone()).await;
        assert_error(&response, -32600);
        assert_eq!(response["id"], id, "{body}: {response}");
    }
}

#[tokio::test]
async fn unknown_methods_are_not_found() {
    let server = TestServer::start().await;
    for method in ["NoSuchMethod", "gettask", "sendMessage", ""] {
        let response =
            server.exchange(server.post(), json!({"jsonrpc": "2.0", "id": "m", "method": method, "params": {}})).await;
        let error = assert_error(&response, -32601);
        assert_eq!(response["id"], "m");
        if !method.is_empty() {
            assert!(error["message"].as_str().unwrap().contains(method), "{response}");
        }
    }
}

#[tokio::test]
async fn params_of_the_wrong_type_are_invalid_params_naming_the_field() {
    let server = TestServer::start().await;
    let cases: Vec<(&str, Value, &str)> = vec![
        ("GetTask", json!({"id": 5}), "id"),
        ("GetTask", json!({}), "id"),
        ("GetTask", json!({"id": "t", "historyLength": "all"}), "historyLength"),
        ("ListTasks", json!({"pageSize": "ten"}), "pageSize"),
        ("ListTasks", json!({"status": "DONE"}), "status"),
        ("CancelTask", json!({"id": ["t"]}), "id"),
        ("SubscribeToTask", json!({"id": null}), "id"),
        ("SendMessage", json!({}), "message"),
        ("SendMessage", json!({"message": {"messageId": "m", "role": "ROLE_USER", "parts": "hi"}}), "message.parts"),
        ("SendMessage", json!({"message": {"messageId": "m", "role": "ROLE_BOT", "parts": []}}), "message.role"),
        ("SendMessage", json!({"message": user("x"), "configuration": {"returnImmediately": "yes"}}), "configuration"),
        ("SendStreamingMessage", json!({"message": {"role": "ROLE_USER", "parts": []}}), "messageId"),
    ];
    for (method, params, field) in cases {
        let error = server.error(method, params.clone(), -32602).await;
        let message = error["message"].as_str().unwrap();
        assert!(message.contains(field), "{method} {params}: the message {message:?} should name {field}");
    }
}

#[tokio::test]
async fn params_that_are_missing_null_or_not_an_object_are_invalid() {
    let server = TestServer::start().await;
    for method in ["SendMessage", "SendStreamingMessage", "GetTask", "ListTasks", "CancelTask", "SubscribeToTask"] {
        for body in [
            json!({"jsonrpc": "2.0", "id": 1, "method": method}),
            json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": null}),
            json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": [1, 2]}),
            json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": "x"}),
        ] {
            let response = server.exchange(server.post(), body.clone()).await;
            assert_error(&response, -32602);
            assert_eq!(response["id"], 1);
        }
        let response = server.exchange(server.post(), json!({"jsonrpc": "2.0", "id": 1, "method": method})).await;
        let message = response["error"]["message"].as_str().unwrap();
        assert!(message.contains("params"), "{method}: {message}");
    }
}

#[tokio::test]
async fn semantically_invalid_params_are_invalid_params() {
    let server = TestServer::start().await;
    let empty_id = json!({"messageId": "", "role": "ROLE_USER", "parts": [{"text": "complete"}]});
    let no_parts = json!({"messageId": "m-1", "role": "ROLE_USER", "parts": []});
    for message in [empty_id, no_parts] {
        server.error("SendMessage", json!({ "message": message }), -32602).await;
        server.error("SendStreamingMessage", json!({ "message": message }), -32602).await;
    }
    server.error("GetTask", json!({"id": "t", "historyLength": -1}), -32602).await;
    server.error("ListTasks", json!({"historyLength": -1}), -32602).await;
    // Nothing of that reached the agent.
    assert!(server.control.contexts().is_empty());
}

#[tokio::test]
async fn push_notification_config_methods_are_not_supported() {
    let server = TestServer::start().await;
    let task = server.run("complete").await;
    let id = task["id"].clone();
    let calls = [
        ("CreateTaskPushNotificationConfig", json!({"taskId": id, "url": "https://example.com/hook"})),
        ("GetTaskPushNotificationConfig", json!({"taskId": id, "id": "cfg"})),
        ("ListTaskPushNotificationConfigs", json!({"taskId": id})),
        ("DeleteTaskPushNotificationConfig", json!({"taskId": id, "id": "cfg"})),
    ];
    for (method, params) in calls {
        let error = server.error(method, params, -32003).await;
        assert!(error["message"].as_str().unwrap().to_lowercase().contains("push"), "{error}");
    }
}

#[tokio::test]
async fn a2a_errors_carry_their_error_info() {
    let server = TestServer::start().await;
    // One of each A2A error the server raises, each checked by `error` for its ErrorInfo.
    server.error("GetTask", json!({"id": "missing"}), -32001).await;
    let done = server.run("complete").await;
    server.error("CancelTask", json!({"id": done["id"]}), -32002).await;
    server.error("SubscribeToTask", json!({"id": done["id"]}), -32004).await;
    server.error("GetExtendedAgentCard", json!({}), -32004).await;
    server.error("SendMessage", json!({"message": user("unsupported-content")}), -32005).await;
}
