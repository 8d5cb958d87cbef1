//! How the v1.0 types behave on the wire: what they accept, what they write and how they
//! fail. The golden fixtures (`golden_v1.rs`) cover the canonical shapes; this file covers
//! the lenient input, the output rules and the errors.

use a2a_types::jsonrpc::{JsonRpcPayload, JsonRpcRequest, JsonRpcResponse};
use a2a_types::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::fmt::Debug;

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// Parses `value` as `T`, failing the test with the decode error if it does not parse.
fn parse<T: DeserializeOwned>(value: Value) -> T {
    a2a_types::from_value(value).unwrap_or_else(|e| panic!("does not parse as {}: {e}", std::any::type_name::<T>()))
}

/// Parses `value` as `T`, expecting it to be rejected, and returns the error.
fn reject<T: DeserializeOwned + Debug>(value: Value) -> DecodeError {
    match a2a_types::from_value::<T>(value.clone()) {
        Ok(v) => panic!("{value} was accepted as {}: {v:?}", std::any::type_name::<T>()),
        Err(e) => e,
    }
}

/// Like [`reject`], but through `from_slice`, the way bytes off the network are read.
fn reject_bytes<T: DeserializeOwned + Debug>(text: &str) -> DecodeError {
    match a2a_types::from_slice::<T>(text.as_bytes()) {
        Ok(v) => panic!("{text} was accepted as {}: {v:?}", std::any::type_name::<T>()),
        Err(e) => e,
    }
}

fn to_json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("serializing never fails")
}

/// Every object key in `value`, at any depth.
fn all_keys(value: &Value) -> Vec<String> {
    let mut keys = Vec::new();
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(m) => {
                keys.extend(m.keys().cloned());
                stack.extend(m.values());
            }
            Value::Array(a) => stack.extend(a),
            _ => {}
        }
    }
    keys
}

/// The keys of a JSON object, sorted.
fn keys_of(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value.as_object().expect("an object").keys().map(String::as_str).collect();
    keys.sort();
    keys
}

fn working_task() -> Value {
    json!({"id": "t-1", "contextId": "c-1", "status": {"state": "TASK_STATE_WORKING"}})
}

fn user_message() -> Value {
    json!({"messageId": "m-1", "role": "ROLE_USER", "parts": [{"text": "hello"}]})
}

/// Every TaskState value the schema lists, so tables over states cannot miss one.
fn every_task_state() -> Vec<TaskState> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../schema/a2a-v1.0.schema.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("schema file")).unwrap();
    let values = schema["$defs"]["TaskState"]["oneOf"].as_array().expect("TaskState lists its values in oneOf");
    values.iter().map(|v| parse::<TaskState>(v["const"].clone())).collect()
}

// ---------------------------------------------------------------------------------------
// Unknown fields
// ---------------------------------------------------------------------------------------

#[test]
fn unknown_fields_are_ignored_at_every_level() {
    let with_extras = json!({
        "id": "t-1",
        "contextId": "c-1",
        "futureTopLevel": {"anything": [1, 2, 3]},
        "status": {"state": "TASK_STATE_WORKING", "futureInStatus": true},
        "history": [{
            "messageId": "m-1", "role": "ROLE_USER", "futureInMessage": "x",
            "parts": [{"text": "hello", "futureInPart": 7}]
        }]
    });
    let plain = json!({
        "id": "t-1",
        "contextId": "c-1",
        "status": {"state": "TASK_STATE_WORKING"},
        "history": [user_message()]
    });
    assert_eq!(parse::<Task>(with_extras), parse::<Task>(plain));
}

#[test]
fn unknown_fields_next_to_a_oneof_member_are_ignored() {
    let event: StreamResponse = parse(json!({"task": working_task(), "futureEvent": {"x": 1}}));
    assert!(matches!(event, StreamResponse::Task(_)));
    let scheme: SecurityScheme = parse(json!({"mtlsSecurityScheme": {}, "futureScheme": {}}));
    assert!(matches!(scheme, SecurityScheme::MtlsSecurityScheme(_)));
}

#[test]
fn a_v0_3_kind_field_is_just_an_unknown_field() {
    // `kind` is gone in v1.0; a text part that still carries it parses as a text part.
    let part: Part = parse(json!({"kind": "text", "text": "hi"}));
    assert_eq!(part, Part::text("hi"));
    assert_eq!(to_json(&part), json!({"text": "hi"}));
}

