//! `SendStreamingMessage` and `SubscribeToTask` over SSE: framing, event order, where
//! streams end, errors before the first event, many subscribers, disconnects, slow
//! subscribers and keep-alives.

use crate::support::{
    Event, Item, TestServer, assert_consecutive, follow_up, parse_sse, read_response, state, text_of, user, within,
};
use serde_json::{Value, json};
use std::time::Duration;
use tokio::io::AsyncReadExt;

fn kinds(events: &[Event]) -> Vec<&str> {
    events.iter().map(Event::kind).collect()
}

fn stream_params(script: &str) -> Value {
    json!({ "message": user(script) })
}

#[tokio::test]
async fn a_streamed_task_sends_the_task_then_each_update_then_ends() {
    let server = TestServer::start().await;
    let mut sse = server
        .stream("SendStreamingMessage", stream_params("working:thinking; artifact:part one; complete:done"))
        .await;
    assert_eq!(sse.headers["cache-control"], "no-cache");
    assert_eq!(sse.headers["x-accel-buffering"], "no");
    let events = sse.rest().await;
    assert_eq!(kinds(&events), ["task", "statusUpdate", "artifactUpdate", "statusUpdate"]);
    assert_consecutive(&events);

    let task = &events[0].result()["task"];
    assert_eq!(state(task), "TASK_STATE_SUBMITTED");
    assert_eq!(text_of(&task["history"][0]), "working:thinking; artifact:part one; complete:done");
    let (id, context) = (&task["id"], &task["contextId"]);

    let working = &events[1].result()["statusUpdate"];
    assert_eq!(working["status"]["state"], "TASK_STATE_WORKING");
    assert_eq!(text_of(&working["status"]["message"]), "thinking");
    let artifact = &events[2].result()["artifactUpdate"];
    assert_eq!(text_of(&artifact["artifact"]), "part one");
    assert_eq!(artifact["lastChunk"], true);
    let done = &events[3].result()["statusUpdate"];
    assert_eq!(done["status"]["state"], "TASK_STATE_COMPLETED");
    for update in [working, artifact, done] {
        assert_eq!(&update["taskId"], id);
        assert_eq!(&update["contextId"], context);
    }

    let stored = server.get_task(id.as_str().unwrap()).await;
    assert_eq!(stored["status"], done["status"]);
    assert_eq!(stored["artifacts"][0], artifact["artifact"]);
}

#[tokio::test]
async fn a_direct_reply_is_the_only_event() {
    let server = TestServer::start().await;
    let mut sse = server.stream("SendStreamingMessage", stream_params("reply:just this")).await;
    let events = sse.rest().await;
    assert_eq!(kinds(&events), ["message"]);
    let message = &events[0].result()["message"];
    assert_eq!(text_of(message), "just this");
    assert_eq!(message["role"], "ROLE_AGENT");
    assert_eq!(server.result("ListTasks", json!({})).await["totalSize"], 0);
}

#[tokio::test]
async fn every_final_state_ends_the_stream() {
    let server = TestServer::start().await;
    for (script, last) in [
        ("complete", "TASK_STATE_COMPLETED"),
        ("working; fail:no", "TASK_STATE_FAILED"),
        ("reject", "TASK_STATE_REJECTED"),
        ("working; cancel", "TASK_STATE_CANCELED"),
        ("working; input:more?", "TASK_STATE_INPUT_REQUIRED"),
        ("auth:sign in", "TASK_STATE_AUTH_REQUIRED"),
        // The agent keeps running after asking for input: the stream still ends.
        ("input:more?; wait:never", "TASK_STATE_INPUT_REQUIRED"),
    ] {
        let events = server.stream("SendStreamingMessage", stream_params(script)).await.rest().await;
        assert_eq!(events[0].kind(), "task", "{script}");
        assert_eq!(events.last().unwrap().state(), Some(last), "{script}: {events:?}");
        assert_consecutive(&events);
        let finals = events.iter().filter(|e| e.kind() == "statusUpdate" && e.state() == Some(last)).count();
        assert_eq!(finals, 1, "{script}");
    }
}

