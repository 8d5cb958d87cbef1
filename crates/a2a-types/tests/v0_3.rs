//! The v0.3 dialect: golden fixtures of its wire shapes (`fixtures/v0_3/`), its `kind` tags
//! and lowercase enums, and the conversions to and from v1.0.

use a2a_types as v1;
use a2a_types::jsonrpc::{JsonRpcRequest, JsonRpcResponse, RpcMethod};
use a2a_types::v0_3::{self, ConversionError};
use a2a_types::{ErrorCode, JsonRpcError, Timestamp};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::fmt::Debug;
use std::path::Path;

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

fn fixture(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v0_3").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name} is not JSON: {e}"))
}

fn parse<T: DeserializeOwned>(value: Value) -> T {
    a2a_types::from_value(value).unwrap_or_else(|e| panic!("does not parse as {}: {e}", std::any::type_name::<T>()))
}

fn reject<T: DeserializeOwned + Debug>(value: Value) -> String {
    match a2a_types::from_value::<T>(value.clone()) {
        Ok(v) => panic!("{value} was accepted as {}: {v:?}", std::any::type_name::<T>()),
        Err(e) => e.to_string(),
    }
}

fn to_json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("serializes")
}

/// Parses the fixture as `T`, writes it back and expects the same JSON.
fn round_trip<T: Serialize + DeserializeOwned>(name: &str) -> T {
    let original = fixture(name);
    let parsed: T = parse(original.clone());
    assert_eq!(to_json(&parsed), original, "{name} changed on its way through {}", std::any::type_name::<T>());
    parsed
}

fn user_message(text: &str) -> v1::Message {
    v1::Message::new("m-1", v1::Role::User, vec![v1::Part::text(text)]).with_context_id("ctx-1").with_task_id("t-1")
}

fn v1_task(state: v1::TaskState) -> v1::Task {
    let status = v1::TaskStatus::new(state)
        .with_message(v1::Message::new("m-2", v1::Role::Agent, vec![v1::Part::text("working on it")]))
        .with_timestamp(Timestamp::from_unix_millis(1_761_647_400_250));
    let mut metadata = v1::Struct::new();
    metadata.insert("priority".into(), json!("high"));
    v1::Task::new("t-1", status)
        .with_context_id("ctx-1")
        .with_artifacts([v1::Artifact::new("a-1", every_v1_part())
            .with_name("result")
            .with_description("the result")
            .with_extensions(["https://example.com/ext"])])
        .with_history([user_message("hello")])
        .with_metadata(metadata)
}

/// One part of every kind that v0.3 can express without loss.
fn every_v1_part() -> Vec<v1::Part> {
    let mut meta = v1::Struct::new();
    meta.insert("k".into(), json!(1));
    vec![
        v1::Part::text("plain text").with_metadata(meta),
        v1::Part::raw(b"\x00\x01binary".to_vec()).with_filename("blob.bin").with_media_type("application/octet-stream"),
        v1::Part::raw(b"no name".to_vec()),
        v1::Part::url("https://files.example.com/a.pdf").with_filename("a.pdf").with_media_type("application/pdf"),
        v1::Part::url("https://files.example.com/b"),
        v1::Part::data(json!({"answer": 42, "nested": {"list": [1, null]}})),
    ]
}

