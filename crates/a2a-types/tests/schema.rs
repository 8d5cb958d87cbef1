//! The Rust types agree with `schema/a2a-v1.0.schema.json`, the schema they are generated from.
//!
//! For every type with a `$defs` entry, the JSON Schema that schemars derives from the Rust
//! type is normalised and compared with the def of the same name:
//!
//! - objects: the same property names, the same `required` set, compatible types for each
//!   property (string / integer with the same `format` / boolean / array / map / `$ref` to the
//!   same def name), and presence that matches: a property that is not required must be an
//!   `Option` in Rust, except lists and maps (absent means empty) and proto3 `bool`s
//!   (`"default": false` in the schema, a plain `bool` in Rust); a required one must not be
//!   an `Option`; and unknown properties must stay allowed (no `deny_unknown_fields`);
//! - string enums: the same values;
//! - oneofs: the same member names;
//! - named scalars (ids, `Timestamp`, `JsonRpcId`): the same type.
//!
//! Both schemars contracts are checked: the deserialize contract (what we accept) and the
//! serialize contract (what we write; a required property must always be written, so it is
//! required there too).
//!
//! Gaps, where schemars' output cannot express what the schema says:
//! - oneofs are read through a private `*Wire` struct (`#[serde(try_from)]`), whose schema has
//!   every member as an optional property and no "exactly one" rule. Member names are
//!   compared on the serialize contract, where the members appear as a `oneOf`; the
//!   exactly-one rule itself is tested by behaviour in `tests/wire.rs`.
//! - `bytes` fields carry `contentEncoding: base64` in the schema but are plain strings for
//!   schemars (`schemars(with = "String")`); base64 handling is tested in `tests/wire.rs`.
//! - snake_case aliases are invisible to schemars; tested in `tests/wire.rs`.
//! - the JSON-RPC envelopes (`<Method>JsonRpcRequest`/`Response`) are the generic
//!   `JsonRpcRequest<P>`/`JsonRpcResponse<R>`, which do not derive `JsonSchema`; instead
//!   the method table (`methods::*`, `Method`) is checked against those defs.
//! - descriptions are not compared.
//!
//! Needs the `schemars` feature: `cargo test -p a2a-types --all-features`.
#![cfg(feature = "schemars")]

use a2a_types::jsonrpc::RpcMethod;
use a2a_types::{Method, methods};
use schemars::generate::{Contract, SchemaSettings};
use schemars::{JsonSchema, SchemaGenerator};
use serde_json::{Map, Value};
use std::collections::BTreeSet;

// ---------------------------------------------------------------------------------------
// The types under test
// ---------------------------------------------------------------------------------------

/// A Rust type with a def in the schema.
struct RustType {
    rust_name: &'static str,
    schema_name: String,
    register: fn(&mut SchemaGenerator) -> schemars::Schema,
}

macro_rules! rust_types {
    ($($ty:ident),* $(,)?) => {
        vec![$(RustType {
            rust_name: stringify!($ty),
            schema_name: <a2a_types::$ty as JsonSchema>::schema_name().into_owned(),
            register: |g| g.subschema_for::<a2a_types::$ty>(),
        }),*]
    };
}

/// Every type of `src/generated/v1.rs` that stands for a schema def
/// (`every_generated_type_is_listed` keeps this list complete).
fn generated_types() -> Vec<RustType> {
    rust_types![
        SendMessageConfiguration,
        Task,
        TaskState,
        TaskStatus,
        Part,
        Role,
        Message,
        Artifact,
        TaskStatusUpdateEvent,
        TaskArtifactUpdateEvent,
        AuthenticationInfo,
        AgentInterface,
        AgentCard,
        AgentProvider,
        AgentCapabilities,
        AgentExtension,
        AgentSkill,
        AgentCardSignature,
        TaskPushNotificationConfig,
        StringList,
        SecurityRequirement,
        SecurityScheme,
        ApiKeySecurityScheme,
        HttpAuthSecurityScheme,
        OAuth2SecurityScheme,
        OpenIdConnectSecurityScheme,
        MutualTlsSecurityScheme,
        OAuthFlows,
        AuthorizationCodeOAuthFlow,
        ClientCredentialsOAuthFlow,
        ImplicitOAuthFlow,
        PasswordOAuthFlow,
        DeviceCodeOAuthFlow,
        SendMessageRequest,
        GetTaskRequest,
        ListTasksRequest,
        ListTasksResponse,
        CancelTaskRequest,
        GetTaskPushNotificationConfigRequest,
        DeleteTaskPushNotificationConfigRequest,
        SubscribeToTaskRequest,
        ListTaskPushNotificationConfigsRequest,
        GetExtendedAgentCardRequest,
        SendMessageResponse,
        StreamResponse,
        ListTaskPushNotificationConfigsResponse,
        Empty,
    ]
}

