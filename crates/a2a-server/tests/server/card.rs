//! The agent card at `/.well-known/agent-card.json`, the extended card, and what the card
//! declares (streaming, required extensions).

use crate::support::{TestServer, card, content_type, user, within};
use a2a_types::{AgentCapabilities, AgentExtension, AgentInterface};
use serde_json::{Value, json};

const CARD: &str = "/.well-known/agent-card.json";

async fn fetch_card(request: reqwest::RequestBuilder) -> (reqwest::header::HeaderMap, Value) {
    let response = within("the card", request.send()).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(content_type(&response), "application/json");
    let headers = response.headers().clone();
    let body = within("the card body", response.bytes()).await.unwrap();
    (headers, serde_json::from_slice(&body).unwrap())
}

#[tokio::test]
async fn the_card_names_the_interface_it_was_fetched_through() {
    let server = TestServer::start().await;
    let (headers, card) = fetch_card(server.http().get(server.url(CARD))).await;
    assert_eq!(card["name"], "Test agent");
    assert_eq!(card["version"], "1.0.0");
    let interfaces = card["supportedInterfaces"].as_array().unwrap();
    assert_eq!(interfaces.len(), 4, "{card}");
    let expected = [("JSONRPC", "1.0"), ("HTTP+JSON", "1.0"), ("JSONRPC", "0.3"), ("HTTP+JSON", "0.3")];
    for (interface, (binding, version)) in interfaces.iter().zip(expected) {
        let url = interface["url"].as_str().unwrap();
        assert_eq!(url.trim_end_matches('/'), format!("http://{}", server.addr));
        assert_eq!(interface["protocolBinding"], binding);
        assert_eq!(interface["protocolVersion"], version);
    }
    // The v0.3 fields, for v0.3 clients.
    assert_eq!(card["url"], interfaces[0]["url"]);
    assert_eq!(card["preferredTransport"], "JSONRPC");
    assert_eq!(card["protocolVersion"], "0.3.0");
    assert_eq!(card["capabilities"]["streaming"], true);
    assert_eq!(card["capabilities"]["pushNotifications"], false);
    assert_eq!(card["capabilities"]["extendedAgentCard"], false);
    assert!(headers.get("etag").is_some());
    let cache = headers["cache-control"].to_str().unwrap();
    assert!(cache.contains("max-age="), "{cache}");
    let modified = headers["last-modified"].to_str().unwrap();
    assert!(modified.ends_with(" GMT") && modified.len() == "Sat, 21 Nov 2026 13:50:10 GMT".len(), "{modified}");

    // The interfaces it names work.
    let rpc_url = interfaces[0]["url"].as_str().unwrap();
    let response = server
        .exchange(
            server.http().post(rpc_url).header("A2A-Version", "1.0"),
            json!({"jsonrpc": "2.0", "id": 1, "method": "ListTasks", "params": {}}),
        )
        .await;
    assert!(response["result"]["tasks"].is_array(), "{response}");
    let rest_url = format!("{}/tasks", interfaces[1]["url"].as_str().unwrap().trim_end_matches('/'));
    let response = within("a REST ListTasks", server.http().get(rest_url).header("A2A-Version", "1.0").send());
    let listed: serde_json::Value = serde_json::from_slice(&response.await.unwrap().bytes().await.unwrap()).unwrap();
    assert!(listed["tasks"].is_array(), "{listed}");
}

#[tokio::test]
async fn the_card_follows_the_host_and_forwarding_headers() {
    let server = TestServer::start().await;
    let (_, card) = fetch_card(server.http().get(server.url(CARD)).header("host", "agent.test:8443")).await;
    assert_eq!(card["supportedInterfaces"][0]["url"].as_str().unwrap().trim_end_matches('/'), "http://agent.test:8443");

    let forwarded = server
        .http()
        .get(server.url(CARD))
        .header("x-forwarded-proto", "https")
        .header("x-forwarded-host", "agents.example.com");
    let (headers, card) = fetch_card(forwarded).await;
    assert_eq!(
        card["supportedInterfaces"][0]["url"].as_str().unwrap().trim_end_matches('/'),
        "https://agents.example.com"
    );
    // The card depends on those headers, so caches must key on them.
    assert_eq!(headers["vary"], "host, x-forwarded-host, x-forwarded-proto");
}

