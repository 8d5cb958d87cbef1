//! The validator against the real schema files and small hand-made ones.

use super::Schema;
use super::validate::{base64, rfc3339};
use serde_json::{Value, json};

fn load(name: &str) -> Schema {
    Schema::load(&crate::project_root().join("schema").join(name)).expect("the schema compiles")
}

fn v1() -> Schema {
    load("a2a-v1.0.schema.json")
}

fn errors(schema: &Schema, def: &str, value: Value) -> Vec<String> {
    schema.validate(def, &value).errors
}

fn compile(defs: Value) -> Result<Schema, String> {
    Schema::compile("test", &json!({ "$defs": defs }))
}

#[test]
fn both_schema_files_compile_and_describe_their_methods() {
    let v1 = v1();
    let send = v1.method("SendMessage").unwrap();
    assert_eq!(
        (send.response.as_str(), send.result.as_str(), send.sse),
        ("SendMessageJsonRpcResponse", "SendMessageResponse", false)
    );
    assert!(v1.method("SubscribeToTask").unwrap().sse);
    let v03 = load("a2a-v0.3.schema.json");
    assert_eq!(v03.method("tasks/get").unwrap().result, "Task");
    assert!(v03.method("message/stream").unwrap().sse);
}

#[test]
fn unknown_keywords_are_refused_not_ignored() {
    let e = compile(json!({"A": {"type": "object", "patternProperties": {}}})).unwrap_err();
    assert!(e.contains("unsupported keyword `patternProperties`") && e.contains("#/$defs/A"), "{e}");
    let e = compile(json!({"A": {"properties": {"x": {"minLength": 1}}}})).unwrap_err();
    assert!(e.contains("#/$defs/A/properties/x") && e.contains("minLength"), "{e}");
    assert!(compile(json!({"A": {"type": "string", "format": "email"}})).unwrap_err().contains("unsupported format"));
    assert!(
        compile(json!({"A": {"$ref": "other.json#/x"}})).unwrap_err().contains("unsupported or unresolved reference")
    );
    assert!(compile(json!({"A": {"$ref": "#/$defs/B"}})).unwrap_err().contains("unresolved"));
    assert!(
        Schema::compile("t", &json!({"$defs": {}, "allOf": []})).unwrap_err().contains("top-level keyword `allOf`")
    );
}

#[test]
fn a_valid_task_passes_and_reports_its_timestamps() {
    let task = json!({
        "id": "t-1", "contextId": "c-1",
        "status": {"state": "TASK_STATE_COMPLETED", "timestamp": "2025-01-02T03:04:05.678Z"},
        "artifacts": [{"artifactId": "a", "parts": [{"raw": "dGNr", "filename": "x", "mediaType": "text/plain"}]}],
        "history": [{"messageId": "m", "role": "ROLE_USER", "parts": [{"text": "hi"}], "metadata": {"any": ["thing"]}}]
    });
    let v = v1().validate("Task", &task);
    assert!(v.is_valid(), "{:?}", v.errors);
    assert_eq!(v.timestamps, [("$.status.timestamp".to_string(), "2025-01-02T03:04:05.678Z".to_string())]);
    assert!(v.unknown_fields.is_empty());
}

#[test]
fn errors_name_the_path_and_what_was_expected() {
    let s = v1();
    assert_eq!(
        errors(&s, "Task", json!({"status": {"state": "TASK_STATE_WORKING"}})),
        ["at $: missing required field \"id\""]
    );
    let e = errors(&s, "Task", json!({"id": "t", "status": {"state": "completed"}}));
    assert_eq!(e.len(), 1);
    assert!(e[0].starts_with("at $.status.state: \"completed\" is not one of \"TASK_STATE_UNSPECIFIED\""), "{e:?}");
    assert!(e[0].ends_with("(TaskState)"), "{e:?}");
    let e = errors(&s, "Task", json!({"id": 7, "status": {"state": "TASK_STATE_WORKING"}}));
    assert_eq!(e, ["at $.id: expected string (TaskId), got 7"]);
    let e = errors(&s, "Message", json!({"messageId": "m", "role": "ROLE_USER", "parts": {"text": "x"}}));
    assert_eq!(e, ["at $.parts: expected array, got an object"]);
}

