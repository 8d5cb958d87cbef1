//! The dialects on the wire: how each version and binding writes a message, a task state
//! or a stream event, so that one check can run against all of them.
//!
//! - v1.0 is ProtoJSON (`"TASK_STATE_COMPLETED"`, `{"task": {...}}`, parts by member);
//! - v0.3 JSON-RPC is its own dialect (`"completed"`, `"kind": "task"`, `"kind": "text"`);
//! - v0.3 REST is the ProtoJSON of the v0.3 proto: like v1.0, but a message's parts are
//!   its `content`, file and data parts are nested (`{"file": {"fileWithBytes": …}}`,
//!   `{"data": {"data": …}}`), `TASK_STATE_CANCELLED` has two Ls, and status updates carry
//!   `final`.

use super::check::{Binding, Target, Version};
use serde_json::{Value, json};

/// How a target writes its JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// v1.0, either binding.
    V1,
    /// v0.3 over JSON-RPC.
    V03Rpc,
    /// v0.3 over REST.
    V03Proto,
}

impl Dialect {
    pub(crate) fn of(target: Target) -> Dialect {
        match (target.version, target.binding) {
            (Version::V1_0, _) => Dialect::V1,
            (Version::V0_3, Binding::JsonRpc) => Dialect::V03Rpc,
            (Version::V0_3, Binding::Rest) => Dialect::V03Proto,
        }
    }
}

/// A message the suite sends.
#[derive(Debug, Clone)]
pub(crate) struct Msg {
    /// The `messageId`, whose prefix tells the conformance agent what to do.
    pub(crate) id: String,
    pub(crate) task_id: Option<String>,
    pub(crate) context_id: Option<String>,
    pub(crate) text: String,
}

impl Msg {
    /// A follow-up in the task `task_id`.
    pub(crate) fn in_task(mut self, task_id: &str) -> Msg {
        self.task_id = Some(task_id.to_string());
        self
    }

    /// A message in the context `context_id`.
    pub(crate) fn in_context(mut self, context_id: &str) -> Msg {
        self.context_id = Some(context_id.to_string());
        self
    }

    /// The message as `dialect` writes it.
    pub(crate) fn to_json(&self, dialect: Dialect) -> Value {
        let mut m = match dialect {
            Dialect::V1 => json!({"messageId": self.id, "role": "ROLE_USER", "parts": [{"text": self.text}]}),
            Dialect::V03Proto => json!({"messageId": self.id, "role": "ROLE_USER", "content": [{"text": self.text}]}),
            Dialect::V03Rpc => json!({
                "kind": "message",
                "messageId": self.id,
                "role": "user",
                "parts": [{"kind": "text", "text": self.text}],
            }),
        };
        if let Some(t) = &self.task_id {
            m["taskId"] = json!(t);
        }
        if let Some(c) = &self.context_id {
            m["contextId"] = json!(c);
        }
        m
    }
}

/// How a message is sent.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct SendOpts {
    /// v1.0 `returnImmediately`; v0.3 `blocking: false`.
    pub(crate) return_immediately: bool,
    pub(crate) history_length: Option<i64>,
}

/// The parameters of SendMessage (`message/send`) for a message already in JSON.
pub(crate) fn send_params(dialect: Dialect, message: Value, opts: SendOpts) -> Value {
    let mut config = serde_json::Map::new();
    match dialect {
        Dialect::V1 if opts.return_immediately => {
            config.insert("returnImmediately".into(), json!(true));
        }
        Dialect::V1 => {}
        // v0.3's default differs between its bindings (blocking over JSON-RPC, proto3's
        // false over REST), so the suite always says what it wants.
        Dialect::V03Rpc | Dialect::V03Proto => {
            config.insert("blocking".into(), json!(!opts.return_immediately));
        }
    }
    if let Some(n) = opts.history_length {
        config.insert("historyLength".into(), json!(n));
    }
    let mut params = json!({ "message": message });
    if !config.is_empty() {
        params["configuration"] = Value::Object(config);
    }
    params
}

