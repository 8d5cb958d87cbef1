//! SendMessage: tasks and direct messages, blocking and returning immediately, artifacts
//! of each part type, refused messages, and the identifiers the server assigns.

use crate::conformance::check::{Applies, Check, Stop, Verdict, Version, check, ensure, fail, skip};
use crate::conformance::cx::Cx;
use crate::conformance::errors::{A2aError, compact};
use crate::conformance::ops::{Answer, CallOpts, Op};
use crate::conformance::wire::{self, Dialect, SendOpts, Sent, State};
use serde_json::{Value, json};

pub(crate) fn checks() -> Vec<Check> {
    vec![
        check!(
            "send.task",
            "3.1.1",
            v03 = "7.1",
            Must,
            Applies::Everywhere,
            "SendMessage answers with a Task that has an id, and waits for it to complete by default",
            task
        ),
        check!(
            "send.message",
            "3.1.1",
            v03 = "7.1",
            Must,
            Applies::Everywhere,
            "SendMessage may answer with a direct Message from the agent, with parts",
            message
        ),
        check!(
            "send.blocking.artifacts",
            "3.2.2",
            Must,
            Applies::Everywhere,
            "A blocking SendMessage returns the task in its terminal state with all its artifacts",
            blocking_artifacts
        ),
        check!(
            "send.blocking.interrupted",
            "3.2.2",
            Must,
            Applies::Everywhere,
            "A blocking SendMessage returns when the task needs input (an interrupted state)",
            blocking_interrupted
        ),
        check!(
            "send.return-immediately",
            "3.2.2",
            v03 = "7.1.1",
            Must,
            Applies::Everywhere,
            "With returnImmediately (v0.3: blocking false) the task comes back while still in progress",
            return_immediately
        ),
        check!(
            "send.artifact.text",
            "4.1.6, 4.1.7",
            v03 = "6.5.1, 6.7",
            Must,
            Applies::Everywhere,
            "A text artifact reaches the client with its artifactId and text part",
            artifact_text
        ),
        check!(
            "send.artifact.file-bytes",
            "4.1.6",
            v03 = "6.5.2, 6.6.1",
            Must,
            Applies::Everywhere,
            "A file part carries its bytes base64-encoded, with filename and media type",
            artifact_file_bytes
        ),
        check!(
            "send.artifact.file-url",
            "4.1.6",
            v03 = "6.5.2, 6.6.2",
            Must,
            Applies::Everywhere,
            "A file part by reference carries its URL, filename and media type",
            artifact_file_url
        ),
        check!(
            "send.artifact.data",
            "4.1.6",
            v03 = "6.5.3",
            Must,
            Applies::Everywhere,
            "A data part carries its JSON value unchanged",
            artifact_data
        ),
        check!(
            "send.rejected",
            "4.1.3, 3.3.2",
            v03 = "6.3",
            Must,
            Applies::Everywhere,
            "An agent's refusal is a task in the rejected state or a protocol error, never a broken answer",
            rejected
        ),
        check!(
            "send.unknown-task",
            "3.4.2, 3.1.1",
            v03 = "7.1",
            Must,
            Applies::Everywhere,
            "A message naming a taskId that does not exist fails with TaskNotFoundError",
            unknown_task
        ),
        check!(
            "send.terminal-task",
            "3.1.1",
            v03 = "7.1",
            Must,
            Applies::Everywhere,
            "A message to a task in a terminal state fails with UnsupportedOperationError",
            terminal_task
        ),
        check!(
            "send.invalid-params",
            "3.3.2, 9.5",
            v03 = "8.1",
            Must,
            Applies::Everywhere,
            "A message without its required parts is refused as invalid parameters",
            invalid_params
        ),
        check!(
            "send.empty-parts",
            "5.7",
            Should,
            Applies::Version(Version::V1_0),
            "A message whose required parts list is empty is refused as invalid parameters",
            empty_parts
        ),
        check!(
            "send.unsupported-media-type",
            "3.1.1, 13.4",
            v03 = "8.2",
            Should,
            Applies::Everywhere,
            "A part in a media type the card does not accept is refused with ContentTypeNotSupportedError",
            unsupported_media_type
        ),
        check!(
            "send.extension-required",
            "3.3.4, 3.2.6",
            Must,
            Applies::Version(Version::V1_0),
            "Without an extension the card marks required, a message fails with ExtensionSupportRequiredError; \
             declared in A2A-Extensions, it is served",
            extension_required
        ),
        check!(
            "send.context-generated",
            "3.4.1",
            Must,
            Applies::Everywhere,
            "A message without contextId gets a task whose contextId the server generated",
            context_generated
        ),
        check!(
            "send.context-client",
            "3.4.1",
            Must,
            Applies::Everywhere,
            "A client-provided contextId is kept, or the message is refused; never replaced by a new one",
            context_client
        ),
        check!(
            "send.unique-task-ids",
            "3.4.2",
            Must,
            Applies::Everywhere,
            "Every new task gets its own id",
            unique_task_ids
        ),
    ]
}

