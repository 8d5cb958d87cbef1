//! Automatic resubscription after a cut: no event twice, bounded attempts, and a task
//! that finished while the client was away.

use crate::support::*;
use a2a_client::{Client, ErrorKind, ResubscribePolicy};
use a2a_types::{Message, StreamResponse};
use futures::StreamExt;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

fn fast_policy() -> ResubscribePolicy {
    ResubscribePolicy::new()
        .max_attempts(3)
        .initial_backoff(Duration::from_millis(10))
        .max_backoff(Duration::from_millis(50))
}

fn resubscribing_client(server: &FakeServer) -> Client {
    Client::builder(card(&server.base())).resubscribe(fast_policy()).build().unwrap()
}

/// A short label per event, with the state or artifact text.
fn label(e: &StreamResponse) -> String {
    match e {
        StreamResponse::Task(t) => format!("task:{:?}", t.state()),
        StreamResponse::StatusUpdate(s) => format!("status:{:?}", s.status.state),
        StreamResponse::ArtifactUpdate(a) => format!("artifact:{}", a.artifact.parts[0].as_text().unwrap_or("")),
        StreamResponse::Message(m) => format!("message:{}", m.text()),
        other => format!("{other:?}"),
    }
}

#[tokio::test]
async fn a_cut_stream_resubscribes_and_never_delivers_an_event_twice() {
    let calls = Arc::new(AtomicUsize::new(0));
    let seen = calls.clone();
    let server = FakeServer::start(move |req, _| match seen.fetch_add(1, Ordering::SeqCst) {
        0 => {
            assert_eq!(req.rpc_method(), "SendStreamingMessage");
            Reply::Sse(vec![
                event(Some(1), task_event("t-1", "TASK_STATE_SUBMITTED")),
                event(Some(2), status_event("t-1", "TASK_STATE_WORKING")),
                event(Some(3), artifact_event("t-1", "one")),
                // Cut here, without a final event.
            ])
        }
        _ => {
            assert_eq!(req.rpc_method(), "SubscribeToTask");
            Reply::Sse(vec![
                // The snapshot, then a replay of what the client already has.
                event(Some(3), task_event("t-1", "TASK_STATE_WORKING")),
                event(Some(2), status_event("t-1", "TASK_STATE_WORKING")),
                event(Some(3), artifact_event("t-1", "one")),
                event(Some(4), artifact_event("t-1", "two")),
                event(Some(5), status_event("t-1", "TASK_STATE_COMPLETED")),
            ])
        }
    })
    .await;
    let client = resubscribing_client(&server);
    let stream = within(client.stream(Message::user_text("x"))).await.unwrap();
    let events: Vec<String> = within(stream.map(|e| label(&e.unwrap())).collect::<Vec<_>>()).await;
    assert_eq!(
        events,
        ["task:Submitted", "status:Working", "artifact:one", "task:Working", "artifact:two", "status:Completed"]
    );

    let reqs = server.rpc_requests();
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[1].params(), serde_json::json!({"id": "t-1", "tenant": "t-1"}));
    assert_eq!(reqs[1].header("last-event-id"), Some("3"));
}

#[tokio::test]
async fn an_idle_timeout_also_resubscribes() {
    let calls = Arc::new(AtomicUsize::new(0));
    let seen = calls.clone();
    let server = FakeServer::start(move |_, _| match seen.fetch_add(1, Ordering::SeqCst) {
        0 => Reply::Sse(vec![event(Some(1), task_event("t-1", "TASK_STATE_WORKING")), Step::Hang]),
        _ => Reply::Sse(vec![
            event(Some(1), task_event("t-1", "TASK_STATE_WORKING")),
            event(Some(2), status_event("t-1", "TASK_STATE_COMPLETED")),
        ]),
    })
    .await;
    let client = Client::builder(card(&server.base()))
        .idle_timeout(Duration::from_millis(150))
        .resubscribe(fast_policy())
        .build()
        .unwrap();
    let stream = within(client.subscribe("t-1")).await.unwrap();
    let events: Vec<String> = within(stream.map(|e| label(&e.unwrap())).collect::<Vec<_>>()).await;
    assert_eq!(events, ["task:Working", "task:Working", "status:Completed"]);
}