/// Hand-written types that stand for schema defs.
fn hand_written_types() -> Vec<RustType> {
    rust_types![TaskId, ContextId, MessageId, ArtifactId, Timestamp, JsonRpcId, JsonRpcError]
}

fn all_types() -> Vec<RustType> {
    let mut all = generated_types();
    all.extend(hand_written_types());
    all
}

/// Public types in the generated file that are not schema defs.
const GENERATED_NON_DEFS: &[&str] = &[
    "PartContent", // the `content` oneof of `Part`, flattened into it on the wire
    "Method",      // the table of JSON-RPC methods
];

/// Schema defs without a Rust type of their own.
fn is_def_without_rust_type(name: &str) -> bool {
    matches!(name, "Struct" | "Value" | "JsonRpcErrorResponse") // serde_json::Map, serde_json::Value, JsonRpcResponse<R>
        || name.ends_with("JsonRpcRequest") // JsonRpcRequest<P>
        || name.ends_with("JsonRpcResponse") // JsonRpcResponse<R>
}

// ---------------------------------------------------------------------------------------
// Loading both sides
// ---------------------------------------------------------------------------------------

fn schema_defs() -> Map<String, Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../schema/a2a-v1.0.schema.json");
    let text = std::fs::read_to_string(path).expect("reading the schema");
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    schema["$defs"].as_object().expect("the schema has $defs").clone()
}

/// The defs schemars derives for every type under test, under one contract.
fn rust_defs(contract: Contract) -> Map<String, Value> {
    let mut settings = SchemaSettings::draft2020_12();
    settings.contract = contract;
    let mut generator = settings.into_generator();
    for t in all_types() {
        (t.register)(&mut generator);
    }
    generator.take_definitions(true)
}

/// The def named `name` on the Rust side, which must exist.
fn rust_def<'a>(defs: &'a Map<String, Value>, name: &str) -> &'a Value {
    defs.get(name).unwrap_or_else(|| panic!("schemars produced no def named {name}"))
}

// ---------------------------------------------------------------------------------------
// Normalisation
// ---------------------------------------------------------------------------------------

/// A property's type with the differences between the two writers taken out.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    String {
        format: Option<String>,
    },
    Integer {
        format: Option<String>,
    },
    Number,
    Boolean,
    Array(Box<Kind>),
    /// An object used as a map (`additionalProperties`), including `Struct`.
    Map(Box<Kind>),
    /// A reference to a def, by name.
    Ref(String),
    /// Any JSON value (`Value`, `{}`, `true`).
    Any,
    /// A union of primitive types, such as `JsonRpcId`.
    Union(BTreeSet<&'static str>),
}

#[derive(Debug, Clone)]
struct Normal {
    kind: Kind,
    /// Whether `null` is allowed: an `Option` on the Rust side.
    nullable: bool,
}

fn type_name(t: &str) -> &'static str {
    match t {
        "string" => "string",
        "integer" => "integer",
        "number" => "number",
        "boolean" => "boolean",
        "array" => "array",
        "object" => "object",
        "null" => "null",
        other => panic!("unknown JSON Schema type {other}"),
    }
}

/// The def name of a `$ref` (`#/$defs/Task` -> `Task`).
fn ref_name(r: &str) -> String {
    r.strip_prefix("#/$defs/").unwrap_or_else(|| panic!("unexpected $ref {r}")).to_string()
}

