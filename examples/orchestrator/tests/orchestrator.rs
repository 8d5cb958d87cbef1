//! The orchestrator over loopback: a client streams from the host, which calls two
//! remote agents (each its own server on a free port) with `a2a-client`.
//!
//! Remotes that must not run ahead of the test are [`Gated`]: they report their task id,
//! say they started, and wait until the test releases them or the task is canceled. So
//! nothing here sleeps, and what the host does while a remote is still working is
//! observable.

use a2a_client::Client;
use a2a_server::{AgentExecutor, Error, RequestContext, Server, TaskUpdater};
use a2a_types::{AgentCard, Artifact, Message, StreamResponse, TaskId, TaskState};
use futures::{StreamExt, TryStreamExt};
use orchestrator::{ARTIFACT_NAME, Remote};
use std::future::IntoFuture;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Notify, mpsc};

/// A guard against a hang: a test that waits this long has failed.
async fn within<T>(fut: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(20), fut).await.expect("test timed out")
}

/// Serves `server` on a free loopback port and returns a client of it.
async fn start(server: Server) -> Client {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(a2a_server::serve(listener, server).into_future());
    Client::from_card_url(&url).await.unwrap()
}

/// Starts the host with `remotes` (name, server) and returns its client and the remotes'.
async fn start_host(remotes: Vec<(&str, Server)>) -> (Client, Vec<Client>) {
    let mut clients = Vec::new();
    for (_, server) in &remotes {
        clients.push(start(server.clone()).await);
    }
    let remotes = remotes.iter().zip(&clients).map(|((name, _), c)| Remote::new(*name, c.clone())).collect();
    (start(orchestrator::server(remotes)).await, clients)
}

/// A remote agent that says it started, then waits for `release` (or a cancel), or fails
/// at once with `fails`.
struct Gated {
    name: &'static str,
    release: Arc<Notify>,
    started: mpsc::UnboundedSender<TaskId>,
    fails: Option<&'static str>,
}

impl AgentExecutor for Gated {
    async fn execute(&self, ctx: RequestContext, task: TaskUpdater) -> Result<(), Error> {
        let _ = self.started.send(ctx.task_id().clone());
        task.working(Message::agent_text(format!("{} started", self.name))).await?;
        if let Some(reason) = self.fails {
            return task.fail(Message::agent_text(reason)).await;
        }
        tokio::select! {
            () = self.release.notified() => {}
            () = task.cancelled() => return Ok(()),
        }
        task.artifact(Artifact::text(format!("{} result", self.name))).await?;
        task.complete(None).await
    }
}

/// A gated remote's server, the notify that releases it, and where it reports its task.
fn gated(name: &'static str, fails: Option<&'static str>) -> (Server, Arc<Notify>, mpsc::UnboundedReceiver<TaskId>) {
    let (started, started_rx) = mpsc::unbounded_channel();
    let release = Arc::new(Notify::new());
    let agent = Gated { name, release: release.clone(), started, fails };
    (Server::builder(AgentCard::named(name, "A test remote.", "1.0.0"), agent).build(), release, started_rx)
}

/// The text of a status update's message, with its state.
fn status(event: &StreamResponse) -> Option<(TaskState, String)> {
    match event {
        StreamResponse::StatusUpdate(u) => {
            Some((u.status.state, u.status.message.as_ref().map(Message::text).unwrap_or_default()))
        }
        _ => None,
    }
}

fn working_texts(events: &[StreamResponse]) -> Vec<String> {
    events.iter().filter_map(status).filter(|(s, _)| *s == TaskState::Working).map(|(_, t)| t).collect()
}

/// Whether `sub` occurs in `all` in order (not necessarily next to each other).
fn in_order(all: &[String], sub: &[String]) -> bool {
    let mut rest = all.iter();
    sub.iter().all(|s| rest.any(|a| a == s))
}

#[tokio::test(flavor = "multi_thread")]
async fn combines_the_analyst_and_the_trip_planner() {
    let analyst = Server::builder(streaming::card(), streaming::Analyst::with_pace(Duration::ZERO)).build();
    let planner = Server::builder(trip_planner::card(), trip_planner::TripPlanner::with_pace(Duration::ZERO)).build();
    let (host, _) = start_host(vec![("analyst", analyst), ("trip planner", planner)]).await;
    let request = "Plan a 3-day trip to Lisbon";
    let events: Vec<StreamResponse> =
        within(async { host.stream(Message::user_text(request)).await.unwrap().try_collect().await.unwrap() }).await;

    // Each remote's progress arrives, in that remote's order, as the host's own updates.
    let working = working_texts(&events);
    assert_eq!(working[0], "Asking analyst and trip planner...");
    let analyst_steps: Vec<String> = streaming::STEPS.iter().map(|s| format!("[analyst] {s}")).collect();
    assert!(in_order(&working, &analyst_steps), "{working:#?}");
    let planner_steps: Vec<String> =
        ["[trip planner] Planning 3 days in Lisbon...", "[trip planner] itinerary, part 1"]
            .into_iter()
            .chain(["[trip planner] itinerary, part 4", "[trip planner] done"])
            .map(String::from)
            .collect();
    assert!(in_order(&working, &planner_steps), "{working:#?}");
    assert!(working.contains(&"[analyst] done".to_string()));

    // Then one artifact in two chunks, one per remote, and COMPLETED.
    let chunks: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            StreamResponse::ArtifactUpdate(u) => Some(u),
            _ => None,
        })
        .collect();
    assert_eq!(chunks.len(), 2);
    assert_eq!(
        (chunks[0].append, chunks[0].last_chunk, chunks[1].append, chunks[1].last_chunk),
        (false, false, true, true)
    );
    assert!(chunks.iter().all(|c| c.artifact.name.as_deref() == Some(ARTIFACT_NAME)));
    let last = status(events.last().unwrap()).unwrap();
    assert_eq!(last, (TaskState::Completed, "Combined the work of analyst and trip planner.".to_string()));

    // The stored task holds the combined artifact: each section names its remote.
    let task = within(host.get_task(events[0].task_id().unwrap())).await.unwrap();
    let texts: Vec<String> = task.artifacts[0].parts.iter().map(|p| p.as_text().unwrap().to_string()).collect();
    let mut expected = vec!["analyst:".to_string(), streaming::analysis(request), "trip planner:".to_string()];
    expected.extend(trip_planner::plan("Lisbon", 3));
    assert_eq!(texts, expected);
}

