//! How failures of unary operations surface: each kind, with its details and cause.

use crate::support::*;
use a2a_client::{Client, ErrorKind, OutgoingRequest, RequestHook};
use a2a_types::{ErrorCode, Message};
use serde_json::json;
use std::error::Error as _;
use std::time::Duration;

#[tokio::test]
async fn a_json_rpc_error_is_a_protocol_error_with_its_code_and_details() {
    let server = FakeServer::start(|req, _| {
        Reply::Json(
            200,
            json!({"jsonrpc": "2.0", "id": req.rpc_id(), "error": {
                "code": -32001, "message": "Task not found",
                "data": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "TASK_NOT_FOUND", "domain": "a2a-protocol.org"}]
            }})
            .to_string(),
        )
    })
    .await;
    let err = within(client(&server).get_task("nope")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Protocol);
    assert!(err.is_protocol());
    assert!(matches!(err.error_code(), Some(ErrorCode::TaskNotFound)));
    let rpc = err.protocol_error().unwrap();
    assert_eq!(rpc.code, -32001);
    assert_eq!(rpc.message, "Task not found");
    assert_eq!(rpc.data.as_ref().unwrap()[0]["reason"], "TASK_NOT_FOUND");
    assert_eq!(err.status(), None);
    assert_eq!(err.to_string(), "agent returned an error: Task not found (code -32001)");
}

#[tokio::test]
async fn an_unknown_error_code_is_kept_as_a_number() {
    let server = FakeServer::start(|req, _| rpc_error(req, -32050, "custom")).await;
    let err = within(client(&server).cancel_task("t")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Protocol);
    assert_eq!(err.error_code(), None);
    assert_eq!(err.protocol_error().unwrap().code, -32050);
}

#[tokio::test]
async fn http_500_is_an_http_status_error() {
    let server = FakeServer::start(|_, _| Reply::Json(500, "<html>oops</html>".into())).await;
    let err = within(client(&server).get_task("t")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::HttpStatus);
    assert!(err.is_status());
    assert_eq!(err.status(), Some(500));
    assert_eq!(err.error_code(), None);
    assert_eq!(err.to_string(), "HTTP status 500");
}

#[tokio::test]
async fn a_json_rpc_error_under_an_error_status_is_a_protocol_error_with_the_status() {
    let server = FakeServer::start(|req, _| {
        Reply::Json(
            400,
            json!({"jsonrpc": "2.0", "id": req.rpc_id(), "error": {"code": -32602, "message": "Invalid parameters"}})
                .to_string(),
        )
    })
    .await;
    let err = within(client(&server).get_task("t")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Protocol);
    assert_eq!(err.error_code(), Some(ErrorCode::InvalidParams));
    assert_eq!(err.status(), Some(400));
}

#[tokio::test]
async fn malformed_json_is_a_decode_error_with_its_cause() {
    let server = FakeServer::start(|_, _| Reply::Json(200, r#"{"jsonrpc": "2.0", "id": 1, "result": {"#.into())).await;
    let err = within(client(&server).get_task("t")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode);
    assert!(err.is_decode());
    let cause = err.source().expect("the JSON error is kept");
    assert!(cause.downcast_ref::<a2a_types::DecodeError>().unwrap().is_syntax());
}

#[tokio::test]
async fn a_result_of_the_wrong_shape_names_the_field() {
    let server =
        FakeServer::start(|req, _| ok(req, json!({"id": "t", "status": {"state": "TASK_STATE_SLEEPING"}}))).await;
    let err = within(client(&server).get_task("t")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode);
    let cause = err.source().unwrap().downcast_ref::<a2a_types::DecodeError>().unwrap();
    assert_eq!(cause.path(), "result.status.state");
}

#[tokio::test]
async fn a_response_without_result_or_error_is_a_decode_error() {
    let server =
        FakeServer::start(|req, _| Reply::Json(200, json!({"jsonrpc": "2.0", "id": req.rpc_id()}).to_string())).await;
    let err = within(client(&server).send(Message::user_text("x"))).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode);
}

#[tokio::test]
async fn a_slow_unary_call_times_out() {
    let server = FakeServer::start(|_, _| Reply::Sse(vec![Step::Hang])).await;
    let client = Client::builder(card(&server.base())).timeout(Duration::from_millis(200)).build().unwrap();
    let err = within(client.get_task("t")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout);
    assert!(err.is_timeout());
    assert!(err.source().is_some());
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error() {
    // Bind and drop a listener to find a port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let client = Client::builder(card(&format!("http://127.0.0.1:{port}"))).build().unwrap();
    let err = within(client.get_task("t")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport);
    assert!(err.source().is_some());
}

struct Failing;

impl RequestHook for Failing {
    async fn on_request(&self, _: &mut OutgoingRequest<'_>) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        Err("token expired".into())
    }
}

#[tokio::test]
async fn a_failing_hook_stops_the_request() {
    let server = FakeServer::start(|req, _| ok(req, task("t", "TASK_STATE_WORKING"))).await;
    let client = Client::builder(card(&server.base())).request_hook(Failing).build().unwrap();
    let err = within(client.get_task("t")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Hook);
    assert_eq!(err.source().unwrap().to_string(), "token expired");
    assert!(server.rpc_requests().is_empty());
}

#[tokio::test]
async fn invalid_settings_fail_the_build() {
    let c = card("http://127.0.0.1:1");
    let err = Client::builder(c.clone()).header("x-bad", "line\nbreak").build().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
    assert!(err.source().is_some());
    let err = Client::builder(c.clone()).bearer_auth("a\r\nb").build().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
    let err = Client::builder(c).api_key("bad header", "k").build().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
}

#[tokio::test]
async fn secrets_stay_out_of_debug_output() {
    let builder = Client::builder(card("http://127.0.0.1:1")).bearer_auth("s3cret").api_key("x-api-key", "k3y");
    let debug = format!("{builder:?}");
    assert!(!debug.contains("s3cret") && !debug.contains("k3y"), "{debug}");
}
