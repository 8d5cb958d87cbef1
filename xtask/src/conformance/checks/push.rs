//! Push notification configuration: refused when the card does not declare it; created,
//! read, listed and deleted when it does. Delivery to a webhook is not checked here.

use crate::conformance::check::{Applies, Check, Verdict, Version, check, ensure, fail};
use crate::conformance::cx::{Cap, Cx};
use crate::conformance::errors::{A2aError, compact};
use crate::conformance::ops::{Answer, Op};
use serde_json::{Value, json};

pub(crate) fn checks() -> Vec<Check> {
    vec![
        check!(
            "push.unsupported",
            "3.3.4",
            v03 = "7.5, 8.2",
            Must,
            Applies::Everywhere,
            "Without capabilities.pushNotifications, every push configuration method fails with \
             PushNotificationNotSupportedError",
            unsupported
        ),
        check!(
            "push.lifecycle",
            "3.1.7, 3.1.8, 3.1.9, 3.1.10",
            v03 = "7.5, 7.6, 7.7, 7.8",
            Must,
            Applies::Everywhere,
            "A push configuration can be created, read, listed and deleted; deleting twice is harmless",
            lifecycle
        ),
        check!(
            "push.task-not-found",
            "3.1.7",
            v03 = "7.5",
            Must,
            Applies::Everywhere,
            "Creating a push configuration for an id no task has fails with TaskNotFoundError",
            task_not_found
        ),
    ]
}

const WEBHOOK: &str = "https://example.com/a2a-conformance-webhook";

/// The parameters of each push method for `task` (and `config`, the configuration id).
fn params(version: Version, op: Op, task: &str, config: &str) -> Value {
    match (version, op) {
        (Version::V1_0, Op::PushCreate) => json!({"taskId": task, "url": WEBHOOK, "token": "conformance-token"}),
        (Version::V1_0, Op::PushList) => json!({"taskId": task}),
        (Version::V1_0, _) => json!({"taskId": task, "id": config}),
        (Version::V0_3, Op::PushCreate) => {
            json!({"taskId": task, "pushNotificationConfig": {"url": WEBHOOK, "token": "conformance-token"}})
        }
        (Version::V0_3, Op::PushList) => json!({"id": task}),
        (Version::V0_3, _) => json!({"id": task, "pushNotificationConfigId": config}),
    }
}

/// The configuration inside a create or get result.
fn config(version: Version, result: &Value) -> &Value {
    match version {
        Version::V1_0 => result,
        Version::V0_3 => &result["pushNotificationConfig"],
    }
}

async fn unsupported(cx: Cx) -> Verdict {
    cx.require_not(Cap::PushNotifications)?;
    let task = cx.completed_task("tck-complete-task").await?;
    let id = cx.task_id(&task, "SendMessage")?;
    for op in [Op::PushCreate, Op::PushGet, Op::PushList, Op::PushDelete] {
        let answer = cx.call(op, params(cx.version(), op, &id, "conformance-config")).await?;
        answer.err(&[A2aError::PushNotificationNotSupported])?;
    }
    Ok(())
}

async fn lifecycle(cx: Cx) -> Verdict {
    cx.require(Cap::PushNotifications)?;
    let v = cx.version();
    let task = cx.input_required_task().await?;
    let task_id = cx.task_id(&task, "SendMessage")?;
    let created = cx.call(Op::PushCreate, params(v, Op::PushCreate, &task_id, "")).await?.ok()?;
    let made = config(v, &created.result);
    ensure(made.get("url") == Some(&json!(WEBHOOK)), || {
        format!("{}: expected the created configuration's url {WEBHOOK}, got {}", created.request, compact(made))
    })?;
    let Some(config_id) = made.get("id").and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_string) else {
        return fail(format!("{}: the created configuration has no id", created.request));
    };
    let got = cx.call(Op::PushGet, params(v, Op::PushGet, &task_id, &config_id)).await?.ok()?;
    ensure(config(v, &got.result).get("url") == Some(&json!(WEBHOOK)), || {
        format!("{}: expected the configuration with url {WEBHOOK}, got {}", got.request, compact(&got.result))
    })?;
    let listed = cx.call(Op::PushList, params(v, Op::PushList, &task_id, "")).await?.ok()?;
    let entries = match v {
        Version::V1_0 => listed.result["configs"].as_array().cloned().unwrap_or_default(),
        Version::V0_3 => listed.result.as_array().cloned().unwrap_or_default(),
    };
    ensure(entries.iter().any(|e| config(v, e).get("id") == Some(&json!(config_id))), || {
        format!(
            "{}: expected the configuration {config_id} in the list, got {}",
            listed.request,
            compact(&listed.result)
        )
    })?;
    for _ in 0..2 {
        cx.call(Op::PushDelete, params(v, Op::PushDelete, &task_id, &config_id)).await?.ok()?;
    }
    match cx.call(Op::PushGet, params(v, Op::PushGet, &task_id, &config_id)).await? {
        Answer::Err(_) => Ok(()),
        Answer::Ok(r) => fail(format!("{}: the configuration was deleted, but reading it succeeded", r.request)),
    }
}

async fn task_not_found(cx: Cx) -> Verdict {
    cx.require(Cap::PushNotifications)?;
    let params = params(cx.version(), Op::PushCreate, &cx.unknown_task_id(), "");
    cx.call(Op::PushCreate, params).await?.err(&[A2aError::TaskNotFound]).map(drop)
}
