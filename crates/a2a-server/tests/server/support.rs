//! The harness: a server on `127.0.0.1:0` running a scripted test agent, a JSON-RPC client
//! over reqwest, an SSE reader, and a raw-socket HTTP/1.1 client for the cases reqwest
//! hides (disconnecting, not reading).
//!
//! # The test agent
//!
//! The text of the message is a script: commands separated by `;`, each `name` or
//! `name:argument`, run in order:
//!
//! | command | what the agent does |
//! | --- | --- |
//! | `submit` | creates the task (SUBMITTED) |
//! | `working` / `working:TEXT` | WORKING, with an optional agent message |
//! | `attempt:TEXT` | as `working:TEXT`, but an error is only recorded and the script goes on |
//! | `artifact:TEXT` | a whole text artifact |
//! | `flood:N:SIZE` | N chunks of one artifact, SIZE bytes each, waiting for gate `ackI` after chunk I |
//! | `complete`, `fail`, `reject`, `cancel`, `input`, `auth` (`:TEXT`) | that final or interrupting update |
//! | `reply:TEXT` | a direct message reply, no task |
//! | `wait:GATE` | waits until the test opens GATE |
//! | `notify:GATE` | opens GATE (tells the test it got here) |
//! | `not-cancelled` | panics (failing the task) if a cancel is signalled |
//! | `waitcancel` | waits for `TaskUpdater::cancelled`, then opens gate `cancelled` |
//! | `race:GATE` | waits for GATE or a cancel request, then completes |
//! | `return` | returns `Ok` right away, whatever state the task is in |
//! | `panic` | panics |
//! | `unsupported-content` | returns `ContentTypeNotSupported` |
//! | `error:TEXT` | returns an agent error |
//! | `refuse-cancel` | (no-op here) `AgentExecutor::cancel` then refuses to cancel |
//!
//! Every request context is recorded, and every error an update returned.

use a2a_server::{AgentExecutor, Error, ErrorKind, RequestContext, Serve, Server, ServerBuilder, TaskUpdater};
use a2a_types::{AgentCard, Artifact, ArtifactId, ErrorCode, Message, Part, Task};
use bytes::Bytes;
use futures::StreamExt;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::{oneshot, watch};

/// The longest any single step may take before the test fails instead of hanging.
pub(crate) const LIMIT: Duration = Duration::from_secs(10);

/// Awaits `f`, failing the test if it takes longer than [`LIMIT`].
pub(crate) async fn within<F: Future>(what: &str, f: F) -> F::Output {
    match tokio::time::timeout(LIMIT, f).await {
        Ok(v) => v,
        Err(_) => panic!("timed out after {LIMIT:?} waiting for {what}"),
    }
}

static COUNTER: AtomicU64 = AtomicU64::new(1);

/// A process-wide unique string with a prefix.
pub(crate) fn unique(prefix: &str) -> String {
    format!("{prefix}-{}", COUNTER.fetch_add(1, Ordering::Relaxed))
}

// ---------------------------------------------------------------------------------------
// The test agent
// ---------------------------------------------------------------------------------------

/// Gates between the test and its agent, and what the agent saw.
#[derive(Default)]
pub(crate) struct Control {
    gates: Mutex<HashMap<String, Arc<watch::Sender<bool>>>>,
    contexts: Mutex<Vec<RequestContext>>,
    errors: Mutex<Vec<(ErrorKind, String)>>,
}

impl Control {
    fn gate(&self, name: &str) -> Arc<watch::Sender<bool>> {
        let mut gates = self.gates.lock().unwrap();
        gates.entry(name.to_string()).or_insert_with(|| Arc::new(watch::channel(false).0)).clone()
    }

    /// Opens `name`: whoever waits on it goes on, now and later.
    pub(crate) fn open(&self, name: &str) {
        self.gate(name).send_replace(true);
    }

    /// Whether `name` is open.
    pub(crate) fn is_open(&self, name: &str) -> bool {
        *self.gate(name).borrow()
    }

    async fn wait(&self, name: &str) {
        let mut rx = self.gate(name).subscribe();
        let _ = rx.wait_for(|open| *open).await;
    }

    /// Waits (bounded) until the agent opened `name`.
    pub(crate) async fn reached(&self, name: &str) {
        within(&format!("the agent to reach `{name}`"), self.wait(name)).await;
    }

