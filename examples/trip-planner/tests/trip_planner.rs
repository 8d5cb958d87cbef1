//! The trip planner over loopback, driven by `a2a-client`: the input-required turn, the
//! follow-up with the same task id, the plan's chunks in order, and the final state.

use a2a_client::Client;
use a2a_server::Server;
use a2a_types::{
    Artifact, Message, SendMessageResponse, StreamResponse, Task, TaskArtifactUpdateEvent, TaskId, TaskState,
};
use futures::{StreamExt, TryStreamExt};
use std::future::IntoFuture;
use std::time::Duration;
use trip_planner::{ARTIFACT_NAME, ASK_DESTINATION, TripPlanner, plan};

/// Starts a planner with the given pace on a free loopback port; returns its client.
async fn start(pace: Duration) -> Client {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let server = Server::builder(trip_planner::card(), TripPlanner::with_pace(pace)).build();
    tokio::spawn(a2a_server::serve(listener, server).into_future());
    Client::from_card_url(&url).await.unwrap()
}

/// A guard against a hang: a test that waits this long has failed.
async fn within<T>(fut: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(20), fut).await.expect("test timed out")
}

/// Streams `message` and collects every event until the stream ends.
async fn stream_all(client: &Client, message: Message) -> Vec<StreamResponse> {
    within(async { client.stream(message).await.unwrap().try_collect().await.unwrap() }).await
}

fn status(event: &StreamResponse) -> Option<(TaskState, String)> {
    match event {
        StreamResponse::StatusUpdate(u) => {
            Some((u.status.state, u.status.message.as_ref().map(Message::text).unwrap_or_default()))
        }
        _ => None,
    }
}

fn chunks(events: &[StreamResponse]) -> Vec<&TaskArtifactUpdateEvent> {
    events
        .iter()
        .filter_map(|e| match e {
            StreamResponse::ArtifactUpdate(u) => Some(u),
            _ => None,
        })
        .collect()
}

fn texts(artifact: &Artifact) -> Vec<String> {
    artifact.parts.iter().map(|p| p.as_text().expect("a text part").to_string()).collect()
}

/// Checks the chunks of a plan stream: one artifact, appended to in order, last chunk
/// flagged, reassembling into `expected`.
fn assert_plan_chunks(events: &[StreamResponse], expected: &[String]) {
    let chunks = chunks(events);
    assert_eq!(chunks.len(), expected.len(), "one chunk per paragraph");
    let id = &chunks[0].artifact.artifact_id;
    let mut reassembled = Vec::new();
    for (i, chunk) in chunks.iter().enumerate() {
        assert_eq!(&chunk.artifact.artifact_id, id, "every chunk extends the same artifact");
        assert_eq!(chunk.artifact.name.as_deref(), Some(ARTIFACT_NAME));
        assert_eq!(chunk.append, i > 0, "chunk {i}: only the first starts the artifact");
        assert_eq!(chunk.last_chunk, i + 1 == chunks.len(), "chunk {i}: only the last is the last");
        reassembled.extend(texts(&chunk.artifact));
    }
    assert_eq!(reassembled, expected);
}