#[tokio::test]
async fn a_public_url_and_rpc_path_make_the_interface_url() {
    let mut server =
        TestServer::start_with(|b| b.public_url("https://agents.example.com/billing/").rpc_path("a2a")).await;
    let (headers, card) = fetch_card(server.http().get(server.url(CARD))).await;
    assert_eq!(card["supportedInterfaces"][0]["url"], "https://agents.example.com/billing/a2a");
    assert!(headers.get("vary").is_none(), "a fixed public URL makes the card the same for everyone");

    // The endpoint moved: `/` is nothing, `/a2a` is the JSON-RPC endpoint.
    let response = within("a response", server.post().body("{}").send()).await.unwrap();
    assert_eq!(response.status(), 404);
    server.path = "/a2a".to_string();
    assert!(server.result("ListTasks", json!({})).await["tasks"].is_array());
}

#[tokio::test]
async fn the_configured_card_cannot_misstate_what_the_server_does() {
    let mut given = card();
    given.capabilities = AgentCapabilities::new().with_streaming(false).with_push_notifications(true);
    given.capabilities.extended_agent_card = Some(true);
    given.supported_interfaces = vec![AgentInterface::new("http://wrong.example", "GRPC", "0.3")];
    let server = TestServer::start_full(given, |b| b, |s| s).await;
    let (_, card) = fetch_card(server.http().get(server.url(CARD))).await;
    assert_eq!(card["capabilities"]["streaming"], true);
    assert_eq!(card["capabilities"]["pushNotifications"], false);
    assert_eq!(card["capabilities"]["extendedAgentCard"], false);
    let interfaces = card["supportedInterfaces"].as_array().unwrap();
    let bindings: Vec<&str> = interfaces.iter().map(|i| i["protocolBinding"].as_str().unwrap()).collect();
    assert_eq!(bindings, ["JSONRPC", "HTTP+JSON", "JSONRPC", "HTTP+JSON"]);
}

#[tokio::test]
async fn the_etag_answers_conditional_requests() {
    let server = TestServer::start().await;
    let (headers, _) = fetch_card(server.http().get(server.url(CARD))).await;
    let etag = headers["etag"].to_str().unwrap().to_string();
    assert!(etag.starts_with('"') && etag.ends_with('"'), "{etag}");

    // The same card has the same tag.
    let (again, _) = fetch_card(server.http().get(server.url(CARD))).await;
    assert_eq!(again["etag"], etag.as_str());

    for matching in [etag.clone(), format!("\"other\", {etag}"), "*".to_string()] {
        let response = within("a 304", server.http().get(server.url(CARD)).header("if-none-match", &matching).send())
            .await
            .unwrap();
        assert_eq!(response.status(), 304, "If-None-Match: {matching}");
        assert_eq!(response.headers()["etag"], etag.as_str());
        assert!(within("the body", response.bytes()).await.unwrap().is_empty());
    }
    let stale = server.http().get(server.url(CARD)).header("if-none-match", "\"stale\"");
    fetch_card(stale).await;

    // A different Host is a different card, so a different tag.
    let (other, _) = fetch_card(server.http().get(server.url(CARD)).header("host", "elsewhere.test")).await;
    assert_ne!(other["etag"], etag.as_str());
}

#[tokio::test]
async fn head_gets_the_headers_and_other_methods_are_not_allowed() {
    let server = TestServer::start().await;
    let (_, card) = fetch_card(server.http().get(server.url(CARD))).await;
    let length = serde_json::to_vec(&card).unwrap().len();

    let head = within("HEAD", server.http().head(server.url(CARD)).send()).await.unwrap();
    assert_eq!(head.status(), 200);
    assert_eq!(head.headers()["content-length"], length.to_string().as_str());
    assert!(head.headers().get("etag").is_some());

    for method in [reqwest::Method::POST, reqwest::Method::PUT, reqwest::Method::DELETE] {
        let response = within("a 405", server.http().request(method.clone(), server.url(CARD)).send()).await.unwrap();
        assert_eq!(response.status(), 405, "{method}");
        assert_eq!(response.headers()["allow"], "GET");
    }
}