async fn task(cx: Cx) -> Verdict {
    let msg = cx.msg("tck-complete-task");
    let (task, reply) = cx.send_task(&msg, SendOpts::default()).await?;
    cx.task_id(&task, &reply.request)?;
    cx.expect_state(&reply.request, &task, State::Completed)
}

async fn message(cx: Cx) -> Verdict {
    let reply = cx.send(&cx.msg("tck-message-response"), SendOpts::default()).await?.ok()?;
    let Some(Sent::Message(m)) = wire::sent(cx.dialect(), &reply.result) else {
        return fail(format!("{}: expected a Message, got {}", reply.request, compact(&reply.result)));
    };
    let role = wire::role(cx.dialect(), true);
    ensure(m.get("role").and_then(Value::as_str) == Some(role), || {
        format!("{}: expected the message's role {role}, got {}", reply.request, compact(&m["role"]))
    })?;
    ensure(!wire::texts(m).is_empty(), || format!("{}: the message has no text part", reply.request))
}

async fn blocking_artifacts(cx: Cx) -> Verdict {
    let (task, reply) = cx.send_task(&cx.msg("tck-stream-001"), SendOpts::default()).await?;
    cx.expect_state(&reply.request, &task, State::Completed)?;
    let texts = wire::artifact_texts(&task);
    ensure(texts.contains(&"Stream hello from TCK"), || {
        format!(
            "{}: expected the artifact text \"Stream hello from TCK\" in the returned task, got {texts:?}",
            reply.request
        )
    })
}

async fn blocking_interrupted(cx: Cx) -> Verdict {
    cx.input_required_task().await.map(drop)
}

async fn return_immediately(cx: Cx) -> Verdict {
    let task = cx.running_task().await?;
    let id = cx.task_id(&task, "SendMessage")?;
    cx.cancel_quietly(&id).await;
    Ok(())
}

/// Sends `prefix`, which completes with an artifact; returns the first part of the first
/// artifact and the request, checking the artifact has an id.
async fn first_artifact_part(cx: &Cx, prefix: &str) -> Result<(Value, String), crate::conformance::check::Stop> {
    let (task, reply) = cx.send_task(&cx.msg(prefix), SendOpts::default()).await?;
    cx.expect_state(&reply.request, &task, State::Completed)?;
    let Some(artifact) = task.pointer("/artifacts/0") else {
        return fail(format!("{}: expected an artifact in the completed task, got none", reply.request));
    };
    let id = artifact.get("artifactId").and_then(Value::as_str).unwrap_or("");
    ensure(!id.is_empty(), || format!("{}: artifacts[0] has no artifactId", reply.request))?;
    match artifact.pointer("/parts/0") {
        Some(part) => Ok((part.clone(), reply.request)),
        None => fail(format!("{}: artifacts[0] has no part", reply.request)),
    }
}

/// Fails unless `part` has `value` at `pointer`.
fn expect_at(part: &Value, pointer: &str, value: Value, request: &str) -> Verdict {
    let got = part.pointer(pointer);
    ensure(got == Some(&value), || {
        let field = pointer.trim_start_matches('/').replace('/', ".");
        format!(
            "{request}: expected artifacts[0].parts[0].{field} = {value}, got {}",
            got.map_or_else(|| "nothing".to_string(), compact)
        )
    })
}

async fn artifact_text(cx: Cx) -> Verdict {
    let (part, request) = first_artifact_part(&cx, "tck-artifact-text").await?;
    expect_at(&part, "/text", json!("Generated text content"), &request)
}

