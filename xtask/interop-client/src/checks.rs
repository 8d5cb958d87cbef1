//! The checks: every operation a v0.3 agent offers, called through the v1.0 API of
//! `a2a-client`, with what the Python agent (`xtask/interop/server_v0_3.py`) is known to do.

use crate::{Context, Failure, Tally, ensure_eq};
use a2a_client::{Client, EventStream};
use a2a_types::{
    Artifact, ErrorCode, GetTaskRequest, Message, MessageId, Part, PartContent, Role, SendMessageResponse,
    StreamResponse, Task, TaskId, TaskState,
};
use futures::StreamExt;

/// The progress messages of the Python agent's plans, in order.
const STEPS: [&str; 4] =
    ["Looking up flights...", "Comparing prices...", "Checking seats...", "Holding the best fare..."];

pub(crate) async fn run_all(client: &Client, tally: &mut Tally) {
    tally.run("send: a completed task with its artifact", send(client)).await;
    tally.run("stream: v1.0 events in order, ending at completed", stream(client)).await;
    tally.run("get_task, with and without historyLength", get_task(client)).await;
    tally.run("cancel_task on a running task", cancel(client)).await;
    tally.run("subscribe to a running task", subscribe(client)).await;
    tally.run("input-required, then a follow-up completes", multi_turn(client)).await;
    tally.run("a stream ends at input-required", stream_to_input_required(client)).await;
    tally.run("a stream that opens with a status update, not a task", stream_without_task(client)).await;
    tally.run("a direct message reply, sent and streamed", direct_message(client)).await;
    tally.run("text, file and data parts of an artifact", parts(client)).await;
    tally.run("parts sent by the client round-trip through the history", sent_parts(client)).await;
    tally.run("get_task of an unknown id is TaskNotFound", unknown_task(client)).await;
}

fn artifact_text(artifact: &Artifact) -> String {
    artifact.parts.iter().filter_map(|p| p.as_text()).collect()
}

fn kind(event: &StreamResponse) -> &'static str {
    match event {
        StreamResponse::Task(_) => "task",
        StreamResponse::Message(_) => "message",
        StreamResponse::StatusUpdate(_) => "statusUpdate",
        StreamResponse::ArtifactUpdate(_) => "artifactUpdate",
        _ => "unknown",
    }
}

fn status_text(event: &StreamResponse) -> Option<String> {
    match event {
        StreamResponse::StatusUpdate(e) => e.status.message.as_ref().map(Message::text),
        _ => None,
    }
}

fn expect_task(response: SendMessageResponse) -> Result<Task, Failure> {
    match response {
        SendMessageResponse::Task(task) => Ok(task),
        other => Err(Failure::new(format!("expected a task, got {other:?}"))),
    }
}

/// Checks a finished plan for `request`: completed, one `itinerary` artifact.
fn expect_planned(task: &Task, request: &str, what: &str) -> Result<(), Failure> {
    ensure_eq!(task.state(), TaskState::Completed, format!("{what}: state"));
    let artifacts: Vec<_> = task.artifacts.iter().map(|a| (a.name.as_deref(), artifact_text(a))).collect();
    ensure_eq!(artifacts, [(Some("itinerary"), format!("Itinerary for: {request}"))], format!("{what}: artifacts"));
    Ok(())
}

/// Every event of a stream, failing on an error event.
async fn collect(mut events: EventStream, what: &str) -> Result<Vec<StreamResponse>, Failure> {
    let mut all = Vec::new();
    while let Some(event) = events.next().await {
        all.push(event.ctx(what)?);
    }
    Ok(all)
}

/// Reads a stream up to its first `working` status update; returns the task's id.
async fn until_working(events: &mut EventStream) -> Result<TaskId, Failure> {
    while let Some(event) = events.next().await {
        match event.ctx("reading the stream")? {
            StreamResponse::StatusUpdate(e) if e.status.state == TaskState::Working => return Ok(e.task_id),
            _ => {}
        }
    }
    Err(Failure::new("the stream ended before any working update"))
}

async fn send(client: &Client) -> Result<(), Failure> {
    let message = Message::user_text("plan Rome");
    let task = expect_task(client.send(message.clone()).await.ctx("send")?)?;
    expect_planned(&task, "plan Rome", "the returned task")?;
    ensure_eq!(task.status.message.as_ref().map(Message::text), Some("Planned.".to_string()), "the final message");
    ensure_eq!(task.history.first().map(|m| &m.message_id), Some(&message.message_id), "the first history entry");
    Ok(())
}