/// A task state, whichever way the version spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum State {
    Unspecified,
    Submitted,
    Working,
    InputRequired,
    AuthRequired,
    Completed,
    Canceled,
    Failed,
    Rejected,
}

/// Each state as v1.0, v0.3 JSON-RPC and v0.3 REST write it.
const STATES: [(State, [&str; 3]); 9] = [
    (State::Unspecified, ["TASK_STATE_UNSPECIFIED", "unknown", "TASK_STATE_UNSPECIFIED"]),
    (State::Submitted, ["TASK_STATE_SUBMITTED", "submitted", "TASK_STATE_SUBMITTED"]),
    (State::Working, ["TASK_STATE_WORKING", "working", "TASK_STATE_WORKING"]),
    (State::InputRequired, ["TASK_STATE_INPUT_REQUIRED", "input-required", "TASK_STATE_INPUT_REQUIRED"]),
    (State::AuthRequired, ["TASK_STATE_AUTH_REQUIRED", "auth-required", "TASK_STATE_AUTH_REQUIRED"]),
    (State::Completed, ["TASK_STATE_COMPLETED", "completed", "TASK_STATE_COMPLETED"]),
    (State::Canceled, ["TASK_STATE_CANCELED", "canceled", "TASK_STATE_CANCELLED"]),
    (State::Failed, ["TASK_STATE_FAILED", "failed", "TASK_STATE_FAILED"]),
    (State::Rejected, ["TASK_STATE_REJECTED", "rejected", "TASK_STATE_REJECTED"]),
];

fn column(dialect: Dialect) -> usize {
    match dialect {
        Dialect::V1 => 0,
        Dialect::V03Rpc => 1,
        Dialect::V03Proto => 2,
    }
}

impl State {
    /// Reads a state as `dialect` writes it.
    pub(crate) fn parse(dialect: Dialect, s: &str) -> Option<State> {
        STATES.iter().find(|(_, names)| names[column(dialect)] == s).map(|(st, _)| *st)
    }

    /// The state as `dialect` writes it.
    pub(crate) fn wire(self, dialect: Dialect) -> &'static str {
        let (_, names) = STATES.iter().find(|(st, _)| *st == self).expect("every state is in the table");
        names[column(dialect)]
    }

    /// Completed, canceled, failed or rejected: nothing follows.
    pub(crate) fn is_terminal(self) -> bool {
        matches!(self, State::Completed | State::Canceled | State::Failed | State::Rejected)
    }

    /// Waiting for the client: input or authorization required.
    pub(crate) fn is_interrupted(self) -> bool {
        matches!(self, State::InputRequired | State::AuthRequired)
    }
}

/// The `status.state` of a task or a status update event.
pub(crate) fn state_of(dialect: Dialect, holder: &Value) -> Option<State> {
    State::parse(dialect, holder.pointer("/status/state")?.as_str()?)
}

/// A short name of an object's state for messages: `TASK_STATE_WORKING`, or what came.
pub(crate) fn state_name(holder: &Value) -> String {
    match holder.pointer("/status/state") {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => "no status.state".to_string(),
    }
}

/// What SendMessage answered.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Sent<'a> {
    Task(&'a Value),
    Message(&'a Value),
}

/// Reads the result of SendMessage: `{"task": …}` / `{"message": …}` in v1.0 and v0.3
/// REST, an object tagged `kind` in v0.3 JSON-RPC.
pub(crate) fn sent(dialect: Dialect, result: &Value) -> Option<Sent<'_>> {
    match dialect {
        Dialect::V1 | Dialect::V03Proto => match (result.get("task"), result.get("message")) {
            (Some(t), None) => Some(Sent::Task(t)),
            (None, Some(m)) => Some(Sent::Message(m)),
            _ => None,
        },
        Dialect::V03Rpc => match result.get("kind").and_then(Value::as_str) {
            Some("task") => Some(Sent::Task(result)),
            Some("message") => Some(Sent::Message(result)),
            _ => None,
        },
    }
}