#[tokio::test]
async fn a_task_that_finished_meanwhile_ends_the_stream_with_its_final_state() {
    let server = FakeServer::start(|req, _| match req.rpc_method().as_str() {
        "SendStreamingMessage" => Reply::Sse(vec![event(Some(1), task_event("t-1", "TASK_STATE_WORKING"))]),
        "SubscribeToTask" => rpc_error(req, -32004, "Task is in a terminal state"),
        "GetTask" => ok(req, task("t-1", "TASK_STATE_COMPLETED")),
        other => panic!("unexpected {other}"),
    })
    .await;
    let client = resubscribing_client(&server);
    let stream = within(client.stream(Message::user_text("x"))).await.unwrap();
    let events: Vec<String> = within(stream.map(|e| label(&e.unwrap())).collect::<Vec<_>>()).await;
    assert_eq!(events, ["task:Working", "task:Completed"]);
}

#[tokio::test]
async fn resubscription_gives_up_after_the_maximum_attempts() {
    let server = FakeServer::start(|req, _| match req.rpc_method().as_str() {
        "SendStreamingMessage" => Reply::Sse(vec![event(Some(1), task_event("t-1", "TASK_STATE_WORKING"))]),
        // Each resubscription is accepted, sends its snapshot, and is cut again.
        _ => Reply::Sse(vec![event(Some(1), task_event("t-1", "TASK_STATE_WORKING"))]),
    })
    .await;
    let client = resubscribing_client(&server);
    let stream = within(client.stream(Message::user_text("x"))).await.unwrap();
    let events: Vec<_> = within(stream.collect::<Vec<_>>()).await;
    let last = events.last().unwrap().as_ref().unwrap_err();
    assert_eq!(last.kind(), ErrorKind::Stream);
    // The first stream, then three attempts.
    assert_eq!(server.rpc_requests().len(), 4);
    assert_eq!(events.len(), 5, "the first event, three snapshots, the error");
}

#[tokio::test]
async fn failed_attempts_are_retried_until_one_works() {
    let calls = Arc::new(AtomicUsize::new(0));
    let seen = calls.clone();
    let server = FakeServer::start(move |_, _| match seen.fetch_add(1, Ordering::SeqCst) {
        0 => Reply::Sse(vec![event(Some(1), task_event("t-1", "TASK_STATE_WORKING"))]),
        1 => Reply::Json(503, "restarting".into()),
        2 => Reply::Raw(Vec::new()),
        _ => Reply::Sse(vec![
            event(Some(2), task_event("t-1", "TASK_STATE_WORKING")),
            event(Some(3), status_event("t-1", "TASK_STATE_COMPLETED")),
        ]),
    })
    .await;
    let client = resubscribing_client(&server);
    let stream = within(client.stream(Message::user_text("x"))).await.unwrap();
    let events: Vec<String> = within(stream.map(|e| label(&e.unwrap())).collect::<Vec<_>>()).await;
    assert_eq!(events, ["task:Working", "task:Working", "status:Completed"]);
    assert_eq!(calls.load(Ordering::SeqCst), 4);
}

#[tokio::test]
async fn without_a_policy_a_cut_is_final() {
    let server =
        FakeServer::start(|_, _| Reply::Sse(vec![event(Some(1), task_event("t-1", "TASK_STATE_WORKING"))])).await;
    let stream = within(client(&server).stream(Message::user_text("x"))).await.unwrap();
    let events: Vec<_> = within(stream.collect::<Vec<_>>()).await;
    assert_eq!(events.len(), 2);
    assert!(events[1].as_ref().unwrap_err().is_stream());
    assert_eq!(server.rpc_requests().len(), 1);
}

#[tokio::test]
async fn a_cut_before_the_first_event_of_a_new_task_cannot_resubscribe() {
    let server = FakeServer::start(|_, _| Reply::Sse(vec![])).await;
    let err = within(resubscribing_client(&server).stream(Message::user_text("x"))).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Stream);
    assert_eq!(server.rpc_requests().len(), 1);
}
