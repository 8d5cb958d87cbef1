//! One running streaming agent, two generations of clients: a v1.0 client streams a task
//! and a v0.3 client (speaking `tasks/resubscribe`, `kind`-tagged events, `final`)
//! follows the same task. Both must see the same events and end at COMPLETED.

use a2a_client::{ClientBuilder, EventStream, ProtocolVersion};
use a2a_types::{Message, StreamResponse, TaskState};
use futures::StreamExt;
use std::future::IntoFuture;
use std::time::Duration;
use streaming::{Pacing, server_with};

/// A label per event that both generations can be compared by.
fn label(event: &StreamResponse) -> String {
    match event {
        StreamResponse::Task(t) => format!("task {:?}", t.state()),
        StreamResponse::StatusUpdate(s) => {
            format!("status {:?} {}", s.status.state, s.status.message.as_ref().map(Message::text).unwrap_or_default())
        }
        StreamResponse::ArtifactUpdate(a) => format!("artifact {}", a.artifact.parts[0].as_text().unwrap_or_default()),
        other => format!("{other:?}"),
    }
}

async fn all(stream: &mut EventStream) -> Vec<String> {
    let mut labels = Vec::new();
    while let Some(event) = tokio::time::timeout(Duration::from_secs(10), stream.next()).await.expect("an event") {
        labels.push(label(&event.expect("no stream error")));
    }
    labels
}

#[tokio::test]
async fn a_v0_3_client_and_a_v1_client_stream_the_same_task() {
    // A hold after the first update leaves time for the second client to join.
    let pacing = Pacing { steps: 4, delay: Duration::from_millis(20), hold: Duration::from_millis(500) };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(a2a_server::serve(listener, server_with(pacing)).into_future());

    let base = base.as_str();
    let builder = |version| async move {
        ClientBuilder::from_card_url(base).await.unwrap().protocol_version(version).build().unwrap()
    };
    let new = builder(ProtocolVersion::V1_0).await;
    let old = builder(ProtocolVersion::V0_3).await;
    assert_eq!(old.protocol_version(), ProtocolVersion::V0_3);

    let mut stream = new.stream(Message::user_text("two generations")).await.unwrap();
    let first = stream.next().await.unwrap().unwrap();
    let task_id = first.task_id().unwrap().clone();
    let second = stream.next().await.unwrap().unwrap();
    assert_eq!(label(&second), "status Working Initializing...");

    let mut old_stream = old.subscribe(&task_id).await.unwrap();
    let snapshot = old_stream.next().await.unwrap().unwrap();
    assert_eq!(label(&snapshot), "task Working");
    assert_eq!(snapshot.task_id(), Some(&task_id));

    let new_rest = all(&mut stream).await;
    let old_rest = all(&mut old_stream).await;
    assert_eq!(new_rest.len(), 5, "{new_rest:?}");
    assert_eq!(new_rest.last().map(String::as_str), Some("status Completed "));
    assert_eq!(old_rest, new_rest, "both generations see the same events after the snapshot");
    assert_eq!(old.get_task(&task_id).await.unwrap().state(), TaskState::Completed);
}
