//! The two bindings side by side, over raw HTTP: one scenario list (send, stream, get, list
//! with pagination, cancel, subscribe, and every error) runs against JSON-RPC and against
//! REST, with and without a tenant, and must tell the same story every time.
//!
//! Each run records a transcript: one line per step, with what the step returned reduced
//! to what the protocol defines (states, texts, counts, the A2A error's reason), not
//! generated ids or timestamps. The transcripts of all runs must be equal, and the
//! scenarios also assert what they expect, so two bindings that fail the same way still
//! fail the test.
//!
//! Every error is checked against the error table of its binding on the way: a JSON-RPC
//! error has the code of its `ErrorInfo` reason, and a REST error has its HTTP status.

use crate::support::{TestServer, follow_up, parse_sse, user, within};
use a2a_types::ErrorCode;
use serde_json::{Map, Value, json};

/// How a request travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wire {
    JsonRpc,
    Rest,
}

/// What an operation returned: its result, or the reason of the A2A error.
#[derive(Debug, Clone)]
enum Outcome {
    Ok(Value),
    Err(String),
}

impl Outcome {
    #[track_caller]
    fn ok(self) -> Value {
        match self {
            Self::Ok(v) => v,
            Self::Err(reason) => panic!("expected a result, got error {reason}"),
        }
    }
}

/// A raw HTTP client of one binding, for one tenant (or none).
struct Raw<'a> {
    server: &'a TestServer,
    wire: Wire,
    tenant: Option<&'static str>,
    transcript: Vec<String>,
}

impl<'a> Raw<'a> {
    fn new(server: &'a TestServer, wire: Wire, tenant: Option<&'static str>) -> Self {
        Self { server, wire, tenant, transcript: Vec::new() }
    }

    fn note(&mut self, step: &str, what: String) {
        self.transcript.push(format!("{step}: {what}"));
    }

    /// `/{tenant}` for REST paths.
    fn prefix(&self) -> String {
        self.tenant.map(|t| format!("/{t}")).unwrap_or_default()
    }

    /// JSON-RPC params with the tenant filled in.
    fn params(&self, mut params: Value) -> Value {
        if let Some(t) = self.tenant {
            params["tenant"] = json!(t);
        }
        params
    }

    /// One unary call: `method` over JSON-RPC, or `verb path` with `body` (or the query
    /// string of `query`) over REST.
    async fn unary(
        &self,
        method: &str,
        params: Value,
        verb: reqwest::Method,
        path: &str,
        query: &[(&str, String)],
    ) -> Outcome {
        let http = self.server.http();
        let request = match self.wire {
            Wire::JsonRpc => {
                let body = json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": self.params(params)});
                http.post(self.server.url("/")).header("content-type", "application/json").body(body.to_string())
            }
            Wire::Rest => {
                let mut url = self.server.url(&format!("{}{path}", self.prefix()));
                let pairs: Vec<String> = query.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect();
                if !pairs.is_empty() {
                    url = format!("{url}?{}", pairs.join("&"));
                }
                let request = http.request(verb.clone(), url);
                if verb == reqwest::Method::POST {
                    request.header("content-type", "application/a2a+json").body(params.to_string())
                } else {
                    request
                }
            }
        };
        let response = within(method, request.header("A2A-Version", "1.0").send()).await.unwrap();
        let status = response.status().as_u16();
        let body: Value = serde_json::from_slice(&within("a body", response.bytes()).await.unwrap())
            .unwrap_or_else(|e| panic!("{method}: the body is not JSON: {e}"));
        self.outcome(method, status, body)
    }

