//! The client against the real `a2a-server`, over loopback: every operation end to end,
//! and streams that end, are cut, and resume.
//!
//! Each test starts its own server on `127.0.0.1:0` running [`TestAgent`], whose
//! behaviour the text of the message picks. Agents that must not run ahead of the test
//! wait for permits of a semaphore the test releases ([`Agent::release`]), and report
//! each step they took on a channel ([`Agent::reached`]), so nothing here sleeps.
//!
//! Cuts are made two ways: [`Server::close_streams`], which ends every open stream and
//! every later one (it is the shutdown signal), and a TCP [`Proxy`] between client and
//! server whose connections the test can close mid-stream while the server carries on,
//! as a network failure would.

use crate::support::within;
use a2a_client::{Binding, Client, ClientBuilder, EventStream, ProtocolVersion, ResubscribePolicy};
use a2a_server::{AgentExecutor, Error, RequestContext, Server, ServerBuilder, TaskUpdater};
use a2a_types::{
    AgentCard, Artifact, ArtifactId, ErrorCode, GetTaskRequest, ListTasksRequest, Message, Part, Role,
    SendMessageConfiguration, SendMessageRequest, SendMessageResponse, StreamResponse, Task, TaskId,
    TaskPushNotificationConfig, TaskState,
};
use futures::StreamExt;
use futures::stream::FusedStream;
use std::collections::HashSet;
use std::future::IntoFuture;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, Semaphore, mpsc};
use tokio::task::JoinSet;

// ---------------------------------------------------------------------------------------
// The test agent
// ---------------------------------------------------------------------------------------

/// What the test and its agent share.
struct Control {
    /// Gated agents take one permit before each update.
    gate: Semaphore,
    /// What the agent did, in order.
    progress: mpsc::UnboundedSender<String>,
    /// Signalled when a `slow-cleanup` agent stopped working after a cancel request.
    stopped: Notify,
}

impl Control {
    fn report(&self, what: impl Into<String>) {
        let _ = self.progress.send(what.into());
    }

    async fn pass(&self) {
        self.gate.acquire().await.expect("the gate is never closed").forget();
    }
}

/// The agent. The message text picks what it does:
///
/// | text | behaviour |
/// | --- | --- |
/// | `complete` | WORKING ("on it"), an artifact, COMPLETED ("done") |
/// | `stream` | [`SCRIPT`]: working updates and artifact chunks, then COMPLETED |
/// | `stepped` | SUBMITTED at once, then [`SCRIPT`] one gate permit per update |
/// | `ask` | WORKING, then INPUT_REQUIRED; the follow-up gets an artifact and COMPLETED |
/// | `reply` | a direct message, no task |
/// | `slow` | WORKING ("started"), then waits for a gate permit (completes) or a cancel (returns) |
/// | `slow-cleanup` | as `slow`, and its `cancel` waits for `execute` to stop before canceling |
/// | `fail` | WORKING, then FAILED ("it broke") |
/// | `protocol` | `ContentTypeNotSupported` before any update |
struct TestAgent {
    control: Arc<Control>,
}

/// One update of [`SCRIPT`].
enum Update {
    Working(&'static str),
    /// A chunk of artifact `doc`: text, append, last chunk.
    Chunk(&'static str, bool, bool),
}

/// What `stream` and `stepped` do before completing with "done".
const SCRIPT: [Update; 5] = [
    Update::Working("step 1"),
    Update::Chunk("chunk-1", false, false),
    Update::Working("step 2"),
    Update::Chunk("chunk-2", true, false),
    Update::Chunk("chunk-3", true, true),
];

/// Gate permits a `stepped` task needs to finish: one per update of the script, and one
/// for the completion.
const STEPS: usize = SCRIPT.len() + 1;

/// The events a client streaming `stream` (or following `stepped` from its start) sees.
const SCRIPT_EVENTS: [&str; 7] = [
    "task:Submitted",
    "status:Working:step 1",
    "artifact:doc:chunk-1",
    "status:Working:step 2",
    "artifact:doc:chunk-2+append",
    "artifact:doc:chunk-3+append+last",
    "status:Completed:done",
];

impl TestAgent {
    /// Runs [`SCRIPT`], taking a permit before each update when `gated`, and reporting
    /// `update N` after each and `completed` at the end.
    async fn script(&self, task: TaskUpdater, gated: bool) -> Result<(), Error> {
        for (i, update) in SCRIPT.iter().enumerate() {
            if gated {
                self.control.pass().await;
            }
            match *update {
                Update::Working(text) => task.working(Message::agent_text(text)).await?,
                Update::Chunk(text, append, last) => {
                    let chunk = Artifact::new(ArtifactId::new("doc"), vec![Part::text(text)]);
                    task.artifact_chunk(chunk, append, last).await?;
                }
            }
            self.control.report(format!("update {}", i + 1));
        }
        if gated {
            self.control.pass().await;
        }
        task.complete(Message::agent_text("done")).await?;
        self.control.report("completed");
        Ok(())
    }
}

impl AgentExecutor for TestAgent {
    async fn execute(&self, ctx: RequestContext, task: TaskUpdater) -> Result<(), Error> {
        if ctx.task().is_some() {
            // The follow-up to `ask`.
            let greeting = format!("hello, {}", ctx.message().text());
            task.artifact(Artifact::new(ArtifactId::new("greeting"), vec![Part::text(greeting)])).await?;
            return task.complete(Message::agent_text("greeted")).await;
        }
        match ctx.message().text().as_str() {
            "complete" => {
                task.working(Message::agent_text("on it")).await?;
                task.artifact(Artifact::new(ArtifactId::new("result"), vec![Part::text("the result")])).await?;
                task.complete(Message::agent_text("done")).await
            }
            "stream" => self.script(task, false).await,
            "stepped" => {
                task.submit().await?;
                self.script(task, true).await
            }
            "ask" => {
                task.working(None).await?;
                task.input_required(Message::agent_text("what is your name?")).await
            }
            "reply" => task.reply(Message::agent_text("a direct reply")).await,
            "slow" | "slow-cleanup" => {
                task.working(Message::agent_text("started")).await?;
                self.control.report("started");
                tokio::select! {
                    () = task.cancelled() => {
                        self.control.report("cancel seen");
                        self.control.stopped.notify_one();
                        // Returning leaves the final state to `AgentExecutor::cancel`.
                        Ok(())
                    }
                    () = self.control.pass() => task.complete(None).await,
                }
            }
            "fail" => {
                task.working(None).await?;
                task.fail(Message::agent_text("it broke")).await
            }
            "protocol" => Err(Error::protocol(ErrorCode::ContentTypeNotSupported, "this agent reads no text")),
            other => task.reject(Message::agent_text(format!("unknown command {other}"))).await,
        }
    }

    async fn cancel(&self, task: Task, updater: TaskUpdater) -> Result<(), Error> {
        if task.history.first().is_some_and(|m| m.text() == "slow-cleanup") {
            // Clean up once the work stopped, then mark the task canceled.
            self.control.stopped.notified().await;
            return updater.cancel(Message::agent_text("cleaned up")).await;
        }
        updater.cancel(None).await
    }
}

// ---------------------------------------------------------------------------------------
// The harness
// ---------------------------------------------------------------------------------------

/// A running server and the test's end of its agent.
struct Agent {
    addr: SocketAddr,
    server: Server,
    control: Arc<Control>,
    progress: mpsc::UnboundedReceiver<String>,
    /// How the agent's clients talk to it.
    via: Via,
}

const AGENT_NAME: &str = "Test agent";

async fn start(via: Via) -> Agent {
    start_with(via, |b| b).await
}

/// Serves a [`TestAgent`] on `127.0.0.1:0`, with server settings from `configure`.
async fn start_with(via: Via, configure: impl FnOnce(ServerBuilder) -> ServerBuilder) -> Agent {
    let (progress_tx, progress) = mpsc::unbounded_channel();
    let control = Arc::new(Control { gate: Semaphore::new(0), progress: progress_tx, stopped: Notify::new() });
    let card = AgentCard::named(AGENT_NAME, "Does what the message says", "1.0.0");
    let server = configure(Server::builder(card, TestAgent { control: control.clone() })).build();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(a2a_server::serve(listener, server.clone()).into_future());
    Agent { addr, server, control, progress, via }
}

impl Agent {
    fn base(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A client with default settings, from the server's card.
    async fn client(&self) -> Client {
        within(client_for(&self.base(), self.via)).await
    }

    /// Lets gated agents take `n` more steps.
    fn release(&self, n: usize) {
        self.control.gate.add_permits(n);
    }

    /// Waits until the agent reports `what`, which must be its next report.
    async fn reached(&mut self, what: &str) {
        let got = within(self.progress.recv()).await.expect("the agent is gone");
        assert_eq!(got, what, "the agent reported something else");
    }
}

/// A TCP proxy to `target` whose connections the test can cut at once, as a network
/// failure would; connections made after a cut are forwarded as usual.
struct Proxy {
    addr: SocketAddr,
    connections: Arc<Mutex<JoinSet<()>>>,
}

impl Proxy {
    async fn start(target: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let connections = Arc::new(Mutex::new(JoinSet::new()));
        let open = connections.clone();
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                open.lock().unwrap().spawn(async move {
                    let Ok(mut outbound) = TcpStream::connect(target).await else { return };
                    let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                });
            }
        });
        Self { addr, connections }
    }

