//! `cargo xtask schema-check`: proves that `schema/` agrees with the normative proto.
//!
//! The proto is parsed by a small proto3 parser of our own (no protoc needed in CI),
//! then every message, enum and rpc is compared with the schema's `$defs` following the
//! conventions in `schema/README.md`. All differences are collected and printed, one per
//! line, so a single run shows everything that needs fixing.

mod common;
mod cursor;
mod defs;
mod enums;
mod jsonrpc;
mod lexer;
mod messages;
mod model;
mod parser;
mod shape;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use serde_json::Value;

use model::ProtoFile;

/// The schema checked when `--schema` is not given, relative to the project root.
const DEFAULT_SCHEMA: &str = "schema/a2a-v1.0.schema.json";

const USAGE: &str = "usage: cargo xtask schema-check --proto <a2a.proto> [--schema <schema.json>]";

pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let args = Args::parse(args)?;
    let proto = load_proto(&args.proto)?;
    let schema = load_schema(&args.schema)?;
    let diffs = compare(&proto, &schema)?;
    if diffs.is_empty() {
        println!("{}", summary(&proto, &args.proto));
        return Ok(());
    }
    for diff in &diffs {
        eprintln!("{diff}");
    }
    let (n, s, p) = (diffs.len(), args.schema.display(), args.proto.display());
    let noun = if n == 1 { "difference" } else { "differences" };
    Err(format!("schema-check: {n} {noun} between {s} and {p}"))
}

/// Every difference between `schema` and `proto`, one line each, in a stable order:
/// messages, enums, JSON-RPC envelopes, then whole-schema checks.
pub(crate) fn compare(proto: &ProtoFile, schema: &Value) -> Result<Vec<String>, String> {
    let defs = schema.get("$defs").and_then(Value::as_object).ok_or("the schema has no \"$defs\" object")?;
    let mut out = Vec::new();
    messages::check_messages(proto, defs, &mut out);
    enums::check_enums(&proto.enums, defs, &mut out);
    jsonrpc::check_jsonrpc(proto, defs, &mut out);
    defs::check_extra_defs(proto, defs, &mut out);
    defs::check_identifier_defs(defs, &mut out);
    defs::check_refs(schema, defs, &mut out);
    Ok(out)
}

fn summary(proto: &ProtoFile, path: &Path) -> String {
    let (m, e, f) = (proto.messages.len(), proto.enums.len(), proto.field_count());
    let r = proto.rpcs().count();
    let p = path.display();
    format!("schema-check: {m} messages, {e} enums, {f} fields, {r} rpcs agree with {p}")
}

fn load_proto(path: &Path) -> Result<ProtoFile, String> {
    let src = read(path)?;
    parser::parse(&src).map_err(|e| format!("{}: {e}", path.display()))
}

fn load_schema(path: &Path) -> Result<Value, String> {
    let src = read(path)?;
    serde_json::from_str(&src).map_err(|e| format!("parsing {}: {e}", path.display()))
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("reading {}: {e}", path.display()))
}

/// Command-line options of `schema-check`.
#[derive(Debug)]
struct Args {
    proto: PathBuf,
    schema: PathBuf,
}

impl Args {
    /// Accepts `--flag value` and `--flag=value`; `--proto` is required because the
    /// normative proto lives outside this repository.
    fn parse(args: &[String]) -> Result<Self, String> {
        let (mut proto, mut schema) = (None, None);
        let mut rest = args.iter();
        while let Some(arg) = rest.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((flag, value)) => (flag, Some(value.to_string())),
                None => (arg.as_str(), None),
            };
            let slot = match flag {
                "--proto" => &mut proto,
                "--schema" => &mut schema,
                _ => return Err(format!("schema-check: unknown argument `{arg}`\n{USAGE}")),
            };
            let value = inline.or_else(|| rest.next().cloned());
            let value = value.ok_or_else(|| format!("schema-check: {flag} needs a path\n{USAGE}"))?;
            *slot = Some(PathBuf::from(value));
        }
        Ok(Self {
            proto: proto.ok_or_else(|| format!("schema-check: --proto is required\n{USAGE}"))?,
            schema: schema.unwrap_or_else(|| crate::project_root().join(DEFAULT_SCHEMA)),
        })
    }
}
