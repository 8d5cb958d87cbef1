//! Every unary operation: the request on the wire (method, params, headers) and the
//! typed result.

use crate::support::*;
use a2a_client::{Client, OutgoingRequest, RequestHook};
use a2a_types::{
    GetTaskRequest, ListTasksRequest, Message, SendMessageConfiguration, SendMessageRequest, SendMessageResponse,
    TaskPushNotificationConfig, TaskState,
};
use serde_json::json;

#[tokio::test]
async fn send_a_message_and_get_a_task() {
    let server = FakeServer::start(|req, _| ok(req, json!({"task": task("t-1", "TASK_STATE_COMPLETED")}))).await;
    let client = client(&server);
    let reply = within(client.send(Message::user_text("hello"))).await.unwrap();
    let SendMessageResponse::Task(task) = reply else { panic!("expected a task, got {reply:?}") };
    assert_eq!(task.id, "t-1");
    assert_eq!(task.state(), TaskState::Completed);

    let req = server.only_rpc();
    assert_eq!(req.path, "/rpc");
    let body = req.json();
    assert_eq!(body["jsonrpc"], "2.0");
    assert_eq!(body["method"], "SendMessage");
    assert!(body["id"].is_number(), "{body}");
    let params = req.params();
    assert_eq!(params["tenant"], "t-1");
    assert_eq!(params["message"]["role"], "ROLE_USER");
    assert_eq!(params["message"]["parts"], json!([{"text": "hello"}]));
    assert!(params["message"]["messageId"].is_string());
    assert_eq!(req.header("content-type"), Some("application/json"));
    assert_eq!(req.header("accept"), Some("application/json"));
    assert_eq!(req.header("a2a-version"), Some("1.0"));
}

#[tokio::test]
async fn send_a_full_request_and_get_a_message() {
    let server = FakeServer::start(|req, _| ok(req, message_event("4"))).await;
    let client = client(&server);
    let request = SendMessageRequest::new(Message::user_text("2+2?"))
        .with_configuration(SendMessageConfiguration::new().with_return_immediately(true).with_history_length(3))
        .with_tenant("explicit");
    let reply = within(client.send(request)).await.unwrap();
    assert_eq!(reply.as_message().unwrap().text(), "4");
    let params = server.only_rpc().params();
    assert_eq!(params["configuration"], json!({"returnImmediately": true, "historyLength": 3}));
    // A tenant the caller set is kept.
    assert_eq!(params["tenant"], "explicit");
}

#[tokio::test]
async fn get_task_by_id_or_by_request() {
    let server =
        FakeServer::start(|req, _| ok(req, task(req.params()["id"].as_str().unwrap(), "TASK_STATE_WORKING"))).await;
    let client = client(&server);
    let task = within(client.get_task("t-7")).await.unwrap();
    assert_eq!(task.id, "t-7");
    assert_eq!(task.state(), TaskState::Working);
    let task = within(client.get_task(GetTaskRequest::new("t-8").with_history_length(2))).await.unwrap();
    assert_eq!(task.id, "t-8");

    let reqs = server.rpc_requests();
    assert_eq!(reqs[0].rpc_method(), "GetTask");
    assert_eq!(reqs[0].params(), json!({"id": "t-7", "tenant": "t-1"}));
    assert_eq!(reqs[1].params(), json!({"id": "t-8", "historyLength": 2, "tenant": "t-1"}));
}

#[tokio::test]
async fn list_tasks() {
    let server = FakeServer::start(|req, _| {
        ok(
            req,
            json!({"tasks": [task("t-1", "TASK_STATE_WORKING"), task("t-2", "TASK_STATE_FAILED")],
            "nextPageToken": "next", "pageSize": 2, "totalSize": 5}),
        )
    })
    .await;
    let client = client(&server);
    let page = within(client.list_tasks(ListTasksRequest::new().with_page_size(2).with_status(TaskState::Working)))
        .await
        .unwrap();
    assert_eq!(page.tasks.len(), 2);
    assert_eq!(page.tasks[1].state(), TaskState::Failed);
    assert_eq!(page.next_page_token, "next");
    assert_eq!(page.total_size, 5);
    let req = server.only_rpc();
    assert_eq!(req.rpc_method(), "ListTasks");
    assert_eq!(req.params(), json!({"pageSize": 2, "status": "TASK_STATE_WORKING", "tenant": "t-1"}));
}

#[tokio::test]
async fn cancel_task() {
    let server = FakeServer::start(|req, _| ok(req, task("t-3", "TASK_STATE_CANCELED"))).await;
    let client = client(&server);
    let task = within(client.cancel_task("t-3")).await.unwrap();
    assert_eq!(task.state(), TaskState::Canceled);
    let req = server.only_rpc();
    assert_eq!(req.rpc_method(), "CancelTask");
    assert_eq!(req.params(), json!({"id": "t-3", "tenant": "t-1"}));
}

