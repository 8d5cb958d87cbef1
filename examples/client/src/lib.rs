//! Printing A2A events for people, one line per event (`[WORKING] Analyzing data...`),
//! and reading the `client` binary's command line. The `client` binary and the
//! `quickstart` example use it.

use a2a_types::{Artifact, StreamResponse, Task, TaskId, TaskState};

/// The URL the client talks to when none is given: where the `streaming` example listens.
pub const DEFAULT_URL: &str = "http://127.0.0.1:8080";

/// The message sent when none is given.
pub const DEFAULT_MESSAGE: &str = "Summarize the quarterly numbers";

/// A label for a task state: `TASK_STATE_INPUT_REQUIRED` → `INPUT REQUIRED`.
pub fn state_label(state: TaskState) -> String {
    state.as_str().trim_start_matches("TASK_STATE_").replace('_', " ")
}

/// The text parts of an artifact, one per line.
fn artifact_text(artifact: &Artifact) -> String {
    artifact.parts.iter().filter_map(|p| p.as_text()).collect::<Vec<_>>().join("\n")
}

fn artifact_name(artifact: &Artifact) -> String {
    artifact.name.clone().unwrap_or_else(|| artifact.artifact_id.to_string())
}

/// One line describing an event: `[TASK SUBMITTED] <id>`, `[WORKING] <message>`,
/// `[ARTIFACT <name>] <text>` (ending in ` …` while more chunks follow), `[COMPLETED]`.
pub fn describe(event: &StreamResponse) -> String {
    match event {
        StreamResponse::Task(task) => format!("[TASK {}] {}", state_label(task.state()), task.id),
        StreamResponse::Message(message) => format!("[MESSAGE] {}", message.text()),
        StreamResponse::StatusUpdate(update) => {
            let text = update.status.message.as_ref().map(|m| m.text()).unwrap_or_default();
            format!("[{}] {text}", state_label(update.status.state)).trim_end().to_string()
        }
        StreamResponse::ArtifactUpdate(update) => {
            let more = if update.last_chunk { "" } else { " …" };
            format!("[ARTIFACT {}] {}{more}", artifact_name(&update.artifact), artifact_text(&update.artifact))
        }
        _ => "[UNKNOWN EVENT]".to_string(),
    }
}

/// The task state an event reports, if it reports one.
pub fn state_of(event: &StreamResponse) -> Option<TaskState> {
    match event {
        StreamResponse::Task(task) => Some(task.state()),
        StreamResponse::StatusUpdate(update) => Some(update.status.state),
        _ => None,
    }
}

/// What to do next with a task that ended a stream in `state`: the command that answers
/// a task waiting for input, if it is one.
pub fn next_step(id: &TaskId, state: TaskState, url: &str) -> Option<String> {
    state.is_interrupted().then(|| {
        format!(
            "the agent is waiting for an answer; reply with:\n  cargo run -p client -- --task {id} {url} YOUR ANSWER"
        )
    })
}

/// The lines describing a whole task, as `SendMessage` returns it: the task with its
/// state, each artifact, and the status message if there is one.
pub fn describe_task(task: &Task) -> Vec<String> {
    let mut lines = vec![format!("[TASK {}] {}", state_label(task.state()), task.id)];
    for artifact in &task.artifacts {
        lines.push(format!("[ARTIFACT {}] {}", artifact_name(artifact), artifact_text(artifact)));
    }
    if let Some(message) = &task.status.message {
        lines.push(format!("[{}] {}", state_label(task.state()), message.text()));
    }
    lines
}

/// What the `client` binary was asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// Stream a message (`SendStreamingMessage`) and print each event as it arrives.
    Stream,
    /// Send a message (`SendMessage`) and print the answer once it is complete.
    Send,
    /// Follow an existing task (`SubscribeToTask`, or `GetTask` if it is finished).
    Follow(TaskId),
}

/// The `client` binary's command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Args {
    /// What to do.
    pub mode: Mode,
    /// The agent's base URL.
    pub url: String,
    /// The task a message continues (`--task`), for answering an input-required task.
    pub task: Option<TaskId>,
    /// The message text.
    pub text: String,
}