    /// Every request context the agent got, in order.
    pub(crate) fn contexts(&self) -> Vec<RequestContext> {
        self.contexts.lock().unwrap().clone()
    }

    /// Every error an update of the agent returned.
    pub(crate) fn errors(&self) -> Vec<(ErrorKind, String)> {
        self.errors.lock().unwrap().clone()
    }

    fn record<T>(&self, r: Result<T, Error>) -> Result<T, Error> {
        if let Err(e) = &r {
            self.errors.lock().unwrap().push((e.kind(), e.message().to_string()));
        }
        r
    }
}

pub(crate) struct TestAgent {
    control: Arc<Control>,
}

fn live(updater: &Option<TaskUpdater>) -> &TaskUpdater {
    updater.as_ref().expect("the script used the updater after a final update")
}

fn take(updater: &mut Option<TaskUpdater>) -> TaskUpdater {
    updater.take().expect("the script has two final updates")
}

fn optional_message(arg: &str) -> Option<Message> {
    (!arg.is_empty()).then(|| Message::agent_text(arg))
}

impl AgentExecutor for TestAgent {
    async fn execute(&self, ctx: RequestContext, updater: TaskUpdater) -> Result<(), Error> {
        let c = &self.control;
        c.contexts.lock().unwrap().push(ctx.clone());
        let script = ctx.message().text();
        let mut updater = Some(updater);
        for command in script.split(';').map(str::trim).filter(|s| !s.is_empty()) {
            let (name, arg) = command.split_once(':').unwrap_or((command, ""));
            match name {
                "submit" => c.record(live(&updater).submit().await)?,
                "working" => c.record(live(&updater).working(optional_message(arg)).await)?,
                // Like `working`, but a refused update is only recorded and the script goes on.
                "attempt" => drop(c.record(live(&updater).working(optional_message(arg)).await)),
                "artifact" => c.record(live(&updater).artifact(Artifact::text(arg)).await)?,
                "flood" => {
                    let (n, size) = arg.split_once(':').expect("flood:N:SIZE");
                    let (n, size): (usize, usize) = (n.parse().unwrap(), size.parse().unwrap());
                    for i in 0..n {
                        let chunk = Artifact::new(ArtifactId::new("flood"), vec![Part::text("x".repeat(size))]);
                        c.record(live(&updater).artifact_chunk(chunk, false, i + 1 == n).await)?;
                        c.wait(&format!("ack{i}")).await;
                    }
                }
                "complete" => c.record(take(&mut updater).complete(optional_message(arg)).await)?,
                "fail" => c.record(take(&mut updater).fail(optional_message(arg)).await)?,
                "reject" => c.record(take(&mut updater).reject(optional_message(arg)).await)?,
                "cancel" => c.record(take(&mut updater).cancel(optional_message(arg)).await)?,
                "input" => c.record(take(&mut updater).input_required(optional_message(arg)).await)?,
                "auth" => c.record(take(&mut updater).auth_required(optional_message(arg)).await)?,
                "reply" => c.record(take(&mut updater).reply(Message::agent_text(arg)).await)?,
                "wait" => c.wait(arg).await,
                "notify" => c.open(arg),
                "waitcancel" => {
                    live(&updater).cancelled().await;
                    assert!(live(&updater).is_cancelled());
                    c.open("cancelled");
                }
                "race" => {
                    tokio::select! {
                        () = c.wait(arg) => {}
                        () = live(&updater).cancelled() => {}
                    }
                    c.record(take(&mut updater).complete(None).await)?;
                }
                "return" => return Ok(()),
                "panic" => panic!("the test agent panics on purpose"),
                "unsupported-content" => {
                    return Err(Error::protocol(ErrorCode::ContentTypeNotSupported, "no such media type here"));
                }
                "error" => return Err(Error::agent(arg)),
                "refuse-cancel" => {}
                "not-cancelled" => assert!(!live(&updater).is_cancelled(), "a refused cancel is still signalled"),
                other => panic!("unknown test agent command `{other}`"),
            }
        }
        Ok(())
    }

    async fn cancel(&self, task: Task, updater: TaskUpdater) -> Result<(), Error> {
        let script = task.history.first().map(Message::text).unwrap_or_default();
        if script.contains("refuse-cancel") {
            return Ok(());
        }
        self.control.record(updater.cancel(Message::agent_text("canceled on request")).await)
    }
}

// ---------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------

/// The card every test server starts from.
pub(crate) fn card() -> AgentCard {
    AgentCard::named("Test agent", "Runs the script it is sent.", "1.0.0")
}