/// Where a file part keeps its content, name and media type in each dialect; v0.3 REST
/// (the v0.3 proto) has no file name.
fn file_fields(dialect: Dialect, by_url: bool) -> [Option<&'static str>; 3] {
    match (dialect, by_url) {
        (Dialect::V1, false) => [Some("/raw"), Some("/filename"), Some("/mediaType")],
        (Dialect::V1, true) => [Some("/url"), Some("/filename"), Some("/mediaType")],
        (Dialect::V03Rpc, false) => [Some("/file/bytes"), Some("/file/name"), Some("/file/mimeType")],
        (Dialect::V03Rpc, true) => [Some("/file/uri"), Some("/file/name"), Some("/file/mimeType")],
        (Dialect::V03Proto, false) => [Some("/file/fileWithBytes"), None, Some("/file/mimeType")],
        (Dialect::V03Proto, true) => [Some("/file/fileWithUri"), None, Some("/file/mimeType")],
    }
}

/// Checks a file part: its content, then (where the dialect has them) name and type.
fn expect_file(part: &Value, fields: [Option<&str>; 3], content: Value, request: &str) -> Verdict {
    let expected = [content, json!("output.txt"), json!("text/plain")];
    for (field, value) in fields.into_iter().zip(expected) {
        if let Some(pointer) = field {
            expect_at(part, pointer, value, request)?;
        }
    }
    Ok(())
}

async fn artifact_file_bytes(cx: Cx) -> Verdict {
    let (part, request) = first_artifact_part(&cx, "tck-artifact-file").await?;
    // "tck" in base64 (it needs no padding).
    expect_file(&part, file_fields(cx.dialect(), false), json!("dGNr"), &request)
}

async fn artifact_file_url(cx: Cx) -> Verdict {
    let (part, request) = first_artifact_part(&cx, "tck-artifact-file-url").await?;
    expect_file(&part, file_fields(cx.dialect(), true), json!("https://example.com/output.txt"), &request)
}

async fn artifact_data(cx: Cx) -> Verdict {
    let (part, request) = first_artifact_part(&cx, "tck-artifact-data").await?;
    let pointer = if cx.dialect() == Dialect::V03Proto { "/data/data" } else { "/data" };
    expect_at(&part, pointer, json!({"key": "value", "count": 42}), &request)
}

async fn rejected(cx: Cx) -> Verdict {
    match cx.send(&cx.msg("tck-reject-task"), SendOpts::default()).await? {
        Answer::Err(_) => Ok(()),
        Answer::Ok(reply) => match wire::sent(cx.dialect(), &reply.result) {
            Some(Sent::Task(t)) => cx.expect_state(&reply.request, t, State::Rejected),
            _ => {
                fail(format!("{}: expected a rejected Task or an error, got {}", reply.request, compact(&reply.result)))
            }
        },
    }
}

async fn unknown_task(cx: Cx) -> Verdict {
    let msg = cx.msg("tck-complete-task").in_task(&cx.unknown_task_id());
    cx.send(&msg, SendOpts::default()).await?.err(&[A2aError::TaskNotFound])?;
    Ok(())
}

async fn terminal_task(cx: Cx) -> Verdict {
    let task = cx.completed_task("tck-complete-task").await?;
    let id = cx.task_id(&task, "SendMessage")?;
    let context = task.get("contextId").and_then(Value::as_str).map(str::to_string);
    let mut msg = cx.msg("tck-complete-task").in_task(&id);
    msg.context_id = context;
    cx.send(&msg, SendOpts::default()).await?.err(&[A2aError::UnsupportedOperation])?;
    Ok(())
}

/// Sends `SendMessage` with a message changed by `edit`, expecting invalid parameters.
async fn refused_message(cx: &Cx, edit: impl FnOnce(&mut Value)) -> Verdict {
    let mut message = cx.msg("tck-complete-task").to_json(cx.dialect());
    edit(&mut message);
    let params = wire::send_params(cx.dialect(), message, SendOpts::default());
    cx.call(Op::Send, params).await?.err(&[A2aError::InvalidParams])?;
    Ok(())
}

async fn invalid_params(cx: Cx) -> Verdict {
    let field = parts_field(cx.dialect());
    refused_message(&cx, |m| {
        m.as_object_mut().map(|o| o.remove(field));
    })
    .await
}

/// The member holding a message's parts: `parts`, or `content` in v0.3 REST.
fn parts_field(dialect: Dialect) -> &'static str {
    if dialect == Dialect::V03Proto { "content" } else { "parts" }
}