    /// Reads a response body into an outcome, checking the error against the binding's table.
    fn outcome(&self, method: &str, status: u16, body: Value) -> Outcome {
        match self.wire {
            Wire::JsonRpc => {
                assert_eq!(status, 200, "{method}: JSON-RPC answers 200: {body}");
                if let Some(result) = body.get("result") {
                    return Outcome::Ok(result.clone());
                }
                let error = &body["error"];
                let reason = error["data"][0]["reason"].as_str().unwrap_or_else(|| panic!("{method}: {body}"));
                let code = ErrorCode::from_reason(reason).unwrap_or_else(|| panic!("unknown reason {reason}"));
                assert_eq!(error["code"], code.jsonrpc_code(), "{method}: {body}");
                Outcome::Err(reason.to_string())
            }
            Wire::Rest if status == 200 => Outcome::Ok(body),
            Wire::Rest => {
                let error = &body["error"];
                let info = &error["details"][0];
                assert_eq!(info["@type"], "type.googleapis.com/google.rpc.ErrorInfo", "{method}: {body}");
                assert_eq!(info["domain"], "a2a-protocol.org", "{method}: {body}");
                let reason = info["reason"].as_str().unwrap_or_else(|| panic!("{method}: {body}"));
                let code = ErrorCode::from_reason(reason).unwrap_or_else(|| panic!("unknown reason {reason}"));
                assert_eq!(status, code.http_status(), "{method}: the HTTP status of {reason}: {body}");
                assert_eq!(error["code"], status, "{method}: {body}");
                assert_eq!(error["status"], code.grpc_status(), "{method}: {body}");
                assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()), "{method}: {body}");
                Outcome::Err(reason.to_string())
            }
        }
    }

    async fn send(&self, params: Value) -> Outcome {
        self.unary("SendMessage", params, reqwest::Method::POST, "/message:send", &[]).await
    }

    async fn get(&self, id: &str, history_length: Option<i64>) -> Outcome {
        let mut params = json!({ "id": id });
        let mut query = Vec::new();
        if let Some(n) = history_length {
            params["historyLength"] = json!(n);
            query.push(("historyLength", n.to_string()));
        }
        self.unary("GetTask", params, reqwest::Method::GET, &format!("/tasks/{id}"), &query).await
    }

    async fn list(&self, filters: &[(&str, Value)]) -> Outcome {
        let params: Map<String, Value> = filters.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
        let query: Vec<(&str, String)> =
            filters.iter().map(|(k, v)| (*k, v.as_str().map_or_else(|| v.to_string(), str::to_string))).collect();
        self.unary("ListTasks", Value::Object(params), reqwest::Method::GET, "/tasks", &query).await
    }

    async fn cancel(&self, id: &str) -> Outcome {
        self.unary("CancelTask", json!({ "id": id }), reqwest::Method::POST, &format!("/tasks/{id}:cancel"), &[]).await
    }

    /// Opens a stream; returns the response to read once the test let the agent go on.
    async fn open(&self, method: &str, params: Value, path: &str) -> Result<reqwest::Response, String> {
        let http = self.server.http();
        let request = match self.wire {
            Wire::JsonRpc => {
                let body = json!({"jsonrpc": "2.0", "id": 7, "method": method, "params": self.params(params)});
                http.post(self.server.url("/")).body(body.to_string())
            }
            Wire::Rest => http.post(self.server.url(&format!("{}{path}", self.prefix()))).body(params.to_string()),
        };
        let request = request.header("content-type", "application/json").header("A2A-Version", "1.0");
        let response = within(method, request.send()).await.unwrap();
        let is_stream = response.headers()["content-type"] == "text/event-stream";
        if is_stream {
            return Ok(response);
        }
        let status = response.status().as_u16();
        let body: Value = serde_json::from_slice(&within("a body", response.bytes()).await.unwrap()).unwrap();
        match self.outcome(method, status, body) {
            Outcome::Err(reason) => Err(reason),
            Outcome::Ok(v) => panic!("{method} answered JSON instead of a stream: {v}"),
        }
    }

    /// Reads a stream to its end; each event's `StreamResponse`.
    async fn events(&self, response: reqwest::Response) -> Vec<Value> {
        let body = within("the stream to end", response.bytes()).await.unwrap();
        parse_sse(&body)
            .into_iter()
            .filter_map(|item| match item {
                crate::support::Item::Event(e) => Some(e.data),
                crate::support::Item::Comment => None,
            })
            .map(|data| match self.wire {
                Wire::JsonRpc => {
                    assert_eq!(data["jsonrpc"], "2.0", "{data}");
                    assert_eq!(data["id"], 7, "events echo the request id: {data}");
                    data["result"].clone()
                }
                Wire::Rest => data,
            })
            .collect()
    }

    async fn stream(&self, params: Value) -> Result<Vec<Value>, String> {
        let response = self.open("SendStreamingMessage", params, "/message:stream").await?;
        Ok(self.events(response).await)
    }
}