    fn base(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Closes every connection open now, and returns once they are closed: nothing the
    /// server sends afterwards reaches the client over them.
    async fn cut(&self) {
        let mut open = std::mem::take(&mut *self.connections.lock().unwrap());
        within(open.shutdown()).await;
    }
}

/// A short label per event: the state and status message, or the artifact id, text and
/// chunk flags.
fn label(event: &StreamResponse) -> String {
    match event {
        StreamResponse::Task(t) => format!("task:{:?}", t.state()),
        StreamResponse::StatusUpdate(s) => match &s.status.message {
            Some(m) => format!("status:{:?}:{}", s.status.state, m.text()),
            None => format!("status:{:?}", s.status.state),
        },
        StreamResponse::ArtifactUpdate(a) => format!(
            "artifact:{}:{}{}{}",
            a.artifact.artifact_id,
            a.artifact.parts.iter().filter_map(Part::as_text).collect::<String>(),
            if a.append { "+append" } else { "" },
            if a.last_chunk { "+last" } else { "" },
        ),
        StreamResponse::Message(m) => format!("message:{}", m.text()),
        other => format!("{other:?}"),
    }
}

/// The next event, which must come and must not be an error.
async fn next_event(stream: &mut EventStream) -> StreamResponse {
    match within(stream.next()).await {
        Some(Ok(event)) => event,
        Some(Err(e)) => panic!("the stream failed: {e:?}"),
        None => panic!("the stream ended early"),
    }
}

/// The labels of every remaining event, checking that the stream then ends for good.
async fn rest(stream: &mut EventStream) -> Vec<String> {
    let mut labels = Vec::new();
    while let Some(event) = within(stream.next()).await {
        match event {
            Ok(event) => labels.push(label(&event)),
            Err(e) => panic!("the stream failed after {labels:?}: {e:?}"),
        }
    }
    assert!(stream.is_terminated());
    assert!(within(stream.next()).await.is_none(), "a stream that ended stays ended");
    labels
}

fn task_of(response: SendMessageResponse) -> Task {
    match response {
        SendMessageResponse::Task(task) => task,
        other => panic!("expected a task, got {other:?}"),
    }
}

fn return_immediately(text: &str) -> SendMessageRequest {
    SendMessageRequest::new(Message::user_text(text))
        .with_configuration(SendMessageConfiguration::new().with_return_immediately(true))
}

fn history_texts(task: &Task) -> Vec<String> {
    task.history.iter().map(Message::text).collect()
}

/// A client of the agent at `base` that resubscribes after a cut.
/// The binding and protocol version a scenario's client uses.
#[derive(Debug, Clone, Copy)]
struct Via {
    binding: Binding,
    version: ProtocolVersion,
}

/// A client builder for the agent at `base` that talks as `via` says.
async fn builder_for(base: &str, via: Via) -> ClientBuilder {
    ClientBuilder::from_card_url(base).await.unwrap().preferred_bindings([via.binding]).protocol_version(via.version)
}

async fn client_for(base: &str, via: Via) -> Client {
    builder_for(base, via).await.build().unwrap()
}

async fn resubscribing_client(base: &str, policy: ResubscribePolicy, via: Via) -> Client {
    builder_for(base, via).await.resubscribe(policy).build().unwrap()
}

fn fast_resubscribe() -> ResubscribePolicy {
    ResubscribePolicy::new()
        .max_attempts(3)
        .initial_backoff(Duration::from_millis(10))
        .max_backoff(Duration::from_millis(50))
}

// ---------------------------------------------------------------------------------------
// Discovery and unary operations
// ---------------------------------------------------------------------------------------

async fn discovery_reads_the_servers_card_and_picks_its_interface(via: Via) {
    let agent = start(via).await;
    let client = agent.client().await;
    let card = client.card();
    assert_eq!(card.name, AGENT_NAME);
    assert_eq!(card.capabilities.streaming, Some(true));
    assert_eq!(card.capabilities.push_notifications, Some(false));
    assert_eq!(card.capabilities.extended_agent_card, Some(false));
    let interface = client.interface();
    assert_eq!(interface.url, agent.base());
    assert_eq!(interface.protocol_binding, via.binding.as_str());
    assert_eq!(interface.protocol_version, via.version.as_str());
    assert_eq!(client.binding(), via.binding);
    let offered: Vec<&str> = card.supported_interfaces.iter().map(|i| i.protocol_binding.as_str()).collect();
    assert_eq!(offered, ["JSONRPC", "HTTP+JSON", "JSONRPC", "HTTP+JSON"]);
    assert_eq!(client.protocol_version(), via.version);
}

async fn send_returns_the_completed_task_with_its_artifacts(via: Via) {
    let agent = start(via).await;
    let client = agent.client().await;
    let task = task_of(within(client.send(Message::user_text("complete"))).await.unwrap());
    assert_eq!(task.state(), TaskState::Completed);
    assert_eq!(task.status.message.as_ref().map(Message::text).as_deref(), Some("done"));
    assert_eq!(task.artifacts.len(), 1);
    assert_eq!(task.artifacts[0].artifact_id.as_str(), "result");
    assert_eq!(task.artifacts[0].parts[0].as_text(), Some("the result"));
    assert_eq!(history_texts(&task), ["complete", "on it", "done"]);
    assert!(task.context_id.is_some());

    // The same task, fetched.
    let fetched = within(client.get_task(&task.id)).await.unwrap();
    assert_eq!(fetched, task);
}

async fn send_returns_a_direct_reply_as_a_message(via: Via) {
    let agent = start(via).await;
    let client = agent.client().await;
    match within(client.send(Message::user_text("reply"))).await.unwrap() {
        SendMessageResponse::Message(m) => {
            assert_eq!(m.text(), "a direct reply");
            assert_eq!(m.role, Role::Agent);
            assert!(m.task_id.is_none());
        }
        other => panic!("expected a message, got {other:?}"),
    }
}

async fn send_with_return_immediately_returns_before_the_task_finishes(via: Via) {
    let mut agent = start(via).await;
    let client = agent.client().await;
    // The agent cannot go past SUBMITTED until the test lets it, so an answer now is
    // one that did not wait.
    let task = task_of(within(client.send(return_immediately("stepped"))).await.unwrap());
    assert_eq!(task.state(), TaskState::Submitted);

    agent.release(STEPS);
    for i in 1..=SCRIPT.len() {
        agent.reached(&format!("update {i}")).await;
    }
    agent.reached("completed").await;
    let done = within(client.get_task(&task.id)).await.unwrap();
    assert_eq!(done.state(), TaskState::Completed);
    let parts: Vec<_> = done.artifacts[0].parts.iter().filter_map(Part::as_text).collect();
    assert_eq!(parts, ["chunk-1", "chunk-2", "chunk-3"]);
}

async fn send_returns_at_input_required_and_a_follow_up_completes_the_task(via: Via) {
    let agent = start(via).await;
    let client = agent.client().await;
    let task = task_of(within(client.send(Message::user_text("ask"))).await.unwrap());
    assert_eq!(task.state(), TaskState::InputRequired);
    assert_eq!(task.status.message.as_ref().unwrap().text(), "what is your name?");

    let follow_up = Message::user_text("Ada").with_task_id(task.id.clone());
    let done = task_of(within(client.send(follow_up)).await.unwrap());
    assert_eq!(done.id, task.id);
    assert_eq!(done.context_id, task.context_id);
    assert_eq!(done.state(), TaskState::Completed);
    assert_eq!(done.artifacts[0].parts[0].as_text(), Some("hello, Ada"));
    assert_eq!(history_texts(&done), ["ask", "what is your name?", "Ada", "greeted"]);
}

async fn send_of_a_failing_task_returns_it_failed(via: Via) {
    let agent = start(via).await;
    let client = agent.client().await;
    let task = task_of(within(client.send(Message::user_text("fail"))).await.unwrap());
    assert_eq!(task.state(), TaskState::Failed);
    assert_eq!(task.status.message.as_ref().unwrap().text(), "it broke");
}

async fn get_task_applies_the_history_length(via: Via) {
    let agent = start(via).await;
    let client = agent.client().await;
    let task = task_of(within(client.send(Message::user_text("complete"))).await.unwrap());

    let full = within(client.get_task(&task.id)).await.unwrap();
    assert_eq!(history_texts(&full), ["complete", "on it", "done"]);
    let last = within(client.get_task(GetTaskRequest::new(task.id.clone()).with_history_length(1))).await.unwrap();
    assert_eq!(history_texts(&last), ["done"]);
    let none = within(client.get_task(GetTaskRequest::new(task.id.clone()).with_history_length(0))).await.unwrap();
    assert!(none.history.is_empty());
    assert_eq!(none.artifacts, full.artifacts, "historyLength trims the history only");

    // The same limit on `send`.
    let request = SendMessageRequest::new(Message::user_text("complete"))
        .with_configuration(SendMessageConfiguration::new().with_history_length(2));
    let trimmed = task_of(within(client.send(request)).await.unwrap());
    assert_eq!(history_texts(&trimmed), ["on it", "done"]);
}

async fn get_task_of_an_unknown_task_is_task_not_found(via: Via) {
    let agent = start(via).await;
    let client = agent.client().await;
    let err = within(client.get_task("no-such-task")).await.unwrap_err();
    assert!(err.is_protocol(), "{err:?}");
    assert_eq!(err.error_code(), Some(ErrorCode::TaskNotFound));
    let err = within(client.cancel_task("no-such-task")).await.unwrap_err();
    assert_eq!(err.error_code(), Some(ErrorCode::TaskNotFound));
    let err = within(client.subscribe("no-such-task")).await.unwrap_err();
    assert_eq!(err.error_code(), Some(ErrorCode::TaskNotFound));
    let err = within(client.follow("no-such-task")).await.unwrap_err();
    assert_eq!(err.error_code(), Some(ErrorCode::TaskNotFound));
}

async fn list_tasks_filters_and_pages_through_every_task(via: Via) {
    let agent = start(via).await;
    let client = agent.client().await;
    if via.version == ProtocolVersion::V0_3 {
        // v0.3 had no ListTasks: the client says so without asking the agent.
        let err = within(client.list_tasks(ListTasksRequest::new())).await.unwrap_err();
        assert_eq!(err.error_code(), Some(ErrorCode::UnsupportedOperation), "{err:?}");
        return;
    }
    let mut all = HashSet::new();
    let mut in_a = HashSet::new();
    let mut completed = HashSet::new();
    for (text, context) in [
        ("complete", "ctx-a"),
        ("fail", "ctx-b"),
        ("complete", "ctx-a"),
        ("ask", "ctx-a"),
        ("fail", "ctx-b"),
        ("complete", "ctx-b"),
    ] {
        let message = Message::user_text(text).with_context_id(context);
        let task = task_of(within(client.send(message)).await.unwrap());
        assert_eq!(task.context_id.as_ref().map(|c| c.as_str()), Some(context));
        all.insert(task.id.clone());
        if context == "ctx-a" {
            in_a.insert(task.id.clone());
        }
        if text == "complete" {
            completed.insert(task.id.clone());
        }
    }
    let ids = |tasks: &[Task]| tasks.iter().map(|t| t.id.clone()).collect::<HashSet<TaskId>>();

    // Everything, on one page; artifacts left out unless asked for.
    let page = within(client.list_tasks(ListTasksRequest::new())).await.unwrap();
    assert_eq!(ids(&page.tasks), all);
    assert_eq!(page.total_size, 6);
    assert_eq!(page.next_page_token, "");
    assert!(page.tasks.iter().all(|t| t.artifacts.is_empty()));
    let updated: Vec<_> = page.tasks.iter().map(|t| t.status.timestamp).collect();
    assert!(updated.windows(2).all(|w| w[0] >= w[1]), "newest first: {updated:?}");

    // Filters, alone and together.
    let by_context = within(client.list_tasks(ListTasksRequest::new().with_context_id("ctx-a"))).await.unwrap();
    assert_eq!(ids(&by_context.tasks), in_a);
    assert_eq!(by_context.total_size, 3);
    let by_state = within(client.list_tasks(ListTasksRequest::new().with_status(TaskState::Completed))).await.unwrap();
    assert_eq!(ids(&by_state.tasks), completed);
    let both = ListTasksRequest::new().with_context_id("ctx-a").with_status(TaskState::InputRequired);
    let both = within(client.list_tasks(both)).await.unwrap();
    assert_eq!(both.tasks.len(), 1);
    assert_eq!(both.tasks[0].state(), TaskState::InputRequired);
    let none = ListTasksRequest::new().with_context_id("ctx-b").with_status(TaskState::InputRequired);
    let none = within(client.list_tasks(none)).await.unwrap();
    assert!(none.tasks.is_empty());
    assert_eq!(none.total_size, 0);

    // Artifacts and history on request.
    let rich =
        ListTasksRequest::new().with_status(TaskState::Completed).with_include_artifacts(true).with_history_length(0);
    let rich = within(client.list_tasks(rich)).await.unwrap();
    assert!(rich.tasks.iter().all(|t| t.artifacts.len() == 1 && t.history.is_empty()));

    // Pages of two: every task exactly once, then an empty token.
    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut request = ListTasksRequest::new().with_page_size(2);
        if let Some(token) = token.take() {
            request = request.with_page_token(token);
        }
        let page = within(client.list_tasks(request)).await.unwrap();
        pages += 1;
        assert!(page.tasks.len() <= 2);
        assert_eq!(page.page_size, 2);
        assert_eq!(page.total_size, 6);
        seen.extend(page.tasks.iter().map(|t| t.id.clone()));
        if page.next_page_token.is_empty() {
            break;
        }
        assert!(pages < 10, "pagination does not end");
        token = Some(page.next_page_token);
    }
    assert_eq!(pages, 3);
    assert_eq!(seen.len(), 6, "no task twice: {seen:?}");
    assert_eq!(seen.into_iter().collect::<HashSet<_>>(), all);