/// The kind of a stream event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Task,
    Message,
    Status,
    Artifact,
}

/// Reads a stream event (a `StreamResponse`, or a v0.3 JSON-RPC `StreamEvent`) into its
/// kind and the object itself.
pub(crate) fn event(dialect: Dialect, ev: &Value) -> Option<(Kind, &Value)> {
    match dialect {
        Dialect::V1 | Dialect::V03Proto => {
            let members = [
                ("task", Kind::Task),
                ("message", Kind::Message),
                ("statusUpdate", Kind::Status),
                ("artifactUpdate", Kind::Artifact),
            ];
            let mut found = members.iter().filter_map(|(name, kind)| Some((*kind, ev.get(*name)?)));
            let first = found.next()?;
            found.next().is_none().then_some(first)
        }
        Dialect::V03Rpc => {
            let kind = match ev.get("kind")?.as_str()? {
                "task" => Kind::Task,
                "message" => Kind::Message,
                "status-update" => Kind::Status,
                "artifact-update" => Kind::Artifact,
                _ => return None,
            };
            Some((kind, ev))
        }
    }
}

/// One event for messages: `task(TASK_STATE_SUBMITTED)`, `status(TASK_STATE_WORKING)`,
/// `artifact(a-1)`, `message`.
pub(crate) fn describe_event(dialect: Dialect, ev: &Value) -> String {
    match event(dialect, ev) {
        Some((Kind::Task, t)) => format!("task({})", state_name(t)),
        Some((Kind::Status, s)) => format!("status({})", state_name(s)),
        Some((Kind::Artifact, a)) => {
            let id = a.pointer("/artifact/artifactId").and_then(Value::as_str).unwrap_or("?");
            format!("artifact({id})")
        }
        Some((Kind::Message, _)) => "message".to_string(),
        None => "unrecognised event".to_string(),
    }
}

/// The text of a part, in either dialect.
pub(crate) fn part_text(part: &Value) -> Option<&str> {
    part.get("text")?.as_str()
}

/// The parts of a message or artifact (a v0.3 REST message holds them in `content`).
pub(crate) fn parts(holder: &Value) -> Option<&Vec<Value>> {
    holder.get("parts").or_else(|| holder.get("content"))?.as_array()
}

/// The texts of every text part of a message or artifact.
pub(crate) fn texts(holder: &Value) -> Vec<&str> {
    parts(holder).map(|ps| ps.iter().filter_map(part_text).collect()).unwrap_or_default()
}

/// The texts of every artifact of a task, in order.
pub(crate) fn artifact_texts(task: &Value) -> Vec<&str> {
    task.get("artifacts")
        .and_then(Value::as_array)
        .map(|arts| arts.iter().flat_map(texts).collect())
        .unwrap_or_default()
}

/// A message's role as `dialect` writes `agent` or `user`.
pub(crate) fn role(dialect: Dialect, agent: bool) -> &'static str {
    match (dialect, agent) {
        (Dialect::V03Rpc, true) => "agent",
        (Dialect::V03Rpc, false) => "user",
        (_, true) => "ROLE_AGENT",
        (_, false) => "ROLE_USER",
    }
}

/// A string member of an object.
pub(crate) fn string<'a>(holder: &'a Value, name: &str) -> Option<&'a str> {
    holder.get(name)?.as_str()
}

/// The `messageId`s of a task's history, in order.
pub(crate) fn history_ids(task: &Value) -> Vec<&str> {
    task.get("history")
        .and_then(Value::as_array)
        .map(|h| h.iter().filter_map(|m| string(m, "messageId")).collect())
        .unwrap_or_default()
}

/// How many messages a task's history holds (0 when the field is absent).
pub(crate) fn history_len(task: &Value) -> usize {
    task.get("history").and_then(Value::as_array).map_or(0, Vec::len)
}
