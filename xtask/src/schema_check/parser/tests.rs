//! Parser tests on inline proto snippets covering each construct of the subset.

use super::parse;
use crate::schema_check::model::{Enum, EnumValue, Field, Label, Message, Oneof, Rpc, Service};

const SNIPPET: &str = r#"
// Leading comment.
syntax = "proto3";
package demo.v1;
import "google/api/field_behavior.proto";
import public "google/protobuf/timestamp.proto";
option java_package = "dev.demo" "v1";
option (my.file_opt).sub = -3;

service Things {
  option (google.api.default_host) = "example.com";
  rpc Get(GetRequest) returns (Outer) {
    option (google.api.http) = { get: "/x/{id}" additional_bindings: { get: "/y" } };
  }
  rpc Watch(stream GetRequest) returns (stream .demo.v1.Outer);
}

/* A block
   comment. */
message Outer {
  option deprecated = true;
  reserved 10, 12 to 14;
  reserved "old";
  message Inner {
    enum Mode { MODE_UNSPECIFIED = 0; MODE_FAST = 1 [deprecated = true]; }
    Mode mode = 1;
  }
  string id = 1 [(google.api.field_behavior) = REQUIRED, (google.api.field_behavior) = IMMUTABLE];
  repeated Inner inners = 2;
  map<string, int64> sizes = 3 [deprecated = true];
  optional bool flag = 4;
  string legacy_name = 5 [json_name = "legacy"];
  oneof choice {
    string text = 6;
    Inner.Mode mode = 7;
  }
}

message GetRequest { string optional = 1; }
"#;

fn field(name: &str, json: &str, ty: &str, label: Label) -> Field {
    Field {
        name: name.into(),
        json_name: json.into(),
        ty: ty.into(),
        label,
        required: false,
        deprecated: false,
        oneof: None,
    }
}

#[test]
fn parses_messages_with_every_field_form() {
    let file = parse(SNIPPET).expect("snippet parses");
    assert_eq!(file.package, "demo.v1");
    let names: Vec<&str> = file.messages.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["Outer", "Outer.Inner", "GetRequest"]);
    let outer = &file.messages[0];
    assert!(outer.deprecated);
    let expected = vec![
        Field { required: true, ..field("id", "id", "string", Label::Plain) },
        field("inners", "inners", "Inner", Label::Repeated),
        Field { deprecated: true, ..field("sizes", "sizes", "int64", Label::Map { key: "string".into() }) },
        field("flag", "flag", "bool", Label::Optional),
        field("legacy_name", "legacy", "string", Label::Plain),
        Field { oneof: Some("choice".into()), ..field("text", "text", "string", Label::Plain) },
        Field { oneof: Some("choice".into()), ..field("mode", "mode", "Inner.Mode", Label::Plain) },
    ];
    assert_eq!(outer.fields, expected);
    let choice = Oneof { name: "choice".into(), members: vec!["text".into(), "mode".into()] };
    assert_eq!(outer.oneofs, vec![choice]);
    let get = Message {
        name: "GetRequest".into(),
        fields: vec![field("optional", "optional", "string", Label::Plain)],
        oneofs: vec![],
        deprecated: false,
    };
    assert_eq!(file.messages[2], get);
}

#[test]
fn parses_nested_enums_and_service_signatures() {
    let file = parse(SNIPPET).expect("snippet parses");
    let mode = Enum {
        name: "Outer.Inner.Mode".into(),
        values: vec![
            EnumValue { name: "MODE_UNSPECIFIED".into(), deprecated: false },
            EnumValue { name: "MODE_FAST".into(), deprecated: true },
        ],
        deprecated: false,
    };
    assert_eq!(file.enums, vec![mode]);
    let rpc = |name: &str, input: &str, output: &str, streams: bool| Rpc {
        name: name.into(),
        input: input.into(),
        output: output.into(),
        client_streaming: streams,
        server_streaming: streams,
    };
    let service = Service {
        name: "Things".into(),
        rpcs: vec![rpc("Get", "GetRequest", "Outer", false), rpc("Watch", "GetRequest", ".demo.v1.Outer", true)],
    };
    assert_eq!(file.services, vec![service]);
}

#[test]
fn reports_errors_with_line_numbers() {
    let err = |src: &str| parse(src).expect_err("must not parse");
    assert_eq!(err("syntax = \"proto2\";"), "line 1: only proto3 is supported, not `proto2`");
    assert_eq!(err("message A {\n  string = 1;\n}"), "line 2: expected a field name, found `=`");
    assert_eq!(err("message A {\n  string a = 1;\n"), "line 2: expected a field type, found end of file");
    assert_eq!(
        err("extend Foo {}"),
        "line 1: expected `syntax`, `package`, `import`, `option`, `message`, `enum` or `service`, found `extend`"
    );
    assert_eq!(err("message A { oneof o { repeated string a = 1; } }"), "line 1: oneof members cannot have a label");
}