/// A task reduced to what a scenario compares: state, history length, artifact texts.
fn task_line(task: &Value) -> String {
    let artifacts: Vec<String> = task["artifacts"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|a| a["parts"].as_array().into_iter().flatten().filter_map(|p| p["text"].as_str()).collect())
        .collect();
    let history = task["history"].as_array().map_or(0, Vec::len);
    format!("task {} history={history} artifacts={artifacts:?}", task["status"]["state"].as_str().unwrap())
}

fn outcome_line(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Err(reason) => format!("error {reason}"),
        Outcome::Ok(v) if v.get("task").is_some() => task_line(&v["task"]),
        Outcome::Ok(v) if v.get("message").is_some() => format!("message {}", v["message"]["parts"][0]["text"]),
        Outcome::Ok(v) if v.get("tasks").is_some() => format!(
            "list tasks={} more={} total={} pageSize={}",
            v["tasks"].as_array().unwrap().len(),
            v["nextPageToken"].as_str().is_some_and(|t| !t.is_empty()),
            v["totalSize"],
            v["pageSize"]
        ),
        Outcome::Ok(v) if v.get("status").is_some() => task_line(v),
        Outcome::Ok(v) => format!("other {v}"),
    }
}

fn event_line(event: &Value) -> String {
    let object = event.as_object().unwrap();
    assert_eq!(object.len(), 1, "a StreamResponse has one member: {event}");
    let (kind, body) = object.iter().next().unwrap();
    match kind.as_str() {
        "task" => format!("task {}", body["status"]["state"].as_str().unwrap()),
        "statusUpdate" => format!("status {}", body["status"]["state"].as_str().unwrap()),
        "artifactUpdate" => format!("artifact {}", body["artifact"]["parts"][0]["text"]),
        "message" => format!("message {}", body["parts"][0]["text"]),
        other => panic!("unknown event {other}"),
    }
}

fn task_id(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Ok(v) => v["task"]["id"].as_str().or(v["id"].as_str()).unwrap().to_string(),
        Outcome::Err(e) => panic!("no task: {e}"),
    }
}

