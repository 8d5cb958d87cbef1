//! Streaming: SendStreamingMessage and SubscribeToTask over Server-Sent Events: what the
//! stream starts with, the order of events, where it ends, artifact chunks, and several
//! subscribers of one task.

use crate::conformance::check::{Applies, Check, Stop, Verdict, Version, check, ensure, fail};
use crate::conformance::cx::{Cap, Cx, content_type_is};
use crate::conformance::errors::A2aError;
use crate::conformance::stream::{Event, EventStream};
use crate::conformance::wire::{self, Kind, State};
use serde_json::Value;

pub(crate) fn checks() -> Vec<Check> {
    vec![
        check!(
            "stream.content-type",
            "9.4.2, 11.7",
            v03 = "3.3",
            Must,
            Applies::Everywhere,
            "SendStreamingMessage answers HTTP 200 with Content-Type text/event-stream",
            content_type
        ),
        check!(
            "stream.task-lifecycle",
            "3.1.2",
            v03 = "7.2",
            Must,
            Applies::Everywhere,
            "A task stream starts with the Task, brings its updates, and closes at the terminal state",
            task_lifecycle
        ),
        check!(
            "stream.message-only",
            "3.1.2",
            v03 = "7.2",
            Must,
            Applies::Everywhere,
            "A message stream holds exactly one Message and then closes",
            message_only
        ),
        check!(
            "stream.order",
            "3.5.2",
            Must,
            Applies::Everywhere,
            "Events arrive in the order the agent produced them",
            order
        ),
        check!(
            "stream.interrupted-closes",
            "3.1.2, 11.7",
            Must,
            Applies::Everywhere,
            "A stream closes when the task reaches an interrupted state (input required)",
            interrupted_closes
        ),
        check!(
            "stream.artifact-chunks",
            "4.2.2",
            v03 = "7.2.3",
            Must,
            Applies::Everywhere,
            "Artifact chunks keep one artifactId, mark append and lastChunk, and add up in the stored task",
            artifact_chunks
        ),
        check!(
            "stream.event-ids",
            "4.2.1, 4.2.2",
            v03 = "7.2.2, 7.2.3",
            Must,
            Applies::Everywhere,
            "Every status and artifact event names the stream's task and context",
            event_ids
        ),
        check!(
            "stream.final-flag",
            "3.1.2",
            v03 = "7.2.2",
            Must,
            Applies::Version(Version::V0_3),
            "v0.3: the last status update is marked final: true and no earlier one is",
            final_flag
        ),
        check!(
            "stream.unsupported",
            "3.3.4",
            Must,
            Applies::Everywhere,
            "Without capabilities.streaming, SendStreamingMessage and SubscribeToTask fail with UnsupportedOperationError",
            unsupported
        ),
        check!(
            "subscribe.task-first",
            "3.1.6",
            v03 = "7.9",
            Must,
            Applies::Everywhere,
            "SubscribeToTask starts with the Task as it is, then follows it to its terminal state",
            subscribe_task_first
        ),
        check!(
            "subscribe.terminal",
            "3.1.6, 9.4.6",
            Must,
            Applies::Version(Version::V1_0),
            "SubscribeToTask on a task in a terminal state fails with UnsupportedOperationError",
            subscribe_terminal
        ),
        check!(
            "subscribe.not-found",
            "3.1.6",
            v03 = "7.9",
            Must,
            Applies::Everywhere,
            "SubscribeToTask for an id no task has fails with TaskNotFoundError",
            subscribe_not_found
        ),
        check!(
            "stream.subscribers",
            "3.5.2",
            Must,
            Applies::Everywhere,
            "Several subscribers of a task get the same events in the same order; one leaving stops none",
            subscribers
        ),
    ]
}

/// Opens a stream of `prefix` and reads it to the end: the stream and every event.
async fn streamed(cx: &Cx, prefix: &str) -> Result<(EventStream, Vec<Event>), Stop> {
    cx.require(Cap::Streaming)?;
    let mut stream = cx.stream(&cx.msg(prefix)).await?.events()?;
    let events = stream.until_final().await?;
    Ok((stream, events))
}

