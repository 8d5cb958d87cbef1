//! ListTasks (v1.0): filters, cursor pagination, ordering, and what each listed task
//! includes. Every check lists the tasks of a context of its own, so checks running at
//! the same time do not see each other's tasks.

use crate::conformance::check::{Applies, Check, Stop, Verdict, Version, check, ensure, fail};
use crate::conformance::cx::Cx;
use crate::conformance::ops::Reply;
use crate::conformance::wire::{self, SendOpts};
use serde_json::{Value, json};
use std::time::Duration;

pub(crate) fn checks() -> Vec<Check> {
    let v1 = Applies::Version(Version::V1_0);
    vec![
        check!(
            "tasks.list.context",
            "3.1.4",
            Must,
            v1,
            "ListTasks filtered by contextId returns exactly that context's tasks, with totalSize",
            by_context
        ),
        check!(
            "tasks.list.status",
            "3.1.4",
            Must,
            v1,
            "ListTasks filtered by status returns only tasks in that state",
            by_status
        ),
        check!(
            "tasks.list.pagination",
            "3.1.4",
            Must,
            v1,
            "ListTasks pages with pageSize and pageToken; the last page's nextPageToken is empty",
            pagination
        ),
        check!("tasks.list.order", "3.1.4", Must, v1, "ListTasks returns the most recently updated tasks first", order),
        check!(
            "tasks.list.artifacts",
            "3.1.4",
            Must,
            v1,
            "ListTasks omits artifacts unless includeArtifacts is true, and then includes them",
            artifacts
        ),
        check!(
            "tasks.list.history",
            "3.1.4, 3.2.4",
            Should,
            v1,
            "ListTasks with historyLength 0 returns tasks without history",
            history
        ),
    ]
}

/// A pause between tasks whose order matters, so that a server stamping statuses to the
/// millisecond gives them distinct times.
const GAP: Duration = Duration::from_millis(3);

/// Tasks made one after the other (each finished before the next starts, `gap` apart) in
/// one new context: the context and the task ids, oldest first.
async fn context_with(cx: &Cx, prefixes: &[&str], gap: Duration) -> Result<(String, Vec<String>), Stop> {
    let mut context: Option<String> = None;
    let mut ids = Vec::new();
    for (i, prefix) in prefixes.iter().enumerate() {
        if i > 0 {
            tokio::time::sleep(gap).await;
        }
        let mut msg = cx.msg(prefix);
        msg.context_id = context.clone();
        let (task, reply) = cx.send_task(&msg, SendOpts::default()).await?;
        ids.push(cx.task_id(&task, &reply.request)?);
        if context.is_none() {
            match task.get("contextId").and_then(Value::as_str) {
                Some(c) if !c.is_empty() => context = Some(c.to_string()),
                _ => return fail(format!("{}: the task has no contextId to list by", reply.request)),
            }
        }
    }
    Ok((context.unwrap_or_default(), ids))
}