/// Reduces one property schema (from either side) to a [`Normal`].
fn normalise(schema: &Value) -> Normal {
    let plain = |kind| Normal { kind, nullable: false };
    let obj = match schema {
        Value::Bool(true) => return Normal { kind: Kind::Any, nullable: true },
        Value::Object(o) => o,
        other => panic!("unexpected schema {other}"),
    };
    if let Some(r) = obj.get("$ref").and_then(Value::as_str) {
        return match ref_name(r).as_str() {
            // Well-known types without a Rust type of their own.
            "Struct" => plain(Kind::Map(Box::new(Kind::Any))),
            "Value" => Normal { kind: Kind::Any, nullable: true },
            name => plain(Kind::Ref(name.to_string())),
        };
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(members) = obj.get(key).and_then(Value::as_array) {
            let is_null = |m: &Value| m.get("type").and_then(Value::as_str) == Some("null");
            let others: Vec<&Value> = members.iter().filter(|m| !is_null(m)).collect();
            let nullable = others.len() < members.len();
            if others.len() == 1 {
                let inner = normalise(others[0]);
                return Normal { kind: inner.kind, nullable: nullable || inner.nullable };
            }
            // A union of primitive types, written as one `type` each.
            let types: BTreeSet<&'static str> = members
                .iter()
                .map(|m| type_name(m.get("type").and_then(Value::as_str).expect("a union of plain types")))
                .collect();
            return plain(Kind::Union(types));
        }
    }
    let format = obj.get("format").and_then(Value::as_str).map(str::to_string);
    let (ty, nullable) = match obj.get("type") {
        None => return Normal { kind: Kind::Any, nullable: true },
        Some(Value::String(t)) => (type_name(t), false),
        Some(Value::Array(ts)) => {
            let mut ts: BTreeSet<&'static str> = ts.iter().map(|t| type_name(t.as_str().unwrap())).collect();
            let nullable = ts.remove("null");
            if ts.len() != 1 {
                if nullable {
                    ts.insert("null");
                }
                return plain(Kind::Union(ts));
            }
            (ts.into_iter().next().unwrap(), nullable)
        }
        Some(other) => panic!("unexpected type {other}"),
    };
    let kind = match ty {
        "string" => Kind::String { format },
        "integer" => Kind::Integer { format },
        "number" => Kind::Number,
        "boolean" => Kind::Boolean,
        "array" => Kind::Array(Box::new(normalise(obj.get("items").expect("arrays have items")).kind)),
        "object" => {
            assert!(!obj.contains_key("properties"), "an inline object with properties: {schema}");
            match obj.get("additionalProperties") {
                None | Some(Value::Bool(true)) => Kind::Map(Box::new(Kind::Any)),
                Some(values) => Kind::Map(Box::new(normalise(values).kind)),
            }
        }
        other => panic!("unexpected type {other} in a property"),
    };
    Normal { kind, nullable }
}

/// Whether a Rust property type is what the schema asks for.
fn compatible(schema: &Kind, rust: &Kind) -> bool {
    match (schema, rust) {
        // A format in the schema (int32, date-time) must be matched; no format means any.
        (Kind::String { format: s }, Kind::String { format: r })
        | (Kind::Integer { format: s }, Kind::Integer { format: r }) => s.is_none() || s == r,
        (Kind::Array(s), Kind::Array(r)) | (Kind::Map(s), Kind::Map(r)) => compatible(s, r),
        (s, r) => s == r,
    }
}

fn properties(def: &Value) -> Map<String, Value> {
    def.get("properties").and_then(Value::as_object).cloned().unwrap_or_default()
}

fn required(def: &Value) -> BTreeSet<String> {
    def.get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().map(|v| v.as_str().unwrap().to_string()).collect())
        .unwrap_or_default()
}

fn names(props: &Map<String, Value>) -> BTreeSet<String> {
    props.keys().cloned().collect()
}