/// A server on a loopback port, served until the test ends (or [`TestServer::shutdown`]).
pub(crate) struct TestServer {
    pub(crate) addr: SocketAddr,
    pub(crate) control: Arc<Control>,
    /// The JSON-RPC path requests go to.
    pub(crate) path: String,
    http: reqwest::Client,
    shutdown: Option<oneshot::Sender<()>>,
    serving: tokio::task::JoinHandle<Result<(), Error>>,
}

impl TestServer {
    /// A server with the default settings.
    pub(crate) async fn start() -> Self {
        Self::start_with(|b| b).await
    }

    /// A server with `configure` applied to its builder.
    pub(crate) async fn start_with(configure: impl FnOnce(ServerBuilder) -> ServerBuilder) -> Self {
        Self::start_full(card(), configure, |s| s).await
    }

    /// A server from `card`, with `configure` applied to its builder and `serve` to the
    /// serve future.
    pub(crate) async fn start_full(
        card: AgentCard,
        configure: impl FnOnce(ServerBuilder) -> ServerBuilder,
        serve: impl FnOnce(Serve) -> Serve,
    ) -> Self {
        let control = Arc::new(Control::default());
        let server: Server = configure(Server::builder(card, TestAgent { control: control.clone() })).build();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (tx, rx) = oneshot::channel::<()>();
        let serving = tokio::spawn(
            serve(a2a_server::serve(listener, server))
                .with_graceful_shutdown(async move {
                    let _ = rx.await;
                })
                .into_future(),
        );
        let http = reqwest::Client::builder().no_proxy().build().unwrap();
        Self { addr, control, path: "/".to_string(), http, shutdown: Some(tx), serving }
    }

    /// `http://127.0.0.1:PORT` and `path`.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// The HTTP client.
    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// A POST to the JSON-RPC path, with `A2A-Version: 1.0`.
    pub(crate) fn post(&self) -> reqwest::RequestBuilder {
        self.post_unversioned().header("A2A-Version", "1.0")
    }

    /// A POST to the JSON-RPC path without an `A2A-Version` header.
    pub(crate) fn post_unversioned(&self) -> reqwest::RequestBuilder {
        self.http.post(self.url(&self.path)).header("content-type", "application/json")
    }

    /// Fires the graceful shutdown signal and waits for the serve future to return.
    pub(crate) async fn shutdown(mut self) -> Result<(), Error> {
        let _ = self.shutdown.take().unwrap().send(());
        within("the server to shut down", &mut self.serving).await.expect("the serve task panicked")
    }

    // -- JSON-RPC ------------------------------------------------------------------------

    /// Sends `body` and returns the JSON-RPC response, checking it is an `application/json`
    /// 200 answer.
    pub(crate) async fn exchange(&self, request: reqwest::RequestBuilder, body: Value) -> Value {
        self.exchange_text(request, body.to_string()).await
    }

    /// Sends `body` as it is and returns the JSON-RPC response, checking it is an
    /// `application/json` 200 answer.
    pub(crate) async fn exchange_text(&self, request: reqwest::RequestBuilder, body: impl Into<String>) -> Value {
        let response = within("a response", request.body(body.into()).send()).await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(content_type(&response), "application/json");
        let bytes = within("a response body", response.bytes()).await.unwrap();
        serde_json::from_slice(&bytes).expect("the response is JSON")
    }

