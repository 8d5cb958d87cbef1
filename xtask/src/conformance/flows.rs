//! The steps checks are made of: send a message, get, list or cancel a task, open a
//! stream; and the tasks many checks start from (completed, running, waiting for input).

use super::check::{Stop, Verdict, fail};
use super::cx::Cx;
use super::errors::compact;
use super::ops::{Answer, CallOpts, Op, Opening, Reply};
use super::wire::{self, Msg, SendOpts, Sent, State};
use serde_json::{Value, json};

/// The `messageId` prefix that keeps the conformance agent working for about four
/// seconds (ended early by a cancel): the suite's running task.
pub(crate) const LONG_RUNNING: &str = "test-resubscribe-message-id";

impl Cx {
    /// `SendMessage` (`message/send`).
    pub(crate) async fn send(&self, msg: &Msg, opts: SendOpts) -> Result<Answer, Stop> {
        let params = wire::send_params(self.dialect(), msg.to_json(self.dialect()), opts);
        self.call(Op::Send, params).await
    }

    /// Sends a message that must be answered with a task; returns the task and the reply.
    pub(crate) async fn send_task(&self, msg: &Msg, opts: SendOpts) -> Result<(Value, Reply), Stop> {
        let reply = self.send(msg, opts).await?.ok()?;
        match wire::sent(self.dialect(), &reply.result) {
            Some(Sent::Task(t)) => Ok((t.clone(), reply)),
            Some(Sent::Message(_)) => fail(format!("{}: expected a Task, got a Message", reply.request)),
            None => fail(format!(
                "{}: the result is neither a Task nor a Message: {}",
                reply.request,
                compact(&reply.result)
            )),
        }
    }

    /// A task's `id`.
    pub(crate) fn task_id(&self, task: &Value, request: &str) -> Result<String, Stop> {
        match task.get("id").and_then(Value::as_str) {
            Some(id) if !id.is_empty() => Ok(id.to_string()),
            _ => fail(format!("{request}: the task has no id")),
        }
    }

    /// Fails unless `holder` (a task or status update) is in `expected`.
    pub(crate) fn expect_state(&self, request: &str, holder: &Value, expected: State) -> Verdict {
        match wire::state_of(self.dialect(), holder) {
            Some(s) if s == expected => Ok(()),
            _ => fail(format!(
                "{request}: expected status.state {}, got {}",
                expected.wire(self.dialect()),
                wire::state_name(holder)
            )),
        }
    }

    /// Sends `prefix` (which completes) and waits for the task: a task in COMPLETED.
    pub(crate) async fn completed_task(&self, prefix: &str) -> Result<Value, Stop> {
        let (task, reply) = self.send_task(&self.msg(prefix), SendOpts::default()).await?;
        self.expect_state(&reply.request, &task, State::Completed)?;
        Ok(task)
    }

    /// A task waiting for input (`tck-input-required`).
    pub(crate) async fn input_required_task(&self) -> Result<Value, Stop> {
        let (task, reply) = self.send_task(&self.msg("tck-input-required"), SendOpts::default()).await?;
        self.expect_state(&reply.request, &task, State::InputRequired)?;
        Ok(task)
    }

    /// A task the agent is still working on, returned at once (`returnImmediately`).
    pub(crate) async fn running_task(&self) -> Result<Value, Stop> {
        let opts = SendOpts { return_immediately: true, ..SendOpts::default() };
        let (task, reply) = self.send_task(&self.msg(LONG_RUNNING), opts).await?;
        match wire::state_of(self.dialect(), &task) {
            Some(s) if !s.is_terminal() && !s.is_interrupted() => Ok(task),
            _ => fail(format!(
                "{}: with {} the task should still be in progress, got {}",
                reply.request,
                self.return_immediately_name(),
                wire::state_name(&task)
            )),
        }
    }

    /// How the version asks not to wait: `returnImmediately: true` or `blocking: false`.
    pub(crate) fn return_immediately_name(&self) -> &'static str {
        match self.version() {
            super::check::Version::V1_0 => "returnImmediately: true",
            super::check::Version::V0_3 => "blocking: false",
        }
    }

    /// `GetTask` (`tasks/get`).
    pub(crate) async fn get(&self, id: &str, history_length: Option<i64>) -> Result<Answer, Stop> {
        let mut params = json!({ "id": id });
        if let Some(n) = history_length {
            params["historyLength"] = json!(n);
        }
        self.call(Op::Get, params).await
    }

    /// Gets a task that must exist.
    pub(crate) async fn get_task(&self, id: &str, history_length: Option<i64>) -> Result<(Value, Reply), Stop> {
        let reply = self.get(id, history_length).await?.ok()?;
        if reply.result.get("id").and_then(Value::as_str) != Some(id) {
            return fail(format!("{}: expected the task {id}, got id {}", reply.request, compact(&reply.result["id"])));
        }
        Ok((reply.result.clone(), reply))
    }

    /// `CancelTask` (`tasks/cancel`).
    pub(crate) async fn cancel(&self, id: &str) -> Result<Answer, Stop> {
        self.call(Op::Cancel, json!({ "id": id })).await
    }

    /// Cancels a task without judging the answer: for cleaning up after a check.
    pub(crate) async fn cancel_quietly(&self, id: &str) {
        let _ = self.cancel(id).await;
    }

    /// `ListTasks` with the given parameters.
    pub(crate) async fn list(&self, params: Value) -> Result<Reply, Stop> {
        self.call(Op::List, params).await?.ok()
    }

    /// `SendStreamingMessage` (`message/stream`).
    pub(crate) async fn stream(&self, msg: &Msg) -> Result<Opening, Stop> {
        let params = wire::send_params(self.dialect(), msg.to_json(self.dialect()), SendOpts::default());
        self.open(Op::Stream, params, &CallOpts::default()).await
    }

    /// `SubscribeToTask` (`tasks/resubscribe`).
    pub(crate) async fn subscribe(&self, id: &str) -> Result<Opening, Stop> {
        self.subscribe_with(id, &CallOpts::default()).await
    }

    pub(crate) async fn subscribe_with(&self, id: &str, opts: &CallOpts) -> Result<Opening, Stop> {
        self.open(Op::Subscribe, json!({ "id": id }), opts).await
    }
}
