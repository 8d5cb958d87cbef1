//! Prints the model as Rust: serde types, constructors, and the JSON-RPC method table.
//!
//! The rules (which fields are `Option`, how oneofs become enums) are written down in
//! `crates/a2a-types/src/lib.rs`; keep the two in step.

use super::model::{Def, DefKind, Field, HANDWRITTEN, Oneof, Schema, Ty};
use std::fmt::Write;

/// The schemas to generate from: file in `schema/`, module name, module doc.
pub(crate) const SCHEMAS: &[(&str, &str, &str)] = &[
    ("a2a-v1.0.schema.json", "v1", "Protocol v1.0 types, generated from `schema/a2a-v1.0.schema.json`."),
    (
        "a2a-v0.3.schema.json",
        "v0_3",
        "Protocol v0.3 (JSON-RPC dialect) types, generated from `schema/a2a-v0.3.schema.json`.",
    ),
];

/// Renders one schema as the text of one Rust module.
pub(crate) fn module(schema: &Schema, module: &str) -> Result<String, String> {
    let mut out = String::from(super::HEADER);
    writeln!(out, "\n#![allow(clippy::large_enum_variant, clippy::doc_lazy_continuation)]\n").unwrap();
    writeln!(out, "use serde::{{Deserialize, Serialize}};\n").unwrap();
    let mut rpc = Vec::new();
    for def in &schema.defs {
        match &def.kind {
            DefKind::Struct { fields, oneof: None } => out.push_str(&plain_struct(def, fields)),
            DefKind::Struct { fields, oneof: Some(oneof) } => {
                if fields.iter().all(|f| oneof.members.contains(&f.json)) {
                    out.push_str(&oneof_enum(schema, def, fields, oneof)?);
                } else {
                    out.push_str(&struct_with_oneof(schema, def, fields, oneof)?);
                }
            }
            DefKind::Enum { values } => out.push_str(&string_enum(def, values)),
            DefKind::Tagged { tag, variants } => out.push_str(&tagged_enum(schema, def, tag, variants)?),
            DefKind::Untagged { variants } => out.push_str(&untagged_enum(def, variants)),
            DefKind::Alias { ty } => out.push_str(&alias(def, ty)),
            DefKind::RpcRequest { method, params, params_required } => {
                let response = schema.defs.iter().find_map(|d| match &d.kind {
                    DefKind::RpcResponse { method: m, result, sse } if m == method => Some((result, *sse)),
                    _ => None,
                });
                let (result, sse) = response.ok_or_else(|| format!("{method}: no response definition"))?;
                rpc.push(Rpc {
                    method: method.clone(),
                    doc: def.doc.clone(),
                    params: params.clone(),
                    params_required: *params_required,
                    result: result.clone(),
                    sse,
                });
            }
            DefKind::RpcResponse { .. } | DefKind::Handwritten => {}
        }
    }
    if !rpc.is_empty() {
        out.push_str(&method_table(&rpc, module));
    }
    Ok(out)
}

struct Rpc {
    method: String,
    doc: String,
    params: Option<String>,
    params_required: bool,
    result: String,
    sse: bool,
}

/// `///` lines for a description, or a plain fallback so that every item has rustdoc.
fn doc_lines(doc: &str, fallback: &str, indent: &str) -> String {
    let text = if doc.is_empty() { fallback } else { doc };
    let mut out = String::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            writeln!(out, "{indent}///").unwrap();
        } else {
            writeln!(out, "{indent}/// {}", line.trim_end()).unwrap();
        }
    }
    out
}

/// `APIKeySecurityScheme` → `ApiKeySecurityScheme`: acronyms become words, as Rust names them.
pub(crate) fn type_name(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_uppercase() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_uppercase() {
                i += 1;
            }
            let mut end = i;
            if i < chars.len() && chars[i].is_ascii_lowercase() && end - start > 1 {
                end -= 1;
                i -= 1;
            }
            for (k, c) in chars[start..end].iter().enumerate() {
                out.push(if k == 0 { *c } else { c.to_ascii_lowercase() });
            }
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// `contextId` → `context_id`.
pub(crate) fn snake(json: &str) -> String {
    let mut out = String::new();
    for (i, c) in json.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else if c == '-' {
            out.push('_');
        } else {
            out.push(c);
        }
    }
    out
}