    // A filtered listing pages too.
    let first =
        within(client.list_tasks(ListTasksRequest::new().with_context_id("ctx-b").with_page_size(2))).await.unwrap();
    assert_eq!(first.tasks.len(), 2);
    assert!(!first.next_page_token.is_empty());
    let second =
        ListTasksRequest::new().with_context_id("ctx-b").with_page_size(2).with_page_token(first.next_page_token);
    let second = within(client.list_tasks(second)).await.unwrap();
    assert_eq!(second.tasks.len(), 1);
    assert_eq!(second.next_page_token, "");
    let ctx_b: HashSet<_> = ids(&first.tasks).union(&ids(&second.tasks)).cloned().collect();
    assert_eq!(ctx_b, all.difference(&in_a).cloned().collect());

    // A bad page size is the server's InvalidParams.
    let err = within(client.list_tasks(ListTasksRequest::new().with_page_size(0))).await.unwrap_err();
    assert_eq!(err.error_code(), Some(ErrorCode::InvalidParams));
}

async fn cancel_task_cancels_a_running_task(via: Via) {
    let mut agent = start(via).await;
    let client = agent.client().await;
    let task = task_of(within(client.send(return_immediately("slow"))).await.unwrap());
    assert!(matches!(task.state(), TaskState::Submitted | TaskState::Working), "{task:?}");
    agent.reached("started").await;

    let canceled = within(client.cancel_task(&task.id)).await.unwrap();
    assert_eq!(canceled.id, task.id);
    assert_eq!(canceled.state(), TaskState::Canceled);
    agent.reached("cancel seen").await;
    assert_eq!(within(client.get_task(&task.id)).await.unwrap().state(), TaskState::Canceled);

    // Canceled is final: canceling again is refused.
    let err = within(client.cancel_task(&task.id)).await.unwrap_err();
    assert_eq!(err.error_code(), Some(ErrorCode::TaskNotCancelable));
}