    /// Calls `method` with a fresh numeric id and returns the whole response, which must
    /// echo the id.
    pub(crate) async fn call(&self, method: &str, params: Value) -> Value {
        let id = COUNTER.fetch_add(1, Ordering::Relaxed);
        let response =
            self.exchange(self.post(), json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})).await;
        assert_eq!(response["jsonrpc"], "2.0", "{response}");
        assert_eq!(response["id"], id, "{response}");
        response
    }

    /// Calls `method`, which must succeed, and returns its `result` (checked to decode as
    /// the method's result type).
    pub(crate) async fn result(&self, method: &str, params: Value) -> Value {
        let response = self.call(method, params).await;
        assert!(response.get("error").is_none(), "{method} failed: {response}");
        let result = response["result"].clone();
        let decoded = match method {
            "SendMessage" => a2a_types::from_value::<a2a_types::SendMessageResponse>(result.clone()).map(drop),
            "GetTask" | "CancelTask" => a2a_types::from_value::<Task>(result.clone()).map(drop),
            "ListTasks" => a2a_types::from_value::<a2a_types::ListTasksResponse>(result.clone()).map(drop),
            "GetExtendedAgentCard" => a2a_types::from_value::<AgentCard>(result.clone()).map(drop),
            _ => Ok(()),
        };
        if let Err(e) = decoded {
            panic!("the {method} result does not decode: {e}: {result}");
        }
        result
    }

    /// Calls `method`, which must fail with `code`, and returns the error object.
    pub(crate) async fn error(&self, method: &str, params: Value, code: i64) -> Value {
        let response = self.call(method, params).await;
        assert_error(&response, code).clone()
    }

    /// `SendMessage` with `message`; the result.
    pub(crate) async fn send_message(&self, message: Value) -> Value {
        self.result("SendMessage", json!({ "message": message })).await
    }

    /// `SendMessage` of a new message with `script`; the task it created.
    pub(crate) async fn run(&self, script: &str) -> Value {
        let result = self.send_message(user(script)).await;
        result.get("task").unwrap_or_else(|| panic!("expected a task, got {result}")).clone()
    }

    /// `GetTask`.
    pub(crate) async fn get_task(&self, id: &str) -> Value {
        self.result("GetTask", json!({ "id": id })).await
    }

    /// Opens an event stream with `method`; the answer must be an SSE stream.
    pub(crate) async fn stream(&self, method: &str, params: Value) -> Sse {
        let id = COUNTER.fetch_add(1, Ordering::Relaxed);
        let body = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
        let response = within("a stream to open", self.post().body(body.to_string()).send()).await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(content_type(&response), "text/event-stream", "{method} did not answer with a stream");
        Sse::new(response, json!(id))
    }

    /// `SubscribeToTask`.
    pub(crate) async fn subscribe(&self, task_id: &str) -> Sse {
        self.stream("SubscribeToTask", json!({ "id": task_id })).await
    }

    // -- raw sockets ---------------------------------------------------------------------

    /// Connects a raw socket and writes a JSON-RPC POST of `body` on it (with
    /// `Connection: close`, so the server closes the socket after the response).
    pub(crate) async fn raw_post(&self, socket: tokio::net::TcpSocket, body: &Value) -> TcpStream {
        let mut stream = within("a connection", socket.connect(self.addr)).await.unwrap();
        let body = body.to_string();
        let head = format!(
            "POST {} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nA2A-Version: 1.0\r\n\
             Connection: close\r\nContent-Length: {}\r\n\r\n",
            self.path,
            self.addr,
            body.len()
        );
        stream.write_all(head.as_bytes()).await.unwrap();
        stream.write_all(body.as_bytes()).await.unwrap();
        stream
    }
}

/// The body of `response`, as JSON.
pub(crate) async fn json_body(response: reqwest::Response) -> Value {
    let bytes = within("a response body", response.bytes()).await.unwrap();
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&bytes)))
}

/// The `Content-Type` of a response, without parameters.
pub(crate) fn content_type(response: &reqwest::Response) -> String {
    let value = response.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    value.split(';').next().unwrap().trim().to_string()
}

/// Checks that `response` is a JSON-RPC error with `code` whose `data` holds the
/// `google.rpc.ErrorInfo` of that code; returns the error object.
pub(crate) fn assert_error(response: &Value, code: i64) -> &Value {
    assert_eq!(response["jsonrpc"], "2.0", "{response}");
    assert!(response.get("result").is_none(), "expected error {code}, got {response}");
    let error = &response["error"];
    assert_eq!(error["code"], code, "{response}");
    assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()), "{response}");
    let data = error["data"].as_array().unwrap_or_else(|| panic!("error.data is not an array: {response}"));
    let info = data
        .iter()
        .find(|d| d["@type"] == a2a_types::error_code::ERROR_INFO_TYPE)
        .unwrap_or_else(|| panic!("no ErrorInfo in error.data: {response}"));
    let expected = ErrorCode::from_jsonrpc(code).expect("a known code");
    assert_eq!(info["reason"], expected.reason(), "{response}");
    assert_eq!(info["domain"], "a2a-protocol.org", "{response}");
    error
}

// ---------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------

/// A user message with one text part and a fresh id.
pub(crate) fn user(text: &str) -> Value {
    json!({ "messageId": unique("msg"), "role": "ROLE_USER", "parts": [{ "text": text }] })
}