fn v1_card() -> v1::AgentCard {
    let interfaces = vec![
        v1::AgentInterface::new("https://agent.example.com/a2a", "JSONRPC", "0.3"),
        v1::AgentInterface::new("https://agent.example.com/rest", "HTTP+JSON", "0.3"),
    ];
    let capabilities = v1::AgentCapabilities::new()
        .with_streaming(true)
        .with_push_notifications(false)
        .with_extended_agent_card(true)
        .with_extensions([
            v1::AgentExtension::new().with_uri("https://example.com/ext/a").with_required(true),
            v1::AgentExtension::new().with_uri("https://example.com/ext/b").with_description("optional one"),
        ]);
    let read =
        v1::SecurityRequirement::new().with_schemes([("oauth".to_string(), v1::StringList::new().with_list(["read"]))]);
    let key_only = v1::SecurityRequirement::new().with_schemes([("key".to_string(), v1::StringList::new())]);
    let flow = v1::AuthorizationCodeOAuthFlow::new(
        "https://auth.example.com/authorize",
        "https://auth.example.com/token",
        [("read".to_string(), "Read access".to_string())].into_iter().collect::<std::collections::BTreeMap<_, _>>(),
    );
    let schemes = [
        ("key".to_string(), v1::SecurityScheme::from(v1::ApiKeySecurityScheme::new("header", "X-Key"))),
        (
            "bearer".to_string(),
            v1::SecurityScheme::from(v1::HttpAuthSecurityScheme::new("bearer").with_bearer_format("JWT")),
        ),
        (
            "oauth".to_string(),
            v1::SecurityScheme::from(
                v1::OAuth2SecurityScheme::new(v1::OAuthFlows::from(flow))
                    .with_oauth2_metadata_url("https://auth.example.com/meta"),
            ),
        ),
        (
            "oidc".to_string(),
            v1::SecurityScheme::from(v1::OpenIdConnectSecurityScheme::new("https://auth.example.com/oidc")),
        ),
        (
            "mtls".to_string(),
            v1::SecurityScheme::from(v1::MutualTlsSecurityScheme::new().with_description("client certificate")),
        ),
    ];
    let skill = v1::AgentSkill::new("plan", "Plan", "Plans things", vec!["planning".to_string()])
        .with_examples(["plan a trip"])
        .with_input_modes(["text/plain"])
        .with_output_modes(["application/json"])
        .with_security_requirements([read.clone()]);
    v1::AgentCard::new(
        "Planner",
        "Plans things",
        interfaces,
        "1.2.3",
        capabilities,
        vec!["text/plain".to_string()],
        vec!["text/plain".to_string(), "application/json".to_string()],
        vec![skill],
    )
    .with_provider(v1::AgentProvider::new("https://example.com", "Example"))
    .with_documentation_url("https://agent.example.com/docs")
    .with_icon_url("https://agent.example.com/icon.png")
    .with_security_schemes(schemes)
    .with_security_requirements([read, key_only])
}

// ---------------------------------------------------------------------------------------
// Golden fixtures
// ---------------------------------------------------------------------------------------

#[test]
fn task_fixture_round_trips() {
    let task: v0_3::Task = round_trip("task.json");
    assert_eq!(task.status.state, v0_3::TaskState::Completed);
    assert_eq!(task.history.len(), 1);
    // Through the unions too.
    let as_result: v0_3::SendMessageResult = parse(fixture("task.json"));
    assert_eq!(to_json(&as_result), fixture("task.json"));
    let as_event: v0_3::StreamEvent = parse(fixture("task.json"));
    assert_eq!(to_json(&as_event), fixture("task.json"));
}

#[test]
fn message_fixture_with_every_part_kind_round_trips() {
    let message: v0_3::Message = round_trip("message_all_parts.json");
    assert!(matches!(message.parts[0], v0_3::Part::Text(_)));
    let v0_3::Part::File(bytes) = &message.parts[1] else { panic!("second part is not a file") };
    assert!(matches!(&bytes.file, v0_3::FileContent::FileWithBytes(f) if f.bytes == b"hello world"));
    let v0_3::Part::File(uri) = &message.parts[2] else { panic!("third part is not a file") };
    assert!(matches!(&uri.file, v0_3::FileContent::FileWithUri(f) if f.uri.ends_with("report.pdf")));
    assert!(matches!(&message.parts[3], v0_3::Part::Data(d) if d.data["pages"] == json!([1, 2, 3])));
    let as_result: v0_3::SendMessageResult = parse(fixture("message_all_parts.json"));
    assert!(matches!(as_result, v0_3::SendMessageResult::Message(_)));
}

#[test]
fn file_part_fixtures_round_trip() {
    let bytes: v0_3::Part = round_trip("file_part_bytes.json");
    let v0_3::Part::File(file) = bytes else { panic!("not a file part") };
    assert!(matches!(file.file, v0_3::FileContent::FileWithBytes(ref f) if f.bytes.starts_with(b"\x89PNG")));
    let uri: v0_3::Part = round_trip("file_part_uri.json");
    let v0_3::Part::File(file) = uri else { panic!("not a file part") };
    assert!(matches!(file.file, v0_3::FileContent::FileWithUri(ref f) if f.name.is_none()));
    round_trip::<v0_3::FilePart>("file_part_bytes.json");
}

