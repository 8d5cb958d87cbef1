//! Turns a schema document into [`Node`]s, refusing every keyword the validator does not
//! implement.

use super::{Format, MethodDefs, Node, Type};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Keywords the top level of a schema file may hold.
const TOP_LEVEL: &[&str] = &["$schema", "$id", "title", "description", "$defs"];

/// Keywords that only annotate: known, and never change whether a value is valid.
const ANNOTATIONS: &[&str] =
    &["description", "title", "default", "deprecated", "x-oneof", "x-jsonrpc-method", "x-jsonrpc-result-of", "x-sse"];

type Compiled = (Vec<(String, Node)>, HashMap<String, MethodDefs>);

pub(super) fn compile(json: &Value) -> Result<Compiled, String> {
    let top = json.as_object().ok_or("a schema file must be a JSON object")?;
    if let Some(unknown) = top.keys().find(|k| !TOP_LEVEL.contains(&k.as_str())) {
        return Err(format!("unsupported top-level keyword `{unknown}`"));
    }
    let defs = top.get("$defs").and_then(Value::as_object).ok_or("the schema has no `$defs` object")?;
    let names: HashMap<&str, usize> = defs.keys().enumerate().map(|(i, k)| (k.as_str(), i)).collect();
    let mut compiled = Vec::with_capacity(defs.len());
    let mut methods = HashMap::new();
    for (name, def) in defs {
        let at = format!("#/$defs/{name}");
        let node = node(def, &at, &names)?;
        if let Some(method) = def.get("x-jsonrpc-result-of") {
            let method = method.as_str().ok_or_else(|| format!("{at}: `x-jsonrpc-result-of` must be a string"))?;
            let result = def
                .pointer("/properties/result/$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/$defs/"))
                .ok_or_else(|| format!("{at}: a JSON-RPC response needs `properties.result.$ref`"))?;
            let sse = def.get("x-sse").and_then(Value::as_bool).unwrap_or(false);
            methods.insert(method.to_string(), MethodDefs { response: name.clone(), result: result.to_string(), sse });
        }
        compiled.push((name.clone(), node));
    }
    Ok((compiled, methods))
}

fn node(json: &Value, at: &str, names: &HashMap<&str, usize>) -> Result<Node, String> {
    let obj = json.as_object().ok_or_else(|| format!("{at}: a schema must be an object"))?;
    let mut n = Node::default();
    for (key, value) in obj {
        let here = format!("{at}/{key}");
        match key.as_str() {
            "type" => n.types = Some(types(value, &here)?),
            "properties" => {
                n.described = true;
                for (prop, schema) in object(value, &here)? {
                    n.properties.push((prop.clone(), node(schema, &format!("{here}/{prop}"), names)?));
                }
            }
            "required" => {
                let list = value.as_array().ok_or_else(|| format!("{here}: must be an array"))?;
                for item in list {
                    let s = item.as_str().ok_or_else(|| format!("{here}: must hold strings"))?;
                    n.required.push(s.to_string());
                }
            }
            "additionalProperties" => match value {
                Value::Bool(false) => n.closed = true,
                _ => n.additional = Some(Box::new(node(value, &here, names)?)),
            },
            "items" => n.items = Some(Box::new(node(value, &here, names)?)),
            "$ref" => {
                let target = value.as_str().and_then(|r| r.strip_prefix("#/$defs/"));
                let index = target
                    .and_then(|t| names.get(t))
                    .ok_or_else(|| format!("{here}: unsupported or unresolved reference {value}"))?;
                n.reference = Some(*index);
            }
            "const" => n.constant = Some(value.clone()),
            "oneOf" => {
                let list = value.as_array().ok_or_else(|| format!("{here}: must be an array"))?;
                for (i, branch) in list.iter().enumerate() {
                    n.one_of.push(node(branch, &format!("{here}/{i}"), names)?);
                }
            }
            "format" => {
                n.format = Some(match value.as_str() {
                    Some("int32") => Format::Int32,
                    Some("date-time") => Format::DateTime,
                    _ => return Err(format!("{here}: unsupported format {value}")),
                });
            }
            "contentEncoding" => {
                if value.as_str() != Some("base64") {
                    return Err(format!("{here}: unsupported contentEncoding {value}"));
                }
                n.base64 = true;
            }
            "x-discriminator" => {
                let tag = value.as_str().ok_or_else(|| format!("{here}: must be a string"))?;
                let values = obj
                    .get("x-discriminator-values")
                    .and_then(Value::as_array)
                    .ok_or_else(|| format!("{at}: `x-discriminator` needs `x-discriminator-values`"))?;
                let values = values.iter().filter_map(Value::as_str).map(str::to_string).collect();
                n.discriminator = Some((tag.to_string(), values));
            }
            "x-discriminator-values" => {}
            k if ANNOTATIONS.contains(&k) => {}
            other => return Err(format!("{at}: unsupported keyword `{other}`")),
        }
    }
    if let Some((_, values)) = &n.discriminator {
        if values.len() != n.one_of.len() {
            return Err(format!("{at}: `x-discriminator-values` must name one value per `oneOf` branch"));
        }
    }
    Ok(n)
}

fn object<'a>(value: &'a Value, at: &str) -> Result<&'a Map<String, Value>, String> {
    value.as_object().ok_or_else(|| format!("{at}: must be an object"))
}

fn types(value: &Value, at: &str) -> Result<Vec<Type>, String> {
    let one = |v: &Value| -> Result<Type, String> {
        Ok(match v.as_str() {
            Some("null") => Type::Null,
            Some("boolean") => Type::Boolean,
            Some("integer") => Type::Integer,
            Some("number") => Type::Number,
            Some("string") => Type::String,
            Some("array") => Type::Array,
            Some("object") => Type::Object,
            _ => return Err(format!("{at}: unknown type {v}")),
        })
    };
    match value {
        Value::Array(list) => list.iter().map(one).collect(),
        single => Ok(vec![one(single)?]),
    }
}
