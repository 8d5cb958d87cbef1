//! The data model on the wire: camelCase names, enum names, UTC timestamps, required lists
//! that are not empty, and unknown fields that readers ignore. Each check looks at a set
//! of rich responses (a task with history, a status message and a file artifact; its
//! stream; its listing) that have already passed schema validation.

use crate::conformance::check::{Applies, Check, Stop, Verdict, Version, check, ensure, fail, skip};
use crate::conformance::cx::{Cap, Cx};
use crate::conformance::ops::Op;
use crate::conformance::schema::Validation;
use crate::conformance::wire::{self, Dialect, SendOpts, State};
use serde_json::{Value, json};

pub(crate) fn checks() -> Vec<Check> {
    vec![
        check!(
            "dm.camel-case",
            "5.5",
            v03 = "6",
            Must,
            Applies::Everywhere,
            "Field names are camelCase: no snake_case member anywhere in tasks, messages, artifacts and events",
            camel_case
        ),
        check!(
            "dm.enum-names",
            "5.5, 4.1.3, 4.1.5",
            v03 = "6.3, 6.4",
            Must,
            Applies::Everywhere,
            "Task states and roles are written as the version names them (TASK_STATE_COMPLETED, ROLE_AGENT)",
            enum_names
        ),
        check!(
            "dm.timestamps-utc",
            "5.6.1",
            Must,
            Applies::Everywhere,
            "Timestamps are ISO 8601 in UTC, ending in Z, without other offsets",
            timestamps
        ),
        check!(
            "dm.required-lists",
            "5.7, 4.1.4, 4.1.7",
            Must,
            Applies::Version(Version::V1_0),
            "Required lists are never empty: every message and artifact has at least one part",
            required_lists
        ),
        check!(
            "dm.unknown-fields-ignored",
            "5.7",
            Should,
            Applies::Everywhere,
            "Unknown fields in a request (in params, message and part) are ignored, not refused",
            unknown_fields_ignored
        ),
    ]
}

/// One response the checks look at: where it came from, the value, what validating it
/// found.
struct Seen {
    request: String,
    value: Value,
    validation: Validation,
}

/// Rich responses: a task that waited for input, got a follow-up and completed with a
/// file artifact, read back with GetTask; its stream when streaming is declared; its
/// listing in v1.0.
async fn rich(cx: &Cx) -> Result<Vec<Seen>, Stop> {
    let mut out = Vec::new();
    let (first, reply) = cx.send_task(&cx.msg("tck-input-required"), SendOpts::default()).await?;
    cx.expect_state(&reply.request, &first, State::InputRequired)?;
    let id = cx.task_id(&first, &reply.request)?;
    out.push(Seen { request: reply.request, value: reply.body, validation: reply.validation });
    let (_, reply) = cx.send_task(&cx.msg("tck-complete-task").in_task(&id), SendOpts::default()).await?;
    out.push(Seen { request: reply.request, value: reply.body, validation: reply.validation });
    let (task, reply) = cx.get_task(&id, None).await?;
    out.push(Seen { request: reply.request, value: reply.body, validation: reply.validation });
    let (_, reply) = cx.send_task(&cx.msg("tck-artifact-file"), SendOpts::default()).await?;
    out.push(Seen { request: reply.request, value: reply.body, validation: reply.validation });
    if cx.has(Cap::Streaming) {
        let mut stream = cx.stream(&cx.msg("tck-stream-artifact-file")).await?.events()?;
        for (i, ev) in stream.until_final().await?.into_iter().enumerate() {
            let request = format!("{} event {}", stream.label(), i + 1);
            out.push(Seen { request, value: ev.value, validation: ev.validation });
        }
    }
    if cx.version() == Version::V1_0 {
        let context = task.get("contextId").cloned().unwrap_or(Value::Null);
        let reply = cx.list(json!({"contextId": context, "includeArtifacts": true})).await?;
        out.push(Seen { request: reply.request, value: reply.body, validation: reply.validation });
    }
    Ok(out)
}