fn field_ident(json: &str) -> String {
    let s = snake(json);
    const KEYWORDS: &[&str] = &["type", "ref", "match", "self", "mod", "use", "final", "in", "fn", "struct", "enum"];
    if KEYWORDS.contains(&s.as_str()) { format!("r#{s}") } else { s }
}

/// `statusUpdate` / `TASK_STATE_WORKING` (prefix stripped) / `input-required` → `StatusUpdate` etc.
fn upper_camel(s: &str) -> String {
    let mut out = String::new();
    let mut up = true;
    for c in s.chars() {
        if c == '_' || c == '-' || c == ' ' {
            up = true;
        } else if up {
            out.push(c.to_ascii_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The Rust type of a schema type.
fn rust_ty(ty: &Ty) -> String {
    match ty {
        Ty::String => "String".into(),
        Ty::Bytes => "Vec<u8>".into(),
        Ty::I32 => "i32".into(),
        Ty::I64 => "i64".into(),
        Ty::Bool => "bool".into(),
        Ty::Any => "serde_json::Value".into(),
        Ty::Ref(name) => ref_ty(name),
        Ty::Array(item) => format!("Vec<{}>", rust_ty(item)),
        Ty::Map(value) => format!("std::collections::BTreeMap<String, {}>", rust_ty(value)),
        Ty::Null => "()".into(),
    }
}

fn ref_ty(name: &str) -> String {
    match name {
        "Value" => "serde_json::Value".into(),
        n if HANDWRITTEN.contains(&n) => format!("crate::{n}"),
        n => type_name(n),
    }
}

fn is_any(ty: &Ty) -> bool {
    matches!(ty, Ty::Any) || *ty == Ty::Ref("Value".into())
}

/// How a field is held in Rust, following the rules in the crate docs.
enum Shape {
    Required,
    DefaultFalse,
    Many,
    Optional,
}

fn shape(f: &Field) -> Shape {
    if f.required {
        Shape::Required
    } else if f.default_false {
        Shape::DefaultFalse
    } else if matches!(f.ty, Ty::Array(_) | Ty::Map(_)) {
        Shape::Many
    } else {
        Shape::Optional
    }
}

fn field_ty(f: &Field) -> String {
    if f.constant.is_some() {
        return "()".into();
    }
    match shape(f) {
        Shape::Optional => format!("Option<{}>", rust_ty(&f.ty)),
        _ => rust_ty(&f.ty),
    }
}

/// The `#[serde(...)]` attribute of a field; `wire` is true inside the private
/// deserialization helpers, where every member is read as an `Option`.
fn serde_attr(f: &Field, wire_member: bool) -> String {
    let mut parts = vec![format!("rename = {:?}", f.json)];
    let s = snake(&f.json);
    if s != f.json {
        parts.push(format!("alias = {s:?}"));
    }
    match (wire_member, shape(f)) {
        (true, _) => parts.push("default".into()),
        (false, Shape::Required) => {}
        (false, Shape::DefaultFalse) => {
            parts.push("default".into());
            parts.push("skip_serializing_if = \"crate::wire::is_false\"".into());
        }
        (false, Shape::Many) => {
            parts.push("default".into());
            let skip =
                if matches!(f.ty, Ty::Map(_)) { "std::collections::BTreeMap::is_empty" } else { "Vec::is_empty" };
            parts.push(format!("skip_serializing_if = \"{skip}\""));
        }
        (false, Shape::Optional) => {
            parts.push("default".into());
            parts.push("skip_serializing_if = \"Option::is_none\"".into());
        }
    }
    let optional = wire_member || matches!(shape(f), Shape::Optional);
    if f.ty == Ty::Bytes {
        parts.push(
            if optional { "with = \"crate::wire::base64_option\"" } else { "with = \"crate::wire::base64\"" }.into(),
        );
    } else if optional && is_any(&f.ty) {
        parts.push("deserialize_with = \"crate::wire::present\"".into());
    }
    let mut attr = format!("#[serde({})]\n", parts.join(", "));
    if f.ty == Ty::Bytes {
        let with = if optional { "Option<String>" } else { "String" };
        attr.push_str(&format!("#[cfg_attr(feature = \"schemars\", schemars(with = {with:?}))]\n"));
    }
    attr
}

const DERIVE_STRUCT: &str = "#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]\n\
#[cfg_attr(feature = \"schemars\", derive(schemars::JsonSchema))]\n";

fn plain_struct(def: &Def, fields: &[Field]) -> String {
    let fields: Vec<&Field> = fields.iter().collect();
    let name = type_name(&def.name);
    let mut out = doc_lines(&def.doc, &format!("The `{}` object.", def.name), "");
    let defaultable = fields.iter().all(|f| !f.required || f.constant.is_some());
    out.push_str(DERIVE_STRUCT);
    if defaultable {
        out.push_str("#[derive(Default)]\n");
    }
    if let Some(schema_name) = (name != def.name).then_some(&def.name) {
        writeln!(out, "#[cfg_attr(feature = \"schemars\", schemars(rename = {schema_name:?}))]").unwrap();
    }
    if fields.iter().any(|f| f.constant.is_some()) {
        // The private unit field of a constant looks like the pre-`#[non_exhaustive]` idiom.
        writeln!(out, "#[allow(clippy::manual_non_exhaustive)]").unwrap();
    }
    writeln!(out, "#[non_exhaustive]\npub struct {name} {{").unwrap();
    for f in &fields {
        if let Some(value) = &f.constant {
            out.push_str(&indent(&const_field(&name, f, value)));
            continue;
        }
        out.push_str(&doc_lines(&f.doc, &format!("The `{}` field.", f.json), "    "));
        out.push_str(&indent(&serde_attr(f, false)));
        writeln!(out, "    pub {}: {},", field_ident(&f.json), field_ty(f)).unwrap();
    }
    out.push_str("}\n\n");
    out.push_str(&constructors(&name, &def.name, &fields, None));
    for f in &fields {
        if let Some(value) = &f.constant {
            out.push_str(&const_fns(&name, f, value));
        }
    }
    out
}

/// A property with a fixed value (`const`, such as v0.3's `"kind": "task"`) is a private
/// unit field: it holds nothing, always writes the value, and rejects any other value
/// when present (it may be absent: a tagged union takes the tag off before reading).
fn const_field(owner: &str, f: &Field, value: &str) -> String {
    let fns = const_fn_name(owner, f);
    format!(
        "/// Always `{value:?}` on the wire; written by `Serialize`, checked by `Deserialize`.\n\
         #[serde(rename = {:?}, default, serialize_with = \"{fns}_write\", deserialize_with = \"{fns}_read\")]\n\
         #[cfg_attr(feature = \"schemars\", schemars(skip))]\n\
         {}: (),\n",
        f.json,
        field_ident(&f.json)
    )
}

fn const_fn_name(owner: &str, f: &Field) -> String {
    format!("{}_{}", snake(owner), snake(&f.json))
}

/// The serde functions of a constant field.
fn const_fns(owner: &str, f: &Field, value: &str) -> String {
    let fns = const_fn_name(owner, f);
    format!(
        "fn {fns}_write<S: serde::Serializer>(_: &(), serializer: S) -> Result<S::Ok, S::Error> {{\n    \
             serializer.serialize_str({value:?})\n}}\n\n\
         fn {fns}_read<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<(), D::Error> {{\n    \
             let found = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;\n    \
             if found == {value:?} {{\n        Ok(())\n    }} else {{\n        \
             Err(serde::de::Error::invalid_value(serde::de::Unexpected::Str(&found), &{:?}))\n    }}\n}}\n\n",
        format!("{value:?}")
    )
}

fn indent(s: &str) -> String {
    s.lines().map(|l| format!("    {l}\n")).collect()
}

/// `new` from the required fields (and the oneof), plus `with_*` setters for the rest.
fn constructors(name: &str, schema_name: &str, fields: &[&Field], oneof: Option<(&str, &str)>) -> String {
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for f in fields {
        let id = field_ident(&f.json);
        if f.constant.is_some() {
            inits.push(format!("{id}: ()"));
        } else if f.required {
            args.push(format!("{id}: impl Into<{}>", rust_ty(&f.ty)));
            inits.push(format!("{id}: {id}.into()"));
        } else {
            let empty = match shape(f) {
                Shape::DefaultFalse => "false",
                Shape::Many => {
                    if matches!(f.ty, Ty::Map(_)) {
                        "std::collections::BTreeMap::new()"
                    } else {
                        "Vec::new()"
                    }
                }
                _ => "None",
            };
            inits.push(format!("{id}: {empty}"));
        }
    }
    if let Some((field, ty)) = oneof {
        args.insert(0, format!("{field}: impl Into<{ty}>"));
        inits.insert(0, format!("{field}: {field}.into()"));
    }
    let mut out = format!("impl {name} {{\n");
    if args.is_empty() {
        writeln!(out, "    /// Creates an empty `{schema_name}`; every field is unset.").unwrap();
    } else {
        writeln!(out, "    /// Creates a `{schema_name}` from its required fields; the others start unset.").unwrap();
    }
    if args.len() > 7 {
        // A constructor mirrors the schema's required fields, however many there are.
        writeln!(out, "    #[allow(clippy::too_many_arguments)]").unwrap();
    }
    writeln!(out, "    pub fn new({}) -> Self {{\n        Self {{ {} }}\n    }}\n", args.join(", "), inits.join(", "))
        .unwrap();
    for f in fields.iter().filter(|f| !f.required && f.constant.is_none()) {
        let id = field_ident(&f.json);
        let plain = snake(&f.json);
        writeln!(out, "    /// Sets `{}`.\n    #[must_use]", f.json).unwrap();
        match (shape(f), &f.ty) {
            (Shape::DefaultFalse, _) => writeln!(
                out,
                "    pub fn with_{plain}(mut self, {plain}: bool) -> Self {{ self.{id} = {plain}; self }}"
            ),
            (Shape::Many, Ty::Map(v)) => writeln!(
                out,
                "    pub fn with_{plain}(mut self, {plain}: impl IntoIterator<Item = (String, {})>) -> Self {{ self.{id} = {plain}.into_iter().collect(); self }}",
                rust_ty(v)
            ),
            (Shape::Many, Ty::Array(item)) => writeln!(
                out,
                "    pub fn with_{plain}(mut self, {plain}: impl IntoIterator<Item = impl Into<{}>>) -> Self {{ self.{id} = {plain}.into_iter().map(Into::into).collect(); self }}",
                rust_ty(item)
            ),
            _ => writeln!(
                out,
                "    pub fn with_{plain}(mut self, {plain}: impl Into<{}>) -> Self {{ self.{id} = Some({plain}.into()); self }}",
                rust_ty(&f.ty)
            ),
        }
        .unwrap();
    }
    out.push_str("}\n\n");
    out
}

/// The variants of a oneof: (JSON name, variant name, Rust type, field).
fn oneof_variants<'a>(fields: &'a [Field], oneof: &Oneof) -> Result<Vec<(&'a Field, String, String)>, String> {
    oneof
        .members
        .iter()
        .map(|m| {
            let f = fields.iter().find(|f| &f.json == m).ok_or_else(|| format!("oneof member {m} has no property"))?;
            Ok((f, upper_camel(m), rust_ty(&f.ty)))
        })
        .collect()
}

/// The enum of a oneof's members, serialized as `{"member": value}`.
fn member_enum(name: &str, doc: &str, variants: &[(&Field, String, String)]) -> String {
    let mut out = doc.to_string();
    out.push_str("#[derive(Debug, Clone, PartialEq, Serialize)]\n");
    out.push_str("#[cfg_attr(feature = \"schemars\", derive(schemars::JsonSchema))]\n");
    writeln!(out, "#[non_exhaustive]\npub enum {name} {{").unwrap();
    for (f, variant, ty) in variants {
        out.push_str(&doc_lines(&f.doc, &format!("The `{}` member.", f.json), "    "));
        let mut attr = format!("#[serde(rename = {:?}", f.json);
        if f.ty == Ty::Bytes {
            attr.push_str(
                ", with = \"crate::wire::base64\")]\n#[cfg_attr(feature = \"schemars\", schemars(with = \"String\"))]",
            );
        } else {
            attr.push_str(")]");
        }
        out.push_str(&indent(&attr));
        writeln!(out, "    {variant}({ty}),").unwrap();
    }
    out.push_str("}\n\n");
    // `From` for each member type that only one member has, so `StreamResponse::from(task)` works.
    for (_, variant, ty) in variants {
        if variants.iter().filter(|(_, _, t)| t == ty).count() == 1 && !ty.starts_with("Vec<") && ty != "String" {
            writeln!(
                out,
                "impl From<{ty}> for {name} {{\n    fn from(value: {ty}) -> Self {{\n        Self::{variant}(value)\n    }}\n}}\n"
            )
            .unwrap();
        }
    }
    out
}

/// A private struct that reads every member as an `Option`, so that a missing member or
/// two present members give an error naming them, instead of serde's generic message.
/// With `schemars`, it is also the schema of what is read (`#[serde(try_from)]` asks for it).
fn wire_struct(wire: &str, fields: &[&Field], members: &[String]) -> String {
    let mut out = format!(
        "#[derive(Deserialize)]\n#[cfg_attr(feature = \"schemars\", derive(schemars::JsonSchema))]\nstruct {wire} {{\n"
    );
    for f in fields {
        let member = members.contains(&f.json);
        out.push_str(&indent(&serde_attr(f, member)));
        let ty = if member { format!("Option<{}>", rust_ty(&f.ty)) } else { field_ty(f) };
        writeln!(out, "    {}: {ty},", field_ident(&f.json)).unwrap();
    }
    out.push_str("}\n\n");
    out
}

fn pick_one(owner: &str, enum_name: &str, variants: &[(&Field, String, String)]) -> String {
    let candidates: Vec<String> = variants
        .iter()
        .map(|(f, v, _)| format!("({:?}, wire.{}.map({enum_name}::{v}))", f.json, field_ident(&f.json)))
        .collect();
    format!("crate::wire::pick_one({owner:?}, [{}])?", candidates.join(", "))
}

fn oneof_enum(_schema: &Schema, def: &Def, fields: &[Field], oneof: &Oneof) -> Result<String, String> {
    let name = type_name(&def.name);
    let variants = oneof_variants(fields, oneof)?;
    let wire = format!("{name}Wire");
    let doc = doc_lines(&def.doc, &format!("The `{}` object.", def.name), "");
    let mut out = member_enum(&name, &doc, &variants);
    // `member_enum` derives only Serialize; reading goes through the wire struct.
    out = out.replacen(
        "#[non_exhaustive]\npub enum",
        &format!("#[derive(Deserialize)]\n#[serde(try_from = {wire:?})]\n#[non_exhaustive]\npub enum"),
        1,
    );
    let refs: Vec<&Field> = fields.iter().collect();
    out.push_str(&wire_struct(&wire, &refs, &oneof.members));
    writeln!(
        out,
        "impl TryFrom<{wire}> for {name} {{\n    type Error = crate::wire::OneofError;\n    fn try_from(wire: {wire}) -> Result<Self, Self::Error> {{\n        {}\n    }}\n}}\n",
        pick_one(&def.name, &name, &variants).trim_end_matches('?')
    )
    .unwrap();
    Ok(out)
}

fn struct_with_oneof(_schema: &Schema, def: &Def, fields: &[Field], oneof: &Oneof) -> Result<String, String> {
    let name = type_name(&def.name);
    let enum_name = format!("{name}{}", upper_camel(&oneof.name));
    let oneof_field = snake(&oneof.name);
    let variants = oneof_variants(fields, oneof)?;
    let wire = format!("{name}Wire");
    let rest: Vec<&Field> =
        fields.iter().filter(|f| !oneof.members.contains(&f.json) && f.constant.is_none()).collect();

    let mut out = doc_lines(&def.doc, &format!("The `{}` object.", def.name), "");
    out.push_str("#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]\n");
    out.push_str("#[cfg_attr(feature = \"schemars\", derive(schemars::JsonSchema))]\n");
    writeln!(out, "#[serde(try_from = {wire:?})]\n#[non_exhaustive]\npub struct {name} {{").unwrap();
    writeln!(
        out,
        "    /// The `{}` oneof: exactly one of {} is present on the wire.\n    #[serde(flatten)]\n    pub {oneof_field}: {enum_name},",
        oneof.name,
        oneof.members.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ")
    )
    .unwrap();
    for f in &rest {
        out.push_str(&doc_lines(&f.doc, &format!("The `{}` field.", f.json), "    "));
        out.push_str(&indent(&serde_attr(f, false)));
        writeln!(out, "    pub {}: {},", field_ident(&f.json), field_ty(f)).unwrap();
    }
    out.push_str("}\n\n");
    out.push_str(&constructors(&name, &def.name, &rest, Some((&oneof_field, &enum_name))));
    let enum_doc = format!("/// The members of the `{}` oneof of [`{name}`].\n", oneof.name);
    out.push_str(&member_enum(&enum_name, &enum_doc, &variants));
    let all: Vec<&Field> = fields.iter().filter(|f| f.constant.is_none()).collect();
    out.push_str(&wire_struct(&wire, &all, &oneof.members));
    let inits: Vec<String> = rest.iter().map(|f| format!("{0}: wire.{0}", field_ident(&f.json))).collect();
    writeln!(
        out,
        "impl TryFrom<{wire}> for {name} {{\n    type Error = crate::wire::OneofError;\n    fn try_from(wire: {wire}) -> Result<Self, Self::Error> {{\n        let {oneof_field} = {};\n        Ok(Self {{ {oneof_field}, {} }})\n    }}\n}}\n",
        pick_one(&def.name, &enum_name, &variants),
        inits.join(", ")
    )
    .unwrap();
    Ok(out)
}

/// The common `PREFIX_` of enum values (`TASK_STATE_`), stripped from variant names.
fn common_prefix(values: &[(String, String)]) -> usize {
    let first = &values[0].0;
    let mut len = first.len();
    for (v, _) in values {
        len = len.min(first.bytes().zip(v.bytes()).take_while(|(a, b)| a == b).count());
    }
    first[..len].rfind('_').map_or(0, |i| i + 1)
}

fn string_enum(def: &Def, values: &[(String, String)]) -> String {
    let name = type_name(&def.name);
    let prefix = if values.len() > 1 { common_prefix(values) } else { 0 };
    let mut out = doc_lines(&def.doc, &format!("The `{}` enum.", def.name), "");
    out.push_str("#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]\n");
    out.push_str("#[cfg_attr(feature = \"schemars\", derive(schemars::JsonSchema))]\n");
    writeln!(out, "#[non_exhaustive]\npub enum {name} {{").unwrap();
    for (value, doc) in values {
        out.push_str(&doc_lines(doc, &format!("`{value}`."), "    "));
        writeln!(out, "    #[serde(rename = {value:?})]",).unwrap();
        writeln!(out, "    {},", upper_camel(&value[prefix..].to_ascii_lowercase())).unwrap();
    }
    out.push_str("}\n\n");
    writeln!(out, "impl {name} {{\n    /// The value's name on the wire.\n    pub const fn as_str(self) -> &'static str {{\n        match self {{").unwrap();
    for (value, _) in values {
        writeln!(out, "            Self::{} => {value:?},", upper_camel(&value[prefix..].to_ascii_lowercase()))
            .unwrap();
    }
    out.push_str("        }\n    }\n}\n\n");
    writeln!(
        out,
        "impl std::fmt::Display for {name} {{\n    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {{\n        f.write_str(self.as_str())\n    }}\n}}\n"
    )
    .unwrap();
    out
}

/// A union told apart by a constant property. Each member struct writes its own tag (see
/// [`const_field`]), so the union serializes as its member does and a member serialized on
/// its own carries the tag too; reading goes through serde's internally tagged enums.
fn tagged_enum(schema: &Schema, def: &Def, tag: &str, variants: &[(String, String)]) -> Result<String, String> {
    for (ty, value) in variants {
        let member =
            schema.defs.iter().find(|d| &d.name == ty).ok_or_else(|| format!("{}: no definition {ty}", def.name))?;
        let fixed = match &member.kind {
            DefKind::Struct { fields, oneof: None } => {
                fields.iter().find(|f| f.json == tag).and_then(|f| f.constant.as_ref())
            }
            _ => None,
        };
        if fixed != Some(value) {
            return Err(format!("{}: member {ty} must be a struct whose `{tag}` is `\"const\": {value:?}`", def.name));
        }
    }
    let name = type_name(&def.name);
    let variant = |value: &str| type_name(&upper_camel(value));
    let mut out = doc_lines(&def.doc, &format!("The `{}` union.", def.name), "");
    out.push_str("#[derive(Debug, Clone, PartialEq, Deserialize)]\n");
    out.push_str("#[cfg_attr(feature = \"schemars\", derive(schemars::JsonSchema))]\n");
    writeln!(out, "#[serde(tag = {tag:?})]\n#[non_exhaustive]\npub enum {name} {{").unwrap();
    for (ty, value) in variants {
        writeln!(
            out,
            "    /// A `{ty}`, tagged `\"{tag}\": \"{value}\"`.\n    #[serde(rename = {value:?})]\n    {}({}),",
            variant(value),
            ref_ty(ty)
        )
        .unwrap();
    }
    out.push_str("}\n\n");
    writeln!(out, "impl Serialize for {name} {{\n    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {{\n        // Every member writes its own `{tag}`.\n        match self {{").unwrap();
    for (_, value) in variants {
        writeln!(out, "            Self::{}(value) => value.serialize(serializer),", variant(value)).unwrap();
    }
    out.push_str("        }\n    }\n}\n\n");
    for (ty, value) in variants {
        writeln!(
            out,
            "impl From<{0}> for {name} {{\n    fn from(value: {0}) -> Self {{\n        Self::{1}(value)\n    }}\n}}\n",
            ref_ty(ty),
            variant(value)
        )
        .unwrap();
    }
    Ok(out)
}

fn untagged_enum(def: &Def, variants: &[String]) -> String {
    let name = type_name(&def.name);
    let mut out = doc_lines(&def.doc, &format!("The `{}` union.", def.name), "");
    out.push_str("#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]\n");
    out.push_str("#[cfg_attr(feature = \"schemars\", derive(schemars::JsonSchema))]\n");
    writeln!(out, "#[serde(untagged)]\n#[non_exhaustive]\npub enum {name} {{").unwrap();
    for ty in variants {
        writeln!(out, "    /// A `{ty}`.\n    {}({}),", type_name(ty), ref_ty(ty)).unwrap();
    }
    out.push_str("}\n\n");
    for ty in variants {
        writeln!(
            out,
            "impl From<{0}> for {name} {{\n    fn from(value: {0}) -> Self {{\n        Self::{1}(value)\n    }}\n}}\n",
            ref_ty(ty),
            type_name(ty)
        )
        .unwrap();
    }
    out
}

/// `pub type Name = ...;` for an array or `null` definition.
fn alias(def: &Def, ty: &Ty) -> String {
    let mut out = doc_lines(&def.doc, &format!("The `{}` type.", def.name), "");
    writeln!(out, "pub type {} = {};\n", type_name(&def.name), rust_ty(ty)).unwrap();
    out
}

fn method_table(rpcs: &[Rpc], module: &str) -> String {
    let mut out = String::new();
    writeln!(
        out,
        "/// Every JSON-RPC method of this protocol version, with the facts a router needs.\n\
         #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]\n#[non_exhaustive]\npub enum Method {{"
    )
    .unwrap();
    for r in rpcs {
        out.push_str(&doc_lines(&r.doc, &format!("`{}`.", r.method), "    "));
        writeln!(out, "    {},", upper_camel(&r.method.replace('/', "_"))).unwrap();
    }
    out.push_str("}\n\n");
    let arms = |f: &dyn Fn(&Rpc) -> String| -> String {
        rpcs.iter()
            .map(|r| format!("            Self::{} => {},\n", upper_camel(&r.method.replace('/', "_")), f(r)))
            .collect()
    };
    writeln!(out, "impl Method {{").unwrap();
    writeln!(
        out,
        "    /// All methods, in the order the schema lists them.\n    pub const ALL: &'static [Method] = &[{}];\n",
        rpcs.iter()
            .map(|r| format!("Method::{}", upper_camel(&r.method.replace('/', "_"))))
            .collect::<Vec<_>>()
            .join(", ")
    )
    .unwrap();
    writeln!(out, "    /// The method's name on the wire.\n    pub const fn name(self) -> &'static str {{\n        match self {{\n{}        }}\n    }}\n", arms(&|r| format!("{:?}", r.method))).unwrap();
    writeln!(out, "    /// Looks a method up by its wire name; `None` for names this version does not define.\n    pub fn from_name(name: &str) -> Option<Self> {{\n        match name {{").unwrap();
    for r in rpcs {
        writeln!(out, "            {:?} => Some(Self::{}),", r.method, upper_camel(&r.method.replace('/', "_")))
            .unwrap();
    }
    out.push_str("            _ => None,\n        }\n    }\n\n");
    writeln!(out, "    /// Whether the method answers with a Server-Sent Events stream instead of one response.\n    pub const fn is_streaming(self) -> bool {{\n        match self {{\n{}        }}\n    }}\n", arms(&|r| r.sse.to_string())).unwrap();
    writeln!(out, "    /// Whether a request must carry `params`.\n    pub const fn requires_params(self) -> bool {{\n        match self {{\n{}        }}\n    }}\n}}\n", arms(&|r| r.params_required.to_string())).unwrap();
    writeln!(out, "impl std::fmt::Display for Method {{\n    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {{\n        f.write_str(self.name())\n    }}\n}}\n").unwrap();
    writeln!(
        out,
        "/// One marker type per JSON-RPC method, tying its name to its parameter and result types.\npub mod methods {{"
    )
    .unwrap();
    for r in rpcs {
        let marker = upper_camel(&r.method.replace('/', "_"));
        let params = r.params.as_deref().map_or("()".to_string(), |p| format!("super::{}", type_name(p)));
        out.push_str(&doc_lines(&r.doc, &format!("`{}`.", r.method), "    "));
        writeln!(
            out,
            "    #[derive(Debug, Clone, Copy, Default)]\n    pub struct {marker};\n\n    impl crate::jsonrpc::RpcMethod for {marker} {{\n        const NAME: &'static str = {:?};\n        const STREAMING: bool = {};\n        type Params = {params};\n        type Result = super::{};\n    }}\n",
            r.method,
            r.sse,
            type_name(&r.result)
        )
        .unwrap();
    }
    out.push_str("}\n");
    let _ = module;
    out
}