/// The scenario list. Returns the transcript.
async fn scenarios(server: &TestServer, wire: Wire, tenant: Option<&'static str>) -> Vec<String> {
    let mut raw = Raw::new(server, wire, tenant);

    // Send: a task that completes, a direct reply, a task that asks for input and its follow-up.
    let done = raw.send(json!({"message": user("working;artifact:hello;complete")})).await;
    assert!(outcome_line(&done).starts_with("task TASK_STATE_COMPLETED"), "{done:?}");
    raw.note("send", outcome_line(&done));
    let reply = raw.send(json!({"message": user("reply:hi")})).await;
    raw.note("send reply", outcome_line(&reply));
    let asked = raw.send(json!({"message": user("input:which one?")})).await;
    raw.note("send input", outcome_line(&asked));
    let asked_id = task_id(&asked);
    let answered = raw.send(json!({"message": follow_up(&json!(asked_id), "artifact:that one;complete")})).await;
    raw.note("follow-up", outcome_line(&answered));
    let quick =
        raw.send(json!({"message": user("submit;wait:never"), "configuration": {"returnImmediately": true}})).await;
    raw.note("returnImmediately", outcome_line(&quick));

    // Get, with and without historyLength; an unknown task.
    let done_id = task_id(&done);
    for n in [None, Some(0), Some(1)] {
        let got = raw.get(&done_id, n).await;
        raw.note(&format!("get historyLength={n:?}"), outcome_line(&got));
    }
    let missing = raw.get("no-such-task", None).await;
    assert!(matches!(&missing, Outcome::Err(r) if r == "TASK_NOT_FOUND"), "{missing:?}");
    raw.note("get missing", outcome_line(&missing));

    // List: filters, then every page of two.
    let completed = raw.list(&[("status", json!("TASK_STATE_COMPLETED"))]).await;
    raw.note("list completed", outcome_line(&completed));
    let mut token: Option<String> = None;
    let mut seen = 0;
    loop {
        let mut filters = vec![("pageSize", json!(2))];
        if let Some(t) = &token {
            filters.push(("pageToken", json!(t)));
        }
        let page = raw.list(&filters).await;
        raw.note("list page", outcome_line(&page));
        let page = page.ok();
        seen += page["tasks"].as_array().unwrap().len();
        match page["nextPageToken"].as_str() {
            Some(t) if !t.is_empty() => token = Some(t.to_string()),
            _ => break,
        }
    }
    assert_eq!(seen, 3, "every task is listed once across the pages");
    let since_2000 = raw.list(&[("statusTimestampAfter", json!("2000-01-01T00:00:00Z"))]).await;
    raw.note("list since 2000", outcome_line(&since_2000));
    let after_2999 = raw.list(&[("statusTimestampAfter", json!("2999-01-01T00:00:00+01:00"))]).await;
    raw.note("list after 2999", outcome_line(&after_2999));
    let bad_time = raw.list(&[("statusTimestampAfter", json!("yesterday"))]).await;
    raw.note("list bad timestamp", outcome_line(&bad_time));
    let bad_size = raw.list(&[("pageSize", json!(0))]).await;
    raw.note("list pageSize=0", outcome_line(&bad_size));
    let bad_token = raw.list(&[("pageToken", json!("not-a-token"))]).await;
    raw.note("list bad token", outcome_line(&bad_token));
    let bad_state = raw.list(&[("status", json!("TASK_STATE_SLEEPING"))]).await;
    raw.note("list bad status", outcome_line(&bad_state));

    // Cancel: a running task, a finished one, an unknown one.
    let canceled = raw.cancel(&task_id(&quick)).await;
    raw.note("cancel running", outcome_line(&canceled));
    let again = raw.cancel(&done_id).await;
    raw.note("cancel finished", outcome_line(&again));
    raw.note("cancel missing", outcome_line(&raw.cancel("no-such-task").await));

    // Stream: every event in order, ending at the terminal state; a reply; an error before the stream.
    let events = raw.stream(json!({"message": user("working:step;artifact:out;complete")})).await.unwrap();
    let lines: Vec<String> = events.iter().map(event_line).collect();
    assert_eq!(lines.first().map(String::as_str), Some("task TASK_STATE_SUBMITTED"), "{lines:?}");
    raw.note("stream", lines.join(", "));
    let replied = raw.stream(json!({"message": user("reply:streamed")})).await.unwrap();
    raw.note("stream reply", replied.iter().map(event_line).collect::<Vec<_>>().join(", "));
    let refused = raw.stream(json!({"message": user("unsupported-content")})).await.unwrap_err();
    raw.note("stream refused", refused);

    // Subscribe: a running task gives its snapshot, then the rest; a finished one is refused.
    let running = raw
        .send(json!({"message": user("submit;wait:go;working;complete"), "configuration": {"returnImmediately": true}}))
        .await;
    let running_id = task_id(&running);
    let path = format!("/tasks/{running_id}:subscribe");
    let response = raw.open("SubscribeToTask", json!({"id": running_id}), &path).await.unwrap();
    server.control.open("go");
    let events: Vec<String> = raw.events(response).await.iter().map(event_line).collect();
    assert_eq!(events.first().map(String::as_str), Some("task TASK_STATE_SUBMITTED"), "{events:?}");
    raw.note("subscribe", events.join(", "));
    let path = format!("/tasks/{done_id}:subscribe");
    let finished = raw.open("SubscribeToTask", json!({"id": done_id}), &path).await.unwrap_err();
    raw.note("subscribe finished", finished);

    // Errors of the request itself.
    raw.note("send no message", outcome_line(&raw.send(json!({})).await));
    raw.note(
        "send no parts",
        outcome_line(&raw.send(json!({"message": {"messageId": "m", "role": "ROLE_USER", "parts": []}})).await),
    );
    raw.note(
        "send bad role",
        outcome_line(
            &raw.send(json!({"message": {"messageId": "m", "role": "ROLE_CAT", "parts": [{"text": "x"}]}})).await,
        ),
    );
    let odd = json!({"message": {"messageId": "m", "role": "ROLE_USER", "parts": [{"raw": "dGNr", "mediaType": "application/x-odd"}]}});
    raw.note("send odd media type", outcome_line(&raw.send(odd).await));
    raw.note("send agent refuses", outcome_line(&raw.send(json!({"message": user("unsupported-content")})).await));
    let push = raw
        .unary(
            "CreateTaskPushNotificationConfig",
            json!({"taskId": done_id, "url": "https://example.com/hook"}),
            reqwest::Method::POST,
            &format!("/tasks/{done_id}/pushNotificationConfigs"),
            &[],
        )
        .await;
    raw.note("push config", outcome_line(&push));
    let card = raw.unary("GetExtendedAgentCard", json!({}), reqwest::Method::GET, "/extendedAgentCard", &[]).await;
    raw.note("extended card", outcome_line(&card));
    raw.transcript
}