#[tokio::test(flavor = "multi_thread")]
async fn forwards_one_remote_while_the_other_still_works() {
    let (slow, release_slow, _) = gated("slow", None);
    let (quick, release_quick, _) = gated("quick", None);
    release_quick.notify_one();
    let (host, _) = start_host(vec![("slow", slow), ("quick", quick)]).await;
    let mut events = within(host.stream(Message::user_text("go"))).await.unwrap();

    // The slow remote is held until the quick one's whole run has come through the host:
    // a host that waited for one remote before reading the other would never get here.
    let mut seen = Vec::new();
    while !seen.contains(&"[quick] done".to_string()) {
        let event = within(events.next()).await.expect("the stream goes on").unwrap();
        seen.extend(working_texts(&[event]));
    }
    assert!(in_order(&seen, &["[quick] quick started".into(), "[quick] result, part 1".into()]), "{seen:?}");
    assert!(!seen.contains(&"[slow] done".to_string()));

    release_slow.notify_one();
    let rest: Vec<StreamResponse> = within(events.try_collect()).await.unwrap();
    assert!(working_texts(&rest).contains(&"[slow] done".to_string()));
    assert_eq!(status(rest.last().unwrap()).unwrap().0, TaskState::Completed);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failing_remote_fails_the_host_and_cancels_the_other() {
    let (waiting, _release, mut waiting_started) = gated("waiting", None);
    let (broken, _, _) = gated("broken", Some("out of coffee"));
    let (host, remotes) = start_host(vec![("waiting", waiting), ("broken", broken)]).await;
    let events: Vec<StreamResponse> =
        within(async { host.stream(Message::user_text("go")).await.unwrap().try_collect().await.unwrap() }).await;

    let last = status(events.last().unwrap()).unwrap();
    assert_eq!(last, (TaskState::Failed, "the broken agent ended failed: out of coffee".to_string()));
    // The host canceled the other remote's task before it failed.
    let waiting_task = within(waiting_started.recv()).await.unwrap();
    let task = within(remotes[0].get_task(waiting_task)).await.unwrap();
    assert_eq!(task.state(), TaskState::Canceled);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_remote_asking_for_input_fails_the_host_with_its_question() {
    let planner = Server::builder(trip_planner::card(), trip_planner::TripPlanner::with_pace(Duration::ZERO)).build();
    let (waiting, _release, _) = gated("waiting", None);
    let (host, remotes) = start_host(vec![("trip planner", planner), ("waiting", waiting)]).await;
    let events: Vec<StreamResponse> =
        within(async { host.stream(Message::user_text("Plan a trip")).await.unwrap().try_collect().await.unwrap() })
            .await;
    let (state, text) = status(events.last().unwrap()).unwrap();
    assert_eq!(state, TaskState::Failed);
    assert!(text.starts_with("the trip planner agent needs more from you (Where would you like to go?)"), "{text}");
    // The paused remote task is not left behind: it was canceled.
    let listed = within(remotes[0].list_tasks(a2a_types::ListTasksRequest::new())).await.unwrap();
    assert_eq!(listed.tasks.iter().map(|t| t.state()).collect::<Vec<_>>(), [TaskState::Canceled]);
}

#[tokio::test(flavor = "multi_thread")]
async fn canceling_the_host_cancels_the_remote_tasks() {
    let (one, _r1, mut one_started) = gated("one", None);
    let (two, _r2, mut two_started) = gated("two", None);
    let (host, remotes) = start_host(vec![("one", one), ("two", two)]).await;
    let mut events = within(host.stream(Message::user_text("go"))).await.unwrap();
    let host_id = events.next().await.unwrap().unwrap().task_id().unwrap().clone();

    // Wait until both remotes' progress came through: their tasks exist and the host
    // knows them.
    let mut seen = Vec::new();
    while !(seen.contains(&"[one] one started".to_string()) && seen.contains(&"[two] two started".to_string())) {
        seen.extend(working_texts(&[within(events.next()).await.unwrap().unwrap()]));
    }
    let task = within(host.cancel_task(&host_id)).await.unwrap();
    assert_eq!(task.state(), TaskState::Canceled);
    let rest: Vec<StreamResponse> = within(events.try_collect()).await.unwrap();
    assert_eq!(status(rest.last().unwrap()).unwrap().0, TaskState::Canceled);

    for (remote, started) in remotes.iter().zip([&mut one_started, &mut two_started]) {
        let id = within(started.recv()).await.unwrap();
        assert_eq!(within(remote.get_task(id)).await.unwrap().state(), TaskState::Canceled);
    }
}