async fn cancel_task_waits_for_an_agent_that_cleans_up_after_its_work_stopped(via: Via) {
    let mut agent = start(via).await;
    let client = agent.client().await;
    let task = task_of(within(client.send(return_immediately("slow-cleanup"))).await.unwrap());
    agent.reached("started").await;

    let canceled = within(client.cancel_task(&task.id)).await.unwrap();
    assert_eq!(canceled.state(), TaskState::Canceled);
    assert_eq!(canceled.status.message.as_ref().map(Message::text).as_deref(), Some("cleaned up"));
    agent.reached("cancel seen").await;
    assert_eq!(within(client.get_task(&task.id)).await.unwrap().state(), TaskState::Canceled);
}

async fn cancel_task_ends_the_stream_of_the_task_at_canceled(via: Via) {
    let mut agent = start(via).await;
    let client = agent.client().await;
    let mut stream = within(client.stream(Message::user_text("slow"))).await.unwrap();
    let first = next_event(&mut stream).await;
    assert_eq!(label(&first), "task:Submitted");
    assert_eq!(label(&next_event(&mut stream).await), "status:Working:started");
    agent.reached("started").await;

    let task_id = first.task_id().unwrap().clone();
    let canceled = within(client.cancel_task(task_id)).await.unwrap();
    assert_eq!(canceled.state(), TaskState::Canceled);
    assert_eq!(rest(&mut stream).await, ["status:Canceled"]);
}