#[tokio::test]
async fn push_notification_configs() {
    let stored = json!({"id": "cfg-1", "taskId": "t-1", "url": "https://me.example/hook", "token": "tok"});
    let server = FakeServer::start(move |req, _| match req.rpc_method().as_str() {
        "CreateTaskPushNotificationConfig" | "GetTaskPushNotificationConfig" => ok(req, stored.clone()),
        "ListTaskPushNotificationConfigs" => ok(req, json!({"configs": [stored.clone()], "nextPageToken": ""})),
        "DeleteTaskPushNotificationConfig" => ok(req, json!({})),
        other => panic!("unexpected {other}"),
    })
    .await;
    let client = client(&server);

    let config = TaskPushNotificationConfig::new("https://me.example/hook").with_task_id("t-1").with_token("tok");
    let created = within(client.create_push_config(config)).await.unwrap();
    assert_eq!(created.id.as_deref(), Some("cfg-1"));
    let got = within(client.get_push_config(("t-1", "cfg-1"))).await.unwrap();
    assert_eq!(got.url, "https://me.example/hook");
    let list = within(client.list_push_configs("t-1")).await.unwrap();
    assert_eq!(list.configs.len(), 1);
    within(client.delete_push_config(("t-1", "cfg-1"))).await.unwrap();

    let reqs = server.rpc_requests();
    let methods: Vec<String> = reqs.iter().map(|r| r.rpc_method()).collect();
    assert_eq!(
        methods,
        [
            "CreateTaskPushNotificationConfig",
            "GetTaskPushNotificationConfig",
            "ListTaskPushNotificationConfigs",
            "DeleteTaskPushNotificationConfig"
        ]
    );
    assert_eq!(
        reqs[0].params(),
        json!({"taskId": "t-1", "url": "https://me.example/hook", "token": "tok", "tenant": "t-1"})
    );
    assert_eq!(reqs[1].params(), json!({"taskId": "t-1", "id": "cfg-1", "tenant": "t-1"}));
    assert_eq!(reqs[2].params(), json!({"taskId": "t-1", "tenant": "t-1"}));
    assert_eq!(reqs[3].params(), json!({"taskId": "t-1", "id": "cfg-1", "tenant": "t-1"}));
}

#[tokio::test]
async fn extended_card_with_bearer_auth() {
    let server = FakeServer::start(|req, base| {
        let mut card = card_json(base);
        card["name"] = json!("Extended agent");
        ok(req, card)
    })
    .await;
    let client = Client::builder(card(&server.base())).bearer_auth("s3cret").build().unwrap();
    let extended = within(client.extended_card()).await.unwrap();
    assert_eq!(extended.name, "Extended agent");
    let req = server.only_rpc();
    assert_eq!(req.rpc_method(), "GetExtendedAgentCard");
    assert_eq!(req.params(), json!({"tenant": "t-1"}));
    assert_eq!(req.header("authorization"), Some("Bearer s3cret"));
}

struct AddOperation;

impl RequestHook for AddOperation {
    async fn on_request(
        &self,
        request: &mut OutgoingRequest<'_>,
    ) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        let value = format!("{} via {}", request.operation(), request.url());
        request.headers_mut().insert("x-operation", value.parse()?);
        Ok(())
    }
}

#[tokio::test]
async fn headers_api_key_extensions_and_hook() {
    let server = FakeServer::start(|req, _| ok(req, task("t-1", "TASK_STATE_WORKING"))).await;
    let client = Client::builder(card(&server.base()))
        .api_key("X-API-Key", "key-123")
        .header("x-custom", "yes")
        .extensions(["https://ext.example/a/v1", "https://ext.example/b/v1"])
        .request_hook(AddOperation)
        .build()
        .unwrap();
    within(client.get_task("t-1")).await.unwrap();
    let req = server.only_rpc();
    assert_eq!(req.header("x-api-key"), Some("key-123"));
    assert_eq!(req.header("x-custom"), Some("yes"));
    assert_eq!(req.header("a2a-extensions"), Some("https://ext.example/a/v1, https://ext.example/b/v1"));
    assert_eq!(req.header("x-operation"), Some(format!("GetTask via {}/rpc", server.base()).as_str()));
    assert!(req.header("user-agent").unwrap().starts_with("a2a-client/"));
}

#[tokio::test]
async fn a_closure_is_a_hook() {
    let server = FakeServer::start(|req, _| ok(req, task("t-1", "TASK_STATE_WORKING"))).await;
    let client = Client::builder(card(&server.base()))
        .request_hook(|req: &mut OutgoingRequest<'_>| {
            req.headers_mut().insert("x-from-closure", http::HeaderValue::from_static("1"));
        })
        .build()
        .unwrap();
    within(client.get_task("t-1")).await.unwrap();
    assert_eq!(server.only_rpc().header("x-from-closure"), Some("1"));
}

#[tokio::test]
async fn clones_share_one_client_and_request_ids_differ() {
    let server = FakeServer::start(|req, _| ok(req, task("t-1", "TASK_STATE_WORKING"))).await;
    let a = client(&server);
    let b = a.clone();
    let (x, y) = within(async { tokio::join!(a.get_task("t-1"), b.get_task("t-1")) }).await;
    x.unwrap();
    y.unwrap();
    let ids: Vec<_> = server.rpc_requests().iter().map(|r| r.rpc_id()).collect();
    assert_ne!(ids[0], ids[1]);
}