// ---------------------------------------------------------------------------------------
// snake_case input, camelCase output
// ---------------------------------------------------------------------------------------

#[test]
fn snake_case_field_names_are_accepted_on_input() {
    let snake: Message = parse(json!({
        "message_id": "m-1",
        "context_id": "c-1",
        "task_id": "t-1",
        "reference_task_ids": ["t-0"],
        "role": "ROLE_USER",
        "parts": [{"text": "hello", "media_type": "text/plain"}]
    }));
    let camel: Message = parse(json!({
        "messageId": "m-1",
        "contextId": "c-1",
        "taskId": "t-1",
        "referenceTaskIds": ["t-0"],
        "role": "ROLE_USER",
        "parts": [{"text": "hello", "mediaType": "text/plain"}]
    }));
    assert_eq!(snake, camel);
}

#[test]
fn snake_case_oneof_members_are_accepted_on_input() {
    let status: StreamResponse = parse(json!({
        "status_update": {"task_id": "t-1", "context_id": "c-1", "status": {"state": "TASK_STATE_WORKING"}}
    }));
    assert!(matches!(status, StreamResponse::StatusUpdate(ref e) if e.task_id == "t-1"));

    let artifact: StreamResponse = parse(json!({
        "artifact_update": {
            "task_id": "t-1", "context_id": "c-1", "last_chunk": true,
            "artifact": {"artifact_id": "a-1", "parts": [{"text": "x"}]}
        }
    }));
    assert!(matches!(artifact, StreamResponse::ArtifactUpdate(ref e) if e.last_chunk));

    let scheme: SecurityScheme = parse(json!({"api_key_security_scheme": {"location": "header", "name": "X-Key"}}));
    assert!(matches!(scheme, SecurityScheme::ApiKeySecurityScheme(_)));

    let flows: OAuthFlows = parse(json!({"client_credentials": {"token_url": "https://t.example", "scopes": {}}}));
    assert!(matches!(flows, OAuthFlows::ClientCredentials(ref f) if f.token_url == "https://t.example"));
}

#[test]
fn output_is_always_camel_case() {
    let values = [
        to_json(&parse::<Message>(json!({
            "message_id": "m-1", "context_id": "c-1", "task_id": "t-1", "reference_task_ids": ["t-0"],
            "role": "ROLE_USER", "parts": [{"text": "hello", "media_type": "text/plain"}]
        }))),
        to_json(&parse::<StreamResponse>(json!({
            "artifact_update": {
                "task_id": "t-1", "context_id": "c-1", "last_chunk": true,
                "artifact": {"artifact_id": "a-1", "parts": [{"text": "x"}]}
            }
        }))),
        to_json(&parse::<ListTasksResponse>(json!({
            "tasks": [], "next_page_token": "", "page_size": 1, "total_size": 0
        }))),
    ];
    for value in &values {
        let snake: Vec<String> = all_keys(value).into_iter().filter(|k| k.contains('_')).collect();
        assert!(snake.is_empty(), "snake_case keys {snake:?} in {value}");
    }
    assert_eq!(keys_of(&values[0]), ["contextId", "messageId", "parts", "referenceTaskIds", "role", "taskId"]);
    assert_eq!(keys_of(&values[1]["artifactUpdate"]), ["artifact", "contextId", "lastChunk", "taskId"]);
}

// ---------------------------------------------------------------------------------------
// Timestamps
// ---------------------------------------------------------------------------------------

#[test]
fn timestamps_with_an_offset_are_written_in_utc_with_z() {
    let status: TaskStatus = parse(json!({"state": "TASK_STATE_WORKING", "timestamp": "2025-06-01T12:30:00+02:00"}));
    assert_eq!(to_json(&status)["timestamp"], "2025-06-01T10:30:00.000Z");

    let request: ListTasksRequest = parse(json!({"statusTimestampAfter": "2025-12-31T22:15:30.5-05:00"}));
    assert_eq!(to_json(&request)["statusTimestampAfter"], "2026-01-01T03:15:30.500Z");
}