async fn cancel_task_of_a_finished_task_is_not_cancelable(via: Via) {
    let agent = start(via).await;
    let client = agent.client().await;
    let task = task_of(within(client.send(Message::user_text("complete"))).await.unwrap());
    let err = within(client.cancel_task(&task.id)).await.unwrap_err();
    assert!(err.is_protocol(), "{err:?}");
    assert_eq!(err.error_code(), Some(ErrorCode::TaskNotCancelable));
    assert_eq!(within(client.get_task(&task.id)).await.unwrap().state(), TaskState::Completed);
}

/// The agent returns from `execute` as soon as it sees the cancel request, racing the
/// server's `AgentExecutor::cancel`, on a runtime where the two really run in parallel.
async fn cancel_task_wins_over_an_agent_that_returns_when_canceled(via: Via) {
    let mut agent = start(via).await;
    let client = agent.client().await;
    for _ in 0..20 {
        let task = task_of(within(client.send(return_immediately("slow"))).await.unwrap());
        agent.reached("started").await;
        let canceled = within(client.cancel_task(&task.id)).await.unwrap();
        assert_eq!(canceled.state(), TaskState::Canceled);
        agent.reached("cancel seen").await;
    }
}

async fn push_notification_configs_are_not_supported(via: Via) {
    let agent = start(via).await;
    let client = agent.client().await;
    let task = task_of(within(client.send(Message::user_text("complete"))).await.unwrap());
    let config = TaskPushNotificationConfig::new("https://hook.example.com/a2a").with_task_id(task.id.clone());
    let errors = [
        within(client.create_push_config(config)).await.map(drop).unwrap_err(),
        within(client.get_push_config((task.id.clone(), "config-1"))).await.map(drop).unwrap_err(),
        within(client.list_push_configs(&task.id)).await.map(drop).unwrap_err(),
        within(client.delete_push_config((task.id.clone(), "config-1"))).await.unwrap_err(),
    ];
    for err in errors {
        assert!(err.is_protocol(), "{err:?}");
        assert_eq!(err.error_code(), Some(ErrorCode::PushNotificationNotSupported), "{err:?}");
    }
}

async fn extended_card_is_unsupported_unless_configured(via: Via) {
    let agent = start(via).await;
    let client = agent.client().await;
    let err = within(client.extended_card()).await.unwrap_err();
    assert_eq!(err.error_code(), Some(ErrorCode::UnsupportedOperation));

    let extended = AgentCard::named("Test agent (extended)", "More, for friends", "1.0.0");
    let agent = start_with(via, |b| b.extended_agent_card(extended)).await;
    let client = agent.client().await;
    assert_eq!(client.card().capabilities.extended_agent_card, Some(true));
    let card = within(client.extended_card()).await.unwrap();
    assert_eq!(card.name, "Test agent (extended)");
    // Over v0.3 the card comes back in v0.3 form, whose interfaces are (url, transport) pairs.
    let expected = if via.version == ProtocolVersion::V0_3 { 2 } else { 4 };
    assert_eq!(card.supported_interfaces.len(), expected, "{card:?}");
    assert!(card.supported_interfaces.iter().all(|i| i.url == agent.base()));
}

async fn a_protocol_error_from_the_agent_is_returned_by_send_and_by_stream_itself(via: Via) {
    let agent = start(via).await;
    let client = agent.client().await;
    let err = within(client.send(Message::user_text("protocol"))).await.unwrap_err();
    assert!(err.is_protocol(), "{err:?}");
    assert_eq!(err.error_code(), Some(ErrorCode::ContentTypeNotSupported));

    // Before the first event: from `stream()`, not from the stream.
    let err = within(client.stream(Message::user_text("protocol"))).await.unwrap_err();
    assert!(err.is_protocol(), "{err:?}");
    assert_eq!(err.error_code(), Some(ErrorCode::ContentTypeNotSupported));
    assert!(err.protocol_error().unwrap().message.contains("reads no text"), "{err:?}");

    // No task was created (asked over v1.0, which can list).
    let v1 = client_for(&agent.base(), Via { binding: via.binding, version: ProtocolVersion::V1_0 }).await;
    let listed = within(v1.list_tasks(ListTasksRequest::new())).await.unwrap();
    assert!(listed.tasks.is_empty());
}

// ---------------------------------------------------------------------------------------
// Streams that end
// ---------------------------------------------------------------------------------------