/// The kinds of the events, for comparing with an expected sequence.
fn kinds(cx: &Cx, events: &[Event]) -> Vec<Kind> {
    events.iter().filter_map(|e| e.kind(cx.dialect()).map(|(k, _)| k)).collect()
}

/// Requires the first event to be a Task; returns it.
fn first_task<'a>(cx: &Cx, stream: &EventStream, events: &'a [Event]) -> Result<&'a Value, Stop> {
    match events.first().and_then(|e| e.kind(cx.dialect())) {
        Some((Kind::Task, task)) => Ok(task),
        _ => fail(format!("{}: expected the first event to be the Task, got {}", stream.label(), stream.seen())),
    }
}

async fn content_type(cx: Cx) -> Verdict {
    cx.require(Cap::Streaming)?;
    let mut stream = cx.stream(&cx.msg("tck-stream-002")).await?.events()?;
    let label = stream.label().to_string();
    ensure(stream.status == 200, || format!("{label}: expected HTTP 200, got {}", stream.status))?;
    let ct = stream.headers.get("content-type").and_then(|v| v.to_str().ok()).map(str::to_string);
    content_type_is(ct.as_deref(), &["text/event-stream"], &label)?;
    stream.until_final().await.map(drop)
}

async fn task_lifecycle(cx: Cx) -> Verdict {
    let (stream, events) = streamed(&cx, "tck-stream-001").await?;
    let task = first_task(&cx, &stream, &events)?;
    let last = events.last().and_then(|e| e.kind(cx.dialect()));
    let state = last.and_then(|(_, holder)| wire::state_of(cx.dialect(), holder));
    ensure(state == Some(State::Completed), || {
        format!("{}: expected the stream to end with TASK_STATE_COMPLETED, got {}", stream.label(), stream.seen())
    })?;
    let artifact = events.iter().filter_map(|e| e.kind(cx.dialect())).any(|(k, v)| {
        k == Kind::Artifact && v.get("artifact").is_some_and(|a| wire::texts(a).contains(&"Stream hello from TCK"))
    });
    ensure(artifact, || {
        format!("{}: expected an artifact update \"Stream hello from TCK\", got {}", stream.label(), stream.seen())
    })?;
    ensure(task.get("id").and_then(Value::as_str).is_some_and(|s| !s.is_empty()), || {
        format!("{}: the first Task has no id", stream.label())
    })
}

async fn message_only(cx: Cx) -> Verdict {
    let (stream, events) = streamed(&cx, "tck-message-response").await?;
    ensure(kinds(&cx, &events) == [Kind::Message], || {
        format!("{}: expected exactly one Message, got {}", stream.label(), stream.seen())
    })
}

async fn order(cx: Cx) -> Verdict {
    let (stream, events) = streamed(&cx, "tck-stream-ordering-001").await?;
    let v = cx.dialect();
    let position = |pred: &dyn Fn(Kind, &Value) -> bool| {
        events.iter().position(|e| e.kind(v).is_some_and(|(k, val)| pred(k, val)))
    };
    let working = position(&|k, val| k == Kind::Status && wire::state_of(v, val) == Some(State::Working));
    let artifact = position(&|k, val| {
        k == Kind::Artifact && val.get("artifact").is_some_and(|a| wire::texts(a).contains(&"Ordered output"))
    });
    let completed = position(&|k, val| k != Kind::Task && wire::state_of(v, val) == Some(State::Completed));
    match (working, artifact, completed) {
        (Some(w), Some(a), Some(c)) if w < a && a < c => Ok(()),
        _ => fail(format!(
            "{}: expected status WORKING, then the artifact \"Ordered output\", then status COMPLETED; got {}",
            stream.label(),
            stream.seen()
        )),
    }
}