#[test]
fn final_status_update_in_a_stream_response_round_trips() {
    let response: JsonRpcResponse<<v0_3::methods::MessageStream as RpcMethod>::Result> =
        round_trip("stream_status_update_final.json");
    let event = response.into_result().expect("a success response");
    let v0_3::StreamEvent::StatusUpdate(update) = &event else { panic!("not a status update: {event:?}") };
    assert!(update.r#final);
    assert_eq!(update.status.state, v0_3::TaskState::InputRequired);
    assert!(event.is_final());
}

#[test]
fn artifact_update_fixture_round_trips() {
    let event: v0_3::StreamEvent = round_trip("stream_artifact_update.json");
    let v0_3::StreamEvent::ArtifactUpdate(update) = &event else { panic!("not an artifact update") };
    assert!(update.append && update.last_chunk);
    assert!(!event.is_final());
}

#[test]
fn push_config_and_request_fixtures_round_trip() {
    let config: v0_3::TaskPushNotificationConfig = round_trip("push_config.json");
    assert_eq!(config.push_notification_config.id.as_deref(), Some("hook-1"));
    let request: JsonRpcRequest<v0_3::MessageSendParams> = round_trip("message_send_request.json");
    assert_eq!(v0_3::Method::from_name(&request.method), Some(v0_3::Method::MessageSend));
    let config = request.params.and_then(|p| p.configuration).expect("a configuration");
    assert_eq!(config.blocking, Some(false));
}

#[test]
fn agent_card_fixture_round_trips() {
    let card: v0_3::AgentCard = round_trip("agent_card.json");
    assert_eq!(card.security_schemes.len(), 5);
    assert!(matches!(card.security_schemes["apiKey"], v0_3::SecurityScheme::ApiKey(ref s) if s.r#in == "header"));
    assert!(matches!(card.security_schemes["mtls"], v0_3::SecurityScheme::MutualTls(_)));
    assert_eq!(card.security[1]["apiKey"], Vec::<String>::new());
}

// ---------------------------------------------------------------------------------------
// Tags and enums
// ---------------------------------------------------------------------------------------

#[test]
fn tagged_objects_write_their_kind_even_on_their_own() {
    let task = v0_3::Task::new("t", "c", v0_3::TaskStatus::new(v0_3::TaskState::Working))
        .with_history([v0_3::Message::new("m", v0_3::Role::User, vec![v0_3::Part::text("hi")])]);
    let json = to_json(&task);
    assert_eq!(json["kind"], "task");
    assert_eq!(json["history"][0]["kind"], "message");
    assert_eq!(json["history"][0]["parts"][0], json!({"kind": "text", "text": "hi"}));
    // The union writes the tag once, and the same JSON.
    let text = serde_json::to_string(&v0_3::SendMessageResult::from(task.clone())).expect("serializes");
    assert_eq!(text.matches("\"kind\":\"task\"").count(), 1);
    assert_eq!(text, serde_json::to_string(&task).expect("serializes"));
    let event = v0_3::StreamEvent::from(v0_3::TaskStatusUpdateEvent::new(
        "t",
        "c",
        v0_3::TaskStatus::new(v0_3::TaskState::Completed),
        true,
    ));
    assert_eq!(to_json(&event)["kind"], "status-update");
    let scheme = v0_3::SecurityScheme::from(v0_3::MutualTlsSecurityScheme::new());
    assert_eq!(to_json(&scheme), json!({"type": "mutualTLS"}));
}

#[test]
fn unknown_or_missing_kind_is_rejected() {
    let err = reject::<v0_3::StreamEvent>(json!({"kind": "progress", "taskId": "t", "contextId": "c"}));
    assert!(err.contains("progress"), "{err}");
    reject::<v0_3::Part>(json!({"kind": "video", "uri": "x"}));
    reject::<v0_3::Part>(json!({"text": "no kind"}));
    reject::<v0_3::SendMessageResult>(json!({"kind": "status-update", "taskId": "t", "contextId": "c",
        "status": {"state": "working"}, "final": false}));
    reject::<v0_3::SecurityScheme>(json!({"type": "magic"}));
    // A tagged object read on its own may leave the tag out, but not get it wrong.
    let message = json!({"messageId": "m", "role": "user", "parts": []});
    parse::<v0_3::Message>(message.clone());
    let mut wrong = message;
    wrong["kind"] = json!("task");
    reject::<v0_3::Message>(wrong);
}

#[test]
fn file_content_needs_bytes_or_uri() {
    reject::<v0_3::Part>(json!({"kind": "file", "file": {"name": "x.txt"}}));
    reject::<v0_3::Part>(json!({"kind": "file", "file": {"bytes": "not base64!"}}));
}

#[test]
fn states_and_roles_are_lowercase() {
    let states = [
        (v0_3::TaskState::Submitted, "submitted"),
        (v0_3::TaskState::Working, "working"),
        (v0_3::TaskState::InputRequired, "input-required"),
        (v0_3::TaskState::Completed, "completed"),
        (v0_3::TaskState::Canceled, "canceled"),
        (v0_3::TaskState::Failed, "failed"),
        (v0_3::TaskState::Rejected, "rejected"),
        (v0_3::TaskState::AuthRequired, "auth-required"),
        (v0_3::TaskState::Unknown, "unknown"),
    ];
    for (state, wire) in states {
        assert_eq!(to_json(&state), json!(wire));
        assert_eq!(state.as_str(), wire);
        assert_eq!(parse::<v0_3::TaskState>(json!(wire)), state);
    }
    reject::<v0_3::TaskState>(json!("TASK_STATE_WORKING"));
    assert_eq!(to_json(&v0_3::Role::Agent), json!("agent"));
    reject::<v0_3::Role>(json!("ROLE_USER"));
}

#[test]
fn method_table_uses_slash_names() {
    use v0_3::Method;
    assert_eq!(Method::ALL.len(), 10);
    for method in Method::ALL {
        assert_eq!(Method::from_name(method.name()), Some(*method));
    }
    assert_eq!(Method::TasksPushNotificationConfigList.name(), "tasks/pushNotificationConfig/list");
    assert!(Method::MessageStream.is_streaming() && Method::TasksResubscribe.is_streaming());
    assert!(!Method::MessageSend.is_streaming());
    assert!(!Method::AgentGetAuthenticatedExtendedCard.requires_params());
    assert_eq!(Method::from_name("SendMessage"), None);
    assert_eq!(<v0_3::methods::TasksGet as RpcMethod>::NAME, "tasks/get");
    // `tasks/pushNotificationConfig/delete` answers null, `.../list` a bare array.
    assert_eq!(to_json(&()), Value::Null);
    let list: v0_3::TaskPushNotificationConfigList = parse(json!([fixture("push_config.json")]));
    assert_eq!(list.len(), 1);
}

// ---------------------------------------------------------------------------------------
// Conversions of data: v1 → v0.3 → v1
// ---------------------------------------------------------------------------------------

#[test]
fn tasks_round_trip_through_v0_3() {
    for state in [v1::TaskState::Working, v1::TaskState::Completed, v1::TaskState::InputRequired] {
        let task = v1_task(state);
        let old = v0_3::Task::try_from(task.clone()).expect("converts");
        assert_eq!(to_json(&old)["kind"], "task");
        assert_eq!(to_json(&old)["status"]["timestamp"], "2025-10-28T10:30:00.250Z");
        assert_eq!(v1::Task::from(old), task);
    }
}

#[test]
fn messages_and_parts_of_every_kind_round_trip_through_v0_3() {
    let message = user_message("hi")
        .with_metadata(v1::Struct::from_iter([("a".to_string(), json!("b"))]))
        .with_extensions(["https://example.com/ext"])
        .with_reference_task_ids(["t-0"]);
    let mut message = message;
    message.parts = every_v1_part();
    let old = v0_3::Message::try_from(message.clone()).expect("converts");
    let kinds: Vec<Value> =
        to_json(&old)["parts"].as_array().expect("parts").iter().map(|p| p["kind"].clone()).collect();
    assert_eq!(kinds, [json!("text"), json!("file"), json!("file"), json!("file"), json!("file"), json!("data")]);
    assert_eq!(
        to_json(&old)["parts"][1]["file"],
        json!({"bytes": "AAFiaW5hcnk=", "name": "blob.bin", "mimeType": "application/octet-stream"})
    );
    assert_eq!(to_json(&old)["parts"][3]["file"]["uri"], "https://files.example.com/a.pdf");
    assert_eq!(v1::Message::from(old), message);
    for part in every_v1_part() {
        assert_eq!(v1::Part::from(v0_3::Part::from(part.clone())), part);
    }
}

#[test]
fn v0_3_data_round_trips_through_v1() {
    let message: v0_3::Message = parse(fixture("message_all_parts.json"));
    assert_eq!(v0_3::Message::try_from(v1::Message::from(message.clone())).expect("converts"), message);
    let task: v0_3::Task = parse(fixture("task.json"));
    assert_eq!(v0_3::Task::try_from(v1::Task::from(task.clone())).expect("converts"), task);
}

#[test]
fn non_object_data_is_wrapped_and_stays_wrapped() {
    for value in [json!([1, 2]), json!("text"), json!(7), json!(null), json!(true)] {
        let old = v0_3::Part::from(v1::Part::data(value.clone()));
        assert_eq!(to_json(&old), json!({"kind": "data", "data": {"value": value}}));
        assert_eq!(v1::Part::from(old), v1::Part::data(json!({"value": value})));
    }
    let object = json!({"value": 1, "other": 2});
    assert_eq!(to_json(&v0_3::Part::from(v1::Part::data(object.clone())))["data"], object);
}

#[test]
fn text_and_data_parts_lose_filename_and_media_type() {
    let text = v1::Part::text("hi").with_media_type("text/markdown").with_filename("a.md");
    assert_eq!(to_json(&v0_3::Part::from(text)), json!({"kind": "text", "text": "hi"}));
    let data = v1::Part::data(json!({"a": 1})).with_media_type("application/json");
    assert_eq!(to_json(&v0_3::Part::from(data)), json!({"kind": "data", "data": {"a": 1}}));
}

#[test]
fn states_map_both_ways_with_unspecified_as_unknown() {
    let pairs = [
        (v1::TaskState::Unspecified, v0_3::TaskState::Unknown),
        (v1::TaskState::Submitted, v0_3::TaskState::Submitted),
        (v1::TaskState::Working, v0_3::TaskState::Working),
        (v1::TaskState::Completed, v0_3::TaskState::Completed),
        (v1::TaskState::Failed, v0_3::TaskState::Failed),
        (v1::TaskState::Canceled, v0_3::TaskState::Canceled),
        (v1::TaskState::InputRequired, v0_3::TaskState::InputRequired),
        (v1::TaskState::Rejected, v0_3::TaskState::Rejected),
        (v1::TaskState::AuthRequired, v0_3::TaskState::AuthRequired),
    ];
    for (new, old) in pairs {
        assert_eq!(v0_3::TaskState::from(new), old);
        assert_eq!(v1::TaskState::from(old), new);
        assert_eq!(old.ends_stream(), new.ends_stream());
    }
}

#[test]
fn final_is_set_exactly_on_terminal_and_interrupted_states() {
    let ending = [
        v1::TaskState::Completed,
        v1::TaskState::Failed,
        v1::TaskState::Canceled,
        v1::TaskState::Rejected,
        v1::TaskState::InputRequired,
        v1::TaskState::AuthRequired,
    ];
    let all = [
        v1::TaskState::Unspecified,
        v1::TaskState::Submitted,
        v1::TaskState::Working,
        v1::TaskState::Completed,
        v1::TaskState::Failed,
        v1::TaskState::Canceled,
        v1::TaskState::InputRequired,
        v1::TaskState::Rejected,
        v1::TaskState::AuthRequired,
    ];
    for state in all {
        let event = v1::TaskStatusUpdateEvent::new("t-1", "ctx-1", v1::TaskStatus::new(state));
        let old = v0_3::TaskStatusUpdateEvent::try_from(event.clone()).expect("converts");
        assert_eq!(old.r#final, ending.contains(&state), "final for {state}");
        assert_eq!(to_json(&old)["final"], json!(ending.contains(&state)));
        let via_stream = v0_3::StreamEvent::try_from(v1::StreamResponse::from(event.clone())).expect("converts");
        assert_eq!(via_stream.is_final(), ending.contains(&state));
        assert_eq!(v1::TaskStatusUpdateEvent::from(old), event);
    }
}

#[test]
fn stream_events_and_results_round_trip_through_v0_3() {
    let mut artifact_update =
        v1::TaskArtifactUpdateEvent::new("t-1", "ctx-1", v1::Artifact::new("a-1", every_v1_part()));
    artifact_update.append = true;
    artifact_update.last_chunk = true;
    let events = [
        v1::StreamResponse::from(v1_task(v1::TaskState::Submitted)),
        v1::StreamResponse::from(user_message("direct reply")),
        v1::StreamResponse::from(v1::TaskStatusUpdateEvent::new(
            "t-1",
            "ctx-1",
            v1::TaskStatus::new(v1::TaskState::Working),
        )),
        v1::StreamResponse::from(artifact_update),
    ];
    let kinds = ["task", "message", "status-update", "artifact-update"];
    for (event, kind) in events.into_iter().zip(kinds) {
        let old = v0_3::StreamEvent::try_from(event.clone()).expect("converts");
        assert_eq!(to_json(&old)["kind"], kind);
        assert_eq!(v1::StreamResponse::from(old), event);
    }
    for response in [
        v1::SendMessageResponse::from(v1_task(v1::TaskState::Completed)),
        v1::SendMessageResponse::from(user_message("hi")),
    ] {
        let old = v0_3::SendMessageResult::try_from(response.clone()).expect("converts");
        assert_eq!(v1::SendMessageResponse::from(old), response);
    }
}

#[test]
fn v0_3_timestamps_are_read_leniently() {
    let status = |ts: &str| {
        let old: v0_3::TaskStatus = parse(json!({"state": "working", "timestamp": ts}));
        v1::TaskStatus::from(old).timestamp
    };
    assert_eq!(status("2025-10-28T12:30:00+02:00"), Some(Timestamp::from_unix(1_761_647_400, 0)));
    assert_eq!(status("2025-10-28T10:30:00.123456"), Some(Timestamp::from_unix(1_761_647_400, 123_456_000)));
    assert_eq!(status("yesterday"), None);
}

// ---------------------------------------------------------------------------------------
// Conversions of requests
// ---------------------------------------------------------------------------------------

#[test]
fn blocking_is_the_inverse_of_return_immediately() {
    let params = |blocking: Option<bool>| {
        let mut config = v0_3::MessageSendConfiguration::new();
        config.blocking = blocking;
        let mut p =
            v0_3::MessageSendParams::new(v0_3::Message::new("m", v0_3::Role::User, vec![v0_3::Part::text("x")]));
        p.configuration = Some(config);
        v1::SendMessageRequest::try_from(p).expect("converts")
    };
    let immediate = |r: v1::SendMessageRequest| r.configuration.expect("configuration").return_immediately;
    assert!(!immediate(params(None)), "absent blocking means blocking");
    assert!(!immediate(params(Some(true))));
    assert!(immediate(params(Some(false))));
    for return_immediately in [false, true] {
        let config = v1::SendMessageConfiguration::new().with_return_immediately(return_immediately);
        assert_eq!(v0_3::MessageSendConfiguration::from(config).blocking, Some(!return_immediately));
    }
}

#[test]
fn message_send_request_fixture_converts_to_v1() {
    let request: JsonRpcRequest<v0_3::MessageSendParams> = parse(fixture("message_send_request.json"));
    let params = request.params.expect("params");
    let new = v1::SendMessageRequest::try_from(params.clone()).expect("converts");
    let config = new.configuration.clone().expect("configuration");
    assert!(config.return_immediately);
    assert_eq!(config.history_length, Some(5));
    assert_eq!(config.accepted_output_modes, ["text/plain", "application/json"]);
    let push = config.task_push_notification_config.expect("push config");
    assert_eq!(push.url, "https://client.example.com/a2a/webhook");
    assert_eq!(push.task_id, None);
    assert_eq!(push.authentication.map(|a| a.scheme).as_deref(), Some("Bearer"), "the first scheme is kept");
    assert_eq!(new.metadata, params.metadata);
    assert_eq!(new.message.role, v1::Role::User);
    // And back: everything but the second authentication scheme survives.
    let back = v0_3::MessageSendParams::try_from(new).expect("converts");
    assert_eq!(back.message, params.message);
    assert_eq!(back.configuration.as_ref().and_then(|c| c.blocking), Some(false));
}

#[test]
fn task_method_params_convert_both_ways() {
    let query: v0_3::TaskQueryParams = parse(json!({"id": "t-1", "historyLength": 3, "metadata": {"x": 1}}));
    let get = v1::GetTaskRequest::from(query);
    assert_eq!((get.id.as_str(), get.history_length), ("t-1", Some(3)));
    assert_eq!(to_json(&v0_3::TaskQueryParams::from(get)), json!({"id": "t-1", "historyLength": 3}));

    let ids: v0_3::TaskIdParams = parse(json!({"id": "t-2", "metadata": {"reason": "user"}}));
    let cancel = v1::CancelTaskRequest::from(ids.clone());
    assert_eq!(cancel.metadata, ids.metadata);
    assert_eq!(v0_3::TaskIdParams::from(cancel), ids);
    let subscribe = v1::SubscribeToTaskRequest::from(ids);
    assert_eq!(to_json(&v0_3::TaskIdParams::from(subscribe)), json!({"id": "t-2"}));
}

#[test]
fn push_config_params_convert_both_ways() {
    let set: v0_3::TaskPushNotificationConfig = parse(fixture("push_config.json"));
    let create = v1::TaskPushNotificationConfig::try_from(set.clone()).expect("converts");
    assert_eq!(create.task_id.as_ref().map(|t| t.as_str()), Some("task-7"));
    assert_eq!(create.id.as_deref(), Some("hook-1"));
    assert_eq!(v0_3::TaskPushNotificationConfig::try_from(create).expect("converts"), set);

    // Without an id, the configuration is stored, and found, under the task id.
    let unnamed: v0_3::TaskPushNotificationConfig =
        parse(json!({"taskId": "t-9", "pushNotificationConfig": {"url": "https://h.example.com"}}));
    let create = v1::TaskPushNotificationConfig::try_from(unnamed).expect("converts");
    assert_eq!(create.id.as_deref(), Some("t-9"));
    let get = v1::GetTaskPushNotificationConfigRequest::from(parse::<v0_3::GetTaskPushNotificationConfigParams>(
        json!({"id": "t-9"}),
    ));
    assert_eq!((get.task_id.as_str(), get.id.as_str()), ("t-9", "t-9"));
    let get = v1::GetTaskPushNotificationConfigRequest::from(parse::<v0_3::GetTaskPushNotificationConfigParams>(
        json!({"id": "t-9", "pushNotificationConfigId": "hook-2"}),
    ));
    assert_eq!(get.id, "hook-2");
    assert_eq!(
        to_json(&v0_3::GetTaskPushNotificationConfigParams::from(get)),
        json!({"id": "t-9", "pushNotificationConfigId": "hook-2"})
    );

    let delete: v0_3::DeleteTaskPushNotificationConfigParams =
        parse(json!({"id": "t-9", "pushNotificationConfigId": "hook-2"}));
    let v1_delete = v1::DeleteTaskPushNotificationConfigRequest::from(delete.clone());
    assert_eq!((v1_delete.task_id.as_str(), v1_delete.id.as_str()), ("t-9", "hook-2"));
    assert_eq!(v0_3::DeleteTaskPushNotificationConfigParams::from(v1_delete), delete);

    let list: v0_3::ListTaskPushNotificationConfigParams = parse(json!({"id": "t-9"}));
    let v1_list = v1::ListTaskPushNotificationConfigsRequest::from(list.clone());
    assert_eq!(v1_list.task_id, "t-9");
    assert_eq!(v0_3::ListTaskPushNotificationConfigParams::from(v1_list), list);

    let configs: v0_3::TaskPushNotificationConfigList = parse(json!([fixture("push_config.json")]));
    let response = v1::ListTaskPushNotificationConfigsResponse::try_from(configs.clone()).expect("converts");
    assert_eq!(response.configs.len(), 1);
    assert_eq!(v0_3::TaskPushNotificationConfigList::try_from(response).expect("converts"), configs);
}

// ---------------------------------------------------------------------------------------
// Agent cards
// ---------------------------------------------------------------------------------------

#[test]
fn v1_card_becomes_a_v0_3_card() {
    let old = v0_3::AgentCard::try_from(v1_card()).expect("converts");
    let json = to_json(&old);
    assert_eq!(json["protocolVersion"], "0.3.0");
    assert_eq!(json["url"], "https://agent.example.com/a2a");
    assert_eq!(json["preferredTransport"], "JSONRPC");
    assert_eq!(
        json["additionalInterfaces"],
        json!([
            {"url": "https://agent.example.com/a2a", "transport": "JSONRPC"},
            {"url": "https://agent.example.com/rest", "transport": "HTTP+JSON"}
        ])
    );
    assert_eq!(json["supportsAuthenticatedExtendedCard"], true);
    assert_eq!(json["capabilities"]["extensions"][0], json!({"uri": "https://example.com/ext/a", "required": true}));
    assert_eq!(json["securitySchemes"]["key"], json!({"type": "apiKey", "in": "header", "name": "X-Key"}));
    assert_eq!(
        json["securitySchemes"]["oauth"]["flows"]["authorizationCode"]["tokenUrl"],
        "https://auth.example.com/token"
    );
    assert_eq!(json["security"], json!([{"oauth": ["read"]}, {"key": []}]));
    assert_eq!(json["skills"][0]["security"], json!([{"oauth": ["read"]}]));
    parse::<v0_3::AgentCard>(json);
}

#[test]
fn cards_round_trip_through_v0_3() {
    let card = v1_card();
    let back = v1::AgentCard::from(v0_3::AgentCard::try_from(card.clone()).expect("converts"));
    assert_eq!(back, card);
}

#[test]
fn v0_3_card_fixture_becomes_a_v1_card() {
    let old: v0_3::AgentCard = parse(fixture("agent_card.json"));
    let card = v1::AgentCard::from(old.clone());
    let interfaces: Vec<(&str, &str, &str)> = card
        .supported_interfaces
        .iter()
        .map(|i| (i.url.as_str(), i.protocol_binding.as_str(), i.protocol_version.as_str()))
        .collect();
    assert_eq!(
        interfaces,
        [
            ("https://agent.example.com/a2a/jsonrpc", "JSONRPC", "0.3"),
            ("https://agent.example.com/a2a/rest", "HTTP+JSON", "0.3"),
            ("https://grpc.agent.example.com", "GRPC", "0.3"),
        ]
    );
    assert_eq!(card.capabilities.extended_agent_card, Some(true));
    assert_eq!(card.capabilities.extensions.len(), 2);
    assert!(card.capabilities.extensions[0].required);
    assert_eq!(card.security_schemes.len(), 5);
    assert!(card.signatures.is_empty(), "signatures over the v0.3 document are not carried over");
    assert_eq!(to_json(&card.security_requirements[0]), json!({"schemes": {"oauth": {"list": ["trips:read"]}}}));
    // Back to v0.3: the same card, except for the documented losses.
    let mut expected = to_json(&old);
    let object = expected.as_object_mut().expect("an object");
    object.remove("signatures");
    object["capabilities"].as_object_mut().expect("an object").remove("stateTransitionHistory");
    assert_eq!(to_json(&v0_3::AgentCard::try_from(card).expect("converts")), expected);
}

#[test]
fn v0_3_card_defaults_and_dropped_schemes() {
    let old: v0_3::AgentCard = parse(json!({
        "protocolVersion": "0.3.0", "name": "n", "description": "d", "url": "https://a.example.com",
        "version": "1", "capabilities": {}, "defaultInputModes": [], "defaultOutputModes": [], "skills": [],
        "securitySchemes": {"empty": {"type": "oauth2", "flows": {}}}
    }));
    let card = v1::AgentCard::from(old);
    assert_eq!(card.supported_interfaces.len(), 1);
    assert_eq!(card.supported_interfaces[0].protocol_binding, "JSONRPC", "JSONRPC is the v0.3 default");
    assert!(card.security_schemes.is_empty(), "an OAuth 2.0 scheme without flows has no v1.0 form");
}

// ---------------------------------------------------------------------------------------
// What cannot convert
// ---------------------------------------------------------------------------------------

#[test]
fn values_v0_3_cannot_express_are_errors() {
    let nameless = v1::Message::new("m-9", v1::Role::Unspecified, vec![]);
    assert_eq!(v0_3::Message::try_from(nameless), Err(ConversionError::UnspecifiedRole("m-9".into())));
    let mut task = v1_task(v1::TaskState::Working);
    task.context_id = None;
    assert_eq!(v0_3::Task::try_from(task), Err(ConversionError::MissingContextId("t-1".into())));
    let config = v1::TaskPushNotificationConfig::new("https://h.example.com");
    assert_eq!(v0_3::TaskPushNotificationConfig::try_from(config), Err(ConversionError::MissingTaskId));
    let mut card = v1_card();
    card.supported_interfaces.clear();
    assert_eq!(v0_3::AgentCard::try_from(card), Err(ConversionError::NoInterface));
    let mut card = v1_card();
    card.capabilities.extensions.push(v1::AgentExtension::new());
    assert_eq!(v0_3::AgentCard::try_from(card), Err(ConversionError::ExtensionWithoutUri));
    let unauthenticated: v0_3::TaskPushNotificationConfig = parse(json!({"taskId": "t",
        "pushNotificationConfig": {"url": "https://h.example.com", "authentication": {"schemes": []}}}));
    assert_eq!(v1::TaskPushNotificationConfig::try_from(unauthenticated), Err(ConversionError::NoAuthenticationScheme));
}

#[test]
fn v1_only_error_codes_become_invalid_request() {
    for code in ErrorCode::ALL {
        let expected = match code {
            ErrorCode::ExtensionSupportRequired | ErrorCode::VersionNotSupported => -32600,
            other => other.jsonrpc_code(),
        };
        assert_eq!(v0_3::error_code_for_v0_3(code), expected, "{code}");
    }
    assert_eq!(v0_3::error_code_for_v0_3(ErrorCode::ExtendedAgentCardNotConfigured), -32007);
    let data = json!([ErrorCode::VersionNotSupported.error_info([])]);
    let error = JsonRpcError::new(-32009, "unsupported version").with_data(data.clone());
    let mapped = v0_3::jsonrpc_error_for_v0_3(error);
    assert_eq!((mapped.code, mapped.message.as_str(), mapped.data), (-32600, "unsupported version", Some(data)));
    assert_eq!(v0_3::jsonrpc_error_for_v0_3(JsonRpcError::new(-32050, "custom")).code, -32050);
}