#[test]
fn timestamps_are_written_with_at_least_millisecond_digits() {
    let status: TaskStatus = parse(json!({"state": "TASK_STATE_COMPLETED", "timestamp": "2024-03-15T10:15:00Z"}));
    assert_eq!(to_json(&status)["timestamp"], "2024-03-15T10:15:00.000Z");
}

#[test]
fn malformed_timestamps_are_rejected_with_their_path() {
    for bad in ["yesterday", "2025-06-01T12:30:00", "2025-06-01"] {
        let err = reject::<Task>(json!({"id": "t", "status": {"state": "TASK_STATE_WORKING", "timestamp": bad}}));
        assert_eq!(err.path(), "status.timestamp", "{bad}: {err}");
    }
}

// ---------------------------------------------------------------------------------------
// Presence: proto3 bools, optional fields, required fields
// ---------------------------------------------------------------------------------------

#[test]
fn proto3_bools_are_omitted_when_false() {
    let event = TaskArtifactUpdateEvent::new("t-1", "c-1", Artifact::new("a-1", vec![Part::text("x")]));
    assert_eq!(keys_of(&to_json(&event)), ["artifact", "contextId", "taskId"]);
    assert_eq!(to_json(&SendMessageConfiguration::new()), json!({}));
    assert_eq!(
        to_json(&AgentExtension::new().with_uri("https://ext.example/v1")),
        json!({"uri": "https://ext.example/v1"})
    );

    // An explicit `false` on input means the same as absent, and is not written back.
    let explicit: TaskArtifactUpdateEvent = parse(json!({
        "taskId": "t-1", "contextId": "c-1", "append": false, "lastChunk": false,
        "artifact": {"artifactId": "a-1", "parts": [{"text": "x"}]}
    }));
    assert_eq!(explicit, event);
    let config: SendMessageConfiguration = parse(json!({"returnImmediately": false}));
    assert_eq!(to_json(&config), json!({}));
}

#[test]
fn proto3_bools_are_written_when_true() {
    let event = TaskArtifactUpdateEvent::new("t-1", "c-1", Artifact::new("a-1", vec![Part::text("x")]))
        .with_append(true)
        .with_last_chunk(true);
    let written = to_json(&event);
    assert_eq!(written["append"], true);
    assert_eq!(written["lastChunk"], true);
    assert_eq!(
        to_json(&SendMessageConfiguration::new().with_return_immediately(true)),
        json!({"returnImmediately": true})
    );
}

#[test]
fn optional_bools_keep_an_explicit_false() {
    // `optional bool` in the proto: absent and `false` are different, so `false` is written.
    let capabilities = AgentCapabilities::new().with_streaming(false);
    assert_eq!(to_json(&capabilities), json!({"streaming": false}));
    assert_eq!(to_json(&AgentCapabilities::new()), json!({}));
    let request: ListTasksRequest = parse(json!({"includeArtifacts": false}));
    assert_eq!(to_json(&request), json!({"includeArtifacts": false}));
}

#[test]
fn required_fields_are_written_even_when_empty() {
    let last_page = ListTasksResponse::new(Vec::<Task>::new(), "", 0, 0);
    assert_eq!(to_json(&last_page), json!({"tasks": [], "nextPageToken": "", "pageSize": 0, "totalSize": 0}));

    let message = Message::new("m-1", Role::User, Vec::<Part>::new());
    assert_eq!(to_json(&message), json!({"messageId": "m-1", "role": "ROLE_USER", "parts": []}));

    let card = AgentCard::new(
        "",
        "",
        Vec::<AgentInterface>::new(),
        "",
        AgentCapabilities::new(),
        Vec::<String>::new(),
        Vec::<String>::new(),
        Vec::<AgentSkill>::new(),
    );
    assert_eq!(
        to_json(&card),
        json!({
            "name": "", "description": "", "supportedInterfaces": [], "version": "",
            "capabilities": {}, "defaultInputModes": [], "defaultOutputModes": [], "skills": []
        })
    );
}

#[test]
fn unset_optional_fields_are_omitted() {
    let task = Task::new("t-1", TaskStatus::new(TaskState::Submitted));
    assert_eq!(to_json(&task), json!({"id": "t-1", "status": {"state": "TASK_STATE_SUBMITTED"}}));

    let config = TaskPushNotificationConfig::new("https://hook.example");
    assert_eq!(to_json(&config), json!({"url": "https://hook.example"}));

    // Repeated and map fields that are not required are omitted when empty, as in ProtoJSON.
    let flow: ImplicitOAuthFlow = parse(json!({"authorizationUrl": "https://a.example", "scopes": {}}));
    assert_eq!(to_json(&flow), json!({"authorizationUrl": "https://a.example"}));
}