async fn empty_parts(cx: Cx) -> Verdict {
    refused_message(&cx, |m| m["parts"] = json!([])).await
}

/// A media type no agent declares.
const ODD_MEDIA_TYPE: &str = "application/x-a2a-conformance-unsupported";

async fn unsupported_media_type(cx: Cx) -> Verdict {
    let modes: Vec<&str> =
        cx.card()["defaultInputModes"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    if modes.iter().any(|m| matches!(*m, "*/*" | "*" | "application/*" | ODD_MEDIA_TYPE)) {
        return skip(format!("the card's defaultInputModes {modes:?} accept any media type"));
    }
    let part = match cx.dialect() {
        Dialect::V1 => json!({"raw": "dGNr", "mediaType": ODD_MEDIA_TYPE}),
        Dialect::V03Rpc => json!({"kind": "file", "file": {"bytes": "dGNr", "mimeType": ODD_MEDIA_TYPE}}),
        Dialect::V03Proto => json!({"file": {"fileWithBytes": "dGNr", "mimeType": ODD_MEDIA_TYPE}}),
    };
    let mut message = cx.msg("tck-complete-task").to_json(cx.dialect());
    message[parts_field(cx.dialect())] = json!([part]);
    let params = wire::send_params(cx.dialect(), message, SendOpts::default());
    cx.call(Op::Send, params)
        .await?
        .err(&[A2aError::ContentTypeNotSupported])
        .map_err(|e| note(e, &format!("a part of media type {ODD_MEDIA_TYPE}; the card accepts {modes:?}")))?;
    Ok(())
}

async fn extension_required(cx: Cx) -> Verdict {
    let extensions =
        cx.card().pointer("/capabilities/extensions").and_then(Value::as_array).cloned().unwrap_or_default();
    let required = extensions.iter().find(|e| e.get("required") == Some(&json!(true))).and_then(|e| e["uri"].as_str());
    let Some(uri) = required else {
        return skip("the card marks no extension as required");
    };
    let params =
        || wire::send_params(cx.dialect(), cx.msg("tck-complete-task").to_json(cx.dialect()), SendOpts::default());
    cx.call(Op::Send, params()).await?.err(&[A2aError::ExtensionSupportRequired])?;
    let opts = CallOpts { headers: vec![("A2A-Extensions".to_string(), uri.to_string())], ..CallOpts::default() };
    cx.call_with(Op::Send, params(), &opts).await?.ok().map(drop)
}

/// Adds what was sent to a failure message.
fn note(stop: Stop, what: &str) -> Stop {
    match stop {
        Stop::Fail(m) => Stop::Fail(format!("{m} (sent {what})")),
        other => other,
    }
}

async fn context_generated(cx: Cx) -> Verdict {
    let (task, reply) = cx.send_task(&cx.msg("tck-complete-task"), SendOpts::default()).await?;
    let context = task.get("contextId").and_then(Value::as_str).unwrap_or("");
    ensure(!context.is_empty(), || format!("{}: the task has no contextId", reply.request))
}

async fn context_client(cx: Cx) -> Verdict {
    let mine = format!("conformance-context-{}", cx.next_id());
    let msg = cx.msg("tck-complete-task").in_context(&mine);
    match cx.send(&msg, SendOpts::default()).await? {
        Answer::Err(_) => Ok(()),
        Answer::Ok(reply) => {
            let Some(Sent::Task(task)) = wire::sent(cx.dialect(), &reply.result) else {
                return fail(format!("{}: expected a Task, got {}", reply.request, compact(&reply.result)));
            };
            let got = task.get("contextId").and_then(Value::as_str);
            ensure(got == Some(mine.as_str()), || {
                format!("{}: expected the client's contextId {mine:?} to be kept, got {got:?}", reply.request)
            })
        }
    }
}

async fn unique_task_ids(cx: Cx) -> Verdict {
    let (a, _) = cx.send_task(&cx.msg("tck-complete-task"), SendOpts::default()).await?;
    let (b, reply) = cx.send_task(&cx.msg("tck-complete-task"), SendOpts::default()).await?;
    let (a, b) = (cx.task_id(&a, &reply.request)?, cx.task_id(&b, &reply.request)?);
    ensure(a != b, || format!("{}: two new tasks got the same id {a}", reply.request))
}
