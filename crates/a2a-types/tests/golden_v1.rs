//! Golden fixtures for protocol v1.0: one JSON file per example of the v1.0 specification.
//!
//! Every file in `tests/fixtures/v1/` mirrors an example of
//! `specification.md` (sections 4.6, 5.8, 6.x, 8.4, 8.5, 9.x, 11.x, appendix A.2.1) or of
//! `topics/*.md`, with the same structure and field names but our own values. Each must
//! parse into the type the index below names, serialize back to exactly the same JSON
//! (compared as `serde_json::Value`, so key order and whitespace do not matter), and parse
//! again into an equal value.
//!
//! Fixtures are written in canonical output form: timestamps in UTC with `Z` and at least
//! millisecond digits (spec §5.6.1 `YYYY-MM-DDTHH:mm:ss.sssZ`), base64 in the standard
//! padded alphabet, proto3 `bool`s left out when `false`. Non-canonical input (offsets,
//! snake_case names, URL-safe base64) is covered by `tests/wire.rs`.
//!
//! Where a spec example is not valid v1.0 as written, the fixture has the valid v1.0 shape
//! and the index says what was changed.

use a2a_types::jsonrpc::{JsonRpcRequest, JsonRpcResponse};
use a2a_types::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::fmt::Debug;
use std::path::PathBuf;

fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v1")
}

