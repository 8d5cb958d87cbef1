//! Streaming operations: how an `EventStream` ends, and every way a stream can go wrong.

use crate::support::*;
use a2a_client::{Client, ErrorKind};
use a2a_types::{ErrorCode, Message, StreamResponse, TaskState};
use futures::StreamExt;
use serde_json::json;
use std::time::Duration;

/// Collects a stream to its end.
async fn collect(stream: a2a_client::EventStream) -> Vec<Result<StreamResponse, a2a_client::Error>> {
    within(stream.collect::<Vec<_>>()).await
}

fn kinds(events: &[Result<StreamResponse, a2a_client::Error>]) -> Vec<String> {
    events
        .iter()
        .map(|e| match e {
            Ok(StreamResponse::Task(t)) => format!("task:{:?}", t.state()),
            Ok(StreamResponse::StatusUpdate(s)) => format!("status:{:?}", s.status.state),
            Ok(StreamResponse::ArtifactUpdate(a)) => {
                format!("artifact:{}", a.artifact.parts[0].as_text().unwrap_or(""))
            }
            Ok(StreamResponse::Message(m)) => format!("message:{}", m.text()),
            Ok(other) => format!("{other:?}"),
            Err(e) => format!("error:{:?}", e.kind()),
        })
        .collect()
}

#[tokio::test]
async fn a_stream_ends_cleanly_at_the_final_event_even_if_the_server_keeps_it_open() {
    let server = FakeServer::start(|_, _| {
        Reply::Sse(vec![
            event(None, task_event("t-1", "TASK_STATE_SUBMITTED")),
            event(None, status_event("t-1", "TASK_STATE_WORKING")),
            event(None, artifact_event("t-1", "partial")),
            event(None, status_event("t-1", "TASK_STATE_COMPLETED")),
            Step::Hang,
        ])
    })
    .await;
    let client = client(&server);
    let stream = within(client.stream(Message::user_text("go"))).await.unwrap();
    let events = collect(stream).await;
    assert_eq!(kinds(&events), ["task:Submitted", "status:Working", "artifact:partial", "status:Completed"]);

    let req = server.only_rpc();
    assert_eq!(req.rpc_method(), "SendStreamingMessage");
    assert_eq!(req.params()["tenant"], "t-1");
    assert_eq!(req.params()["message"]["parts"], json!([{"text": "go"}]));
    assert!(req.header("accept").unwrap().starts_with("text/event-stream"));
    assert_eq!(req.header("a2a-version"), Some("1.0"));
}

#[tokio::test]
async fn a_message_ends_the_stream() {
    let server = FakeServer::start(|_, _| Reply::Sse(vec![event(None, message_event("hi")), Step::Hang])).await;
    let events = collect(within(client(&server).stream(Message::user_text("x"))).await.unwrap()).await;
    assert_eq!(kinds(&events), ["message:hi"]);
}

#[tokio::test]
async fn an_interrupted_state_ends_the_stream() {
    let server = FakeServer::start(|_, _| {
        Reply::Sse(vec![
            event(None, task_event("t-1", "TASK_STATE_WORKING")),
            event(None, status_event("t-1", "TASK_STATE_INPUT_REQUIRED")),
            Step::Hang,
        ])
    })
    .await;
    let events = collect(within(client(&server).stream(Message::user_text("x"))).await.unwrap()).await;
    assert_eq!(kinds(&events), ["task:Working", "status:InputRequired"]);
}

#[tokio::test]
async fn a_stream_closed_before_a_final_event_is_an_error_not_a_quiet_end() {
    let server = FakeServer::start(|_, _| {
        Reply::Sse(vec![
            event(None, task_event("t-1", "TASK_STATE_SUBMITTED")),
            event(None, status_event("t-1", "TASK_STATE_WORKING")),
        ])
    })
    .await;
    let events = collect(within(client(&server).stream(Message::user_text("x"))).await.unwrap()).await;
    assert_eq!(kinds(&events), ["task:Submitted", "status:Working", "error:Stream"]);
    assert!(events[2].as_ref().unwrap_err().is_stream());
}