fn task_of(event: &StreamResponse) -> &Task {
    match event {
        StreamResponse::Task(t) => t,
        other => panic!("expected a Task event, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn asks_where_to_then_plans_after_the_answer() {
    let client = start(Duration::ZERO).await;

    // Turn 1: no destination, so the task pauses with a question and the stream ends.
    let events = stream_all(&client, Message::user_text("Plan a 3-day trip")).await;
    assert_eq!(events.len(), 2, "{events:?}");
    let task_id = task_of(&events[0]).id.clone();
    assert_eq!(task_of(&events[0]).state(), TaskState::Submitted);
    assert_eq!(status(&events[1]), Some((TaskState::InputRequired, ASK_DESTINATION.to_string())));

    // Turn 2: the answer names the same task; the plan streams and the task completes.
    let events = stream_all(&client, Message::user_text("Lisbon").with_task_id(task_id.clone())).await;
    let first = task_of(&events[0]);
    assert_eq!((&first.id, first.state()), (&task_id, TaskState::Working), "the follow-up resumes the same task");
    assert_eq!(status(&events[1]), Some((TaskState::Working, "Planning 3 days in Lisbon...".to_string())));
    let expected = plan("Lisbon", 3);
    assert_plan_chunks(&events, &expected);
    let between = &events[2..events.len() - 1];
    assert!(between.iter().all(|e| matches!(e, StreamResponse::ArtifactUpdate(_))), "then only chunks: {between:?}");
    assert_eq!(status(events.last().unwrap()), Some((TaskState::Completed, "Have a good trip to Lisbon!".to_string())));
    assert_eq!(events.len(), 2 + expected.len() + 1);

    // The stored task holds the reassembled plan and the whole conversation.
    let task = within(client.get_task(task_id)).await.unwrap();
    assert_eq!(task.state(), TaskState::Completed);
    assert_eq!(task.artifacts.len(), 1);
    assert_eq!(texts(&task.artifacts[0]), expected);
    let history: Vec<String> = task.history.iter().map(Message::text).collect();
    assert_eq!(
        history,
        ["Plan a 3-day trip", ASK_DESTINATION, "Lisbon", "Planning 3 days in Lisbon...", "Have a good trip to Lisbon!"]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn asks_for_each_missing_detail_until_it_has_them() {
    let client = start(Duration::ZERO).await;
    let send = |message: Message| {
        let client = client.clone();
        async move {
            match within(client.send(message)).await.unwrap() {
                SendMessageResponse::Task(task) => task,
                other => panic!("expected a task, got {other:?}"),
            }
        }
    };
    let question = |task: &Task| task.status.message.as_ref().map(Message::text).unwrap_or_default();

    let task = send(Message::user_text("Plan a trip")).await;
    assert_eq!((task.state(), question(&task)), (TaskState::InputRequired, ASK_DESTINATION.to_string()));
    let id = task.id.clone();

    let task = send(Message::user_text("Porto").with_task_id(id.clone())).await;
    let ask_days = "How many days will you spend in Porto? (1 to 14)".to_string();
    assert_eq!((task.state(), question(&task)), (TaskState::InputRequired, ask_days.clone()));

    // An answer that does not do is asked again, on the same task.
    let task = send(Message::user_text("a month").with_task_id(id.clone())).await;
    assert_eq!((&task.id, task.state(), question(&task)), (&id, TaskState::InputRequired, ask_days));

    let task = send(Message::user_text("2").with_task_id(id.clone())).await;
    assert_eq!(task.state(), TaskState::Completed);
    assert_eq!(texts(&task.artifacts[0]), plan("Porto", 2));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_complete_request_is_planned_at_once() {
    let client = start(Duration::ZERO).await;
    let events = stream_all(&client, Message::user_text("Plan a 5-day trip to Kyoto")).await;
    let states: Vec<TaskState> = events.iter().filter_map(status).map(|(s, _)| s).collect();
    assert_eq!(states, [TaskState::Working, TaskState::Completed], "no input was needed");
    assert_plan_chunks(&events, &plan("Kyoto", 5));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_finished_task_takes_no_more_answers() {
    let client = start(Duration::ZERO).await;
    let events = stream_all(&client, Message::user_text("Plan a 1-day trip to Oslo")).await;
    let id = task_of(&events[0]).id.clone();
    let err = within(client.send(Message::user_text("Bergen").with_task_id(id))).await.unwrap_err();
    assert_eq!(err.error_code(), Some(a2a_types::ErrorCode::UnsupportedOperation), "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn cancel_stops_the_plan() {
    // A pace no test waits out: the agent is still before its first paragraph when the
    // cancel arrives, whatever the machine's speed.
    let client = start(Duration::from_secs(3600)).await;
    let mut events = within(client.stream(Message::user_text("Plan a 4-day trip to Rome"))).await.unwrap();
    let id: TaskId = task_of(&within(events.next()).await.unwrap().unwrap()).id.clone();
    let working = within(events.next()).await.unwrap().unwrap();
    assert_eq!(status(&working).map(|s| s.0), Some(TaskState::Working));

    let task = within(client.cancel_task(&id)).await.unwrap();
    assert_eq!(task.state(), TaskState::Canceled);
    let rest: Vec<StreamResponse> = within(events.try_collect()).await.unwrap();
    assert_eq!(rest.iter().filter_map(status).map(|s| s.0).collect::<Vec<_>>(), [TaskState::Canceled]);
    assert!(chunks(&rest).is_empty(), "no paragraph after the cancel");
    assert!(within(client.get_task(&id)).await.unwrap().artifacts.is_empty());
}