async fn stream(client: &Client) -> Result<(), Failure> {
    let events = collect(client.stream(Message::user_text("plan Oslo")).await.ctx("stream")?, "stream").await?;
    let kinds: Vec<_> = events.iter().map(kind).collect();
    let mut want = vec!["task"];
    want.extend(["statusUpdate"; STEPS.len()]);
    want.extend(["artifactUpdate", "statusUpdate"]);
    ensure_eq!(kinds, want, "the kinds of the events");
    let StreamResponse::Task(first) = &events[0] else { unreachable!("checked above") };
    ensure_eq!(first.state(), TaskState::Submitted, "the first event: state");
    let texts: Vec<_> = events.iter().filter_map(status_text).collect();
    ensure_eq!(texts, [&STEPS[..], &["Planned."]].concat(), "the status texts");
    for event in &events {
        ensure_eq!(event.task_id(), Some(&first.id), "the task id of every event");
    }
    let StreamResponse::ArtifactUpdate(artifact) = &events[events.len() - 2] else { unreachable!("checked above") };
    ensure_eq!(artifact_text(&artifact.artifact), "Itinerary for: plan Oslo", "the artifact");
    let StreamResponse::StatusUpdate(last) = &events[events.len() - 1] else { unreachable!("checked above") };
    ensure_eq!(last.status.state, TaskState::Completed, "the last event: state");
    Ok(())
}

async fn get_task(client: &Client) -> Result<(), Failure> {
    let message = Message::user_text("plan Lima");
    let sent = expect_task(client.send(message.clone()).await.ctx("send")?)?;
    let task = client.get_task(&sent.id).await.ctx("get_task")?;
    ensure_eq!(task.id, sent.id, "get_task: id");
    expect_planned(&task, "plan Lima", "get_task")?;
    ensure_eq!(task.history.first().map(|m| &m.message_id), Some(&message.message_id), "get_task: first history entry");
    ensure_eq!(task.history.len() > 1, true, "get_task: the history holds more than the request");
    let mut request = GetTaskRequest::new(sent.id.clone());
    request.history_length = Some(1);
    let short = client.get_task(request).await.ctx("get_task with historyLength 1")?;
    ensure_eq!(short.history.len(), 1, "get_task with historyLength 1: history entries");
    Ok(())
}

async fn cancel(client: &Client) -> Result<(), Failure> {
    let mut events = client.stream(Message::user_text("plan Paris")).await.ctx("stream")?;
    let id = until_working(&mut events).await?;
    let canceled = client.cancel_task(&id).await.ctx("cancel_task")?;
    ensure_eq!((&canceled.id, canceled.state()), (&id, TaskState::Canceled), "cancel_task: id and state");
    let rest = collect(events, "the canceled stream").await?;
    let last = rest.last().map(|e| (kind(e), e.task_id().cloned(), e.is_final()));
    ensure_eq!(last, Some(("statusUpdate", Some(id.clone()), true)), "the last event of the canceled stream");
    let StreamResponse::StatusUpdate(last) = &rest[rest.len() - 1] else { unreachable!("checked above") };
    ensure_eq!(last.status.state, TaskState::Canceled, "the last event: state");
    ensure_eq!(client.get_task(&id).await.ctx("get_task")?.state(), TaskState::Canceled, "get_task after cancel");
    let again = client.cancel_task(&id).await;
    ensure_eq!(again.err().and_then(|e| e.error_code()), Some(ErrorCode::TaskNotCancelable), "canceling it again");
    Ok(())
}

async fn subscribe(client: &Client) -> Result<(), Failure> {
    let mut original = client.stream(Message::user_text("plan Quito")).await.ctx("stream")?;
    let id = until_working(&mut original).await?;
    let events = collect(client.subscribe(&id).await.ctx("subscribe")?, "subscribe").await?;
    for event in &events {
        ensure_eq!(event.task_id(), Some(&id), "the task id of a subscription event");
    }
    let texts: Vec<_> = events.iter().filter_map(status_text).filter(|t| STEPS.contains(&t.as_str())).collect();
    let suffix = &STEPS[STEPS.len().saturating_sub(texts.len())..];
    ensure_eq!(texts, suffix, "progress after subscribing (a suffix of the steps, nothing twice)");
    let artifacts: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            StreamResponse::ArtifactUpdate(a) => Some(artifact_text(&a.artifact)),
            _ => None,
        })
        .collect();
    ensure_eq!(artifacts, ["Itinerary for: plan Quito"], "artifacts seen by the subscriber");
    let last = events.last().map(|e| (kind(e), status_text(e)));
    ensure_eq!(last, Some(("statusUpdate", Some("Planned.".to_string()))), "the subscription's last event");
    let rest = collect(original, "the original stream").await?;
    ensure_eq!(rest.last().map(status_text), Some(Some("Planned.".to_string())), "the original stream's last event");
    Ok(())
}