async fn interrupted_closes(cx: Cx) -> Verdict {
    let (stream, events) = streamed(&cx, "tck-input-required").await?;
    let last = events.last().and_then(|e| e.kind(cx.dialect()));
    let state = last.and_then(|(_, holder)| wire::state_of(cx.dialect(), holder));
    ensure(state == Some(State::InputRequired), || {
        format!("{}: expected the stream to end at TASK_STATE_INPUT_REQUIRED, got {}", stream.label(), stream.seen())
    })
}

async fn artifact_chunks(cx: Cx) -> Verdict {
    let (stream, events) = streamed(&cx, "tck-stream-artifact-chunked").await?;
    let label = stream.label().to_string();
    let task = first_task(&cx, &stream, &events)?;
    let id = cx.task_id(task, &label)?;
    let chunks: Vec<&Value> = events
        .iter()
        .filter_map(|e| e.kind(cx.dialect()))
        .filter(|(k, _)| *k == Kind::Artifact)
        .map(|(_, v)| v)
        .collect();
    let [first, second] = chunks[..] else {
        return fail(format!("{label}: expected two artifact chunks, got {}", stream.seen()));
    };
    let artifact_id = |c: &Value| c.pointer("/artifact/artifactId").and_then(Value::as_str).map(str::to_string);
    ensure(artifact_id(first).is_some() && artifact_id(first) == artifact_id(second), || {
        format!(
            "{label}: both chunks must carry one artifactId, got {:?} and {:?}",
            artifact_id(first),
            artifact_id(second)
        )
    })?;
    let flag = |c: &Value, name: &str| c.get(name).and_then(Value::as_bool).unwrap_or(false);
    ensure(!flag(first, "append"), || format!("{label}: the first chunk must not be marked append"))?;
    ensure(flag(second, "append") && flag(second, "lastChunk"), || {
        format!("{label}: the second chunk must be marked append: true and lastChunk: true")
    })?;
    let (stored, reply) = cx.get_task(&id, None).await?;
    let arts: Vec<&Value> = stored["artifacts"].as_array().into_iter().flatten().collect();
    let mine = arts.iter().find(|a| a.get("artifactId").and_then(Value::as_str) == artifact_id(first).as_deref());
    let text: String = mine.map(|a| wire::texts(a).concat()).unwrap_or_default();
    ensure(text == "chunk-1 chunk-2", || {
        format!(
            "{}: expected the stored artifact to hold \"chunk-1 chunk-2\" (chunks appended), got {text:?}",
            reply.request
        )
    })
}

async fn event_ids(cx: Cx) -> Verdict {
    let (stream, events) = streamed(&cx, "tck-stream-003").await?;
    let task = first_task(&cx, &stream, &events)?;
    let (id, context) = (task.get("id"), task.get("contextId"));
    for (i, e) in events.iter().enumerate().skip(1) {
        let Some((Kind::Status | Kind::Artifact, v)) = e.kind(cx.dialect()) else { continue };
        ensure(v.get("taskId") == id && v.get("contextId") == context, || {
            format!(
                "{}: event {} names taskId {:?} and contextId {:?}, expected the Task's {id:?} and {context:?}",
                stream.label(),
                i + 1,
                v.get("taskId"),
                v.get("contextId")
            )
        })?;
    }
    Ok(())
}

async fn final_flag(cx: Cx) -> Verdict {
    let (stream, events) = streamed(&cx, "tck-stream-001").await?;
    let statuses: Vec<&Value> = events
        .iter()
        .filter_map(|e| e.kind(cx.dialect()))
        .filter(|(k, _)| *k == Kind::Status)
        .map(|(_, v)| v)
        .collect();
    let Some((last, earlier)) = statuses.split_last() else {
        return fail(format!("{}: expected status updates, got {}", stream.label(), stream.seen()));
    };
    ensure(last.get("final") == Some(&Value::Bool(true)), || {
        format!("{}: the last status update must have final: true, got {:?}", stream.label(), last.get("final"))
    })?;
    ensure(earlier.iter().all(|s| s.get("final") != Some(&Value::Bool(true))), || {
        format!("{}: only the last status update may have final: true ({})", stream.label(), stream.seen())
    })
}

