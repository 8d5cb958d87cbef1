//! The schema as the generator sees it: definitions, fields and their types.
//!
//! Only the subset of JSON Schema that `schema/README.md` describes is accepted; anything
//! else is an error naming the definition, so a schema change never yields silently wrong code.

use serde_json::{Map, Value};

/// A whole schema file: its definitions in file order.
pub(crate) struct Schema {
    pub(crate) defs: Vec<Def>,
}

/// One `$defs` entry.
pub(crate) struct Def {
    pub(crate) name: String,
    pub(crate) doc: String,
    pub(crate) kind: DefKind,
}

pub(crate) enum DefKind {
    /// An object with properties; `oneof` names the members that form a oneof, if any.
    Struct { fields: Vec<Field>, oneof: Option<Oneof> },
    /// A string enum: each value with its description.
    Enum { values: Vec<(String, String)> },
    /// An object whose variants are other definitions, told apart by a constant property
    /// (`x-discriminator`), as v0.3's `kind` tags are.
    Tagged { tag: String, variants: Vec<(String, String)> },
    /// A union of other definitions told apart by which properties they have.
    Untagged { variants: Vec<String> },
    /// Another name for a type that needs no definition of its own: an array of a
    /// definition, or `null` (the result of a method that returns nothing).
    Alias { ty: Ty },
    /// The envelope of a JSON-RPC request for `method`.
    RpcRequest { method: String, params: Option<String>, params_required: bool },
    /// The envelope of a JSON-RPC success response for `method`.
    RpcResponse { method: String, result: String, sse: bool },
    /// Written by hand in `a2a-types` (identifiers, timestamps, JSON-RPC plumbing).
    Handwritten,
}

/// A oneof: its proto name and the JSON names of its members.
pub(crate) struct Oneof {
    pub(crate) name: String,
    pub(crate) members: Vec<String>,
}

pub(crate) struct Field {
    pub(crate) json: String,
    pub(crate) doc: String,
    pub(crate) ty: Ty,
    pub(crate) required: bool,
    /// A proto3 `bool` without presence: absent means `false`.
    pub(crate) default_false: bool,
    /// A property whose value is fixed (`const`), such as v0.3's `kind`.
    pub(crate) constant: Option<String>,
}

#[derive(Clone, PartialEq)]
pub(crate) enum Ty {
    String,
    Bytes,
    I32,
    I64,
    Bool,
    Any,
    Ref(String),
    Array(Box<Ty>),
    Map(Box<Ty>),
    /// JSON `null`, the only value of `{"type": "null"}`.
    Null,
}

/// Definitions that `a2a-types` writes by hand; the generator only refers to them.
pub(crate) const HANDWRITTEN: &[&str] = &[
    "TaskId",
    "ContextId",
    "MessageId",
    "ArtifactId",
    "Timestamp",
    "Struct",
    "Value",
    "JsonRpcId",
    "JsonRpcError",
    "JsonRpcErrorResponse",
];

impl Schema {
    pub(crate) fn from_json(json: &Value) -> Result<Schema, String> {
        let defs = json.get("$defs").and_then(Value::as_object).ok_or("the schema has no `$defs` object")?;
        let mut out = Vec::new();
        for (name, def) in defs {
            let def = def.as_object().ok_or_else(|| format!("{name}: not an object"))?;
            let kind = def_kind(name, def).map_err(|e| format!("{name}: {e}"))?;
            out.push(Def { name: name.clone(), doc: doc(def), kind });
        }
        Ok(Schema { defs: out })
    }
}

fn doc(v: &Map<String, Value>) -> String {
    v.get("description").and_then(Value::as_str).unwrap_or_default().trim().to_string()
}

fn ref_name(v: &Value) -> Option<String> {
    v.get("$ref")?.as_str()?.strip_prefix("#/$defs/").map(str::to_string)
}