async fn multi_turn(client: &Client) -> Result<(), Failure> {
    let first = expect_task(client.send(Message::user_text("book a trip")).await.ctx("send")?)?;
    ensure_eq!(first.state(), TaskState::InputRequired, "state after the first turn");
    ensure_eq!(first.status.message.as_ref().map(Message::text), Some("Which city?".to_string()), "the question");
    let context = first.context_id.clone().ok_or_else(|| Failure::new("the task has no context id"))?;
    let answer = Message::user_text("Lisbon").with_task_id(first.id.clone()).with_context_id(context);
    let done = expect_task(client.send(answer).await.ctx("send the follow-up")?)?;
    ensure_eq!((&done.id, done.state()), (&first.id, TaskState::Completed), "after the follow-up: id and state");
    let reply = done.status.message.as_ref().map(Message::text);
    ensure_eq!(reply, Some("Booked a trip to Lisbon.".to_string()), "the final message");
    Ok(())
}

async fn stream_to_input_required(client: &Client) -> Result<(), Failure> {
    let events = collect(client.stream(Message::user_text("book a cabin")).await.ctx("stream")?, "stream").await?;
    let states: Vec<_> = events
        .iter()
        .map(|e| match e {
            StreamResponse::Task(t) => (kind(e), t.state()),
            StreamResponse::StatusUpdate(u) => (kind(e), u.status.state),
            _ => (kind(e), TaskState::Unspecified),
        })
        .collect();
    ensure_eq!(states, [("task", TaskState::Submitted), ("statusUpdate", TaskState::InputRequired)], "the events");
    Ok(())
}

async fn unknown_task(client: &Client) -> Result<(), Failure> {
    let result = client.get_task("no-such-task").await;
    ensure_eq!(result.err().and_then(|e| e.error_code()), Some(ErrorCode::TaskNotFound), "the error");
    Ok(())
}

async fn direct_message(client: &Client) -> Result<(), Failure> {
    let reply = match client.send(Message::user_text("hello there")).await.ctx("send")? {
        SendMessageResponse::Message(m) => m,
        other => return Err(Failure::new(format!("expected a message, got {other:?}"))),
    };
    ensure_eq!((reply.role, reply.text()), (Role::Agent, "Hello from Python".to_string()), "the reply");
    let events = collect(client.stream(Message::user_text("hello again")).await.ctx("stream")?, "stream").await?;
    let texts: Vec<_> = events
        .iter()
        .map(|e| match e {
            StreamResponse::Message(m) => Ok(m.text()),
            other => Err(kind(other)),
        })
        .collect();
    ensure_eq!(texts, [Ok("Hello from Python".to_string())], "the streamed events");
    Ok(())
}

async fn parts(client: &Client) -> Result<(), Failure> {
    let task = expect_task(client.send(Message::user_text("report please")).await.ctx("send")?)?;
    ensure_eq!(task.state(), TaskState::Completed, "state");
    ensure_eq!(task.artifacts.len(), 1, "artifacts");
    let artifact = &task.artifacts[0];
    ensure_eq!(artifact.name.as_deref(), Some("report"), "the artifact name");
    let got: Vec<_> =
        artifact.parts.iter().map(|p| (p.content.clone(), p.filename.as_deref(), p.media_type.as_deref())).collect();
    let want = [
        (PartContent::Text("Totals".into()), None, None),
        (PartContent::Raw(b"tck".to_vec()), Some("report.txt"), Some("text/plain")),
        (PartContent::Data(serde_json::json!({"total": 3})), None, None),
    ];
    ensure_eq!(got, want, "the parts");
    Ok(())
}

async fn sent_parts(client: &Client) -> Result<(), Failure> {
    let parts = vec![
        Part::text("book with attachments"),
        Part::raw(b"abc".to_vec()).with_filename("a.txt").with_media_type("text/plain"),
        Part::url("https://example.com/b.pdf").with_filename("b.pdf").with_media_type("application/pdf"),
        Part::data(serde_json::json!({"answer": 42, "items": ["x", "y"]})),
    ];
    let message = Message::new(MessageId::random(), Role::User, parts.clone());
    let task = expect_task(client.send(message.clone()).await.ctx("send")?)?;
    ensure_eq!(task.state(), TaskState::InputRequired, "state");
    let stored = client.get_task(&task.id).await.ctx("get_task")?;
    let echoed = stored.history.iter().find(|m| m.message_id == message.message_id);
    ensure_eq!(echoed.map(|m| &m.parts), Some(&parts), "the sent parts in the history");
    Ok(())
}

async fn stream_without_task(client: &Client) -> Result<(), Failure> {
    let events = collect(client.stream(Message::user_text("quick one")).await.ctx("stream")?, "stream").await?;
    let seen: Vec<_> = events
        .iter()
        .map(|e| match e {
            StreamResponse::StatusUpdate(u) => format!("{:?}", u.status.state),
            StreamResponse::ArtifactUpdate(a) => artifact_text(&a.artifact),
            other => kind(other).to_string(),
        })
        .collect();
    ensure_eq!(seen, ["Submitted", "Working", "QUICK ONE", "Completed"], "the events");
    Ok(())
}