/// The transcript every run must produce (the first run's), checked against a few facts.
#[tokio::test]
async fn both_bindings_tell_the_same_story_with_and_without_a_tenant() {
    let mut transcripts = Vec::new();
    for wire in [Wire::JsonRpc, Wire::Rest] {
        for tenant in [None, Some("acme")] {
            let server = TestServer::start().await;
            transcripts.push(((wire, tenant), scenarios(&server, wire, tenant).await));
        }
    }
    let (first_run, expected) = &transcripts[0];
    for line in [
        "cancel finished: error TASK_NOT_CANCELABLE",
        "cancel missing: error TASK_NOT_FOUND",
        "list pageSize=0: error INVALID_PARAMS",
        "list since 2000: list tasks=3 more=false total=3 pageSize=50",
        "list after 2999: list tasks=0 more=false total=0 pageSize=50",
        "list bad timestamp: error INVALID_PARAMS",
        "list bad token: error INVALID_PARAMS",
        "list bad status: error INVALID_PARAMS",
        "send no message: error INVALID_PARAMS",
        "send agent refuses: error CONTENT_TYPE_NOT_SUPPORTED",
        "send odd media type: error CONTENT_TYPE_NOT_SUPPORTED",
        "stream refused: CONTENT_TYPE_NOT_SUPPORTED",
        "push config: error PUSH_NOTIFICATION_NOT_SUPPORTED",
        "extended card: error UNSUPPORTED_OPERATION",
        "cancel running: task TASK_STATE_CANCELED history=2 artifacts=[]",
        "stream reply: message \"streamed\"",
    ] {
        assert!(expected.iter().any(|l| l == line), "{first_run:?} lacks {line:?}: {expected:#?}");
    }
    for (run, transcript) in &transcripts[1..] {
        for (i, (a, b)) in expected.iter().zip(transcript).enumerate() {
            assert_eq!(a, b, "step {i} differs between {first_run:?} and {run:?}");
        }
        assert_eq!(expected.len(), transcript.len(), "{run:?}");
    }
}