async fn a_stream_delivers_every_event_in_order_and_ends_at_completed(via: Via) {
    let agent = start(via).await;
    let client = agent.client().await;
    let mut stream = within(client.stream(Message::user_text("stream"))).await.unwrap();
    let first = next_event(&mut stream).await;
    let StreamResponse::Task(task) = &first else { panic!("the first event is not the task: {first:?}") };
    assert_eq!(history_texts(task), ["stream"]);
    let mut labels = vec![label(&first)];
    labels.extend(rest(&mut stream).await);
    assert_eq!(labels, SCRIPT_EVENTS);

    // The chunks add up to the stored artifact.
    let stored = within(client.get_task(&task.id)).await.unwrap();
    assert_eq!(stored.state(), TaskState::Completed);
    assert_eq!(stored.artifacts.len(), 1);
    let parts: Vec<_> = stored.artifacts[0].parts.iter().filter_map(Part::as_text).collect();
    assert_eq!(parts, ["chunk-1", "chunk-2", "chunk-3"]);
}

async fn a_stream_of_a_direct_reply_is_one_message(via: Via) {
    let agent = start(via).await;
    let client = agent.client().await;
    let mut stream = within(client.stream(Message::user_text("reply"))).await.unwrap();
    assert_eq!(rest(&mut stream).await, ["message:a direct reply"]);
}

async fn a_stream_of_a_failing_task_ends_at_failed(via: Via) {
    let agent = start(via).await;
    let client = agent.client().await;
    let mut stream = within(client.stream(Message::user_text("fail"))).await.unwrap();
    assert_eq!(rest(&mut stream).await, ["task:Submitted", "status:Working", "status:Failed:it broke"]);
}

async fn a_stream_pauses_at_input_required_and_a_streamed_follow_up_completes_the_task(via: Via) {
    let agent = start(via).await;
    let client = agent.client().await;
    let mut stream = within(client.stream(Message::user_text("ask"))).await.unwrap();
    let first = next_event(&mut stream).await;
    let task_id = first.task_id().unwrap().clone();
    let mut labels = vec![label(&first)];
    labels.extend(rest(&mut stream).await);
    assert_eq!(labels, ["task:Submitted", "status:Working", "status:InputRequired:what is your name?"]);
    assert_eq!(within(client.get_task(&task_id)).await.unwrap().state(), TaskState::InputRequired);

    let follow_up = Message::user_text("Ada").with_task_id(task_id.clone());
    let mut stream = within(client.stream(follow_up)).await.unwrap();
    assert_eq!(
        rest(&mut stream).await,
        ["task:Working", "artifact:greeting:hello, Ada+last", "status:Completed:greeted"]
    );
    let done = within(client.get_task(&task_id)).await.unwrap();
    assert_eq!(done.state(), TaskState::Completed);
    assert_eq!(history_texts(&done), ["ask", "what is your name?", "Ada", "greeted"]);
}

async fn subscribe_to_a_running_task_gets_its_snapshot_then_the_remaining_events(via: Via) {
    let mut agent = start(via).await;
    let client = agent.client().await;
    let task = task_of(within(client.send(return_immediately("stepped"))).await.unwrap());
    agent.release(2);
    agent.reached("update 1").await;
    agent.reached("update 2").await;

    let mut stream = within(client.subscribe(&task.id)).await.unwrap();
    let StreamResponse::Task(snapshot) = next_event(&mut stream).await else { panic!("no snapshot first") };
    assert_eq!(snapshot.id, task.id);
    assert_eq!(snapshot.state(), TaskState::Working);
    assert_eq!(snapshot.status.message.as_ref().unwrap().text(), "step 1");
    assert_eq!(snapshot.artifacts[0].parts[0].as_text(), Some("chunk-1"));

    // A second subscriber, joining later, gets the same remaining events.
    agent.release(1);
    agent.reached("update 3").await;
    let mut late = within(client.follow(&task.id)).await.unwrap();
    assert_eq!(label(&next_event(&mut late).await), "task:Working");

    agent.release(STEPS - 3);
    assert_eq!(rest(&mut stream).await, SCRIPT_EVENTS[3..]);
    assert_eq!(rest(&mut late).await, SCRIPT_EVENTS[4..]);
}

async fn follow_on_a_finished_task_returns_the_final_task(via: Via) {
    let agent = start(via).await;
    let client = agent.client().await;
    let task = task_of(within(client.send(Message::user_text("complete"))).await.unwrap());

    // Subscribing to a finished task is refused...
    let err = within(client.subscribe(&task.id)).await.unwrap_err();
    assert_eq!(err.error_code(), Some(ErrorCode::UnsupportedOperation));

    // ...and following it gives the task as it ended.
    let mut stream = within(client.follow(&task.id)).await.unwrap();
    let StreamResponse::Task(last) = next_event(&mut stream).await else { panic!("not a task") };
    assert_eq!(last.state(), TaskState::Completed);
    assert_eq!(last.artifacts, task.artifacts);
    assert!(within(stream.next()).await.is_none());
}

// ---------------------------------------------------------------------------------------
// Streams that are cut, and resume
// ---------------------------------------------------------------------------------------

/// Starts `stepped` on `client` and reads its first three events (the task, the first
/// working update and the first chunk), leaving the agent waiting before "step 2".
async fn stepped_stream(agent: &mut Agent, client: &Client) -> (EventStream, TaskId, Vec<String>) {
    let mut stream = within(client.stream(Message::user_text("stepped"))).await.unwrap();
    let first = next_event(&mut stream).await;
    let task_id = first.task_id().unwrap().clone();
    let mut labels = vec![label(&first)];
    agent.release(2);
    labels.push(label(&next_event(&mut stream).await));
    labels.push(label(&next_event(&mut stream).await));
    agent.reached("update 1").await;
    agent.reached("update 2").await;
    assert_eq!(labels, SCRIPT_EVENTS[..3]);
    (stream, task_id, labels)
}

async fn a_stream_the_server_closes_early_is_an_error_not_a_quiet_end(via: Via) {
    let mut agent = start(via).await;
    let client = agent.client().await;
    let (mut stream, task_id, _) = stepped_stream(&mut agent, &client).await;

    agent.server.close_streams();
    let err = match within(stream.next()).await {
        Some(Err(e)) => e,
        other => panic!("expected an error, got {other:?}"),
    };
    assert!(err.is_stream(), "{err:?}");
    assert!(within(stream.next()).await.is_none(), "one error, then the end");

    // The task itself goes on.
    agent.release(1);
    agent.reached("update 3").await;
    let task = within(client.get_task(&task_id)).await.unwrap();
    assert_eq!(task.status.message.as_ref().unwrap().text(), "step 2");
}

