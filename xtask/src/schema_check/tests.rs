//! End-to-end tests of the comparison: a tiny proto and a tiny schema that agree, then
//! the same schema broken in one way at a time, checking the exact report lines.

use serde_json::{Value, json};

use super::{compare, parser};

const PROTO: &str = r#"
syntax = "proto3";
package demo.v1;
import "google/protobuf/timestamp.proto";

service Demo {
  rpc GetThing(GetThingRequest) returns (Thing) {
    option (google.api.http) = { get: "/things/{id}" };
  }
  rpc WatchThing(GetThingRequest) returns (stream Thing);
}

// A thing.
message Thing {
  string id = 1 [(google.api.field_behavior) = REQUIRED];
  Color color = 2;
  repeated string tags = 3;
  map<string, int32> counts = 4;
  bool done = 5;
  optional int64 size = 6;
  google.protobuf.Timestamp created_at = 7;
  oneof body {
    string text = 8;
    bytes raw = 9 [deprecated = true];
  }
}

enum Color { COLOR_UNSPECIFIED = 0; COLOR_RED = 1; }

message GetThingRequest { string thing_id = 1 [(google.api.field_behavior) = REQUIRED]; }
"#;

fn request(method: &str) -> Value {
    json!({"type": "object", "x-jsonrpc-method": method,
        "properties": {"method": {"const": method}, "params": {"$ref": "#/$defs/GetThingRequest"}},
        "required": ["method", "params"]})
}

fn response(method: &str) -> Value {
    json!({"type": "object", "x-jsonrpc-result-of": method,
        "properties": {"result": {"$ref": "#/$defs/Thing", "description": "The thing."}},
        "required": ["result"]})
}

fn schema() -> Value {
    let mut watch_response = response("WatchThing");
    watch_response["x-sse"] = json!(true);
    json!({"$defs": {
        "Thing": {"type": "object", "description": "A thing.", "properties": {
            "id": {"$ref": "#/$defs/TaskId", "description": "Its id."},
            "color": {"$ref": "#/$defs/Color"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "counts": {"type": "object", "additionalProperties": {"type": "integer", "format": "int32"}},
            "done": {"type": "boolean", "default": false},
            "size": {"type": "integer", "format": "int64"},
            "createdAt": {"$ref": "#/$defs/Timestamp"},
            "text": {"type": "string"},
            "raw": {"type": "string", "contentEncoding": "base64", "deprecated": true}},
          "required": ["id"],
          "x-oneof": "body",
          "oneOf": [{"required": ["text"]}, {"required": ["raw"]}]},
        "Color": {"type": "string", "oneOf": [{"const": "COLOR_UNSPECIFIED"}, {"const": "COLOR_RED"}]},
        "GetThingRequest": {"type": "object", "properties": {"thingId": {"type": "string"}},
          "required": ["thingId"]},
        "TaskId": {"type": "string"},
        "Timestamp": {"type": "string", "format": "date-time"},
        "GetThingJsonRpcRequest": request("GetThing"),
        "GetThingJsonRpcResponse": response("GetThing"),
        "WatchThingJsonRpcRequest": request("WatchThing"),
        "WatchThingJsonRpcResponse": watch_response,
    }})
}

/// The report for the tiny schema after `edit`.
fn diffs_after(edit: impl FnOnce(&mut Value)) -> Vec<String> {
    let proto = parser::parse(PROTO).expect("test proto parses");
    let mut schema = schema();
    edit(&mut schema);
    compare(&proto, &schema).expect("schema has $defs")
}

fn at<'a>(schema: &'a mut Value, pointer: &str) -> &'a mut Value {
    schema.pointer_mut(pointer).expect("pointer exists in the test schema")
}

fn remove(schema: &mut Value, parent: &str, key: &str) {
    at(schema, parent).as_object_mut().expect("an object").shift_remove(key);
}

#[test]
fn agreeing_schema_has_no_differences() {
    assert_eq!(diffs_after(|_| {}), Vec::<String>::new());
}

#[test]
fn reports_missing_and_extra_properties() {
    let diffs = diffs_after(|s| {
        remove(s, "/$defs/Thing/properties", "tags");
        at(s, "/$defs/Thing/properties")["colour"] = json!({"type": "string"});
    });
    assert_eq!(
        diffs,
        [
            "Thing.tags: missing from schema properties (proto field tags)",
            "Thing.colour: schema property has no proto field",
        ]
    );
}