#[tokio::test]
async fn the_extended_card_is_unsupported_unless_configured() {
    let server = TestServer::start().await;
    let error = server.error("GetExtendedAgentCard", json!({}), -32004).await;
    assert!(error["message"].as_str().unwrap().contains("extended"), "{error}");
}

#[tokio::test]
async fn a_configured_extended_card_is_served_and_declared() {
    let mut extended = card();
    extended.name = "Test agent (extended)".to_string();
    extended.description = "Only for callers who signed in.".to_string();
    let server = TestServer::start_with(|b| b.extended_agent_card(extended)).await;

    let (_, public) = fetch_card(server.http().get(server.url(CARD))).await;
    assert_eq!(public["name"], "Test agent");
    assert_eq!(public["capabilities"]["extendedAgentCard"], true);

    // Without params, as clients usually call it, and with empty ones.
    let without =
        server.exchange(server.post(), json!({"jsonrpc": "2.0", "id": "x", "method": "GetExtendedAgentCard"})).await;
    let card = &without["result"];
    assert_eq!(card["name"], "Test agent (extended)", "{without}");
    assert_eq!(card["description"], "Only for callers who signed in.");
    assert_eq!(card["supportedInterfaces"], public["supportedInterfaces"]);
    assert_eq!(card["capabilities"]["extendedAgentCard"], true);
    assert_eq!(card["capabilities"]["streaming"], true);
    assert_eq!(&server.result("GetExtendedAgentCard", json!({})).await, card);
}

#[tokio::test]
async fn without_streaming_the_streaming_methods_are_unsupported() {
    let server = TestServer::start_with(|b| b.streaming(false)).await;
    let (_, card) = fetch_card(server.http().get(server.url(CARD))).await;
    assert_eq!(card["capabilities"]["streaming"], false);
    server.error("SendStreamingMessage", json!({"message": user("complete")}), -32004).await;
    let task = server.run("complete").await;
    server.error("SubscribeToTask", json!({"id": task["id"]}), -32004).await;
    // Only the one non-streaming message reached the agent.
    assert_eq!(server.control.contexts().len(), 1);
}

#[tokio::test]
async fn a_required_extension_must_be_declared_by_the_client() {
    const URI: &str = "https://example.com/ext/required/v1";
    let mut given = card();
    let mut extension = AgentExtension::new().with_uri(URI);
    extension.required = true;
    given.capabilities.extensions = vec![extension, AgentExtension::new().with_uri("https://example.com/ext/optional")];
    let server = TestServer::start_full(given, |b| b, |s| s).await;

    let (_, card) = fetch_card(server.http().get(server.url(CARD))).await;
    assert_eq!(card["capabilities"]["extensions"][0]["uri"], URI);
    assert_eq!(card["capabilities"]["extensions"][0]["required"], true);

    let body = json!({"jsonrpc": "2.0", "id": 1, "method": "SendMessage", "params": {"message": user("complete")}});
    let refused = server.exchange(server.post(), body.clone()).await;
    let error = crate::support::assert_error(&refused, -32008);
    assert!(error["message"].as_str().unwrap().contains(URI), "{refused}");
    assert!(server.control.contexts().is_empty());

    let declared = server.post().header("A2A-Extensions", format!("https://other.example, {URI}"));
    let accepted = server.exchange(declared, body).await;
    assert_eq!(accepted["result"]["task"]["status"]["state"], "TASK_STATE_COMPLETED", "{accepted}");
    let contexts = server.control.contexts();
    assert_eq!(contexts.len(), 1);
    assert!(contexts[0].requested_extensions().iter().any(|e| e == URI));

    // Reads need no extension.
    assert!(server.result("ListTasks", json!({})).await["tasks"].is_array());
}