async fn resubscribing_to_a_server_that_keeps_closing_streams_gives_up(via: Via) {
    let mut agent = start(via).await;
    let client = within(resubscribing_client(&agent.base(), fast_resubscribe().max_attempts(2), via)).await;
    let (mut stream, _, mut labels) = stepped_stream(&mut agent, &client).await;

    // Every new stream gets its snapshot and is closed at once, and a snapshot is no
    // progress: two attempts, then the cut is reported.
    agent.server.close_streams();
    let mut error = None;
    while let Some(event) = within(stream.next()).await {
        match event {
            Ok(event) => labels.push(label(&event)),
            Err(e) => error = Some(e),
        }
    }
    assert_eq!(&labels[3..], ["task:Working", "task:Working"]);
    let error = error.expect("the stream ends with an error");
    assert!(error.is_stream(), "{error:?}");
}

async fn a_cut_stream_without_a_resubscribe_policy_is_an_error(via: Via) {
    let mut agent = start(via).await;
    let proxy = Proxy::start(agent.addr).await;
    let client = within(client_for(&proxy.base(), via)).await;
    assert_eq!(client.interface().url, proxy.base(), "the card names the address it was fetched through");
    let (mut stream, _, _) = stepped_stream(&mut agent, &client).await;

    proxy.cut().await;
    let err = match within(stream.next()).await {
        Some(Err(e)) => e,
        other => panic!("expected an error, got {other:?}"),
    };
    assert!(err.is_stream(), "{err:?}");
    assert!(within(stream.next()).await.is_none());
}

async fn a_cut_stream_resubscribes_and_delivers_every_event_exactly_once(via: Via) {
    let mut agent = start(via).await;
    let proxy = Proxy::start(agent.addr).await;
    let client = within(resubscribing_client(&proxy.base(), fast_resubscribe(), via)).await;
    let (mut stream, task_id, mut labels) = stepped_stream(&mut agent, &client).await;

    // Cut while the agent waits: the stream resubscribes, and its next event is the
    // snapshot of the task as it is now.
    proxy.cut().await;
    let snapshot = next_event(&mut stream).await;
    let StreamResponse::Task(task) = &snapshot else { panic!("expected the snapshot, got {snapshot:?}") };
    assert_eq!(task.id, task_id);
    assert_eq!(task.state(), TaskState::Working);
    assert_eq!(task.artifacts[0].parts.len(), 1);
    labels.push(label(&snapshot));

    // The rest of the task, over the new connection.
    agent.release(STEPS - 2);
    labels.extend(rest(&mut stream).await);
    let mut expected: Vec<&str> = SCRIPT_EVENTS[..3].to_vec();
    expected.push("task:Working");
    expected.extend_from_slice(&SCRIPT_EVENTS[3..]);
    assert_eq!(labels, expected);

    // Every update the agent made arrived exactly once.
    for update in SCRIPT_EVENTS[1..].iter() {
        assert_eq!(labels.iter().filter(|l| l == update).count(), 1, "{update} in {labels:?}");
    }
    let done = within(client.get_task(&task_id)).await.unwrap();
    assert_eq!(done.state(), TaskState::Completed);
    let parts: Vec<_> = done.artifacts[0].parts.iter().filter_map(Part::as_text).collect();
    assert_eq!(parts, ["chunk-1", "chunk-2", "chunk-3"]);
}

async fn a_cut_stream_resumes_repeatedly(via: Via) {
    let mut agent = start(via).await;
    let proxy = Proxy::start(agent.addr).await;
    let client = within(resubscribing_client(&proxy.base(), fast_resubscribe(), via)).await;
    let (mut stream, _, mut labels) = stepped_stream(&mut agent, &client).await;

    // A cut after each remaining update.
    for i in 3..=SCRIPT.len() {
        proxy.cut().await;
        labels.push(label(&next_event(&mut stream).await));
        agent.release(1);
        labels.push(label(&next_event(&mut stream).await));
        agent.reached(&format!("update {i}")).await;
    }
    proxy.cut().await;
    labels.push(label(&next_event(&mut stream).await));
    agent.release(1);
    labels.extend(rest(&mut stream).await);
    assert_eq!(
        labels,
        [
            "task:Submitted",
            "status:Working:step 1",
            "artifact:doc:chunk-1",
            "task:Working",
            "status:Working:step 2",
            "task:Working",
            "artifact:doc:chunk-2+append",
            "task:Working",
            "artifact:doc:chunk-3+append+last",
            "task:Working",
            "status:Completed:done",
        ]
    );
}

async fn events_missed_while_cut_are_covered_by_the_snapshot_not_replayed(via: Via) {
    let mut agent = start(via).await;
    let proxy = Proxy::start(agent.addr).await;
    let client = within(resubscribing_client(&proxy.base(), fast_resubscribe(), via)).await;
    let (mut stream, _, mut labels) = stepped_stream(&mut agent, &client).await;

    // The agent moves on while the client is away.
    proxy.cut().await;
    agent.release(2);
    agent.reached("update 3").await;
    agent.reached("update 4").await;

    let snapshot = next_event(&mut stream).await;
    let StreamResponse::Task(task) = &snapshot else { panic!("expected the snapshot, got {snapshot:?}") };
    assert_eq!(task.status.message.as_ref().unwrap().text(), "step 2");
    let parts: Vec<_> = task.artifacts[0].parts.iter().filter_map(Part::as_text).collect();
    assert_eq!(parts, ["chunk-1", "chunk-2"]);
    labels.push(label(&snapshot));

    agent.release(STEPS - 4);
    labels.extend(rest(&mut stream).await);
    assert_eq!(
        labels,
        [
            "task:Submitted",
            "status:Working:step 1",
            "artifact:doc:chunk-1",
            "task:Working",
            "artifact:doc:chunk-3+append+last",
            "status:Completed:done",
        ]
    );
}