fn def_kind(name: &str, def: &Map<String, Value>) -> Result<DefKind, String> {
    if HANDWRITTEN.contains(&name) {
        return Ok(DefKind::Handwritten);
    }
    if let Some(method) = def.get("x-jsonrpc-method").and_then(Value::as_str) {
        let props = def.get("properties").and_then(Value::as_object).ok_or("no properties")?;
        let params = props.get("params").and_then(ref_name);
        let params_required = required(def).iter().any(|r| r == "params");
        return Ok(DefKind::RpcRequest { method: method.into(), params, params_required });
    }
    if let Some(method) = def.get("x-jsonrpc-result-of").and_then(Value::as_str) {
        let props = def.get("properties").and_then(Value::as_object).ok_or("no properties")?;
        let result = props.get("result").and_then(ref_name).ok_or("`result` is not a $ref")?;
        let sse = def.get("x-sse").and_then(Value::as_bool).unwrap_or(false);
        return Ok(DefKind::RpcResponse { method: method.into(), result, sse });
    }
    if def.get("type").and_then(Value::as_str) == Some("string") {
        let values = def
            .get("oneOf")
            .and_then(Value::as_array)
            .ok_or("a string definition must be an enum (`oneOf` of `const`s) or hand-written")?;
        let values = values
            .iter()
            .map(|v| {
                let c = v.get("const").and_then(Value::as_str).ok_or("an enum entry lacks `const`")?;
                Ok((c.to_string(), v.get("description").and_then(Value::as_str).unwrap_or_default().to_string()))
            })
            .collect::<Result<_, String>>()?;
        return Ok(DefKind::Enum { values });
    }
    if let Some(tag) = def.get("x-discriminator").and_then(Value::as_str) {
        let variants = refs_of(def)?;
        let tags = def
            .get("x-discriminator-values")
            .and_then(Value::as_array)
            .ok_or("`x-discriminator` needs `x-discriminator-values`, one per `oneOf` entry")?;
        if tags.len() != variants.len() {
            return Err("`x-discriminator-values` and `oneOf` differ in length".into());
        }
        let variants = variants
            .into_iter()
            .zip(tags)
            .map(|(v, t)| Ok((v, t.as_str().ok_or("a discriminator value is not a string")?.to_string())))
            .collect::<Result<_, String>>()?;
        return Ok(DefKind::Tagged { tag: tag.into(), variants });
    }
    if def.get("properties").is_none() && def.get("oneOf").is_some() {
        return Ok(DefKind::Untagged { variants: refs_of(def)? });
    }
    match def.get("type").and_then(Value::as_str) {
        Some("array") => return Ok(DefKind::Alias { ty: ty(def)? }),
        Some("null") => return Ok(DefKind::Alias { ty: Ty::Null }),
        _ => {}
    }
    let props = match def.get("properties") {
        Some(p) => p.as_object().ok_or("`properties` is not an object")?.clone(),
        None => Map::new(),
    };
    let req = required(def);
    let mut fields = Vec::new();
    for (json, p) in &props {
        let p = p.as_object().ok_or_else(|| format!("property {json} is not an object"))?;
        let constant = p.get("const").and_then(Value::as_str).map(str::to_string);
        let ty = if constant.is_some() { Ty::String } else { ty(p).map_err(|e| format!("{json}: {e}"))? };
        fields.push(Field {
            json: json.clone(),
            doc: doc(p),
            default_false: p.get("default") == Some(&Value::Bool(false)),
            required: req.contains(json),
            ty,
            constant,
        });
    }
    let oneof = match def.get("x-oneof").and_then(Value::as_str) {
        None => None,
        Some(oneof_name) => {
            let members = def
                .get("oneOf")
                .and_then(Value::as_array)
                .ok_or("`x-oneof` without `oneOf`")?
                .iter()
                .map(|m| {
                    m.pointer("/required/0")
                        .and_then(Value::as_str)
                        .map(str::to_string)
                        .ok_or_else(|| "a oneof entry is not {\"required\": [member]}".to_string())
                })
                .collect::<Result<Vec<_>, _>>()?;
            Some(Oneof { name: oneof_name.into(), members })
        }
    };
    Ok(DefKind::Struct { fields, oneof })
}

fn refs_of(def: &Map<String, Value>) -> Result<Vec<String>, String> {
    def.get("oneOf")
        .and_then(Value::as_array)
        .ok_or("no `oneOf`")?
        .iter()
        .map(|v| ref_name(v).ok_or_else(|| "a union entry is not a $ref".to_string()))
        .collect()
}

fn required(def: &Map<String, Value>) -> Vec<String> {
    def.get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).map(str::to_string).collect())
        .unwrap_or_default()
}

fn ty(p: &Map<String, Value>) -> Result<Ty, String> {
    if let Some(r) = p.get("$ref") {
        let r = r.as_str().and_then(|r| r.strip_prefix("#/$defs/")).ok_or("a $ref outside #/$defs")?;
        return Ok(Ty::Ref(r.to_string()));
    }
    match p.get("type").and_then(Value::as_str) {
        None => Ok(Ty::Any),
        Some("string") if p.get("contentEncoding").and_then(Value::as_str) == Some("base64") => Ok(Ty::Bytes),
        Some("string") => Ok(Ty::String),
        Some("boolean") => Ok(Ty::Bool),
        Some("integer") => match p.get("format").and_then(Value::as_str) {
            Some("int32") => Ok(Ty::I32),
            _ => Ok(Ty::I64),
        },
        Some("array") => {
            let items = p.get("items").and_then(Value::as_object).ok_or("array without `items`")?;
            Ok(Ty::Array(Box::new(ty(items)?)))
        }
        Some("object") => {
            let values = p
                .get("additionalProperties")
                .and_then(Value::as_object)
                .ok_or("an inline object must be a map (`additionalProperties`)")?;
            Ok(Ty::Map(Box::new(ty(values)?)))
        }
        Some(other) => Err(format!("unsupported type `{other}`")),
    }
}