#[test]
fn a_null_optional_field_reads_as_absent() {
    let task: Task =
        parse(json!({"id": "t-1", "contextId": null, "status": {"state": "TASK_STATE_WORKING", "message": null}}));
    assert_eq!(task, Task::new("t-1", TaskStatus::new(TaskState::Working)));
}

// ---------------------------------------------------------------------------------------
// Rejected input
// ---------------------------------------------------------------------------------------

#[test]
fn unknown_enum_values_are_rejected_with_their_path() {
    let err = reject_bytes::<Message>(r#"{"messageId": "m-1", "role": "ROLE_BOT", "parts": []}"#);
    assert_eq!(err.path(), "role");
    assert!(err.to_string().contains("ROLE_BOT"), "{err}");

    // The invalid status of the spec's §6.5 validation example.
    let err = reject_bytes::<Task>(r#"{"id": "t", "status": {"state": "TASK_STATE_RUNNING"}}"#);
    assert_eq!(err.path(), "status.state");

    let err = reject::<SendMessageRequest>(json!({"message": {"messageId": "m", "role": "user", "parts": []}}));
    assert_eq!(err.path(), "message.role", "v0.3's lowercase `user` is not a v1.0 role");
}

#[test]
fn v0_3_lowercase_task_states_are_rejected() {
    for v0_3 in ["working", "completed", "input-required"] {
        let err = reject::<TaskStatus>(json!({"state": v0_3}));
        assert_eq!(err.path(), "state", "{v0_3}");
    }
}

#[test]
fn a_part_with_two_members_is_rejected_naming_both() {
    let err = reject::<Part>(json!({"text": "hello", "url": "https://x.example/a.txt"}));
    let msg = err.to_string();
    assert!(msg.contains("`text`") && msg.contains("`url`"), "{msg}");

    // Inside a message the error points at the part.
    let err = reject_bytes::<Message>(
        r#"{"messageId": "m", "role": "ROLE_USER", "parts": [{"text": "a"}, {"raw": "YQ==", "data": {}}]}"#,
    );
    assert_eq!(err.path(), "parts[1]");
    assert!(err.to_string().contains("`raw`") && err.to_string().contains("`data`"), "{err}");
}

#[test]
fn a_part_without_any_member_is_rejected() {
    let err = reject::<Part>(json!({"filename": "a.txt", "mediaType": "text/plain"}));
    let msg = err.to_string();
    assert!(msg.contains("found none"), "{msg}");
    for member in ["`text`", "`raw`", "`url`", "`data`"] {
        assert!(msg.contains(member), "{msg} should list {member}");
    }
}

#[test]
fn a_v0_3_file_part_is_rejected() {
    // v0.3 nested file content under `file`; in v1.0 that is an unknown field, which leaves
    // the part without content.
    let err = reject::<Part>(json!({"kind": "file", "file": {"name": "a.png", "bytes": "YQ=="}}));
    assert!(err.to_string().contains("found none"), "{err}");
}

#[test]
fn a_stream_response_with_two_members_is_rejected_naming_both() {
    let err = reject::<StreamResponse>(json!({"task": working_task(), "message": user_message()}));
    let msg = err.to_string();
    assert!(msg.contains("`task`") && msg.contains("`message`"), "{msg}");
}

#[test]
fn oneof_wrappers_without_a_member_are_rejected() {
    assert!(reject::<StreamResponse>(json!({})).to_string().contains("found none"));
    assert!(reject::<SendMessageResponse>(json!({})).to_string().contains("found none"));
    assert!(reject::<SecurityScheme>(json!({})).to_string().contains("found none"));
    assert!(reject::<OAuthFlows>(json!({})).to_string().contains("found none"));
}

#[test]
fn a_missing_required_field_is_rejected_naming_it() {
    let err = reject_bytes::<Message>(r#"{"role": "ROLE_USER", "parts": []}"#);
    assert!(err.to_string().contains("messageId"), "{err}");

    let err = reject::<Task>(json!({"id": "t-1"}));
    assert!(err.to_string().contains("`status`"), "{err}");

    let err = reject::<ListTasksResponse>(json!({"tasks": [], "pageSize": 1, "totalSize": 0}));
    assert!(err.to_string().contains("nextPageToken"), "{err}");

    // Nested: the path leads to the message that lacks the field.
    let err = reject::<Task>(
        json!({"id": "t-1", "status": {"state": "TASK_STATE_WORKING"}, "history": [{"role": "ROLE_USER", "parts": []}]}),
    );
    assert_eq!(err.path(), "history[0]");
    assert!(err.to_string().contains("messageId"), "{err}");
}

#[test]
fn a_status_update_without_context_id_is_rejected() {
    // The spec's own §6.2 stream leaves out `contextId`, which v1.0 requires.
    let err = reject::<StreamResponse>(
        json!({"statusUpdate": {"taskId": "t-1", "status": {"state": "TASK_STATE_COMPLETED"}}}),
    );
    assert!(err.to_string().contains("contextId"), "{err}");
}

// ---------------------------------------------------------------------------------------
// Bytes as base64
// ---------------------------------------------------------------------------------------

#[test]
fn raw_bytes_are_written_as_standard_padded_base64() {
    assert_eq!(to_json(&Part::raw(vec![0xfb, 0xff, 0xbf, 0x01])), json!({"raw": "+/+/AQ=="}));
    assert_eq!(to_json(&Part::raw(b"a".to_vec())), json!({"raw": "YQ=="}));
}

#[test]
fn raw_bytes_accept_url_safe_and_unpadded_base64() {
    let expected = Part::raw(vec![0xfb, 0xff, 0xbf, 0x01]);
    for input in ["+/+/AQ==", "+/+/AQ", "-_-_AQ==", "-_-_AQ"] {
        assert_eq!(parse::<Part>(json!({"raw": input})), expected, "{input}");
    }
    assert_eq!(parse::<Part>(json!({"raw": "YQ"})), Part::raw(b"a".to_vec()));
}

#[test]
fn invalid_base64_is_rejected_with_its_path() {
    let err = reject::<Message>(json!({"messageId": "m", "role": "ROLE_USER", "parts": [{"raw": "not base64!"}]}));
    assert_eq!(err.path(), "parts[0].raw");
    assert!(err.to_string().contains("base64"), "{err}");
}

// ---------------------------------------------------------------------------------------
// JSON-RPC envelope
// ---------------------------------------------------------------------------------------

#[test]
fn jsonrpc_version_must_be_2_0() {
    for bad in [json!("1.0"), json!("2"), json!(2.0), Value::Null] {
        let err = reject::<JsonRpcRequest<GetTaskRequest>>(
            json!({"jsonrpc": bad, "id": 1, "method": "GetTask", "params": {"id": "t"}}),
        );
        assert_eq!(err.path(), "jsonrpc", "{bad}");
        let err = reject::<JsonRpcResponse<Task>>(json!({"jsonrpc": bad, "id": 1, "result": working_task()}));
        assert_eq!(err.path(), "jsonrpc", "{bad}");
    }
    let err = reject::<JsonRpcRequest<GetTaskRequest>>(json!({"id": 1, "method": "GetTask", "params": {"id": "t"}}));
    assert!(err.to_string().contains("jsonrpc"), "{err}");
    let err = reject::<JsonRpcResponse<Task>>(json!({"id": 1, "result": working_task()}));
    assert!(err.to_string().contains("jsonrpc"), "{err}");
}

#[test]
fn jsonrpc_ids_may_be_strings_numbers_or_null() {
    for (id, expected) in [
        (json!("req-1"), JsonRpcId::String("req-1".into())),
        (json!(""), JsonRpcId::String(String::new())),
        (json!(42), JsonRpcId::Number(42)),
        (json!(-7), JsonRpcId::Number(-7)),
        (Value::Null, JsonRpcId::Null),
    ] {
        let request: JsonRpcRequest<GetTaskRequest> =
            parse(json!({"jsonrpc": "2.0", "id": id, "method": "GetTask", "params": {"id": "t"}}));
        assert_eq!(request.id, expected);
        assert_eq!(to_json(&request)["id"], id, "the id is echoed as it came");

        let response: JsonRpcResponse<Task> = parse(json!({"jsonrpc": "2.0", "id": id, "result": working_task()}));
        assert_eq!(response.id, expected);
    }
    reject::<JsonRpcId>(json!({"id": 1}));
    reject::<JsonRpcId>(json!([1]));
}

#[test]
fn jsonrpc_requests_need_an_id() {
    // Notifications (requests without an id) are not part of A2A.
    let err =
        reject::<JsonRpcRequest<GetTaskRequest>>(json!({"jsonrpc": "2.0", "method": "GetTask", "params": {"id": "t"}}));
    assert!(err.to_string().contains("`id`"), "{err}");
}

#[test]
fn jsonrpc_requests_without_params_leave_them_out() {
    let request: JsonRpcRequest<GetExtendedAgentCardRequest> =
        parse(json!({"jsonrpc": "2.0", "id": 6, "method": "GetExtendedAgentCard"}));
    assert_eq!(request.params, None);
    assert_eq!(keys_of(&to_json(&request)), ["id", "jsonrpc", "method"]);

    let built = JsonRpcRequest::new(3, "GetTask", GetTaskRequest::new("t-1"));
    assert_eq!(to_json(&built), json!({"jsonrpc": "2.0", "id": 3, "method": "GetTask", "params": {"id": "t-1"}}));
}

#[test]
fn jsonrpc_success_responses_have_a_result_and_no_error() {
    let response =
        JsonRpcResponse::success(JsonRpcId::from("r-1"), Task::new("t-1", TaskStatus::new(TaskState::Working)));
    let written = to_json(&response);
    assert_eq!(keys_of(&written), ["id", "jsonrpc", "result"]);
    assert_eq!(written["jsonrpc"], "2.0");

    let read: JsonRpcResponse<Task> = parse(written);
    assert!(matches!(read.payload, JsonRpcPayload::Result(_)));
    assert_eq!(read.into_result().unwrap().id, "t-1");
}

#[test]
fn jsonrpc_error_responses_have_an_error_and_no_result() {
    let error = JsonRpcError::new(ErrorCode::TaskNotFound.jsonrpc_code(), "Task not found");
    let response = JsonRpcResponse::<Task>::error(JsonRpcId::Number(2), error.clone());
    let written = to_json(&response);
    assert_eq!(keys_of(&written), ["error", "id", "jsonrpc"]);
    assert_eq!(written["error"], json!({"code": -32001, "message": "Task not found"}), "no data when there is none");

    let read: JsonRpcResponse<Task> = parse(written);
    assert_eq!(read.into_result().unwrap_err(), error);
}

#[test]
fn jsonrpc_responses_with_both_result_and_error_are_rejected() {
    let result_first = r#"{"jsonrpc": "2.0", "id": 1, "result": {"id": "t", "status": {"state": "TASK_STATE_WORKING"}}, "error": {"code": -32603, "message": "Internal error"}}"#;
    let error_first = r#"{"jsonrpc": "2.0", "id": 1, "error": {"code": -32603, "message": "Internal error"}, "result": {"id": "t", "status": {"state": "TASK_STATE_WORKING"}}}"#;
    for text in [result_first, error_first] {
        let err = reject_bytes::<JsonRpcResponse<Task>>(text);
        assert!(err.to_string().contains("found both"), "{err}");
    }
}

#[test]
fn jsonrpc_responses_with_neither_result_nor_error_are_rejected() {
    let err = reject::<JsonRpcResponse<Task>>(json!({"jsonrpc": "2.0", "id": 1}));
    assert!(err.to_string().contains("found neither"), "{err}");
}

#[test]
fn jsonrpc_error_data_that_is_null_is_kept() {
    let read: JsonRpcError = parse(json!({"code": -32000, "message": "x", "data": null}));
    assert_eq!(read.data, Some(Value::Null));
    assert_eq!(to_json(&read), json!({"code": -32000, "message": "x", "data": null}));
}

#[test]
fn errors_inside_a_jsonrpc_result_name_the_full_path() {
    let err = reject_bytes::<JsonRpcResponse<Task>>(
        r#"{"jsonrpc": "2.0", "id": 1, "result": {"id": "t", "status": {"state": "done"}}}"#,
    );
    assert_eq!(err.path(), "result.status.state");
    let err = reject_bytes::<JsonRpcRequest<SendMessageRequest>>(
        r#"{"jsonrpc": "2.0", "id": 1, "method": "SendMessage", "params": {"message": {"messageId": "m", "role": "ROLE_BOT", "parts": []}}}"#,
    );
    assert_eq!(err.path(), "params.message.role");
}

// ---------------------------------------------------------------------------------------
// Error codes
// ---------------------------------------------------------------------------------------

/// specification.md §5.4, Error Code Mappings: (error type, JSON-RPC code, gRPC status, HTTP status).
const SPEC_A2A_ERRORS: [(&str, i64, &str, u16); 9] = [
    ("TaskNotFoundError", -32001, "NOT_FOUND", 404),
    ("TaskNotCancelableError", -32002, "FAILED_PRECONDITION", 400),
    ("PushNotificationNotSupportedError", -32003, "FAILED_PRECONDITION", 400),
    ("UnsupportedOperationError", -32004, "FAILED_PRECONDITION", 400),
    ("ContentTypeNotSupportedError", -32005, "INVALID_ARGUMENT", 400),
    ("InvalidAgentResponseError", -32006, "INTERNAL", 500),
    ("ExtendedAgentCardNotConfiguredError", -32007, "FAILED_PRECONDITION", 400),
    ("ExtensionSupportRequiredError", -32008, "FAILED_PRECONDITION", 400),
    ("VersionNotSupportedError", -32009, "FAILED_PRECONDITION", 400),
];

/// specification.md §9.5, Standard JSON-RPC Error Codes: (code, error name, standard message).
const SPEC_JSONRPC_ERRORS: [(i64, &str, &str); 5] = [
    (-32700, "JSONParseError", "Invalid JSON payload"),
    (-32600, "InvalidRequestError", "Request payload validation error"),
    (-32601, "MethodNotFoundError", "Method not found"),
    (-32602, "InvalidParamsError", "Invalid parameters"),
    (-32603, "InternalError", "Internal error"),
];

/// `TaskNotFoundError` -> `TASK_NOT_FOUND`: the `ErrorInfo.reason` rule of spec §11.6.
fn reason_of(error_type: &str) -> String {
    let stem = error_type.strip_suffix("Error").expect("A2A error types end in Error");
    let mut out = String::new();
    for (i, c) in stem.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

#[test]
fn a2a_error_codes_match_the_spec_table() {
    for (error_type, code, grpc, http) in SPEC_A2A_ERRORS {
        let e = ErrorCode::from_jsonrpc(code).unwrap_or_else(|| panic!("{error_type} ({code}) is missing"));
        assert_eq!(e.jsonrpc_code(), code, "{error_type}");
        assert_eq!(e.grpc_status(), grpc, "{error_type}: gRPC status");
        assert_eq!(e.http_status(), http, "{error_type}: HTTP status");
        assert_eq!(e.reason(), reason_of(error_type), "{error_type}: ErrorInfo.reason");
        assert_eq!(ErrorCode::from_reason(&reason_of(error_type)), Some(e));
        assert!(e.is_a2a(), "{error_type}");
    }
    let a2a: Vec<i64> = ErrorCode::ALL.iter().filter(|e| e.is_a2a()).map(|e| e.jsonrpc_code()).collect();
    let spec: Vec<i64> = SPEC_A2A_ERRORS.iter().map(|row| row.1).collect();
    assert_eq!(a2a, spec, "exactly the A2A errors of the table");
}

#[test]
fn grpc_status_numbers_are_those_of_google_rpc_code() {
    for e in ErrorCode::ALL {
        let expected = match e.grpc_status() {
            "INVALID_ARGUMENT" => 3,
            "NOT_FOUND" => 5,
            "FAILED_PRECONDITION" => 9,
            "UNIMPLEMENTED" => 12,
            "INTERNAL" => 13,
            other => panic!("unexpected gRPC status {other}"),
        };
        assert_eq!(e.grpc_code(), expected, "{e}");
    }
}

#[test]
fn standard_jsonrpc_errors_match_the_spec_table() {
    for (code, name, message) in SPEC_JSONRPC_ERRORS {
        let e = ErrorCode::from_jsonrpc(code).unwrap_or_else(|| panic!("{name} ({code}) is missing"));
        assert_eq!(e.default_message(), message, "{name}");
        assert!(!e.is_a2a(), "{name} is a JSON-RPC standard error");
        assert_eq!(JsonRpcError::new(code, message).error_code(), Some(e));
    }
    assert_eq!(ErrorCode::ALL.len(), SPEC_A2A_ERRORS.len() + SPEC_JSONRPC_ERRORS.len());
}

#[test]
fn codes_outside_the_tables_are_not_mapped() {
    for code in [-32000, -32010, -32099, 0, 404] {
        assert_eq!(ErrorCode::from_jsonrpc(code), None, "{code}");
    }
    assert_eq!(JsonRpcError::new(-32050, "custom").error_code(), None);
}

#[test]
fn error_info_has_the_shape_of_the_spec_example() {
    // specification.md §9.5, "Example A2A-Specific Error Response", `data[0]`.
    let info = ErrorCode::TaskNotFound.error_info([("taskId", "t-404".to_string())]);
    assert_eq!(
        info,
        json!({
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": "TASK_NOT_FOUND",
            "domain": "a2a-protocol.org",
            "metadata": {"taskId": "t-404"}
        })
    );
    assert!(ErrorCode::Internal.error_info([]).get("metadata").is_none());
}

// ---------------------------------------------------------------------------------------
// Helpers on the generated types
// ---------------------------------------------------------------------------------------

#[test]
fn terminal_and_interrupted_states() {
    // (state, terminal, interrupted), from the TaskState docs of spec §4.1.3.
    let table = [
        (TaskState::Unspecified, false, false),
        (TaskState::Submitted, false, false),
        (TaskState::Working, false, false),
        (TaskState::Completed, true, false),
        (TaskState::Failed, true, false),
        (TaskState::Canceled, true, false),
        (TaskState::InputRequired, false, true),
        (TaskState::Rejected, true, false),
        (TaskState::AuthRequired, false, true),
    ];
    let every = every_task_state();
    assert_eq!(every.len(), table.len(), "the table covers every state of the schema");
    for state in every {
        let &(_, terminal, interrupted) =
            table.iter().find(|row| row.0 == state).unwrap_or_else(|| panic!("{state} is not in the table"));
        assert_eq!(state.is_terminal(), terminal, "{state}.is_terminal()");
        assert_eq!(state.is_interrupted(), interrupted, "{state}.is_interrupted()");
        assert_eq!(state.ends_stream(), terminal || interrupted, "{state}.ends_stream()");
    }
}

#[test]
fn message_user_text_is_a_user_message_with_one_text_part_and_a_fresh_id() {
    let a = Message::user_text("What's the swell?");
    let b = Message::user_text("What's the swell?");
    assert_eq!(a.role, Role::User);
    assert_eq!(a.parts, vec![Part::text("What's the swell?")]);
    assert_eq!(a.text(), "What's the swell?");
    assert!(!a.message_id.as_str().is_empty());
    assert_ne!(a.message_id, b.message_id);
    let written = to_json(&a);
    assert_eq!(keys_of(&written), ["messageId", "parts", "role"]);
    assert_eq!(written["parts"], json!([{"text": "What's the swell?"}]));
}

#[test]
fn part_text_is_a_bare_text_part() {
    let part = Part::text("ahoy");
    assert_eq!(to_json(&part), json!({"text": "ahoy"}));
    assert_eq!(part.as_text(), Some("ahoy"));
    assert_eq!(Part::url("https://x.example").as_text(), None);
}

#[test]
fn stream_response_is_final_after_a_message_or_a_terminal_or_interrupted_state() {
    let message = StreamResponse::Message(Message::agent_text("done"));
    assert!(message.is_final());

    for state in every_task_state() {
        let ends = state.is_terminal() || state.is_interrupted();
        let task = StreamResponse::Task(Task::new("t-1", TaskStatus::new(state)));
        assert_eq!(task.is_final(), ends, "task in {state}");
        let update = StreamResponse::StatusUpdate(TaskStatusUpdateEvent::new("t-1", "c-1", TaskStatus::new(state)));
        assert_eq!(update.is_final(), ends, "status update to {state}");
    }

    let last_chunk = StreamResponse::ArtifactUpdate(
        TaskArtifactUpdateEvent::new("t-1", "c-1", Artifact::text("x")).with_last_chunk(true),
    );
    assert!(!last_chunk.is_final(), "the last chunk of an artifact does not end the task's stream");
}