#[tokio::test]
async fn a_follow_up_streams_the_next_turn_of_a_paused_task() {
    let server = TestServer::start().await;
    let first = server.stream("SendStreamingMessage", stream_params("input:your name?")).await.rest().await;
    assert_eq!(kinds(&first), ["task", "statusUpdate"]);
    assert_eq!(first[1].state(), Some("TASK_STATE_INPUT_REQUIRED"));
    let task_id = first[0].result()["task"]["id"].clone();

    let params = json!({ "message": follow_up(&task_id, "working; complete:hi") });
    let second = server.stream("SendStreamingMessage", params).await.rest().await;
    assert_eq!(second[0].kind(), "task");
    let snapshot = &second[0].result()["task"];
    assert_eq!(snapshot["id"], task_id);
    assert_eq!(snapshot["status"]["state"], "TASK_STATE_WORKING");
    let users: Vec<String> =
        snapshot["history"].as_array().unwrap().iter().filter(|m| m["role"] == "ROLE_USER").map(text_of).collect();
    assert_eq!(users, ["input:your name?", "working; complete:hi"]);
    assert_eq!(second.last().unwrap().state(), Some("TASK_STATE_COMPLETED"));
    assert_consecutive(&second);
    assert!(second[0].id > first.last().unwrap().id, "event ids keep rising across turns");
}

#[tokio::test]
async fn errors_before_the_first_event_are_plain_json_rpc_errors() {
    let server = TestServer::start().await;
    let done = server.run("complete").await;
    // `error` checks for an application/json answer.
    server.error("SendStreamingMessage", json!({"message": {"messageId": 5}}), -32602).await;
    server.error("SendStreamingMessage", json!({}), -32602).await;
    server.error("SendStreamingMessage", json!({"message": follow_up(&json!("nope"), "complete")}), -32001).await;
    server.error("SendStreamingMessage", json!({"message": follow_up(&done["id"], "complete")}), -32004).await;
    server.error("SendStreamingMessage", stream_params("unsupported-content"), -32005).await;
    server.error("SubscribeToTask", json!({"id": "nope"}), -32001).await;
    server.error("SubscribeToTask", json!({"id": 5}), -32602).await;
    let error = server.error("SubscribeToTask", json!({"id": done["id"]}), -32004).await;
    assert!(error["message"].as_str().unwrap().contains(done["id"].as_str().unwrap()), "{error}");
    let failed = server.run("working; fail").await;
    server.error("SubscribeToTask", json!({"id": failed["id"]}), -32004).await;
}

