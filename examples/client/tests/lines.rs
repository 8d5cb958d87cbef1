//! The lines the `client` example prints for the `streaming` agent, over loopback: the
//! format the README and the issue show, event by event.

use a2a_client::Client;
use a2a_server::Server;
use a2a_types::{Message, SendMessageResponse, StreamResponse};
use futures::TryStreamExt;
use std::future::IntoFuture;
use std::time::Duration;
use streaming::{Analyst, STEPS, analysis};

async fn start() -> Client {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let server = Server::builder(streaming::card(), Analyst::with_pace(Duration::ZERO)).build();
    tokio::spawn(a2a_server::serve(listener, server).into_future());
    Client::from_card_url(&url).await.unwrap()
}

/// A guard against a hang: a test that waits this long has failed.
async fn within<T>(fut: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(20), fut).await.expect("test timed out")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stream_prints_one_line_per_event() {
    let client = start().await;
    let text = "Summarize the quarterly numbers";
    let events: Vec<StreamResponse> =
        within(async { client.stream(Message::user_text(text)).await.unwrap().try_collect().await.unwrap() }).await;
    let lines: Vec<String> = events.iter().map(client::describe).collect();
    let id = events[0].task_id().expect("the first event is the task");
    let mut expected = vec![format!("[TASK SUBMITTED] {id}")];
    expected.extend(STEPS.iter().map(|step| format!("[WORKING] {step}")));
    expected.push(format!("[ARTIFACT processing_result] {}", analysis(text)));
    expected.push("[COMPLETED]".to_string());
    assert_eq!(lines, expected);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_send_prints_the_finished_task() {
    let client = start().await;
    let SendMessageResponse::Task(task) = within(client.send(Message::user_text("one two"))).await.unwrap() else {
        panic!("the analyst answers with a task");
    };
    assert_eq!(
        client::describe_task(&task),
        [format!("[TASK COMPLETED] {}", task.id), format!("[ARTIFACT processing_result] {}", analysis("one two"))]
    );
}
