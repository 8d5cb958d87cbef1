//! Agent card discovery and interface selection.

use crate::support::*;
use a2a_client::{Binding, Client, ClientBuilder, ErrorKind, ProtocolVersion};
use a2a_types::{ErrorCode, Message};
use serde_json::json;

#[tokio::test]
async fn from_card_url_picks_the_first_supported_interface_and_sends_its_tenant() {
    let server = FakeServer::start(|req, base| match (req.method.as_str(), req.path.as_str()) {
        ("GET", "/.well-known/agent-card.json") => Reply::Json(
            200,
            card_with_interfaces(json!([
                {"url": format!("{base}/grpc"), "protocolBinding": "GRPC", "protocolVersion": "1.0"},
                {"url": format!("{base}/v03"), "protocolBinding": "JSONRPC", "protocolVersion": "0.3"},
                {"url": format!("{base}/rpc"), "protocolBinding": "JSONRPC", "protocolVersion": "1.0", "tenant": "acme"},
                {"url": format!("{base}/other"), "protocolBinding": "JSONRPC", "protocolVersion": "1.0"},
            ]))
            .to_string(),
        ),
        ("POST", "/rpc") => ok(req, task("t-1", "TASK_STATE_COMPLETED")),
        _ => Reply::Json(404, "{}".into()),
    })
    .await;

    let client = within(Client::from_card_url(server.base())).await.unwrap();
    assert_eq!(client.card().name, "Fake agent");
    assert_eq!(client.interface().url, format!("{}/rpc", server.base()));
    assert_eq!(client.binding(), Binding::JsonRpc);
    assert_eq!(client.protocol_version(), ProtocolVersion::V1_0);

    within(client.get_task("t-1")).await.unwrap();
    let card_fetch = &server.requests()[0];
    assert_eq!(card_fetch.method, "GET");
    assert_eq!(card_fetch.path, "/.well-known/agent-card.json");
    let rpc = server.only_rpc();
    assert_eq!(rpc.path, "/rpc");
    assert_eq!(rpc.params(), json!({"id": "t-1", "tenant": "acme"}));
    assert_eq!(rpc.header("a2a-version"), Some("1.0"));
}

#[tokio::test]
async fn a_card_url_ending_in_json_is_fetched_as_is_and_relative_interface_urls_resolve() {
    let server = FakeServer::start(|req, _| match (req.method.as_str(), req.path.as_str()) {
        ("GET", "/agents/echo.json") => Reply::Json(
            200,
            card_with_interfaces(json!([{"url": "/echo/rpc", "protocolBinding": "JSONRPC", "protocolVersion": "1.0"}]))
                .to_string(),
        ),
        ("POST", "/echo/rpc") => {
            ok(req, json!({"message": {"messageId": "m", "role": "ROLE_AGENT", "parts": [{"text": "hi"}]}}))
        }
        _ => Reply::Json(404, "{}".into()),
    })
    .await;
    let client = within(ClientBuilder::from_card_url(format!("{}/agents/echo.json", server.base())))
        .await
        .unwrap()
        .build()
        .unwrap();
    let reply = within(client.send(Message::user_text("hi"))).await.unwrap();
    assert_eq!(reply.as_message().unwrap().text(), "hi");
    // No tenant in the interface: none in the request.
    assert!(server.only_rpc().params().get("tenant").is_none());
}

#[tokio::test]
async fn a_card_without_a_supported_interface_is_a_config_error() {
    let server = FakeServer::start(|_, base| {
        Reply::Json(
            200,
            card_with_interfaces(json!([
                {"url": format!("{base}/grpc"), "protocolBinding": "GRPC", "protocolVersion": "1.0"},
                {"url": format!("{base}/rpc"), "protocolBinding": "JSONRPC", "protocolVersion": "0.2"},
            ]))
            .to_string(),
        )
    })
    .await;
    let err = within(Client::from_card_url(server.base())).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
    assert!(err.to_string().contains("GRPC 1.0"), "{err}");
}

#[tokio::test]
async fn an_empty_preference_list_refuses_every_interface() {
    let server = FakeServer::start(|_, _| Reply::Json(500, String::new())).await;
    let err = Client::builder(card(&server.base())).preferred_bindings([]).build().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
    // Preferring what the card offers works.
    Client::builder(card(&server.base()))
        .preferred_bindings([Binding::JsonRpc])
        .protocol_version(ProtocolVersion::V1_0)
        .build()
        .unwrap();
}

#[tokio::test]
async fn card_fetch_failures_keep_their_kind() {
    let server = FakeServer::start(|req, _| match req.path.as_str() {
        "/missing/.well-known/agent-card.json" => Reply::Json(404, "{}".into()),
        "/broken/.well-known/agent-card.json" => Reply::Json(200, r#"{"name": "x", "supportedInterfaces": 7}"#.into()),
        _ => Reply::Json(500, String::new()),
    })
    .await;
    let err = within(Client::from_card_url(format!("{}/missing", server.base()))).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::HttpStatus);
    assert_eq!(err.status(), Some(404));

    let err = within(Client::from_card_url(format!("{}/broken/", server.base()))).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode);
    let source = std::error::Error::source(&err).unwrap().to_string();
    assert!(source.contains("supportedInterfaces"), "{source}");
    assert_eq!(err.error_code(), None::<ErrorCode>);
}

#[tokio::test]
async fn a_v0_3_card_is_read_and_spoken_to_in_v0_3() {
    let server = FakeServer::start(|req, base| match (req.method.as_str(), req.path.as_str()) {
        ("GET", "/.well-known/agent-card.json") => Reply::Json(
            200,
            json!({
                "protocolVersion": "0.3.0", "name": "Old agent", "description": "Speaks v0.3",
                "url": format!("{base}/rpc"), "preferredTransport": "JSONRPC", "version": "1.0.0",
                "capabilities": {"streaming": true}, "defaultInputModes": ["text"],
                "defaultOutputModes": ["text"], "skills": []
            })
            .to_string(),
        ),
        ("POST", "/rpc") => {
            ok(req, json!({"kind": "task", "id": "t-1", "contextId": "c-1", "status": {"state": "input-required"}}))
        }
        _ => Reply::Json(404, "{}".into()),
    })
    .await;
    let builder = within(ClientBuilder::from_card_url(server.base())).await.unwrap();
    let client = builder.extensions(["https://ext.example/v1"]).build().unwrap();
    assert_eq!(client.card().name, "Old agent");
    assert_eq!(client.protocol_version(), ProtocolVersion::V0_3);
    assert_eq!(client.interface().url, format!("{}/rpc", server.base()));

    let task = within(client.get_task("t-1")).await.unwrap();
    assert_eq!(task.state(), a2a_types::TaskState::InputRequired);
    let rpc = server.only_rpc();
    assert_eq!(rpc.rpc_method(), "tasks/get");
    assert_eq!(rpc.params(), json!({"id": "t-1"}));
    assert_eq!(rpc.header("a2a-version"), Some("0.3"));
    // Extensions go out under both names: v0.3 agents read `X-A2A-Extensions`.
    assert_eq!(rpc.header("x-a2a-extensions"), Some("https://ext.example/v1"));
    assert_eq!(rpc.header("a2a-extensions"), Some("https://ext.example/v1"));
}