/// A user message continuing `task_id`, without a `contextId`.
pub(crate) fn follow_up(task_id: &Value, text: &str) -> Value {
    let mut m = user(text);
    m["taskId"] = task_id.clone();
    m
}

/// The text of a message's text parts, joined.
pub(crate) fn text_of(message: &Value) -> String {
    let parts = message["parts"].as_array().unwrap_or_else(|| panic!("not a message: {message}"));
    parts.iter().filter_map(|p| p["text"].as_str()).collect::<Vec<_>>().join("\n")
}

/// The state of a task.
pub(crate) fn state(task: &Value) -> &str {
    task["status"]["state"].as_str().unwrap_or_else(|| panic!("not a task: {task}"))
}

/// The history of a task (empty when it has none).
pub(crate) fn history(task: &Value) -> Vec<Value> {
    task.get("history").and_then(Value::as_array).cloned().unwrap_or_default()
}

// ---------------------------------------------------------------------------------------
// Server-Sent Events
// ---------------------------------------------------------------------------------------

/// One SSE event of the JSON-RPC binding.
#[derive(Debug, Clone)]
pub(crate) struct Event {
    /// The `id:` field.
    pub(crate) id: Option<u64>,
    /// The `data:` field: a JSON-RPC response.
    pub(crate) data: Value,
}

impl Event {
    /// The `StreamResponse` of the event.
    pub(crate) fn result(&self) -> &Value {
        assert!(self.data.get("error").is_none(), "error event: {}", self.data);
        &self.data["result"]
    }

    /// Which member of the `StreamResponse` is set: `task`, `message`, `statusUpdate` or
    /// `artifactUpdate` (there must be exactly one).
    pub(crate) fn kind(&self) -> &str {
        let object = self.result().as_object().unwrap_or_else(|| panic!("result is not an object: {}", self.data));
        let kinds: Vec<&String> = object.keys().collect();
        assert_eq!(kinds.len(), 1, "a StreamResponse has exactly one member: {}", self.data);
        kinds[0]
    }

    /// The task state the event reports, for `task` and `statusUpdate` events.
    pub(crate) fn state(&self) -> Option<&str> {
        let r = self.result();
        match self.kind() {
            "task" => r["task"]["status"]["state"].as_str(),
            "statusUpdate" => r["statusUpdate"]["status"]["state"].as_str(),
            _ => None,
        }
    }
}

/// One block of an SSE stream.
#[derive(Debug, Clone)]
pub(crate) enum Item {
    Event(Event),
    Comment,
}

/// Splits complete SSE blocks (ended by a blank line) off the front of `buf`.
pub(crate) fn parse_blocks(buf: &mut Vec<u8>, scanned: &mut usize) -> Vec<Item> {
    let mut items = Vec::new();
    loop {
        let from = scanned.saturating_sub(1);
        let Some(end) = buf[from..].windows(2).position(|w| w == b"\n\n").map(|p| p + from) else {
            *scanned = buf.len();
            return items;
        };
        let block: Vec<u8> = buf.drain(..end + 2).collect();
        *scanned = 0;
        items.push(parse_block(&String::from_utf8(block).expect("SSE is UTF-8")));
    }
}

fn parse_block(block: &str) -> Item {
    let mut id = None;
    let mut data = Vec::new();
    let mut comments = 0;
    for line in block.split('\n').map(|l| l.trim_end_matches('\r')).filter(|l| !l.is_empty()) {
        if line.starts_with(':') {
            comments += 1;
        } else if let Some(v) = line.strip_prefix("id:") {
            id = Some(v.trim().parse().expect("a numeric event id"));
        } else if let Some(v) = line.strip_prefix("data:") {
            data.push(v.strip_prefix(' ').unwrap_or(v).to_string());
        } else {
            panic!("unexpected SSE line {line:?}");
        }
    }
    if data.is_empty() {
        assert!(id.is_none(), "an id without data: {block:?}");
        assert!(comments > 0, "an empty block: {block:?}");
        return Item::Comment;
    }
    assert_eq!(data.len(), 1, "each event is one data line: {block:?}");
    let data: Value = serde_json::from_str(&data[0]).expect("data is JSON");
    // A JSON-RPC event is a response whose `result` is the StreamResponse; a REST event is
    // the StreamResponse itself.
    let event = if data.get("jsonrpc").is_some() {
        assert_eq!(data["jsonrpc"], "2.0", "{data}");
        data.get("result")
    } else {
        Some(&data)
    };
    if let Some(result) = event {
        if let Err(e) = a2a_types::from_value::<a2a_types::StreamResponse>(result.clone()) {
            panic!("the event is not a StreamResponse: {e}: {data}");
        }
    }
    Item::Event(Event { id, data })
}