async fn unsupported(cx: Cx) -> Verdict {
    cx.require_not(Cap::Streaming)?;
    cx.stream(&cx.msg("tck-stream-001")).await?.err(&[A2aError::UnsupportedOperation])?;
    let task = cx.input_required_task().await?;
    let id = cx.task_id(&task, "SendMessage")?;
    cx.subscribe(&id).await?.err(&[A2aError::UnsupportedOperation])?;
    Ok(())
}

async fn subscribe_task_first(cx: Cx) -> Verdict {
    cx.require(Cap::Streaming)?;
    let task = cx.running_task().await?;
    let id = cx.task_id(&task, "SendMessage")?;
    let mut stream = cx.subscribe(&id).await?.events()?;
    let first = stream.expect_next().await?;
    let Some((Kind::Task, snapshot)) = first.kind(cx.dialect()) else {
        return fail(format!("{}: expected the first event to be the Task, got {}", stream.label(), stream.seen()));
    };
    ensure(snapshot.get("id").and_then(Value::as_str) == Some(id.as_str()), || {
        format!("{}: the first event is a Task with id {:?}, expected {id}", stream.label(), snapshot.get("id"))
    })?;
    cx.cancel(&id).await?.ok()?;
    let rest = stream.until_final().await?;
    let ended = rest.last().and_then(|e| e.kind(cx.dialect())).and_then(|(_, v)| wire::state_of(cx.dialect(), v));
    ensure(ended == Some(State::Canceled), || {
        format!(
            "{}: after CancelTask, expected the stream to end with TASK_STATE_CANCELED, got {}",
            stream.label(),
            stream.seen()
        )
    })
}

async fn subscribe_terminal(cx: Cx) -> Verdict {
    cx.require(Cap::Streaming)?;
    let task = cx.completed_task("tck-complete-task").await?;
    let id = cx.task_id(&task, "SendMessage")?;
    cx.subscribe(&id).await?.err(&[A2aError::UnsupportedOperation])?;
    Ok(())
}

async fn subscribe_not_found(cx: Cx) -> Verdict {
    cx.require(Cap::Streaming)?;
    cx.subscribe(&cx.unknown_task_id()).await?.err(&[A2aError::TaskNotFound])?;
    Ok(())
}

/// The events after the first Task, described, for comparing subscribers.
fn after_snapshot(cx: &Cx, events: &[Event]) -> Vec<String> {
    events.iter().skip(1).map(|e| wire::describe_event(cx.dialect(), &e.value)).collect()
}

async fn subscribers(cx: Cx) -> Verdict {
    cx.require(Cap::Streaming)?;
    let task = cx.running_task().await?;
    let id = cx.task_id(&task, "SendMessage")?;
    let mut a = cx.subscribe(&id).await?.events()?;
    let mut b = cx.subscribe(&id).await?.events()?;
    let mut leaving = cx.subscribe(&id).await?.events()?;
    let (a0, b0) = (a.expect_next().await?, b.expect_next().await?);
    leaving.expect_next().await?;
    drop(leaving);
    cx.cancel(&id).await?.ok()?;
    let (mut ea, mut eb) = (vec![a0], vec![b0]);
    ea.extend(a.until_final().await?);
    eb.extend(b.until_final().await?);
    let (sa, sb) = (after_snapshot(&cx, &ea), after_snapshot(&cx, &eb));
    // A subscriber that joined a little later may have missed events from before it joined
    // (its Task snapshot covers them), so one sequence must end with the other.
    let (longer, shorter) = if sa.len() >= sb.len() { (&sa, &sb) } else { (&sb, &sa) };
    ensure(!shorter.is_empty() && longer.ends_with(shorter), || {
        format!("{}: two subscribers got different events after their Task: {sa:?} and {sb:?}", a.label())
    })?;
    let ended = ea.last().and_then(|e| e.kind(cx.dialect())).and_then(|(_, v)| wire::state_of(cx.dialect(), v));
    ensure(ended == Some(State::Canceled), || {
        format!("{}: expected the subscribers' streams to end with TASK_STATE_CANCELED, got {}", a.label(), a.seen())
    })
}