/// Parses the fixture as `T`, writes it back and checks that nothing was lost or added.
fn round_trip<T: DeserializeOwned + Serialize + PartialEq + Debug>(name: &str) {
    let path = fixture_dir().join(format!("{name}.json"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    let original: Value = serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{name}.json is not JSON: {e}"));

    let parsed: T = a2a_types::from_slice(&bytes)
        .unwrap_or_else(|e| panic!("{name}.json does not parse as {}: {e}", std::any::type_name::<T>()));
    let written = serde_json::to_value(&parsed).expect("serializing never fails");
    assert_eq!(
        written,
        original,
        "{name}.json changed in the round trip\n--- written ---\n{}\n--- fixture ---\n{}",
        serde_json::to_string_pretty(&written).unwrap(),
        serde_json::to_string_pretty(&original).unwrap(),
    );

    let reparsed: T = a2a_types::from_value(written).expect("our own output parses");
    assert_eq!(reparsed, parsed, "{name}.json: parsing our output gives a different value");
}

/// Declares the fixture index: one `#[test]` per fixture (named after its file) and
/// `INDEX`, the table of `(file stem, type, spec section)`.
macro_rules! golden {
    ($($name:ident: $ty:ty => $section:literal;)*) => {
        const INDEX: &[(&str, &str, &str)] = &[$((stringify!($name), stringify!($ty), $section)),*];
        $(
            #[test]
            fn $name() {
                round_trip::<$ty>(stringify!($name));
            }
        )*
    };
}

golden! {
    // §6.1 Basic Task Execution.
    basic_send_message_request: SendMessageRequest => "§6.1 request";
    basic_send_message_response: SendMessageResponse => "§6.1 response";

    // §6.2 Streaming Task Execution, one SSE `data:` payload per file. The spec's events
    // leave out `contextId` of the update events and `artifactId` of the artifact, both
    // REQUIRED in v1.0; the fixtures have them.
    stream_01_task_working: StreamResponse => "§6.2 SSE event 1 (task)";
    stream_02_artifact_first_chunk: StreamResponse => "§6.2 SSE event 2 (artifactUpdate; contextId, artifactId added)";
    stream_03_artifact_last_chunk: StreamResponse => "§6.2 SSE artifactUpdate with append/lastChunk (ours, §4.2.2)";
    stream_04_status_completed: StreamResponse => "§6.2 SSE event 3 (statusUpdate; contextId added)";
    stream_message: StreamResponse => "§4.3.3 / §3.2.3 `message` member of StreamResponse";

    // §6.3 Multi-Turn Interaction. The agent's status message has no `messageId` in the
    // spec; it is REQUIRED, so the fixture has one.
    multi_turn_input_required_response: SendMessageResponse => "§6.3 response (messageId added)";
    multi_turn_follow_up_request: SendMessageRequest => "§6.3 follow-up request";

    // §6.5 Task Listing. The spec writes `2024-03-15T10:15:00Z`; the fixtures use the
    // canonical millisecond form of §5.6.1. The pagination response has `/* ... */` in
    // place of tasks; the fixture has two real tasks.
    list_tasks_by_context_response: ListTasksResponse => "§6.5 tasks of one context";
    list_tasks_working_response: ListTasksResponse => "§6.5 working tasks";
    list_tasks_page_response: ListTasksResponse => "§6.5 pagination (placeholder replaced)";
    list_tasks_empty_response: ListTasksResponse => "§6.5 a filter nothing matches (ours; REQUIRED empty list written)";

    // §6.6 Push Notification Setup and Usage.
    push_send_message_request: SendMessageRequest => "§6.6 request with taskPushNotificationConfig";
    push_task_submitted_response: SendMessageResponse => "§6.6 response (submitted)";
    push_webhook_status_update: StreamResponse => "§6.6 webhook body";

    // §6.7 File Exchange. The spec's upload part is not JSON (a missing comma after `raw`,
    // a trailing comma after `mediaType`, `...` inside the base64); the fixture is valid
    // JSON with real base64.
    file_upload_request: SendMessageRequest => "§6.7 upload (syntax and base64 fixed)";
    file_url_response: SendMessageResponse => "§6.7 response with a url part";

    // §6.8 Structured Data Exchange.
    structured_data_request: SendMessageRequest => "§6.8 request (part metadata)";
    structured_data_response: SendMessageResponse => "§6.8 response (microsecond timestamp)";

    // §6.9 Extended Agent Card. Both spec examples are fragments (the second with a
    // `/* */` comment for skills); the fixtures are complete cards with every REQUIRED field.
    extended_card_public: AgentCard => "§6.9 step 1 public card (completed)";
    extended_card_authenticated: AgentCard => "§6.9 step 3 extended card (completed)";

    // §8.5 Sample Agent Card. The spec writes `"security": [{"google": [...]}]`, the v0.3
    // shape; v1.0 has `securityRequirements: [{"schemes": {"x": {"list": [...]}}}]`.
    sample_agent_card: AgentCard => "§8.5 (security -> securityRequirements)";

    // §4.6 Extensions. The card example has a trailing comma; the message examples have no
    // `messageId`. Both fixed.
    extension_agent_card: AgentCard => "§4.6.1 card declaring extensions";
    extension_send_message_request: SendMessageRequest => "§4.6.1 request opting into an extension (messageId added)";
    extension_message: Message => "§4.6.2 message extension (messageId added)";
    extension_artifact: Artifact => "§4.6.2 artifact extension";

    // §8.4 Agent Card Signing. The canonicalization example is a fragment; the fixture is
    // a full card keeping the explicitly set `false` optionals and the empty REQUIRED lists.
    canonical_agent_card: AgentCard => "§8.4.1 canonicalization input (completed)";
    agent_card_signature: AgentCardSignature => "§8.4.2 signature (plus unprotected header)";

    // §5.8 / §12.7 custom bindings (§12.7 omits the REQUIRED protocolVersion) and
    // topics/multi-tenancy.md.
    custom_binding_interface: AgentInterface => "§5.8 / §12.7 custom binding URI";
    multi_tenant_interface: AgentInterface => "topics/multi-tenancy.md interface with tenant";

    // Appendix A.2.1: the v1.0 Part shapes (the legacy `kind` shapes are not v1.0). The
    // spec's `"raw": "iVBORw0KGgo..."` is a placeholder; the fixture has real base64.
    part_text: Part => "A.2.1 TextPart";
    part_raw: Part => "A.2.1 FilePart with raw bytes";
    part_url: Part => "A.2.1 FilePart with url";
    part_data: Part => "A.2.1 DataPart";

    // No example in the spec: full coverage of the data model.
    security_schemes_agent_card: AgentCard => "§4.5 every SecurityScheme and OAuthFlows member (ours)";
    task_full: Task => "§4.1 every Task/Message/Artifact field, all Part kinds, nanosecond timestamp (ours)";
    send_message_configuration_full: SendMessageConfiguration => "§3.2.2 every field (ours)";

    // §11 HTTP+JSON bodies.
    rest_send_message_request: SendMessageRequest => "§11.4 request";
    rest_send_message_response: SendMessageResponse => "§11.4 response";
    rest_push_config: TaskPushNotificationConfig => "§11.3.3 / §4.3.1 push config body (ours)";

    // §9 JSON-RPC. The spec's params and results are `/* */` comments (§9.4.1's response is
    // also missing its closing brace); the fixtures fill them in.
    jsonrpc_send_message_request: JsonRpcRequest<SendMessageRequest> => "§9.4.1 request (params filled in)";
    jsonrpc_send_message_response: JsonRpcResponse<SendMessageResponse> => "§9.4.1 response (result filled in)";
    jsonrpc_streaming_event: JsonRpcResponse<StreamResponse> => "§9.4.2 SSE event";
    jsonrpc_get_task_request: JsonRpcRequest<GetTaskRequest> => "§9.4.3 request";
    jsonrpc_get_task_response: JsonRpcResponse<Task> => "§9.4.3 response (ours)";
    jsonrpc_list_tasks_request: JsonRpcRequest<ListTasksRequest> => "§9.4.4 request (string id, every filter)";
    jsonrpc_cancel_task_request: JsonRpcRequest<CancelTaskRequest> => "§9.4.5 request";
    jsonrpc_subscribe_to_task_request: JsonRpcRequest<SubscribeToTaskRequest> => "§9.4.6 request";
    jsonrpc_create_push_config_request: JsonRpcRequest<TaskPushNotificationConfig> => "§9.4.7 create (ours)";
    jsonrpc_get_push_config_request: JsonRpcRequest<GetTaskPushNotificationConfigRequest> => "§9.4.7 get (ours)";
    jsonrpc_list_push_configs_request: JsonRpcRequest<ListTaskPushNotificationConfigsRequest> => "§9.4.7 list (ours)";
    jsonrpc_list_push_configs_response: JsonRpcResponse<ListTaskPushNotificationConfigsResponse> => "§9.4.7 list result (ours)";
    jsonrpc_delete_push_config_request: JsonRpcRequest<DeleteTaskPushNotificationConfigRequest> => "§9.4.7 delete (ours)";
    jsonrpc_delete_push_config_response: JsonRpcResponse<Empty> => "§9.4.7 delete result, google.protobuf.Empty (ours)";
    jsonrpc_get_extended_agent_card_request: JsonRpcRequest<GetExtendedAgentCardRequest> => "§9.4.8 request without params";
    jsonrpc_error_invalid_params: JsonRpcResponse<SendMessageResponse> => "§9.5 error response structure";
    jsonrpc_error_task_not_found: JsonRpcResponse<Task> => "§9.5 A2A-specific error response";
    jsonrpc_error_parse_null_id: JsonRpcResponse<SendMessageResponse> => "§9.5 -32700 with a null id (ours)";
    // §6.4 shows this error as application/problem+json, which is not an A2A type;
    // the fixture is the JSON-RPC form of the same error (§5.4, §9.5).
    jsonrpc_error_object: JsonRpcError => "§6.4 / §5.4 VersionNotSupportedError as a JSON-RPC error object";

    // topics/extensions.md. Its card has a top-level `url` (v0.3); the fixture uses
    // `supportedInterfaces` and adds the REQUIRED fields.
    topic_extensions_request: JsonRpcRequest<SendMessageRequest> => "topics/extensions.md request";
    topic_extensions_response: JsonRpcResponse<SendMessageResponse> => "topics/extensions.md response";
    topic_extensions_agent_card: AgentCard => "topics/extensions.md card (url -> supportedInterfaces)";
}

#[test]
fn every_fixture_file_is_in_the_index_and_every_index_entry_has_a_file() {
    let mut on_disk: Vec<String> = std::fs::read_dir(fixture_dir())
        .expect("the fixture folder exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut indexed: Vec<String> = INDEX.iter().map(|(name, _, _)| name.to_string()).collect();
    indexed.sort();
    assert_eq!(on_disk, indexed);
}

#[test]
fn fixtures_cover_every_major_type() {
    // `stringify!` may space out generics; compare without spaces.
    let types: Vec<String> = INDEX.iter().map(|(_, ty, _)| ty.replace(' ', "")).collect();
    for wanted in [
        "Task",
        "Message",
        "Artifact",
        "Part",
        "AgentCard",
        "AgentInterface",
        "AgentCardSignature",
        "SendMessageRequest",
        "SendMessageConfiguration",
        "SendMessageResponse",
        "StreamResponse",
        "ListTasksResponse",
        "TaskPushNotificationConfig",
        "JsonRpcError",
        "JsonRpcRequest<SendMessageRequest>",
        "JsonRpcResponse<Task>",
        "JsonRpcResponse<Empty>",
    ] {
        assert!(types.iter().any(|t| t == wanted), "no fixture parses as {wanted}");
    }
}

/// Every JSON object in a fixture, recursively.
fn objects(v: &Value, out: &mut Vec<serde_json::Map<String, Value>>) {
    match v {
        Value::Object(m) => {
            out.push(m.clone());
            m.values().for_each(|v| objects(v, out));
        }
        Value::Array(a) => a.iter().for_each(|v| objects(v, out)),
        _ => {}
    }
}

fn all_fixture_objects() -> Vec<serde_json::Map<String, Value>> {
    let mut out = Vec::new();
    for (name, _, _) in INDEX {
        let bytes = std::fs::read(fixture_dir().join(format!("{name}.json"))).unwrap();
        objects(&serde_json::from_slice(&bytes).unwrap(), &mut out);
    }
    out
}

#[test]
fn fixtures_cover_every_part_kind_stream_member_security_scheme_and_flow() {
    let objects = all_fixture_objects();
    let has_key = |key: &str| objects.iter().any(|o| o.contains_key(key));
    for key in [
        // Part members
        "text",
        "raw",
        "url",
        "data",
        // StreamResponse members (plus `task` and `message`)
        "statusUpdate",
        "artifactUpdate",
        // SecurityScheme members
        "apiKeySecurityScheme",
        "httpAuthSecurityScheme",
        "oauth2SecurityScheme",
        "openIdConnectSecurityScheme",
        "mtlsSecurityScheme",
        // OAuthFlows members
        "authorizationCode",
        "clientCredentials",
        "implicit",
        "password",
        "deviceCode",
        // timestamps
        "timestamp",
        "statusTimestampAfter",
    ] {
        assert!(has_key(key), "no fixture has a `{key}` member");
    }
}
