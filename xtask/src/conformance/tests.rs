//! The suite against a small server of our own that answers GetTask for an unknown id with
//! a chosen error: with the right one the check passes, with a wrong one it fails with a
//! message naming the check, the section, and the expected and actual codes.

use super::check::Binding;
use super::cli::Options;
use super::cx::Schemas;
use super::expected::Expected;
use super::report::{self, Widths};
use super::runner::{self, Outcome, Plan, Run};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::{Request, Response};
use serde_json::{Value, json};
use std::sync::Arc;

/// What the server answers GetTask with for an id it does not know.
#[derive(Debug, Clone, Copy)]
struct Answers {
    jsonrpc_code: i64,
    http_status: u16,
    reason: &'static str,
}

const RIGHT: Answers = Answers { jsonrpc_code: -32001, http_status: 404, reason: "TASK_NOT_FOUND" };
const WRONG: Answers = Answers { jsonrpc_code: -32004, http_status: 400, reason: "UNSUPPORTED_OPERATION" };

fn card(base: &str) -> Value {
    json!({
        "name": "Deliberately wrong", "description": "A test server.", "version": "1.0.0",
        "supportedInterfaces": [
            {"url": base, "protocolBinding": "JSONRPC", "protocolVersion": "1.0"},
            {"url": format!("{base}/rest"), "protocolBinding": "HTTP+JSON", "protocolVersion": "1.0"},
        ],
        "capabilities": {"streaming": false},
        "defaultInputModes": ["text"], "defaultOutputModes": ["text"],
        "skills": [{"id": "s", "name": "s", "description": "d", "tags": ["t"]}],
    })
}

fn json_response(status: u16, body: Value) -> Response<Full<Bytes>> {
    Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(body.to_string())))
        .expect("a valid response")
}

async fn handle(req: Request<Incoming>, base: String, answers: Answers) -> Result<Response<Full<Bytes>>, hyper::Error> {
    let path = req.uri().path().to_string();
    if path == "/.well-known/agent-card.json" {
        return Ok(json_response(200, card(&base)));
    }
    if path.starts_with("/rest/tasks/") {
        let body = json!({"error": {"code": answers.http_status, "message": "no such task", "details": [
            {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": answers.reason, "domain": "a2a-protocol.org"}
        ]}});
        return Ok(json_response(answers.http_status, body));
    }
    let bytes = req.into_body().collect().await?.to_bytes();
    let call: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    let id = call.get("id").cloned().unwrap_or(Value::Null);
    let error = match call["method"].as_str() {
        Some("GetTask") => json!({"code": answers.jsonrpc_code, "message": "no such task"}),
        _ => json!({"code": -32601, "message": "Method not found"}),
    };
    Ok(json_response(200, json!({"jsonrpc": "2.0", "id": id, "error": error})))
}

/// Starts the server on a loopback port; returns its base URL.
async fn start(answers: Answers) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
    let base = format!("http://{}", listener.local_addr().expect("an address"));
    let url = base.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let base = base.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |req| handle(req, base.clone(), answers));
                let io = hyper_util::rt::TokioIo::new(stream);
                let _ = hyper::server::conn::http1::Builder::new().serve_connection(io, service).await;
            });
        }
    });
    url
}

async fn run(answers: Answers, binding: Binding) -> Run {
    let url = start(answers).await;
    let args: Vec<String> = [
        "--url",
        &url,
        "--binding",
        binding.name(),
        "--protocol",
        "1.0",
        "--only",
        "tasks.get.not-found",
        "--timeout",
        "5",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let options = Options::parse(&args).expect("valid options");
    let schemas = Arc::new(Schemas::load(&crate::project_root()).expect("the schemas load"));
    let plan = Plan { url, options: &options, schemas, expected: Expected::default() };
    runner::run(&plan).await.expect("the run completes")
}

/// The one result of the run, rendered as the table shows it.
fn only_row(run: &Run) -> (Outcome, String) {
    assert_eq!(run.results.len(), 1, "{:?}", run.results);
    let r = &run.results[0];
    assert_eq!(r.id, "tasks.get.not-found");
    (r.outcome, report::row(r, Widths::of(&run.results)))
}

#[tokio::test]
async fn the_right_error_code_passes() {
    for binding in Binding::ALL {
        let (outcome, row) = only_row(&run(RIGHT, binding).await);
        assert_eq!(outcome, Outcome::Pass, "{row}");
    }
}

#[tokio::test]
async fn a_wrong_error_code_fails_saying_what_and_where() {
    let run = run(WRONG, Binding::JsonRpc).await;
    let (outcome, row) = only_row(&run);
    assert_eq!(outcome, Outcome::Fail, "{row}");
    for needle in [
        "FAIL",
        "jsonrpc/1.0",
        "tasks.get.not-found",
        "v1.0 §3.1.3, 5.4",
        "GetTask [id conformance-no-such-task-",
        "expected TaskNotFoundError (JSON-RPC error.code -32001)",
        "got error.code -32004 (UnsupportedOperationError) \"no such task\"",
    ] {
        assert!(row.contains(needle), "{needle:?} missing from:\n{row}");
    }
    assert!(report::Summary::of(&run).is_failure());
    assert!(report::summary_line(&run).contains("1 failed"), "{}", report::summary_line(&run));
}

#[tokio::test]
async fn a_wrong_rest_status_fails_saying_what_and_where() {
    let (outcome, row) = only_row(&run(WRONG, Binding::Rest).await);
    assert_eq!(outcome, Outcome::Fail, "{row}");
    for needle in [
        "rest/1.0",
        "tasks.get.not-found",
        "GET /tasks/conformance-no-such-task-",
        "expected TaskNotFoundError (HTTP 404, ErrorInfo reason TASK_NOT_FOUND)",
        "got HTTP 400, ErrorInfo reason UNSUPPORTED_OPERATION",
    ] {
        assert!(row.contains(needle), "{needle:?} missing from:\n{row}");
    }
}

/// Runs `tasks.get.not-found` with an expected-failures file that lists it.
async fn run_expecting_failure(answers: Answers) -> Run {
    let url = start(answers).await;
    let args: Vec<String> =
        ["--url", &url, "--binding", "jsonrpc", "--protocol", "1.0", "--only", "tasks.get.not-found"]
            .iter()
            .map(|s| s.to_string())
            .collect();
    let options = Options::parse(&args).expect("valid options");
    let schemas = Arc::new(Schemas::load(&crate::project_root()).expect("the schemas load"));
    let expected = Expected::parse("tasks.get.not-found jsonrpc/1.0 # known bug\n").expect("a valid file");
    let plan = Plan { url, options: &options, schemas, expected };
    runner::run(&plan).await.expect("the run completes")
}

#[tokio::test]
async fn expected_failures_pass_the_run_until_they_are_fixed() {
    let known = run_expecting_failure(WRONG).await;
    let (outcome, row) = only_row(&known);
    assert_eq!(outcome, Outcome::ExpectedFail, "{row}");
    assert!(row.contains("[expected failure, line 1 (known bug)]"), "{row}");
    assert!(!report::Summary::of(&known).is_failure());
    let fixed = run_expecting_failure(RIGHT).await;
    let (outcome, row) = only_row(&fixed);
    assert_eq!(outcome, Outcome::UnexpectedPass, "{row}");
    assert!(row.contains("remove the entry"), "{row}");
    assert!(report::Summary::of(&fixed).is_failure());
}