type ByteStream = Pin<Box<dyn futures::Stream<Item = reqwest::Result<Bytes>> + Send>>;

/// An SSE response being read.
pub(crate) struct Sse {
    pub(crate) headers: reqwest::header::HeaderMap,
    request_id: Value,
    body: ByteStream,
    buf: Vec<u8>,
    scanned: usize,
    ready: std::collections::VecDeque<Item>,
    ended: bool,
}

impl Sse {
    fn new(response: reqwest::Response, request_id: Value) -> Self {
        Self {
            headers: response.headers().clone(),
            request_id,
            body: Box::pin(response.bytes_stream()),
            buf: Vec::new(),
            scanned: 0,
            ready: Default::default(),
            ended: false,
        }
    }

    /// The next block, or `None` once the stream ended.
    pub(crate) async fn next_item(&mut self) -> Option<Item> {
        within("the next SSE item", self.read_item()).await
    }

    async fn read_item(&mut self) -> Option<Item> {
        loop {
            if let Some(item) = self.ready.pop_front() {
                if let Item::Event(e) = &item {
                    assert_eq!(e.data["id"], self.request_id, "events echo the request id");
                }
                return Some(item);
            }
            if self.ended {
                return None;
            }
            match self.body.next().await {
                Some(Ok(chunk)) => {
                    self.buf.extend_from_slice(&chunk);
                    self.ready.extend(parse_blocks(&mut self.buf, &mut self.scanned));
                }
                Some(Err(e)) => panic!("the stream failed: {e}"),
                None => {
                    assert!(self.buf.is_empty(), "the stream ended inside an event: {:?}", self.buf);
                    self.ended = true;
                }
            }
        }
    }

    /// The next event, skipping comments; `None` once the stream ended.
    pub(crate) async fn next_event(&mut self) -> Option<Event> {
        loop {
            match self.next_item().await? {
                Item::Event(e) => return Some(e),
                Item::Comment => {}
            }
        }
    }

    /// The next event, which must exist.
    pub(crate) async fn event(&mut self) -> Event {
        self.next_event().await.expect("the stream ended early")
    }

    /// Every remaining event, up to the end of the stream.
    pub(crate) async fn rest(&mut self) -> Vec<Event> {
        let mut events = Vec::new();
        while let Some(e) = self.next_event().await {
            events.push(e);
        }
        events
    }
}

/// Checks that event ids rise by one.
pub(crate) fn assert_consecutive(events: &[Event]) {
    let ids: Vec<u64> = events.iter().map(|e| e.id.expect("every event has an id")).collect();
    for pair in ids.windows(2) {
        assert_eq!(pair[1], pair[0] + 1, "ids rise by one per event: {ids:?}");
    }
}

// ---------------------------------------------------------------------------------------
// Raw HTTP/1.1
// ---------------------------------------------------------------------------------------

/// Reads `stream` to its end and splits the response into status, head and (de-chunked)
/// body.
pub(crate) async fn read_response(stream: &mut TcpStream, mut already: Vec<u8>) -> (u16, String, Vec<u8>) {
    within("the server to close the connection", stream.read_to_end(&mut already)).await.unwrap();
    let split = already.windows(4).position(|w| w == b"\r\n\r\n").expect("a complete response head");
    let head = String::from_utf8(already[..split].to_vec()).unwrap();
    let body = already[split + 4..].to_vec();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    let chunked = head.to_ascii_lowercase().contains("transfer-encoding: chunked");
    (status, head, if chunked { dechunk(&body) } else { body })
}

fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = body.windows(2).position(|w| w == b"\r\n").expect("a chunk size line");
        let size = usize::from_str_radix(std::str::from_utf8(&body[..line_end]).unwrap().trim(), 16).unwrap();
        body = &body[line_end + 2..];
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&body[..size]);
        body = &body[size + 2..];
    }
}

/// Every SSE block in `body`.
pub(crate) fn parse_sse(body: &[u8]) -> Vec<Item> {
    let mut buf = body.to_vec();
    let items = parse_blocks(&mut buf, &mut 0);
    assert!(buf.is_empty(), "the stream ended inside an event");
    items
}