#[test]
fn reports_wrong_required() {
    let diffs = diffs_after(|s| *at(s, "/$defs/Thing/required") = json!(["color", "ghost"]));
    assert_eq!(
        diffs,
        [
            "Thing.id: proto says REQUIRED, schema does not",
            "Thing.color: schema says required, proto does not",
            "Thing.ghost: listed in \"required\" but not a proto field",
        ]
    );
}

#[test]
fn reports_wrong_types() {
    let diffs = diffs_after(|s| {
        *at(s, "/$defs/Thing/properties/size/format") = json!("int32");
        *at(s, "/$defs/Thing/properties/tags") = json!({"type": "string"});
        *at(s, "/$defs/Thing/properties/counts/additionalProperties") = json!({"type": "integer"});
        *at(s, "/$defs/Thing/properties/raw") = json!({"type": "string", "deprecated": true});
    });
    assert_eq!(
        diffs,
        [
            "Thing.tags: schema type is string, proto type repeated string needs array of string",
            "Thing.counts: schema type is map of integer, proto type map<string, int32> needs map of integer (int32)",
            "Thing.size: schema type is integer (int32), proto type optional int64 needs integer (int64)",
            "Thing.raw: schema type is string, proto type bytes needs string (base64)",
        ]
    );
}

#[test]
fn reports_enum_value_changes() {
    let missing = diffs_after(|s| *at(s, "/$defs/Color/oneOf") = json!([{"const": "COLOR_UNSPECIFIED"}]));
    assert_eq!(missing, ["Color: value COLOR_RED missing from oneOf"]);
    let reordered = diffs_after(|s| {
        *at(s, "/$defs/Color/oneOf") =
            json!([{"const": "COLOR_RED"}, {"const": "COLOR_UNSPECIFIED"}, {"const": "BLUE"}]);
    });
    assert_eq!(reordered, ["Color: oneOf lists BLUE, which is not a proto value"]);
}

#[test]
fn reports_extra_defs_and_dangling_refs() {
    let diffs = diffs_after(|s| {
        at(s, "/$defs")["Stray"] = json!({"type": "object"});
        *at(s, "/$defs/Thing/properties/color/$ref") = json!("#/$defs/Colour");
    });
    assert_eq!(
        diffs,
        [
            "Thing.color: schema type is $ref Colour, proto type Color needs $ref Color",
            "Stray: $defs entry has no proto message or enum",
            "#/$defs/Thing/properties/color/$ref: \"#/$defs/Colour\" does not resolve",
        ]
    );
}

#[test]
fn reports_oneof_defaults_and_deprecation() {
    let diffs = diffs_after(|s| {
        *at(s, "/$defs/Thing/oneOf") = json!([{"required": ["raw"]}, {"required": ["text"]}]);
        remove(s, "/$defs/Thing/properties/done", "default");
        at(s, "/$defs/Thing/properties/size")["default"] = json!(0);
        remove(s, "/$defs/Thing/properties/raw", "deprecated");
    });
    assert_eq!(
        diffs,
        [
            "Thing.done: plain proto3 bool needs \"default\": false",
            "Thing.size: schema has \"default\", but only plain proto3 bools carry one",
            "Thing.raw: proto marks deprecated, schema does not",
            "Thing: oneof body member order differs",
        ]
    );
}

#[test]
fn reports_jsonrpc_envelope_mismatches() {
    let diffs = diffs_after(|s| {
        remove(s, "/$defs/WatchThingJsonRpcResponse", "x-sse");
        *at(s, "/$defs/GetThingJsonRpcRequest/properties/params/$ref") = json!("#/$defs/Thing");
        remove(s, "/$defs", "GetThingJsonRpcResponse");
        at(s, "/$defs")["DeleteThingJsonRpcRequest"] = request("DeleteThing");
    });
    assert_eq!(
        diffs,
        [
            "GetThingJsonRpcRequest.params: schema has $ref Thing, expected $ref GetThingRequest",
            "GetThingJsonRpcResponse: missing for rpc GetThing",
            "WatchThingJsonRpcResponse: rpc WatchThing returns a stream, schema lacks \"x-sse\": true",
            "DeleteThingJsonRpcRequest: no rpc DeleteThing in the proto service",
        ]
    );
}

#[test]
fn collects_every_difference_in_one_run() {
    let diffs = diffs_after(|s| {
        remove(s, "/$defs", "Color");
        remove(s, "/$defs/GetThingRequest", "required");
    });
    assert_eq!(
        diffs,
        [
            "GetThingRequest.thingId: proto says REQUIRED, schema does not",
            "Color: proto enum has no $defs entry",
            "#/$defs/Thing/properties/color/$ref: \"#/$defs/Color\" does not resolve",
        ]
    );
}