#[test]
fn oneofs_say_which_members_were_found() {
    let s = v1();
    let e = errors(&s, "Part", json!({"text": "a", "raw": "dGNr"}));
    assert_eq!(e, ["at $: exactly one of text, raw, url, data must be set (Part); found text and raw"]);
    let e = errors(&s, "StreamResponse", json!({}));
    assert_eq!(
        e,
        ["at $: exactly one of task, message, statusUpdate, artifactUpdate must be set (StreamResponse); found none"]
    );
}

#[test]
fn formats_and_encodings_are_checked() {
    let s = v1();
    let e = errors(
        &s,
        "ListTasksResponse",
        json!({"tasks": [], "nextPageToken": "", "pageSize": 3_000_000_000u64, "totalSize": 0}),
    );
    assert_eq!(e, ["at $.pageSize: 3000000000 is not a 32-bit integer"]);
    let e = errors(&s, "TaskStatus", json!({"state": "TASK_STATE_WORKING", "timestamp": "yesterday"}));
    assert_eq!(e, ["at $.timestamp: \"yesterday\" is not an RFC 3339 date-time"]);
    let e = errors(&s, "Part", json!({"raw": "not base64!"}));
    assert_eq!(e, ["at $.raw: \"not base64!\" is not base64"]);
    assert!(rfc3339("2025-10-28T10:30:00Z") && rfc3339("2025-10-28T10:30:00.123456+02:00"));
    assert!(!rfc3339("2025-10-28 10:30:00Z") && !rfc3339("2025-13-28T10:30:00Z") && !rfc3339("2025-10-28T10:30:00"));
    assert!(base64("dGNr") && base64("dGM=") && base64("-_8") && !base64("dGM=x") && !base64("a"));
}

#[test]
fn unknown_members_of_described_objects_are_reported_not_failed() {
    let v = v1().validate("TaskStatus", &json!({"state": "TASK_STATE_WORKING", "task_state": 1}));
    assert!(v.is_valid());
    assert_eq!(v.unknown_fields, ["$.task_state"]);
}

#[test]
fn tagged_unions_report_the_errors_of_the_tagged_branch() {
    let s = load("a2a-v0.3.schema.json");
    assert_eq!(errors(&s, "Part", json!({"kind": "file"})), ["at $: missing required field \"file\""]);
    let e = errors(&s, "Part", json!({"kind": "video"}));
    assert_eq!(e, ["at $: \"kind\" must be one of text, file, data (Part), got \"video\""]);
    assert!(errors(&s, "StreamEvent", json!({"kind": "status-update", "taskId": "t", "contextId": "c", "final": true, "status": {"state": "working"}})).is_empty());
}

#[test]
fn closed_objects_refuse_unknown_members() {
    let s = compile(
        json!({"A": {"type": "object", "properties": {"x": {"type": "string"}}, "additionalProperties": false}}),
    )
    .unwrap();
    assert_eq!(
        errors(&s, "A", json!({"x": "1", "y": 2})),
        ["at $: unknown member \"y\" (this object admits no others)"]
    );
    assert!(errors(&s, "A", json!({"x": "1"})).is_empty());
}

#[test]
fn the_v03_rest_schema_describes_the_v03_proto_json() {
    let schemas = crate::conformance::cx::Schemas::load(&crate::project_root()).unwrap();
    let rest = &schemas.v0_3_rest;
    let task = json!({"id": "t", "contextId": "c", "status": {"state": "TASK_STATE_CANCELLED"},
        "history": [{"messageId": "m", "role": "ROLE_USER", "content": [{"text": "hi"},
            {"file": {"fileWithBytes": "dGNr", "mimeType": "text/plain"}}, {"data": {"data": {"k": 1}}}]}]});
    assert!(rest.validate("Task", &task).is_valid(), "{:?}", rest.validate("Task", &task).errors);
    let v1_style = json!({"id": "t", "status": {"state": "TASK_STATE_CANCELED"},
        "history": [{"messageId": "m", "role": "ROLE_USER", "parts": [{"text": "hi"}]}]});
    let e = errors(rest, "Task", v1_style);
    assert!(e.iter().any(|m| m.starts_with("at $.status.state: \"TASK_STATE_CANCELED\" is not one of")), "{e:?}");
    assert!(e.iter().any(|m| m == "at $.history[0]: unknown member \"parts\" (this object admits no others)"), "{e:?}");
}
