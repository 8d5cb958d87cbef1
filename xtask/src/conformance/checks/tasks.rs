//! GetTask and CancelTask: the task as it is, unknown ids, and what can be canceled.

use crate::conformance::check::{Applies, Check, Verdict, check, ensure};
use crate::conformance::cx::Cx;
use crate::conformance::errors::A2aError;
use crate::conformance::wire::{self, State};
use serde_json::Value;

pub(crate) fn checks() -> Vec<Check> {
    vec![
        check!(
            "tasks.get",
            "3.1.3",
            v03 = "7.3",
            Must,
            Applies::Everywhere,
            "GetTask returns the task with its id, contextId, state and artifacts",
            get
        ),
        check!(
            "tasks.get.not-found",
            "3.1.3, 5.4",
            v03 = "7.3, 8.2",
            Must,
            Applies::Everywhere,
            "GetTask for an id no task has fails with TaskNotFoundError",
            get_not_found
        ),
        check!(
            "tasks.cancel",
            "3.1.5",
            v03 = "7.4",
            Must,
            Applies::Everywhere,
            "CancelTask on a running task returns it canceled, and it stays canceled",
            cancel
        ),
        check!(
            "tasks.cancel.terminal",
            "3.1.5, 5.4",
            v03 = "7.4, 8.2",
            Must,
            Applies::Everywhere,
            "CancelTask on a completed task fails with TaskNotCancelableError",
            cancel_terminal
        ),
        check!(
            "tasks.cancel.not-found",
            "3.1.5, 5.4",
            v03 = "7.4, 8.2",
            Must,
            Applies::Everywhere,
            "CancelTask for an id no task has fails with TaskNotFoundError",
            cancel_not_found
        ),
    ]
}

async fn get(cx: Cx) -> Verdict {
    let sent = cx.completed_task("tck-artifact-text").await?;
    let id = cx.task_id(&sent, "SendMessage")?;
    let (task, reply) = cx.get_task(&id, None).await?;
    let (want, got) = (sent.get("contextId"), task.get("contextId"));
    ensure(want == got, || {
        format!("{}: expected contextId {want:?} as SendMessage returned, got {got:?}", reply.request)
    })?;
    cx.expect_state(&reply.request, &task, State::Completed)?;
    let texts = wire::artifact_texts(&task);
    ensure(texts.contains(&"Generated text content"), || {
        format!("{}: expected the artifact \"Generated text content\", got artifact texts {texts:?}", reply.request)
    })
}

async fn get_not_found(cx: Cx) -> Verdict {
    cx.get(&cx.unknown_task_id(), None).await?.err(&[A2aError::TaskNotFound])?;
    Ok(())
}

async fn cancel(cx: Cx) -> Verdict {
    let task = cx.running_task().await?;
    let id = cx.task_id(&task, "SendMessage")?;
    let reply = cx.cancel(&id).await?.ok()?;
    let got = reply.result.get("id").and_then(Value::as_str);
    ensure(got == Some(id.as_str()), || format!("{}: expected the task {id}, got id {got:?}", reply.request))?;
    cx.expect_state(&reply.request, &reply.result, State::Canceled)?;
    let (now, reply) = cx.get_task(&id, None).await?;
    cx.expect_state(&reply.request, &now, State::Canceled)
}

async fn cancel_terminal(cx: Cx) -> Verdict {
    let task = cx.completed_task("tck-complete-task").await?;
    let id = cx.task_id(&task, "SendMessage")?;
    cx.cancel(&id).await?.err(&[A2aError::TaskNotCancelable])?;
    Ok(())
}

async fn cancel_not_found(cx: Cx) -> Verdict {
    cx.cancel(&cx.unknown_task_id()).await?.err(&[A2aError::TaskNotFound])?;
    Ok(())
}