#[tokio::test]
async fn subscribing_to_a_running_task_starts_with_its_snapshot() {
    let server = TestServer::start().await;
    let params = json!({"message": user("working:underway; notify:ready; wait:go; artifact:out; complete:done"),
                        "configuration": {"returnImmediately": true}});
    let task = server.result("SendMessage", params).await["task"].clone();
    server.control.reached("ready").await;

    let mut sse = server.subscribe(task["id"].as_str().unwrap()).await;
    let snapshot = sse.event().await;
    assert_eq!(snapshot.kind(), "task");
    let snapshot_task = &snapshot.result()["task"];
    assert_eq!(snapshot_task["id"], task["id"]);
    assert_eq!(state(snapshot_task), "TASK_STATE_WORKING");
    assert_eq!(text_of(&snapshot_task["status"]["message"]), "underway");

    server.control.open("go");
    let mut events = vec![snapshot];
    events.extend(sse.rest().await);
    assert_eq!(kinds(&events), ["task", "artifactUpdate", "statusUpdate"]);
    assert_eq!(events[2].state(), Some("TASK_STATE_COMPLETED"));
    assert_consecutive(&events);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_subscribers_see_the_same_events_in_the_same_order() {
    let server = TestServer::start().await;
    let script = "working; notify:ready; wait:go; artifact:1; working:2; artifact:3; artifact:4; working:5; complete:6";
    let mut origin = server.stream("SendStreamingMessage", stream_params(script)).await;
    let head = vec![origin.event().await, origin.event().await];
    assert_eq!(kinds(&head), ["task", "statusUpdate"]);
    let task_id = head[0].result()["task"]["id"].as_str().unwrap().to_string();
    server.control.reached("ready").await;

    let mut subscribers = Vec::new();
    for _ in 0..6 {
        let mut sse = server.subscribe(&task_id).await;
        let snapshot = sse.event().await;
        assert_eq!(snapshot.kind(), "task");
        assert_eq!(snapshot.id, head[1].id, "the snapshot is at the current version");
        assert_eq!(snapshot.state(), Some("TASK_STATE_WORKING"));
        subscribers.push(sse);
    }
    server.control.open("go");
    let (expected, rests) =
        tokio::join!(origin.rest(), futures::future::join_all(subscribers.iter_mut().map(|s| s.rest())));
    assert_eq!(
        kinds(&expected),
        ["artifactUpdate", "statusUpdate", "artifactUpdate", "artifactUpdate", "statusUpdate", "statusUpdate"]
    );
    assert_eq!(expected.last().unwrap().state(), Some("TASK_STATE_COMPLETED"));
    let signature = |events: &[Event]| events.iter().map(|e| (e.id, e.result().clone())).collect::<Vec<_>>();
    for rest in &rests {
        assert_eq!(signature(rest), signature(&expected));
    }
    let mut all = head.clone();
    all.extend(expected);
    assert_consecutive(&all);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_disconnects_does_not_stop_the_task() {
    let server = TestServer::start().await;
    let script = "working; notify:ready; wait:go; artifact:result; working:almost; complete:done";
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": "SendStreamingMessage", "params": stream_params(script)});
    let mut leaving = server.raw_post(tokio::net::TcpSocket::new_v4().unwrap(), &body).await;
    // Read until the first event arrived, then hang up.
    let mut seen = Vec::new();
    while !seen.windows(4).any(|w| w == b"}\n\n\r") {
        let mut buf = [0u8; 4096];
        let n = within("the first event", leaving.read(&mut buf)).await.unwrap();
        assert!(n > 0, "the server closed the stream early");
        seen.extend_from_slice(&buf[..n]);
    }
    server.control.reached("ready").await;
    drop(leaving);

    let task_id = server.control.contexts()[0].task_id().as_str().to_string();
    let mut staying = server.subscribe(&task_id).await;
    assert_eq!(staying.event().await.kind(), "task");
    server.control.open("go");
    let events = staying.rest().await;
    assert_eq!(kinds(&events), ["artifactUpdate", "statusUpdate", "statusUpdate"]);
    assert_eq!(events[2].state(), Some("TASK_STATE_COMPLETED"));

    let task = server.get_task(&task_id).await;
    assert_eq!(state(&task), "TASK_STATE_COMPLETED");
    assert_eq!(text_of(&task["artifacts"][0]), "result");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_disconnects_early_leaves_the_task_running_to_the_end() {
    let server = TestServer::start().await;
    // The client hangs up while the agent is still working; nobody else listens.
    let script = "working; notify:ready; wait:go; artifact:result; complete:done";
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": "SendStreamingMessage", "params": stream_params(script)});
    let leaving = server.raw_post(tokio::net::TcpSocket::new_v4().unwrap(), &body).await;
    server.control.reached("ready").await;
    drop(leaving);
    tokio::time::sleep(Duration::from_millis(20)).await;
    server.control.open("go");

    let task_id = server.control.contexts()[0].task_id().as_str().to_string();
    within("the task to complete", async {
        loop {
            let task = server.get_task(&task_id).await;
            if state(&task) == "TASK_STATE_COMPLETED" {
                assert_eq!(text_of(&task["artifacts"][0]), "result");
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_subscriber_stalls_neither_the_agent_nor_other_subscribers() {
    const CHUNKS: usize = 48;
    const SIZE: usize = 256 * 1024;
    let server = TestServer::start_with(|b| b.subscriber_buffer(2)).await;
    let script = format!("working; notify:ready; wait:go; flood:{CHUNKS}:{SIZE}; complete:done");
    let params = json!({"message": user(&script), "configuration": {"returnImmediately": true}});
    let task = server.result("SendMessage", params).await["task"].clone();
    let task_id = task["id"].as_str().unwrap();
    server.control.reached("ready").await;

    // The slow subscriber: a socket with a tiny receive buffer that reads the first event
    // and then nothing until the end.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let body = json!({"jsonrpc": "2.0", "id": "slow", "method": "SubscribeToTask", "params": {"id": task_id}});
    let mut slow = server.raw_post(socket, &body).await;
    let mut seen = Vec::new();
    while !seen.windows(4).any(|w| w == b"}\n\n\r") {
        let mut buf = [0u8; 1024];
        let n = within("the slow subscriber's first event", slow.read(&mut buf)).await.unwrap();
        assert!(n > 0);
        seen.extend_from_slice(&buf[..n]);
    }

    // The fast subscriber reads everything, and lets the agent go on after each chunk.
    let mut fast = server.subscribe(task_id).await;
    assert_eq!(fast.event().await.kind(), "task");
    server.control.open("go");
    let mut chunks = 0;
    let mut last = None;
    while let Some(event) = fast.next_event().await {
        if event.kind() == "artifactUpdate" {
            server.control.open(&format!("ack{chunks}"));
            chunks += 1;
        }
        last = Some(event);
    }
    assert_eq!(chunks, CHUNKS);
    assert_eq!(last.unwrap().state(), Some("TASK_STATE_COMPLETED"));
    assert_eq!(state(&server.get_task(task_id).await), "TASK_STATE_COMPLETED");

    // The slow subscriber's stream was cut short: it can resubscribe, but it never got
    // the end of the task.
    let (status, _, body) = read_response(&mut slow, seen).await;
    assert_eq!(status, 200);
    let events: Vec<Event> = parse_sse(&body)
        .into_iter()
        .filter_map(|item| match item {
            Item::Event(e) => Some(e),
            Item::Comment => None,
        })
        .collect();
    assert_eq!(events[0].kind(), "task");
    assert!(events.len() < CHUNKS, "the slow subscriber got {} events", events.len());
    assert!(events.iter().all(|e| e.state() != Some("TASK_STATE_COMPLETED")));
    assert_consecutive(&events);
}

#[tokio::test]
async fn an_idle_stream_gets_keep_alive_comments() {
    let server = TestServer::start_with(|b| b.keep_alive(Some(Duration::from_millis(30)))).await;
    let mut sse = server.stream("SendStreamingMessage", stream_params("working; wait:go; complete")).await;
    assert_eq!(sse.event().await.kind(), "task");
    assert_eq!(sse.event().await.state(), Some("TASK_STATE_WORKING"));
    let mut comments = 0;
    while comments < 2 {
        match sse.next_item().await.expect("the stream stays open") {
            Item::Comment => comments += 1,
            Item::Event(e) => panic!("unexpected event {e:?}"),
        }
    }
    server.control.open("go");
    let rest = sse.rest().await;
    assert_eq!(rest.last().unwrap().state(), Some("TASK_STATE_COMPLETED"));
}

#[tokio::test]
async fn without_keep_alive_an_idle_stream_stays_silent() {
    let server = TestServer::start_with(|b| b.keep_alive(None)).await;
    let mut sse = server.stream("SendStreamingMessage", stream_params("working; wait:go; complete")).await;
    sse.event().await;
    sse.event().await;
    let quiet = tokio::time::timeout(Duration::from_millis(100), sse.next_item()).await;
    assert!(quiet.is_err(), "expected silence, got {quiet:?}");
    server.control.open("go");
    assert_eq!(sse.rest().await.last().unwrap().state(), Some("TASK_STATE_COMPLETED"));
}

#[tokio::test]
async fn a_subscriber_to_a_paused_task_follows_its_next_turn() {
    let server = TestServer::start().await;
    let paused = server.run("input:which file?").await;
    let id = paused["id"].as_str().unwrap();
    let mut sse = server.subscribe(id).await;
    let snapshot = sse.event().await;
    assert_eq!(snapshot.state(), Some("TASK_STATE_INPUT_REQUIRED"));
    // The pause it starts in does not end the stream.
    let quiet = tokio::time::timeout(Duration::from_millis(50), sse.next_item()).await;
    assert!(quiet.is_err(), "the stream of a paused task stays open: {quiet:?}");

    let done = server.send_message(follow_up(&paused["id"], "working:reading; artifact:contents; complete:done")).await;
    assert_eq!(state(&done["task"]), "TASK_STATE_COMPLETED");
    let mut events = vec![snapshot];
    events.extend(sse.rest().await);
    assert_eq!(kinds(&events), ["task", "statusUpdate", "statusUpdate", "artifactUpdate", "statusUpdate"]);
    let states: Vec<_> = events.iter().filter_map(Event::state).collect();
    assert_eq!(
        states,
        ["TASK_STATE_INPUT_REQUIRED", "TASK_STATE_WORKING", "TASK_STATE_WORKING", "TASK_STATE_COMPLETED"]
    );
    assert_consecutive(&events);
}

#[tokio::test]
async fn a_subscriber_to_a_paused_task_sees_it_canceled() {
    let server = TestServer::start().await;
    let paused = server.run("input:which file?").await;
    let id = paused["id"].as_str().unwrap();
    let mut sse = server.subscribe(id).await;
    assert_eq!(sse.event().await.state(), Some("TASK_STATE_INPUT_REQUIRED"));
    assert_eq!(state(&server.result("CancelTask", json!({ "id": id })).await), "TASK_STATE_CANCELED");
    let rest = sse.rest().await;
    assert_eq!(rest.len(), 1, "{rest:?}");
    assert_eq!(rest[0].state(), Some("TASK_STATE_CANCELED"));
}

#[tokio::test]
async fn a_subscriber_to_a_paused_task_that_pauses_again_is_done() {
    let server = TestServer::start().await;
    let paused = server.run("input:first question").await;
    let mut sse = server.subscribe(paused["id"].as_str().unwrap()).await;
    sse.event().await;
    let again = server.send_message(follow_up(&paused["id"], "input:second question")).await;
    assert_eq!(state(&again["task"]), "TASK_STATE_INPUT_REQUIRED");
    let rest = sse.rest().await;
    let states: Vec<_> = rest.iter().filter_map(Event::state).collect();
    assert_eq!(states, ["TASK_STATE_WORKING", "TASK_STATE_INPUT_REQUIRED"], "the stream ends at the next pause");
}

#[tokio::test]
async fn streams_work_over_http2_too() {
    let server = TestServer::start().await;
    let h2 = reqwest::Client::builder().no_proxy().http2_prior_knowledge().build().unwrap();
    let body = json!({"jsonrpc": "2.0", "id": "h2", "method": "SendStreamingMessage",
                      "params": stream_params("working; artifact:over h2; complete")});
    let response = within(
        "an HTTP/2 stream",
        h2.post(server.url("/"))
            .header("A2A-Version", "1.0")
            .header("content-type", "application/json")
            .body(body.to_string())
            .send(),
    )
    .await
    .unwrap();
    assert_eq!(response.version(), reqwest::Version::HTTP_2);
    assert_eq!(crate::support::content_type(&response), "text/event-stream");
    let text = within("the stream", response.text()).await.unwrap();
    let events: Vec<Event> = parse_sse(text.as_bytes())
        .into_iter()
        .filter_map(|item| match item {
            Item::Event(e) => Some(e),
            Item::Comment => None,
        })
        .collect();
    assert_eq!(kinds(&events), ["task", "statusUpdate", "artifactUpdate", "statusUpdate"]);
    assert!(events.iter().all(|e| e.data["id"] == "h2"));
    assert_eq!(events[3].state(), Some("TASK_STATE_COMPLETED"));
}

#[tokio::test]
async fn a_paused_task_is_let_go_when_its_last_subscriber_leaves() {
    use a2a_server::{InMemoryTaskStore, TaskStore};
    use std::sync::Arc;

    let store = Arc::new(InMemoryTaskStore::new());
    let shared = store.clone();
    let server =
        TestServer::start_with(move |b| b.task_store(shared).keep_alive(Some(Duration::from_millis(20)))).await;
    let paused = server.run("input:which file?").await;
    let id = paused["id"].as_str().unwrap();
    let mut sse = server.subscribe(id).await;
    assert_eq!(sse.event().await.state(), Some("TASK_STATE_INPUT_REQUIRED"));
    drop(sse);

    // Another process sharing the store changes the task. Once the server let go of its
    // in-memory copy, it serves what the store holds instead of a stale copy.
    let task_id = a2a_types::TaskId::new(id);
    let stored = store.load("", &task_id).await.unwrap().unwrap();
    let mut task = stored.task;
    task.metadata = Some(serde_json::Map::from_iter([("changedElsewhere".to_string(), json!(true))]));
    store.save("", &task, Some(stored.version)).await.unwrap();
    let mut seen = Value::Null;
    for _ in 0..100 {
        seen = server.get_task(id).await;
        if seen["metadata"]["changedElsewhere"] == json!(true) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the server kept serving its stale copy: {seen}");
}
