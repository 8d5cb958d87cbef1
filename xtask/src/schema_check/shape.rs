//! The JSON Schema fragment ("shape") each proto field type must have, and a short way
//! to print shapes in difference reports.
//!
//! Shapes are compared after dropping annotation keywords, so descriptions, examples and
//! the separately checked `deprecated` / `default` never make a type differ.

use serde_json::{Map, Value, json};

use super::model::{Field, Label, ProtoFile, Resolved};

/// Named string types a proto `string` may reference instead of `{"type": "string"}`.
pub(crate) const IDENTIFIER_DEFS: &[&str] = &["TaskId", "ContextId", "MessageId", "ArtifactId"];

/// Every shape the schema may use for `field` (several for `string`, because of the
/// identifier types), or an error when the proto type cannot be mapped at all.
pub(crate) fn expected_shapes(proto: &ProtoFile, scope: &str, field: &Field) -> Result<Vec<Value>, String> {
    let items = type_shapes(proto, scope, &field.ty)?;
    Ok(match &field.label {
        Label::Plain | Label::Optional => items,
        Label::Repeated => items.into_iter().map(|i| json!({"type": "array", "items": i})).collect(),
        Label::Map { .. } => items.into_iter().map(|v| json!({"type": "object", "additionalProperties": v})).collect(),
    })
}

fn type_shapes(proto: &ProtoFile, scope: &str, ty: &str) -> Result<Vec<Value>, String> {
    match proto.resolve(scope, ty) {
        Resolved::Scalar("string") => Ok(string_shapes()),
        Resolved::Scalar(scalar) => Ok(vec![scalar_shape(scalar)]),
        Resolved::Local(name) | Resolved::WellKnown(name) => Ok(vec![def_ref(&name)]),
        Resolved::Unknown => Err(format!("proto type {ty} has no schema mapping")),
    }
}

fn string_shapes() -> Vec<Value> {
    let ids = IDENTIFIER_DEFS.iter().map(|id| def_ref(id));
    std::iter::once(json!({"type": "string"})).chain(ids).collect()
}

/// README conventions for the scalars A2A uses, extended in the obvious way to the rest.
fn scalar_shape(scalar: &str) -> Value {
    match scalar {
        "bool" => json!({"type": "boolean"}),
        "bytes" => json!({"type": "string", "contentEncoding": "base64"}),
        "int32" | "sint32" | "sfixed32" => json!({"type": "integer", "format": "int32"}),
        "int64" | "sint64" | "sfixed64" => json!({"type": "integer", "format": "int64"}),
        "uint32" | "fixed32" => json!({"type": "integer", "format": "uint32"}),
        "uint64" | "fixed64" => json!({"type": "integer", "format": "uint64"}),
        other => json!({"type": "number", "format": other}),
    }
}

pub(crate) fn def_ref(name: &str) -> Value {
    json!({"$ref": format!("#/$defs/{name}")})
}

/// Keywords that annotate rather than constrain, plus those checked on their own.
fn is_annotation(key: &str) -> bool {
    matches!(
        key,
        "description" | "title" | "examples" | "$comment" | "deprecated" | "default" | "readOnly" | "writeOnly"
    ) || key.starts_with("x-")
}

/// `schema` without annotations, recursively through `items` and `additionalProperties`.
pub(crate) fn strip_annotations(schema: &Value) -> Value {
    let Value::Object(obj) = schema else {
        return schema.clone();
    };
    let kept = obj.iter().filter(|(k, _)| !is_annotation(k)).map(|(k, v)| {
        let v = match k.as_str() {
            "items" | "additionalProperties" => strip_annotations(v),
            _ => v.clone(),
        };
        (k.clone(), v)
    });
    Value::Object(kept.collect::<Map<_, _>>())
}

/// A short human form of a shape: `string`, `integer (int32)`, `array of $ref Task`.
pub(crate) fn describe(shape: &Value) -> String {
    let Value::Object(obj) = shape else {
        return shape.to_string();
    };
    if let (1, Some(Value::String(target))) = (obj.len(), obj.get("$ref")) {
        return format!("$ref {}", target.strip_prefix("#/$defs/").unwrap_or(target));
    }
    let ty = obj.get("type").and_then(Value::as_str);
    match (ty, obj.len()) {
        (Some("array"), 2) if obj.contains_key("items") => {
            format!("array of {}", describe(&obj["items"]))
        }
        (Some("object"), 2) if obj.contains_key("additionalProperties") => {
            format!("map of {}", describe(&obj["additionalProperties"]))
        }
        (Some(ty), 1) => ty.to_string(),
        (Some(ty), 2) => match (obj.get("format"), obj.get("contentEncoding")) {
            (Some(Value::String(f)), _) | (_, Some(Value::String(f))) => format!("{ty} ({f})"),
            _ => shape.to_string(),
        },
        _ => shape.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_annotations_deeply() {
        let prop = json!({"description": "d", "type": "array", "x-a": 1,
            "items": {"$ref": "#/$defs/Part", "description": "p"}});
        assert_eq!(strip_annotations(&prop), json!({"type": "array", "items": {"$ref": "#/$defs/Part"}}));
    }

    #[test]
    fn describes_shapes_briefly() {
        assert_eq!(describe(&json!({"type": "integer", "format": "int32"})), "integer (int32)");
        assert_eq!(describe(&json!({"type": "string", "contentEncoding": "base64"})), "string (base64)");
        let map = json!({"type": "object", "additionalProperties": {"type": "array", "items": def_ref("X")}});
        assert_eq!(describe(&map), "map of array of $ref X");
        assert_eq!(describe(&json!({"type": "string", "minLength": 1})), r#"{"type":"string","minLength":1}"#);
    }
}
