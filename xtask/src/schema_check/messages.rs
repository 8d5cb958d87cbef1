//! Checks each proto message against its `$defs` entry: properties, types, `required`,
//! `default`, `deprecated` and the oneof encoding.

use serde_json::{Map, Value};

use super::common::{check_deprecated, diff_lists, expect_type, required_list};
use super::model::{Field, Label, Message, Oneof, ProtoFile};
use super::shape::{describe, expected_shapes, strip_annotations};

pub(crate) fn check_messages(proto: &ProtoFile, defs: &Map<String, Value>, out: &mut Vec<String>) {
    for msg in &proto.messages {
        match defs.get(&msg.name) {
            Some(def) => check_message(proto, msg, def, out),
            None => out.push(format!("{}: proto message has no $defs entry", msg.name)),
        }
    }
}

fn check_message(proto: &ProtoFile, msg: &Message, def: &Value, out: &mut Vec<String>) {
    expect_type(&msg.name, def, "object", out);
    check_deprecated(&msg.name, msg.deprecated, def, out);
    let empty = Map::new();
    let props = match def.get("properties") {
        None => &empty,
        Some(Value::Object(props)) => props,
        Some(_) => {
            out.push(format!("{}: \"properties\" is not an object", msg.name));
            &empty
        }
    };
    check_property_names(msg, props, out);
    for field in &msg.fields {
        if let Some(prop) = props.get(&field.json_name) {
            check_field(proto, msg, field, prop, out);
        }
    }
    check_required(msg, def, out);
    check_oneofs(msg, def, out);
}

fn check_property_names(msg: &Message, props: &Map<String, Value>, out: &mut Vec<String>) {
    for field in msg.fields.iter().filter(|f| !props.contains_key(&f.json_name)) {
        let (m, j, f) = (&msg.name, &field.json_name, &field.name);
        out.push(format!("{m}.{j}: missing from schema properties (proto field {f})"));
    }
    for prop in props.keys().filter(|p| !msg.fields.iter().any(|f| &f.json_name == *p)) {
        out.push(format!("{}.{prop}: schema property has no proto field", msg.name));
    }
}

fn check_field(proto: &ProtoFile, msg: &Message, field: &Field, prop: &Value, out: &mut Vec<String>) {
    let at = format!("{}.{}", msg.name, field.json_name);
    match expected_shapes(proto, &msg.name, field) {
        Err(why) => out.push(format!("{at}: {why}")),
        Ok(shapes) => {
            let found = strip_annotations(prop);
            if !shapes.contains(&found) {
                let (found, want) = (describe(&found), describe(&shapes[0]));
                let ty = proto_type(field);
                out.push(format!("{at}: schema type is {found}, proto type {ty} needs {want}"));
            }
        }
    }
    check_deprecated(&at, field.deprecated, prop, out);
    check_default(&at, field, prop, out);
}

/// The field's type as the proto spells it, label included.
fn proto_type(field: &Field) -> String {
    match &field.label {
        Label::Plain => field.ty.clone(),
        Label::Optional => format!("optional {}", field.ty),
        Label::Repeated => format!("repeated {}", field.ty),
        Label::Map { key } => format!("map<{key}, {}>", field.ty),
    }
}

/// README: a plain proto3 `bool` reads `false` when absent, so the schema says so with
/// `"default": false`; every other field may simply be absent and has no default.
fn check_default(at: &str, field: &Field, prop: &Value, out: &mut Vec<String>) {
    let plain_bool = field.label == Label::Plain && field.ty == "bool" && field.oneof.is_none();
    match (plain_bool, prop.get("default")) {
        (true, Some(Value::Bool(false))) | (false, None) => {}
        (true, None) => out.push(format!("{at}: plain proto3 bool needs \"default\": false")),
        (true, Some(other)) => out.push(format!("{at}: \"default\" is {other}, plain proto3 bool needs false")),
        (false, Some(_)) => out.push(format!("{at}: schema has \"default\", but only plain proto3 bools carry one")),
    }
}

fn check_required(msg: &Message, def: &Value, out: &mut Vec<String>) {
    let required = required_list(&msg.name, def, out);
    for field in &msg.fields {
        let at = format!("{}.{}", msg.name, field.json_name);
        match (required.contains(&field.json_name.as_str()), field.required) {
            (true, false) => out.push(format!("{at}: schema says required, proto does not")),
            (false, true) => out.push(format!("{at}: proto says REQUIRED, schema does not")),
            _ => {}
        }
    }
    for name in required.iter().filter(|r| !msg.fields.iter().any(|f| f.json_name == **r)) {
        out.push(format!("{}.{name}: listed in \"required\" but not a proto field", msg.name));
    }
}

fn check_oneofs(msg: &Message, def: &Value, out: &mut Vec<String>) {
    match msg.oneofs.as_slice() {
        [] => {
            for keyword in ["x-oneof", "oneOf"].into_iter().filter(|k| def.get(k).is_some()) {
                out.push(format!("{}: schema has \"{keyword}\", proto message has no oneof", msg.name));
            }
        }
        [oneof] => check_oneof(msg, oneof, def, out),
        many => {
            let names: Vec<&str> = many.iter().map(|o| o.name.as_str()).collect();
            let names = names.join(", ");
            out.push(format!("{}: proto has oneofs {names}; the schema convention allows one", msg.name));
        }
    }
}

fn check_oneof(msg: &Message, oneof: &Oneof, def: &Value, out: &mut Vec<String>) {
    let (m, o) = (&msg.name, &oneof.name);
    match def.get("x-oneof") {
        Some(Value::String(name)) if name == o => {}
        Some(other) => out.push(format!("{m}: x-oneof is {other}, proto oneof is \"{o}\"")),
        None => out.push(format!("{m}: x-oneof missing for proto oneof \"{o}\"")),
    }
    let Some(entries) = def.get("oneOf").and_then(Value::as_array) else {
        out.push(format!("{m}: oneOf missing or not an array for proto oneof {o}"));
        return;
    };
    let listed = oneof_members(m, entries, out);
    let members: Vec<&str> = oneof.members.iter().filter_map(|n| member_json_name(msg, n)).collect();
    let diff = diff_lists(&members, &listed);
    for name in diff.missing {
        out.push(format!("{m}: oneof {o} member {name} missing from oneOf"));
    }
    for name in diff.extra {
        out.push(format!("{m}: oneOf lists {name}, which is not a member of oneof {o}"));
    }
    for name in diff.repeated {
        out.push(format!("{m}: oneOf lists {name} more than once"));
    }
    if diff.reordered {
        out.push(format!("{m}: oneof {o} member order differs"));
    }
}

fn member_json_name<'a>(msg: &'a Message, proto_name: &str) -> Option<&'a str> {
    let field = msg.fields.iter().find(|f| f.name == proto_name)?;
    Some(field.json_name.as_str())
}

/// The member named by each `{"required": [member]}` entry; other entries are reported.
fn oneof_members<'a>(at: &str, entries: &'a [Value], out: &mut Vec<String>) -> Vec<&'a str> {
    let mut members = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let only_required = entry.as_object().is_some_and(|o| o.len() == 1);
        let list = entry.get("required").and_then(Value::as_array).map(Vec::as_slice);
        match (only_required, list) {
            (true, Some([Value::String(member)])) => members.push(member.as_str()),
            _ => out.push(format!("{at}: oneOf entry {i} is not {{\"required\": [member]}}")),
        }
    }
    members
}