async fn a_task_that_finished_while_cut_ends_the_stream_with_its_final_state(via: Via) {
    let mut agent = start(via).await;
    let proxy = Proxy::start(agent.addr).await;
    let client = within(resubscribing_client(&proxy.base(), fast_resubscribe(), via)).await;
    let (mut stream, task_id, _) = stepped_stream(&mut agent, &client).await;

    proxy.cut().await;
    agent.release(STEPS - 2);
    for i in 3..=SCRIPT.len() {
        agent.reached(&format!("update {i}")).await;
    }
    agent.reached("completed").await;

    // Subscribing to a finished task is refused; the stream fetches how it ended.
    let last = next_event(&mut stream).await;
    let StreamResponse::Task(task) = &last else { panic!("expected the final task, got {last:?}") };
    assert_eq!(task.id, task_id);
    assert_eq!(task.state(), TaskState::Completed);
    let parts: Vec<_> = task.artifacts[0].parts.iter().filter_map(Part::as_text).collect();
    assert_eq!(parts, ["chunk-1", "chunk-2", "chunk-3"]);
    assert!(within(stream.next()).await.is_none());
}

async fn subscribe_to_a_paused_task_waits_for_it_to_go_on(via: Via) {
    let agent = start(via).await;
    let client = agent.client().await;
    let task = task_of(within(client.send(Message::user_text("ask"))).await.unwrap());
    assert_eq!(task.state(), TaskState::InputRequired);

    // The snapshot of a paused task does not end a subscription...
    let mut watcher = within(client.subscribe(&task.id)).await.unwrap();
    assert_eq!(label(&next_event(&mut watcher).await), "task:InputRequired");

    // ...the follow-up resumes the task, and the subscriber sees it to the end.
    let follow_up = Message::user_text("Ada").with_task_id(task.id.clone());
    let answer = task_of(within(client.send(follow_up)).await.unwrap());
    assert_eq!(answer.state(), TaskState::Completed);
    assert_eq!(
        rest(&mut watcher).await,
        ["status:Working", "artifact:greeting:hello, Ada+last", "status:Completed:greeted"]
    );
}

/// One running agent, two generations of clients: a v1.0 client streams a task and a v0.3
/// client subscribes to the same task; both see the same events, in the same order, and
/// both streams end at the terminal state.
#[tokio::test]
async fn a_v0_3_client_and_a_v1_client_stream_the_same_task() {
    let v1 = Via { binding: Binding::JsonRpc, version: ProtocolVersion::V1_0 };
    let old = Via { binding: Binding::JsonRpc, version: ProtocolVersion::V0_3 };
    let mut agent = start(v1).await;
    let new_client = agent.client().await;
    let old_client = client_for(&agent.base(), old).await;
    assert_eq!(old_client.protocol_version(), ProtocolVersion::V0_3);

    let (mut stream, task_id, _) = stepped_stream(&mut agent, &new_client).await;
    let mut old_stream = within(old_client.subscribe(&task_id)).await.unwrap();
    let StreamResponse::Task(snapshot) = next_event(&mut old_stream).await else { panic!("no snapshot first") };
    assert_eq!(snapshot.id, task_id);
    assert_eq!(snapshot.state(), TaskState::Working);

    agent.release(STEPS - 2);
    let new_events = rest(&mut stream).await;
    let old_events = rest(&mut old_stream).await;
    assert_eq!(new_events, SCRIPT_EVENTS[3..]);
    assert_eq!(old_events, new_events);
    let task = within(old_client.get_task(&task_id)).await.unwrap();
    assert_eq!(task.state(), TaskState::Completed);
}

/// Runs each scenario above once per binding, and once more over JSON-RPC in the v0.3
/// dialect: the same list, the same assertions.
macro_rules! over_both_bindings {
    ($($name:ident),* $(,)?; multi_thread: $($multi:ident),* $(,)?) => {
        over_both_bindings!(@via jsonrpc, JsonRpc, V1_0; $($name),*; $($multi),*);
        over_both_bindings!(@via rest, HttpJson, V1_0; $($name),*; $($multi),*);
        over_both_bindings!(@via jsonrpc_v0_3, JsonRpc, V0_3; $($name),*; $($multi),*);
    };
    (@via $module:ident, $binding:ident, $version:ident; $($name:ident),*; $($multi:ident),*) => {
        mod $module {
            use super::Via;
            use a2a_client::{Binding, ProtocolVersion};
            const VIA: Via = Via { binding: Binding::$binding, version: ProtocolVersion::$version };
            $(#[tokio::test] async fn $name() { super::$name(VIA).await })*
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
              async fn $multi() { super::$multi(VIA).await })*
        }
    };
}

over_both_bindings! {
    discovery_reads_the_servers_card_and_picks_its_interface,
    send_returns_the_completed_task_with_its_artifacts,
    send_returns_a_direct_reply_as_a_message,
    send_with_return_immediately_returns_before_the_task_finishes,
    send_returns_at_input_required_and_a_follow_up_completes_the_task,
    send_of_a_failing_task_returns_it_failed,
    get_task_applies_the_history_length,
    get_task_of_an_unknown_task_is_task_not_found,
    list_tasks_filters_and_pages_through_every_task,
    cancel_task_cancels_a_running_task,
    cancel_task_waits_for_an_agent_that_cleans_up_after_its_work_stopped,
    cancel_task_ends_the_stream_of_the_task_at_canceled,
    cancel_task_of_a_finished_task_is_not_cancelable,
    push_notification_configs_are_not_supported,
    extended_card_is_unsupported_unless_configured,
    a_protocol_error_from_the_agent_is_returned_by_send_and_by_stream_itself,
    a_stream_delivers_every_event_in_order_and_ends_at_completed,
    a_stream_of_a_direct_reply_is_one_message,
    a_stream_of_a_failing_task_ends_at_failed,
    a_stream_pauses_at_input_required_and_a_streamed_follow_up_completes_the_task,
    subscribe_to_a_running_task_gets_its_snapshot_then_the_remaining_events,
    follow_on_a_finished_task_returns_the_final_task,
    a_stream_the_server_closes_early_is_an_error_not_a_quiet_end,
    resubscribing_to_a_server_that_keeps_closing_streams_gives_up,
    a_cut_stream_without_a_resubscribe_policy_is_an_error,
    a_cut_stream_resubscribes_and_delivers_every_event_exactly_once,
    a_cut_stream_resumes_repeatedly,
    events_missed_while_cut_are_covered_by_the_snapshot_not_replayed,
    a_task_that_finished_while_cut_ends_the_stream_with_its_final_state,
    subscribe_to_a_paused_task_waits_for_it_to_go_on,
    ; multi_thread: cancel_task_wins_over_an_agent_that_returns_when_canceled
}