#[tokio::test]
async fn a_stream_cut_inside_an_event_is_a_stream_error() {
    let server = FakeServer::start(|_, _| {
        Reply::Sse(vec![
            event(None, task_event("t-1", "TASK_STATE_WORKING")),
            Step::Send(r#"data: {"jsonrpc": "2.0", "id": 1, "result": {"statusUp"#.into()),
        ])
    })
    .await;
    let events = collect(within(client(&server).stream(Message::user_text("x"))).await.unwrap()).await;
    assert_eq!(kinds(&events), ["task:Working", "error:Stream"]);
}

#[tokio::test]
async fn a_broken_chunked_body_is_a_stream_error_with_its_cause() {
    let first = json!({"jsonrpc": "2.0", "id": 1, "result": task_event("t-1", "TASK_STATE_WORKING")});
    let chunk = format!("data: {first}\n\n");
    let server = FakeServer::start(move |_, _| {
        let mut raw =
            "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n".to_string();
        raw.push_str(&format!("{:x}\r\n{chunk}\r\n", chunk.len()));
        // A chunk announced as 0x100 bytes long, then the connection closes.
        raw.push_str("100\r\ndata: {\"jsonrpc\"");
        Reply::Raw(raw.into_bytes())
    })
    .await;
    let events = collect(within(client(&server).stream(Message::user_text("x"))).await.unwrap()).await;
    assert_eq!(kinds(&events), ["task:Working", "error:Stream"]);
    assert!(std::error::Error::source(events[1].as_ref().unwrap_err()).is_some());
}

#[tokio::test]
async fn an_oversized_event_is_a_typed_error() {
    let big = "x".repeat(10_000);
    let server = FakeServer::start(move |_, _| {
        Reply::Sse(vec![
            event(None, task_event("t-1", "TASK_STATE_WORKING")),
            event(None, artifact_event("t-1", &big)),
            Step::Hang,
        ])
    })
    .await;
    let client = Client::builder(card(&server.base())).max_event_size(4096).build().unwrap();
    let events = collect(within(client.stream(Message::user_text("x"))).await.unwrap()).await;
    assert_eq!(kinds(&events), ["task:Working", "error:EventTooLarge"]);
    assert!(events[1].as_ref().unwrap_err().is_decode());
}

#[tokio::test]
async fn an_idle_stream_times_out() {
    let server =
        FakeServer::start(|_, _| Reply::Sse(vec![event(None, task_event("t-1", "TASK_STATE_WORKING")), Step::Hang]))
            .await;
    let client = Client::builder(card(&server.base())).idle_timeout(Duration::from_millis(200)).build().unwrap();
    let events = collect(within(client.stream(Message::user_text("x"))).await.unwrap()).await;
    assert_eq!(kinds(&events), ["task:Working", "error:Timeout"]);
}

#[tokio::test]
async fn keep_alive_comments_reset_the_idle_timer_and_there_is_no_total_timeout() {
    let server = FakeServer::start(|_, _| {
        let mut steps = vec![event(None, task_event("t-1", "TASK_STATE_WORKING"))];
        for _ in 0..8 {
            steps.push(Step::Sleep(Duration::from_millis(60)));
            steps.push(Step::Send(": keep-alive\n\n".into()));
        }
        steps.push(event(None, status_event("t-1", "TASK_STATE_COMPLETED")));
        Reply::Sse(steps)
    })
    .await;
    // The stream lasts ~480 ms, more than both the idle and the request timeout.
    let client = Client::builder(card(&server.base()))
        .idle_timeout(Duration::from_millis(250))
        .timeout(Duration::from_millis(250))
        .build()
        .unwrap();
    let events = collect(within(client.stream(Message::user_text("x"))).await.unwrap()).await;
    assert_eq!(kinds(&events), ["task:Working", "status:Completed"]);
}

#[tokio::test]
async fn a_json_rpc_error_before_the_first_event_is_returned_by_stream() {
    let server = FakeServer::start(|req, _| rpc_error(req, -32004, "Streaming is not supported")).await;
    let err = within(client(&server).stream(Message::user_text("x"))).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Protocol);
    assert_eq!(err.error_code(), Some(ErrorCode::UnsupportedOperation));
}

