//! Multi-turn conversations: follow-ups by `taskId`, the `contextId` a follow-up inherits
//! or contradicts, and how much history comes back (`historyLength`). `historyLength: 0`
//! is checked on v1.0 only: v0.3 never said what 0 means, and its SDKs read it as "no
//! limit".

use crate::conformance::check::{Applies, Check, Stop, Verdict, Version, check, ensure, fail};
use crate::conformance::cx::Cx;
use crate::conformance::ops::Answer;
use crate::conformance::wire::{self, SendOpts, State};
use serde_json::Value;

pub(crate) fn checks() -> Vec<Check> {
    vec![
        check!(
            "multiturn.follow-up",
            "3.4.3",
            v03 = "9.4",
            Must,
            Applies::Everywhere,
            "A follow-up with the taskId of a task waiting for input continues that same task",
            follow_up
        ),
        check!(
            "multiturn.infer-context",
            "3.4.3",
            Must,
            Applies::Everywhere,
            "A follow-up with only a taskId is placed in the task's contextId",
            infer_context
        ),
        check!(
            "multiturn.context-mismatch",
            "3.4.3",
            Must,
            Applies::Everywhere,
            "A follow-up whose contextId differs from its task's is refused, and the task is left as it was",
            context_mismatch
        ),
        check!(
            "multiturn.history",
            "3.7, 3.4.3",
            Should,
            Applies::Everywhere,
            "The task's history holds the user messages of every turn, oldest first",
            history_order
        ),
        check!(
            "history.zero",
            "3.2.4",
            Should,
            Applies::Version(Version::V1_0),
            "GetTask with historyLength 0 returns no history",
            history_zero
        ),
        check!(
            "history.limit",
            "3.2.4",
            v03 = "7.3.1",
            Must,
            Applies::Everywhere,
            "GetTask with historyLength n returns at most the n most recent messages",
            history_limit
        ),
        check!(
            "history.send-zero",
            "3.2.4, 3.2.2",
            Should,
            Applies::Version(Version::V1_0),
            "SendMessage with historyLength 0 returns the task without history",
            history_send_zero
        ),
    ]
}

/// A task waiting for input, its id and context, then a follow-up answered with a task.
struct TwoTurns {
    id: String,
    context: Option<String>,
    second: Value,
    request: String,
    first_message: String,
    second_message: String,
}

/// Runs two turns: `tck-input-required`, then a follow-up with `prefix` (which keeps the
/// task waiting or completes it), carrying the taskId and, if `with_context`, the contextId.
async fn two_turns(cx: &Cx, prefix: &str, with_context: bool) -> Result<TwoTurns, Stop> {
    let first_msg = cx.msg("tck-input-required");
    let (first, reply) = cx.send_task(&first_msg, SendOpts::default()).await?;
    cx.expect_state(&reply.request, &first, State::InputRequired)?;
    let id = cx.task_id(&first, &reply.request)?;
    let context = first.get("contextId").and_then(Value::as_str).map(str::to_string);
    let mut msg = cx.msg(prefix).in_task(&id);
    if with_context {
        msg.context_id = context.clone();
    }
    let (second, reply) = cx.send_task(&msg, SendOpts::default()).await?;
    Ok(TwoTurns { id, context, second, request: reply.request, first_message: first_msg.id, second_message: msg.id })
}

async fn follow_up(cx: Cx) -> Verdict {
    let t = two_turns(&cx, "tck-complete-task", true).await?;
    let got = t.second.get("id").and_then(Value::as_str);
    ensure(got == Some(t.id.as_str()), || format!("{}: expected the same task {}, got {got:?}", t.request, t.id))?;
    cx.expect_state(&t.request, &t.second, State::Completed)
}

async fn infer_context(cx: Cx) -> Verdict {
    let t = two_turns(&cx, "tck-complete-task", false).await?;
    let Some(context) = t.context else {
        return fail(format!("{}: the first task has no contextId", t.request));
    };
    let got = t.second.get("contextId").and_then(Value::as_str);
    ensure(got == Some(context.as_str()), || {
        format!("{}: expected the task's contextId {context:?} to be kept, got {got:?}", t.request)
    })
}

async fn context_mismatch(cx: Cx) -> Verdict {
    let task = cx.input_required_task().await?;
    let id = cx.task_id(&task, "SendMessage")?;
    let other = format!("conformance-other-context-{}", cx.next_id());
    let msg = cx.msg("tck-complete-task").in_task(&id).in_context(&other);
    if let Answer::Ok(reply) = cx.send(&msg, SendOpts::default()).await? {
        return fail(format!(
            "{}: expected an error for contextId {other:?} on task {id} of another context, got a result",
            reply.request
        ));
    }
    let (now, reply) = cx.get_task(&id, None).await?;
    cx.expect_state(&reply.request, &now, State::InputRequired)
}

async fn history_order(cx: Cx) -> Verdict {
    let t = two_turns(&cx, "tck-input-required", true).await?;
    let (task, reply) = cx.get_task(&t.id, None).await?;
    let ids = wire::history_ids(&task);
    let first = ids.iter().position(|m| *m == t.first_message);
    let second = ids.iter().position(|m| *m == t.second_message);
    match (first, second) {
        (Some(a), Some(b)) if a < b => Ok(()),
        _ => fail(format!(
            "{}: expected the history to hold {} then {}, got messageIds {ids:?}",
            reply.request, t.first_message, t.second_message
        )),
    }
}

async fn history_zero(cx: Cx) -> Verdict {
    let task = cx.completed_task("tck-complete-task").await?;
    let id = cx.task_id(&task, "SendMessage")?;
    let (task, reply) = cx.get_task(&id, Some(0)).await?;
    let n = wire::history_len(&task);
    ensure(n == 0, || format!("{}: historyLength 0, but the task came with {n} history messages", reply.request))
}

async fn history_limit(cx: Cx) -> Verdict {
    let t = two_turns(&cx, "tck-input-required", true).await?;
    let (full, _) = cx.get_task(&t.id, None).await?;
    let all = wire::history_ids(&full);
    if all.len() < 2 {
        return fail(format!(
            "GetTask [id {}]: after two turns the history holds {} messages; at least 2 are needed to test historyLength",
            t.id,
            all.len()
        ));
    }
    let (task, reply) = cx.get_task(&t.id, Some(1)).await?;
    let got = wire::history_ids(&task);
    let newest = all[all.len() - 1];
    ensure(got == [newest], || {
        format!("{}: historyLength 1, expected only the newest message [{newest}], got {got:?}", reply.request)
    })
}

async fn history_send_zero(cx: Cx) -> Verdict {
    let opts = SendOpts { history_length: Some(0), ..SendOpts::default() };
    let (task, reply) = cx.send_task(&cx.msg("tck-complete-task"), opts).await?;
    let n = wire::history_len(&task);
    ensure(n == 0, || format!("{}: historyLength 0, but the task came with {n} history messages", reply.request))
}