/// The member names of a `oneOf` of `{"required": [member], ...}` entries.
fn oneof_members(def: &Value) -> BTreeSet<String> {
    def.get("oneOf")
        .and_then(Value::as_array)
        .map(|branches| {
            branches
                .iter()
                .map(|b| {
                    let r = required(b);
                    assert_eq!(r.len(), 1, "a oneOf branch names exactly one member: {b}");
                    r.into_iter().next().unwrap()
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The properties of the members of a oneOf, as schemars writes them for the serialize
/// contract (each branch an object holding one member).
fn oneof_member_properties(def: &Value) -> Map<String, Value> {
    let mut out = Map::new();
    for branch in def.get("oneOf").and_then(Value::as_array).into_iter().flatten() {
        out.extend(properties(branch));
    }
    out
}

/// The values of a string enum, as `enum` or as a `oneOf` of `const`s.
fn enum_values(def: &Value) -> BTreeSet<String> {
    if let Some(values) = def.get("enum").and_then(Value::as_array) {
        return values.iter().map(|v| v.as_str().unwrap().to_string()).collect();
    }
    def.get("oneOf")
        .and_then(Value::as_array)
        .expect("a string enum lists its values")
        .iter()
        .map(|b| b.get("const").and_then(Value::as_str).expect("each enum branch is a const").to_string())
        .collect()
}

/// The shape of a schema def.
enum Shape {
    Object,
    StringEnum,
    Scalar,
}

fn shape(def: &Value) -> Shape {
    let is_const = |b: &Value| b.get("const").is_some();
    if def.get("type") == Some(&Value::from("object")) {
        Shape::Object
    } else if def.get("oneOf").and_then(Value::as_array).is_some_and(|bs| bs.iter().all(is_const)) {
        Shape::StringEnum
    } else {
        Shape::Scalar
    }
}

/// The defs of the schema that have a Rust type, with that type's Rust name.
fn checked_defs() -> Vec<(String, &'static str)> {
    all_types().into_iter().map(|t| (t.schema_name, t.rust_name)).collect()
}

fn assert_no_problems(what: &str, problems: Vec<String>) {
    assert!(problems.is_empty(), "{what}: {} problem(s)\n  {}", problems.len(), problems.join("\n  "));
}

// ---------------------------------------------------------------------------------------
// Coverage: the lists above match the code and the schema
// ---------------------------------------------------------------------------------------

#[test]
fn every_generated_type_is_listed() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/generated/v1.rs");
    let source = std::fs::read_to_string(path).expect("reading the generated code");
    let in_source: BTreeSet<&str> = source
        .lines()
        .filter_map(|l| l.strip_prefix("pub struct ").or_else(|| l.strip_prefix("pub enum ")))
        .map(|rest| rest.split(|c: char| !c.is_alphanumeric() && c != '_').next().unwrap())
        .filter(|name| !GENERATED_NON_DEFS.contains(name))
        .collect();
    let listed: BTreeSet<&str> = generated_types().iter().map(|t| t.rust_name).collect();
    assert_eq!(in_source, listed, "generated_types() must list every generated type");
}

#[test]
fn every_schema_def_has_a_rust_type() {
    let defs: BTreeSet<String> = schema_defs().keys().filter(|name| !is_def_without_rust_type(name)).cloned().collect();
    let covered: BTreeSet<String> = all_types().into_iter().map(|t| t.schema_name).collect();
    assert_eq!(defs, covered);
}

#[test]
fn rust_schemas_refer_only_to_defs_of_the_schema() {
    let schema = schema_defs();
    for contract in [Contract::Deserialize, Contract::Serialize] {
        let unknown: Vec<String> = rust_defs(contract).keys().filter(|k| !schema.contains_key(*k)).cloned().collect();
        assert!(unknown.is_empty(), "schemars produced defs the schema does not have: {unknown:?}");
    }
}

// ---------------------------------------------------------------------------------------
// Agreement
// ---------------------------------------------------------------------------------------

/// Compares one object def with the deserialize-contract schema of its Rust type.
fn object_problems_on_input(name: &str, schema: &Value, rust: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let (s_props, r_props) = (properties(schema), properties(rust));
    let (s_req, r_req) = (required(schema), required(rust));
    if names(&s_props) != names(&r_props) {
        problems.push(format!(
            "{name}: properties differ: only in schema {:?}, only in Rust {:?}",
            names(&s_props).difference(&names(&r_props)).collect::<Vec<_>>(),
            names(&r_props).difference(&names(&s_props)).collect::<Vec<_>>(),
        ));
    }
    if s_req != r_req {
        problems.push(format!("{name}: required differs: schema {s_req:?}, Rust {r_req:?}"));
    }
    if rust.get("additionalProperties") == Some(&Value::Bool(false)) {
        problems.push(format!("{name}: Rust rejects unknown properties; the schema allows them"));
    }
    for (prop, s_schema) in &s_props {
        let Some(r_schema) = r_props.get(prop) else { continue };
        let (s, r) = (normalise(s_schema), normalise(r_schema));
        if !compatible(&s.kind, &r.kind) {
            problems.push(format!("{name}.{prop}: schema type {:?}, Rust type {:?}", s.kind, r.kind));
        }
        let proto3_bool = s.kind == Kind::Boolean && s_schema.get("default") == Some(&Value::Bool(false));
        let absent_means_empty = matches!(s.kind, Kind::Array(_) | Kind::Map(_) | Kind::Any);
        if s_req.contains(prop) {
            if r.nullable && s.kind != Kind::Any {
                problems.push(format!("{name}.{prop}: required in the schema but an Option in Rust"));
            }
        } else if proto3_bool {
            if r.nullable {
                problems.push(format!(
                    "{name}.{prop}: a proto3 bool (default false) should be a plain bool, not an Option"
                ));
            }
        } else if !absent_means_empty && !r.nullable {
            problems.push(format!("{name}.{prop}: optional in the schema but not an Option in Rust"));
        }
    }
    problems
}

/// Compares one object def with the serialize-contract schema of its Rust type: what we
/// write has the same property names, and always writes the required ones.
fn object_problems_on_output(name: &str, schema: &Value, rust: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let mut r_props = properties(rust);
    r_props.extend(oneof_member_properties(rust));
    let s_props = properties(schema);
    if names(&s_props) != names(&r_props) {
        problems.push(format!(
            "{name}: written properties differ: only in schema {:?}, only in Rust {:?}",
            names(&s_props).difference(&names(&r_props)).collect::<Vec<_>>(),
            names(&r_props).difference(&names(&s_props)).collect::<Vec<_>>(),
        ));
    }
    let (s_req, r_req) = (required(schema), required(rust));
    if s_req != r_req {
        problems.push(format!(
            "{name}: always-written properties differ: schema requires {s_req:?}, Rust always writes {r_req:?}"
        ));
    }
    for (prop, s_schema) in &s_props {
        let Some(r_schema) = r_props.get(prop) else { continue };
        let (s, r) = (normalise(s_schema).kind, normalise(r_schema).kind);
        if !compatible(&s, &r) {
            problems.push(format!("{name}.{prop}: schema type {s:?}, written as {r:?}"));
        }
    }
    problems
}

#[test]
fn objects_have_the_same_properties_required_fields_and_types_on_input() {
    let (schema, rust) = (schema_defs(), rust_defs(Contract::Deserialize));
    let mut problems = Vec::new();
    for (name, _) in checked_defs() {
        let def = &schema[&name];
        if let Shape::Object = shape(def) {
            problems.extend(object_problems_on_input(&name, def, rust_def(&rust, &name)));
        }
    }
    assert_no_problems("deserialize contract", problems);
}

#[test]
fn objects_have_the_same_properties_required_fields_and_types_on_output() {
    let (schema, rust) = (schema_defs(), rust_defs(Contract::Serialize));
    let mut problems = Vec::new();
    for (name, _) in checked_defs() {
        let def = &schema[&name];
        if let Shape::Object = shape(def) {
            problems.extend(object_problems_on_output(&name, def, rust_def(&rust, &name)));
        }
    }
    assert_no_problems("serialize contract", problems);
}

#[test]
fn oneofs_have_the_same_members() {
    let (schema, rust) = (schema_defs(), rust_defs(Contract::Serialize));
    let mut problems = Vec::new();
    let mut checked = BTreeSet::new();
    for (name, _) in checked_defs() {
        let def = &schema[&name];
        if !matches!(shape(def), Shape::Object) {
            continue;
        }
        let members = oneof_members(def);
        if members.is_empty() {
            continue;
        }
        checked.insert(name.clone());
        let rust_members = oneof_members(rust_def(&rust, &name));
        if members != rust_members {
            problems.push(format!("{name}: oneof members: schema {members:?}, Rust {rust_members:?}"));
        }
    }
    assert_no_problems("oneofs", problems);
    for oneof in ["Part", "SecurityScheme", "OAuthFlows", "SendMessageResponse", "StreamResponse"] {
        assert!(checked.contains(oneof), "{oneof} was not checked as a oneof");
    }
}

#[test]
fn string_enums_have_the_same_values() {
    let (schema, rust) = (schema_defs(), rust_defs(Contract::Deserialize));
    let mut problems = Vec::new();
    let mut checked = BTreeSet::new();
    for (name, _) in checked_defs() {
        let def = &schema[&name];
        if let Shape::StringEnum = shape(def) {
            checked.insert(name.clone());
            let (s, r) = (enum_values(def), enum_values(rust_def(&rust, &name)));
            if s != r {
                problems.push(format!("{name}: values: schema {s:?}, Rust {r:?}"));
            }
        }
    }
    assert_no_problems("string enums", problems);
    assert!(checked.contains("TaskState") && checked.contains("Role"), "enums checked: {checked:?}");
}

#[test]
fn named_scalars_have_the_same_type() {
    let (schema, rust) = (schema_defs(), rust_defs(Contract::Deserialize));
    let mut problems = Vec::new();
    for (name, _) in checked_defs() {
        let def = &schema[&name];
        if let Shape::Scalar = shape(def) {
            let (s, r) = (normalise(def), normalise(rust_def(&rust, &name)));
            if !compatible(&s.kind, &r.kind) || s.nullable != r.nullable {
                problems.push(format!("{name}: schema {s:?}, Rust {r:?}"));
            }
        }
    }
    assert_no_problems("named scalars", problems);
}

// ---------------------------------------------------------------------------------------
// JSON-RPC methods
// ---------------------------------------------------------------------------------------

struct MethodFacts {
    name: &'static str,
    streaming: bool,
    params: String,
    result: String,
}

macro_rules! method_facts {
    ($($m:ident),* $(,)?) => {
        vec![$(MethodFacts {
            name: <methods::$m as RpcMethod>::NAME,
            streaming: <methods::$m as RpcMethod>::STREAMING,
            params: <<methods::$m as RpcMethod>::Params as JsonSchema>::schema_name().into_owned(),
            result: <<methods::$m as RpcMethod>::Result as JsonSchema>::schema_name().into_owned(),
        }),*]
    };
}

fn every_method() -> Vec<MethodFacts> {
    method_facts![
        SendMessage,
        SendStreamingMessage,
        GetTask,
        ListTasks,
        CancelTask,
        SubscribeToTask,
        CreateTaskPushNotificationConfig,
        GetTaskPushNotificationConfig,
        ListTaskPushNotificationConfigs,
        DeleteTaskPushNotificationConfig,
        GetExtendedAgentCard,
    ]
}

fn ref_of(def: &Value, prop: &str) -> Option<String> {
    def["properties"][prop]["$ref"].as_str().map(ref_name)
}

#[test]
fn the_method_table_covers_the_methods_of_the_schema() {
    let in_schema: BTreeSet<String> = schema_defs()
        .values()
        .filter_map(|d| d.get("x-jsonrpc-method").and_then(Value::as_str).map(str::to_string))
        .collect();
    let markers: BTreeSet<String> = every_method().iter().map(|m| m.name.to_string()).collect();
    let table: BTreeSet<String> = Method::ALL.iter().map(|m| m.name().to_string()).collect();
    assert_eq!(markers, in_schema, "methods::* markers");
    assert_eq!(table, in_schema, "Method::ALL");
}

#[test]
fn each_method_has_the_params_result_and_streaming_of_its_envelopes() {
    let defs = schema_defs();
    let mut problems = Vec::new();
    for m in every_method() {
        let n = m.name;
        let request = defs.get(&format!("{n}JsonRpcRequest")).unwrap_or_else(|| panic!("no {n}JsonRpcRequest"));
        let response = defs.get(&format!("{n}JsonRpcResponse")).unwrap_or_else(|| panic!("no {n}JsonRpcResponse"));
        let method = Method::from_name(n).unwrap_or_else(|| panic!("Method::from_name({n})"));

        if request["x-jsonrpc-method"] != n || request["properties"]["method"]["const"] != n {
            problems.push(format!("{n}: the request def names another method"));
        }
        if ref_of(request, "params").as_deref() != Some(m.params.as_str()) {
            problems.push(format!(
                "{n}: params are {:?} in the schema, {} in Rust",
                ref_of(request, "params"),
                m.params
            ));
        }
        if required(request).contains("params") != method.requires_params() {
            problems.push(format!("{n}: params required in the schema: {}", required(request).contains("params")));
        }
        if response["x-jsonrpc-result-of"] != n {
            problems.push(format!("{n}: the response def is for another method"));
        }
        if ref_of(response, "result").as_deref() != Some(m.result.as_str()) {
            problems.push(format!(
                "{n}: result is {:?} in the schema, {} in Rust",
                ref_of(response, "result"),
                m.result
            ));
        }
        let sse = response.get("x-sse").and_then(Value::as_bool).unwrap_or(false);
        if sse != m.streaming || sse != method.is_streaming() {
            problems.push(format!(
                "{n}: streaming is {sse} in the schema, {} in methods::{n}, {} in Method",
                m.streaming,
                method.is_streaming()
            ));
        }
        for envelope in [request, response] {
            if envelope["properties"]["jsonrpc"]["const"] != "2.0"
                || ref_of(envelope, "id").as_deref() != Some("JsonRpcId")
            {
                problems.push(format!("{n}: envelope without jsonrpc \"2.0\" or a JsonRpcId id"));
            }
        }
    }
    assert_no_problems("JSON-RPC methods", problems);
}

#[test]
fn the_error_envelope_carries_a_jsonrpc_error() {
    let defs = schema_defs();
    let envelope = &defs["JsonRpcErrorResponse"];
    assert_eq!(
        ref_of(envelope, "error").as_deref(),
        Some(<a2a_types::JsonRpcError as JsonSchema>::schema_name().as_ref())
    );
    assert_eq!(ref_of(envelope, "id").as_deref(), Some(<a2a_types::JsonRpcId as JsonSchema>::schema_name().as_ref()));
    assert_eq!(required(envelope), ["error", "id", "jsonrpc"].map(String::from).into());
}

// ---------------------------------------------------------------------------------------
// The normalisation itself
// ---------------------------------------------------------------------------------------

#[test]
fn normalisation_tells_apart_what_it_must() {
    use serde_json::json;
    // Option<T> and T differ only in `nullable`.
    let opt = normalise(&json!({"anyOf": [{"$ref": "#/$defs/Task"}, {"type": "null"}]}));
    assert_eq!(opt.kind, Kind::Ref("Task".into()));
    assert!(opt.nullable);
    assert!(!normalise(&json!({"$ref": "#/$defs/Task"})).nullable);
    assert!(normalise(&json!({"type": ["string", "null"]})).nullable);
    // int32 is not int64; an integer without a format accepts either.
    let int32 = normalise(&json!({"type": "integer", "format": "int32"})).kind;
    let int64 = normalise(&json!({"type": "integer", "format": "int64"})).kind;
    assert!(!compatible(&int32, &int64));
    assert!(compatible(&normalise(&json!({"type": "integer"})).kind, &int64));
    // Refs compare by name; a list is not a map.
    assert!(!compatible(&Kind::Ref("Task".into()), &Kind::Ref("Message".into())));
    let list = normalise(&json!({"type": "array", "items": {"type": "string"}})).kind;
    let map = normalise(&json!({"type": "object", "additionalProperties": {"type": "string"}})).kind;
    assert!(!compatible(&list, &map));
    // Struct is any JSON object, Value any JSON value.
    assert_eq!(
        normalise(&json!({"$ref": "#/$defs/Struct"})).kind,
        normalise(&json!({"type": "object", "additionalProperties": true})).kind
    );
    assert_eq!(normalise(&json!({"$ref": "#/$defs/Value"})).kind, normalise(&json!(true)).kind);
}