#[tokio::test]
async fn an_error_event_first_is_returned_by_stream() {
    let server = FakeServer::start(|_, _| {
        Reply::Sse(vec![
            Step::Send(format!(
                "data: {}\n\n",
                json!({"jsonrpc": "2.0", "id": 1, "error": {"code": -32001, "message": "Task not found"}})
            )),
            Step::Hang,
        ])
    })
    .await;
    let err = within(client(&server).subscribe("t-404")).await.unwrap_err();
    assert_eq!(err.error_code(), Some(ErrorCode::TaskNotFound));
}

#[tokio::test]
async fn an_http_error_before_the_stream_is_returned_by_stream() {
    let server = FakeServer::start(|_, _| Reply::Json(503, "busy".into())).await;
    let err = within(client(&server).stream(Message::user_text("x"))).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::HttpStatus);
    assert_eq!(err.status(), Some(503));
}

#[tokio::test]
async fn a_stream_closed_before_any_event_is_returned_by_stream() {
    let server = FakeServer::start(|_, _| Reply::Sse(vec![Step::Send(": hello\n\n".into())])).await;
    let err = within(client(&server).stream(Message::user_text("x"))).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Stream);
}

#[tokio::test]
async fn an_error_event_mid_stream_ends_the_stream_with_a_protocol_error() {
    let server = FakeServer::start(|_, _| {
        Reply::Sse(vec![
            event(None, task_event("t-1", "TASK_STATE_WORKING")),
            Step::Send(format!(
                "data: {}\n\n",
                json!({"jsonrpc": "2.0", "id": 1, "error": {"code": -32603, "message": "boom"}})
            )),
            event(None, status_event("t-1", "TASK_STATE_COMPLETED")),
        ])
    })
    .await;
    let events = collect(within(client(&server).stream(Message::user_text("x"))).await.unwrap()).await;
    assert_eq!(kinds(&events), ["task:Working", "error:Protocol"]);
    assert_eq!(events[1].as_ref().unwrap_err().error_code(), Some(ErrorCode::Internal));
}

#[tokio::test]
async fn a_malformed_event_is_a_decode_error() {
    let server = FakeServer::start(|_, _| {
        Reply::Sse(vec![
            event(None, task_event("t-1", "TASK_STATE_WORKING")),
            Step::Send("data: {not json}\n\n".into()),
            Step::Hang,
        ])
    })
    .await;
    let events = collect(within(client(&server).stream(Message::user_text("x"))).await.unwrap()).await;
    assert_eq!(kinds(&events), ["task:Working", "error:Decode"]);
}

#[tokio::test]
async fn the_parser_tolerates_crlf_bom_comments_and_a_missing_final_blank_line() {
    let server = FakeServer::start(|_, _| {
        let first = json!({"jsonrpc": "2.0", "id": 1, "result": task_event("t-1", "TASK_STATE_WORKING")});
        let last = json!({"jsonrpc": "2.0", "id": 1, "result": status_event("t-1", "TASK_STATE_FAILED")});
        Reply::Sse(vec![
            Step::Send(format!("\u{feff}: comment\r\nevent: message\r\nid: 1\r\ndata:{first}\r\n\r\n")),
            Step::Send("retry: 100\r\n\r\n".into()),
            // The last event is not closed by a blank line before the server closes.
            Step::Send(format!("data: {last}\n")),
        ])
    })
    .await;
    let events = collect(within(client(&server).stream(Message::user_text("x"))).await.unwrap()).await;
    assert_eq!(kinds(&events), ["task:Working", "status:Failed"]);
}

#[tokio::test]
async fn subscribe_streams_a_running_task() {
    let server = FakeServer::start(|_, _| {
        Reply::Sse(vec![
            event(Some(4), task_event("t-1", "TASK_STATE_WORKING")),
            event(Some(5), status_event("t-1", "TASK_STATE_CANCELED")),
        ])
    })
    .await;
    let events = collect(within(client(&server).subscribe("t-1")).await.unwrap()).await;
    assert_eq!(kinds(&events), ["task:Working", "status:Canceled"]);
    let req = server.only_rpc();
    assert_eq!(req.rpc_method(), "SubscribeToTask");
    assert_eq!(req.params(), json!({"id": "t-1", "tenant": "t-1"}));
}