/// A tenant's tasks are its own, whichever binding put them there.
#[tokio::test]
async fn tasks_of_a_tenant_are_invisible_to_other_tenants_on_both_bindings() {
    let server = TestServer::start().await;
    let acme_rest = Raw::new(&server, Wire::Rest, Some("acme"));
    let acme_rpc = Raw::new(&server, Wire::JsonRpc, Some("acme"));
    let other_rest = Raw::new(&server, Wire::Rest, Some("globex"));
    let none_rpc = Raw::new(&server, Wire::JsonRpc, None);
    let id = task_id(&acme_rest.send(json!({"message": user("complete")})).await);
    assert_eq!(outcome_line(&acme_rpc.get(&id, None).await), "task TASK_STATE_COMPLETED history=1 artifacts=[]");
    assert_eq!(outcome_line(&other_rest.get(&id, None).await), "error TASK_NOT_FOUND");
    assert_eq!(outcome_line(&none_rpc.get(&id, None).await), "error TASK_NOT_FOUND");
    assert_eq!(outcome_line(&acme_rpc.list(&[]).await), "list tasks=1 more=false total=1 pageSize=50");
    assert_eq!(outcome_line(&other_rest.list(&[]).await), "list tasks=0 more=false total=0 pageSize=50");
}

/// REST specifics that JSON-RPC has no counterpart for: methods, content types, paths.
#[tokio::test]
async fn rest_answers_wrong_methods_content_types_and_paths_with_status_errors() {
    let server = TestServer::start_with(|b| b.rest_path("/a2a/rest/")).await;
    let http = server.http();
    let status_of = |response: reqwest::Response| async move {
        let status = response.status().as_u16();
        let allow = response.headers().get("allow").map(|v| v.to_str().unwrap().to_string());
        let body: Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
        (status, allow, body["error"]["details"][0]["reason"].as_str().unwrap_or_default().to_string())
    };

    let wrong_method = within("a 405", http.get(server.url("/a2a/rest/message:send")).send()).await.unwrap();
    assert_eq!(status_of(wrong_method).await, (405, Some("POST".into()), "METHOD_NOT_FOUND".into()));

    let text = http.post(server.url("/a2a/rest/message:send")).header("content-type", "text/plain").body("hi");
    let text = within("a 415", text.send()).await.unwrap();
    assert_eq!(status_of(text).await, (415, None, "CONTENT_TYPE_NOT_SUPPORTED".into()));

    let unknown = within("a 404", http.get(server.url("/a2a/rest/tasks/t/nothing")).send()).await.unwrap();
    assert_eq!(status_of(unknown).await, (404, None, "METHOD_NOT_FOUND".into()));

    let bad_json = http.post(server.url("/a2a/rest/message:send")).header("content-type", "application/json");
    let bad_json = within("a 400", bad_json.body("{").send()).await.unwrap();
    assert_eq!(status_of(bad_json).await, (400, None, "PARSE_ERROR".into()));

    let unversioned = http.get(server.url("/a2a/rest/tasks")).header("A2A-Version", "99.0");
    let unversioned = within("a 400", unversioned.send()).await.unwrap();
    assert_eq!(status_of(unversioned).await, (400, None, "VERSION_NOT_SUPPORTED".into()));

    // Outside the base path there is no REST binding; the card names the base path.
    let outside = within("a 404", http.get(server.url("/tasks")).send()).await.unwrap();
    assert_eq!(outside.status(), 404);
    let card = json_of(within("the card", http.get(server.url("/.well-known/agent-card.json")).send()).await.unwrap());
    let card = card.await;
    let rest = card["supportedInterfaces"].as_array().unwrap().iter().find(|i| i["protocolBinding"] == "HTTP+JSON");
    assert_eq!(rest.unwrap()["url"], server.url("/a2a/rest"));

    // Switched off, the routes are gone and the card does not offer it.
    let off = TestServer::start_with(|b| b.rest(false)).await;
    let response = within("a 404", off.http().get(off.url("/tasks")).send()).await.unwrap();
    assert_eq!(response.status(), 404);
    let card = within("the card", off.http().get(off.url("/.well-known/agent-card.json")).send()).await.unwrap();
    let card = json_of(card).await;
    let interfaces = card["supportedInterfaces"].as_array().unwrap();
    assert!(interfaces.iter().all(|i| i["protocolBinding"] == "JSONRPC"), "{card}");
}

async fn json_of(response: reqwest::Response) -> Value {
    serde_json::from_slice(&within("a body", response.bytes()).await.unwrap()).unwrap()
}

/// Percent-encodes a query value (everything but RFC 3986's unreserved characters).
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