/// How to call the `client` binary.
pub const USAGE: &str = "usage: client [--send] [--task TASK_ID] [URL] [MESSAGE...]
       client --follow TASK_ID [URL]

  URL             the agent's base URL (default http://127.0.0.1:8080)
  MESSAGE         the message text (default \"Summarize the quarterly numbers\")
  --send          one SendMessage request; print the answer when it is complete
  --task TASK_ID  continue that task, such as one waiting for input
  --follow ID     resubscribe to a task and print its events (no message is sent)";

impl Args {
    /// Reads the arguments (without the program name): flags first, then an optional URL
    /// (anything starting with `http://` or `https://`), then the message words.
    pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Self, String> {
        let mut args = args.into_iter().peekable();
        let (mut send, mut task, mut follow) = (false, None, None);
        while let Some(flag) = args.next_if(|a| a.starts_with("--")) {
            let mut value = || args.next().map(TaskId::from).ok_or(format!("{flag} needs a task id\n{USAGE}"));
            match flag.as_str() {
                "--send" => send = true,
                "--task" => task = Some(value()?),
                "--follow" => follow = Some(value()?),
                "--help" => return Err(USAGE.to_string()),
                other => return Err(format!("unknown option {other}\n{USAGE}")),
            }
        }
        let url = args.next_if(|a| a.starts_with("http://") || a.starts_with("https://"));
        let url = url.unwrap_or_else(|| DEFAULT_URL.to_string());
        let words: Vec<String> = args.collect();
        let mode = match (follow, send) {
            (Some(_), _) if send || task.is_some() || !words.is_empty() => {
                return Err(format!("--follow sends no message: give it only a task id and a URL\n{USAGE}"));
            }
            (Some(id), _) => Mode::Follow(id),
            (None, true) => Mode::Send,
            (None, false) => Mode::Stream,
        };
        let text = if words.is_empty() { DEFAULT_MESSAGE.to_string() } else { words.join(" ") };
        Ok(Self { mode, url, task, text })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use a2a_types::{
        Artifact, ArtifactId, ContextId, Message, Part, TaskArtifactUpdateEvent, TaskStatus, TaskStatusUpdateEvent,
    };

    fn status(state: TaskState, text: Option<&str>) -> StreamResponse {
        let mut status = TaskStatus::new(state);
        status.message = text.map(Message::agent_text);
        StreamResponse::StatusUpdate(TaskStatusUpdateEvent::new(TaskId::new("t"), ContextId::new("c"), status))
    }

    #[test]
    fn events_read_as_the_issue_shows_them() {
        let task = Task::new(TaskId::new("t-1"), TaskStatus::new(TaskState::Submitted));
        assert_eq!(describe(&StreamResponse::Task(task)), "[TASK SUBMITTED] t-1");
        assert_eq!(describe(&status(TaskState::Working, Some("Analyzing data..."))), "[WORKING] Analyzing data...");
        assert_eq!(describe(&status(TaskState::Completed, None)), "[COMPLETED]");
        let artifact = Artifact::new(ArtifactId::new("a"), vec![Part::text("42")]).with_name("processing_result");
        let chunk = TaskArtifactUpdateEvent::new(TaskId::new("t"), ContextId::new("c"), artifact);
        assert_eq!(
            describe(&StreamResponse::ArtifactUpdate(chunk.clone().with_last_chunk(true))),
            "[ARTIFACT processing_result] 42"
        );
        assert_eq!(describe(&StreamResponse::ArtifactUpdate(chunk)), "[ARTIFACT processing_result] 42 …");
        assert_eq!(state_label(TaskState::InputRequired), "INPUT REQUIRED");
    }

    #[test]
    fn a_task_reads_as_its_state_artifacts_and_message() {
        let status = TaskStatus::new(TaskState::InputRequired).with_message(Message::agent_text("Where to?"));
        let task = Task::new(TaskId::new("t-2"), status)
            .with_artifacts([Artifact::new(ArtifactId::new("a"), vec![Part::text("one"), Part::text("two")])]);
        assert_eq!(
            describe_task(&task),
            ["[TASK INPUT REQUIRED] t-2", "[ARTIFACT a] one\ntwo", "[INPUT REQUIRED] Where to?"]
        );
    }

    fn parse(args: &[&str]) -> Result<Args, String> {
        Args::parse(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn arguments_pick_the_mode_url_and_message() {
        let args = parse(&[]).unwrap();
        assert_eq!(
            (args.mode, args.url.as_str(), args.task, args.text.as_str()),
            (Mode::Stream, DEFAULT_URL, None, DEFAULT_MESSAGE)
        );
        let args = parse(&["--send", "https://a.example", "hello", "there"]).unwrap();
        assert_eq!(
            (args.mode, args.url.as_str(), args.text.as_str()),
            (Mode::Send, "https://a.example", "hello there")
        );
        let args = parse(&["--task", "t-9", "http://127.0.0.1:8081", "Lisbon"]).unwrap();
        assert_eq!((args.mode, args.task, args.text.as_str()), (Mode::Stream, Some(TaskId::new("t-9")), "Lisbon"));
        assert_eq!(parse(&["--follow", "t-9"]).unwrap().mode, Mode::Follow(TaskId::new("t-9")));
    }

    #[test]
    fn bad_arguments_are_refused_with_the_usage() {
        for bad in
            [&["--task"][..], &["--frobnicate"], &["--follow", "t", "more", "words"], &["--follow", "t", "--send"]]
        {
            let err = parse(bad).unwrap_err();
            assert!(err.contains("usage: client"), "{bad:?}: {err}");
        }
        assert!(parse(&["--task"]).unwrap_err().starts_with("--task needs a task id"));
    }
}