#[tokio::test]
async fn follow_subscribes_to_a_running_task() {
    let server = FakeServer::start(|_, _| {
        Reply::Sse(vec![
            event(None, task_event("t-1", "TASK_STATE_WORKING")),
            event(None, status_event("t-1", "TASK_STATE_COMPLETED")),
        ])
    })
    .await;
    let events = collect(within(client(&server).follow("t-1")).await.unwrap()).await;
    assert_eq!(kinds(&events), ["task:Working", "status:Completed"]);
}

#[tokio::test]
async fn follow_gets_a_finished_task() {
    let server = FakeServer::start(|req, _| match req.rpc_method().as_str() {
        "SubscribeToTask" => rpc_error(req, -32004, "Task is in a terminal state"),
        "GetTask" => ok(req, task("t-1", "TASK_STATE_COMPLETED")),
        other => panic!("unexpected {other}"),
    })
    .await;
    let events = collect(within(client(&server).follow("t-1")).await.unwrap()).await;
    assert_eq!(kinds(&events), ["task:Completed"]);
    let reqs = server.rpc_requests();
    assert_eq!(reqs[1].rpc_method(), "GetTask");
    assert_eq!(reqs[1].params(), json!({"id": "t-1", "tenant": "t-1"}));
}

#[tokio::test]
async fn follow_passes_on_other_errors() {
    let server = FakeServer::start(|req, _| rpc_error(req, -32001, "Task not found")).await;
    let err = within(client(&server).follow("t-1")).await.unwrap_err();
    assert_eq!(err.error_code(), Some(ErrorCode::TaskNotFound));
    assert_eq!(server.rpc_requests().len(), 1);
}

#[tokio::test]
async fn the_stream_is_a_send_stream_that_can_be_moved_to_a_task() {
    let server = FakeServer::start(|_, _| {
        Reply::Sse(vec![
            event(None, task_event("t-1", "TASK_STATE_WORKING")),
            event(None, status_event("t-1", "TASK_STATE_REJECTED")),
        ])
    })
    .await;
    let stream = within(client(&server).stream(Message::user_text("x"))).await.unwrap();
    let handle = tokio::spawn(async move { stream.map(|e| e.unwrap()).collect::<Vec<_>>().await });
    let events = within(handle).await.unwrap();
    assert!(matches!(&events[1], StreamResponse::StatusUpdate(s) if s.status.state == TaskState::Rejected));
}

#[tokio::test]
async fn the_request_timeout_bounds_the_wait_for_a_stream_to_begin() {
    let server = FakeServer::start(|_, _| Reply::Silent).await;
    let client = Client::builder(card(&server.base())).timeout(Duration::from_millis(200)).build().unwrap();
    let err = within(client.stream(Message::user_text("x"))).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout);
}

#[tokio::test]
async fn next_is_cancel_safe_in_select() {
    let server = FakeServer::start(|_, _| {
        let mut steps = vec![event(None, task_event("t-1", "TASK_STATE_WORKING"))];
        for text in ["a", "b", "c"] {
            steps.push(Step::Sleep(Duration::from_millis(40)));
            steps.push(event(None, artifact_event("t-1", text)));
        }
        steps.push(event(None, status_event("t-1", "TASK_STATE_COMPLETED")));
        Reply::Sse(steps)
    })
    .await;
    let mut stream = within(client(&server).stream(Message::user_text("x"))).await.unwrap();
    let mut events = Vec::new();
    let mut timeouts = 0;
    within(async {
        loop {
            tokio::select! {
                ev = stream.next() => match ev {
                    Some(ev) => events.push(ev),
                    None => break,
                },
                _ = tokio::time::sleep(Duration::from_millis(5)) => timeouts += 1,
            }
        }
    })
    .await;
    assert!(timeouts > 0, "the race never dropped a next() future");
    assert_eq!(kinds(&events), ["task:Working", "artifact:a", "artifact:b", "artifact:c", "status:Completed"]);
}