/// The ids of the listed tasks, in order.
fn listed(reply: &Reply) -> Vec<String> {
    reply.result["tasks"]
        .as_array()
        .map(|ts| ts.iter().filter_map(|t| t.get("id")?.as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids
}

async fn by_context(cx: Cx) -> Verdict {
    let (context, ids) = context_with(&cx, &["tck-complete-task"; 3], Duration::ZERO).await?;
    let reply = cx.list(json!({ "contextId": context })).await?;
    let got = listed(&reply);
    ensure(sorted(got.clone()) == sorted(ids.clone()), || {
        format!("{}: expected exactly the context's tasks {ids:?}, got {got:?}", reply.request)
    })?;
    let total = &reply.result["totalSize"];
    ensure(total == &json!(3), || format!("{}: expected totalSize 3, got {total}", reply.request))?;
    let next = &reply.result["nextPageToken"];
    ensure(next == &json!(""), || {
        format!("{}: all tasks fit one page, so nextPageToken must be \"\", got {next}", reply.request)
    })
}

async fn by_status(cx: Cx) -> Verdict {
    let (context, ids) = context_with(&cx, &["tck-complete-task", "tck-input-required"], Duration::ZERO).await?;
    let reply = cx.list(json!({ "contextId": context, "status": "TASK_STATE_INPUT_REQUIRED" })).await?;
    let got = listed(&reply);
    ensure(got == ids[1..], || {
        format!("{}: expected only the task waiting for input [{}], got {got:?}", reply.request, ids[1])
    })
}

async fn pagination(cx: Cx) -> Verdict {
    let (context, ids) = context_with(&cx, &["tck-complete-task"; 3], Duration::ZERO).await?;
    let first = cx.list(json!({ "contextId": context, "pageSize": 2 })).await?;
    let page1 = listed(&first);
    ensure(page1.len() == 2, || format!("{}: pageSize 2, got {} tasks", first.request, page1.len()))?;
    let token = first.result["nextPageToken"].as_str().unwrap_or("").to_string();
    ensure(!token.is_empty(), || format!("{}: a third task remains, but nextPageToken is empty", first.request))?;
    let second = cx.list(json!({ "contextId": context, "pageSize": 2, "pageToken": token })).await?;
    let page2 = listed(&second);
    let next = &second.result["nextPageToken"];
    ensure(next == &json!(""), || {
        format!("{}: the last page's nextPageToken must be \"\", got {next}", second.request)
    })?;
    let all: Vec<String> = page1.iter().chain(&page2).cloned().collect();
    ensure(sorted(all.clone()) == sorted(ids.clone()), || {
        format!("{}: the two pages {page1:?} and {page2:?} should hold each of {ids:?} exactly once", second.request)
    })
}

/// A `date-time` in UTC as a key that sorts in time order: seconds, then nanoseconds.
fn time_key(s: &str) -> Option<(String, u32)> {
    let s = s.strip_suffix('Z').or_else(|| s.strip_suffix('z'))?;
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    let nanos = format!("{frac:0<9}").get(..9)?.parse().ok()?;
    Some((whole.to_string(), nanos))
}

async fn order(cx: Cx) -> Verdict {
    let (context, ids) = context_with(&cx, &["tck-complete-task"; 3], GAP).await?;
    let reply = cx.list(json!({ "contextId": context })).await?;
    let got = listed(&reply);
    let tasks: Vec<&Value> = reply.result["tasks"].as_array().into_iter().flatten().collect();
    let stamp = |i: usize| tasks.get(i).and_then(|t| t.pointer("/status/timestamp")?.as_str()).and_then(time_key);
    let created = |id: &String| ids.iter().position(|x| x == id);
    for k in 1..got.len() {
        let (newer, older) = (stamp(k - 1), stamp(k));
        if let (Some(a), Some(b)) = (&newer, &older) {
            ensure(a >= b, || format!("{}: status timestamps are not in descending order: {got:?}", reply.request))?;
        }
        // Tasks whose timestamps tie may come in either order; otherwise the one created
        // later was updated later and must come first.
        let tied = newer.is_some() && newer == older;
        ensure(tied || created(&got[k - 1]) > created(&got[k]), || {
            let newest_first: Vec<&String> = ids.iter().rev().collect();
            format!(
                "{}: expected the most recently updated task first {newest_first:?} (created in the opposite order), \
                 got {got:?}",
                reply.request
            )
        })?;
    }
    ensure(sorted(got.clone()) == sorted(ids.clone()), || {
        format!("{}: expected exactly the context's tasks {ids:?}, got {got:?}", reply.request)
    })
}

async fn artifacts(cx: Cx) -> Verdict {
    let (context, _) = context_with(&cx, &["tck-artifact-text"], Duration::ZERO).await?;
    let plain = cx.list(json!({ "contextId": context })).await?;
    for (i, t) in plain.result["tasks"].as_array().into_iter().flatten().enumerate() {
        ensure(t.get("artifacts").is_none(), || {
            format!("{}: without includeArtifacts, tasks[{i}] must have no artifacts field", plain.request)
        })?;
    }
    let full = cx.list(json!({ "contextId": context, "includeArtifacts": true })).await?;
    let texts: Vec<&str> =
        full.result["tasks"].as_array().into_iter().flatten().flat_map(wire::artifact_texts).collect();
    ensure(texts.contains(&"Generated text content"), || {
        format!(
            "{}: includeArtifacts true, expected the artifact \"Generated text content\", got {texts:?}",
            full.request
        )
    })
}

async fn history(cx: Cx) -> Verdict {
    let (context, _) = context_with(&cx, &["tck-complete-task"], Duration::ZERO).await?;
    let reply = cx.list(json!({ "contextId": context, "historyLength": 0 })).await?;
    for (i, t) in reply.result["tasks"].as_array().into_iter().flatten().enumerate() {
        let n = wire::history_len(t);
        ensure(n == 0, || format!("{}: historyLength 0, but tasks[{i}] has {n} history messages", reply.request))?;
    }
    Ok(())
}