/// Whether a member name is lowerCamelCase: starts lowercase, no `_` or `-`.
fn camel(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_lowercase()) && !name.contains(['_', '-'])
}

async fn camel_case(cx: Cx) -> Verdict {
    for seen in rich(&cx).await? {
        for path in &seen.validation.unknown_fields {
            let name = path.rsplit(['.', '[']).next().unwrap_or(path).trim_matches(['"', ']']);
            ensure(camel(name), || format!("{}: at {path}: member {name:?} is not camelCase", seen.request))?;
        }
    }
    Ok(())
}

/// Every object inside a value that has all of `keys`, with its path: messages
/// (`messageId`, `role`), artifacts (`artifactId`, `parts`), statuses (`state`).
fn objects_with<'a>(value: &'a Value, keys: &[&str], path: String, out: &mut Vec<(String, &'a Value)>) {
    match value {
        Value::Object(map) => {
            if keys.iter().all(|k| map.contains_key(*k)) {
                out.push((path.clone(), value));
            }
            for (k, v) in map {
                objects_with(v, keys, format!("{path}.{k}"), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                objects_with(v, keys, format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

fn find<'a>(value: &'a Value, keys: &[&str]) -> Vec<(String, &'a Value)> {
    let mut out = Vec::new();
    objects_with(value, keys, "$".into(), &mut out);
    out
}

async fn enum_names(cx: Cx) -> Verdict {
    let v = cx.dialect();
    let roles = [wire::role(v, false), wire::role(v, true)];
    for seen in rich(&cx).await? {
        for (path, m) in find(&seen.value, &["messageId", "role"]) {
            let role = m.get("role").and_then(Value::as_str).unwrap_or("");
            ensure(roles.contains(&role), || {
                format!("{}: at {path}.role: expected {} or {}, got {role:?}", seen.request, roles[0], roles[1])
            })?;
        }
        for (path, status) in find(&seen.value, &["state"]) {
            let state = status.get("state").and_then(Value::as_str).unwrap_or("");
            ensure(State::parse(v, state).is_some(), || {
                let example = State::Completed.wire(v);
                format!(
                    "{}: at {path}.state: {state:?} is not a task state of {} (such as {example})",
                    seen.request,
                    cx.target()
                )
            })?;
        }
    }
    Ok(())
}

async fn timestamps(cx: Cx) -> Verdict {
    for seen in rich(&cx).await? {
        for (path, ts) in &seen.validation.timestamps {
            ensure(ts.ends_with('Z'), || {
                format!("{}: at {path}: timestamp {ts:?} is not in UTC (must end in Z)", seen.request)
            })?;
        }
    }
    Ok(())
}

async fn required_lists(cx: Cx) -> Verdict {
    for seen in rich(&cx).await? {
        let holders = find(&seen.value, &["messageId", "role"]).into_iter().chain(find(&seen.value, &["artifactId"]));
        for (path, holder) in holders {
            let empty = holder.get("parts").and_then(Value::as_array).is_none_or(Vec::is_empty);
            ensure(!empty, || format!("{}: at {path}.parts: at least one part is required", seen.request))?;
        }
    }
    Ok(())
}

async fn unknown_fields_ignored(cx: Cx) -> Verdict {
    let v = cx.dialect();
    if v == Dialect::V03Proto {
        return skip("v0.3 REST bodies are the JSON of the v0.3 proto, whose parsers may refuse unknown fields");
    }
    let mut message = cx.msg("tck-complete-task").to_json(v);
    message["conformanceUnknownField"] = json!("ignore me");
    message["parts"][0]["conformanceUnknownPartField"] = json!(1);
    let mut params = wire::send_params(v, message, SendOpts::default());
    params["conformanceUnknownParam"] = json!({"nested": true});
    let reply = cx.call(Op::Send, params).await?.ok()?;
    match wire::sent(v, &reply.result) {
        Some(wire::Sent::Task(t)) => cx.expect_state(&reply.request, t, State::Completed),
        _ => fail(format!("{}: expected a Task", reply.request)),
    }
}
