//! Task lifecycles through `SendMessage`, `GetTask` and `CancelTask`: every state,
//! multi-turn conversations, `historyLength`, blocking and `returnImmediately`,
//! cancellation, direct replies and tenants.

use crate::support::{TestServer, follow_up, history, state, text_of, user, within};
use a2a_server::ErrorKind;
use serde_json::{Value, json};
use std::time::Duration;

/// Polls `check` until it holds (bounded by the harness limit).
async fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    within(what, async {
        while !check() {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    })
    .await;
}

fn user_texts(task: &Value) -> Vec<String> {
    history(task).iter().filter(|m| m["role"] == "ROLE_USER").map(text_of).collect()
}

#[tokio::test]
async fn a_task_runs_to_completion_with_its_artifacts_and_history() {
    let server = TestServer::start().await;
    let message = user("working:on it; artifact:the result; complete:done");
    let task = server.send_message(message.clone()).await["task"].clone();
    assert_eq!(state(&task), "TASK_STATE_COMPLETED");
    let id = task["id"].as_str().unwrap();
    let context = task["contextId"].as_str().unwrap();
    assert!(!id.is_empty() && !context.is_empty(), "{task}");
    assert!(task["status"]["timestamp"].is_string(), "{task}");

    let artifacts = task["artifacts"].as_array().unwrap();
    assert_eq!(artifacts.len(), 1);
    assert_eq!(text_of(&artifacts[0]), "the result");
    assert!(artifacts[0]["artifactId"].is_string());

    let status_message = &task["status"]["message"];
    assert_eq!(text_of(status_message), "done");
    assert_eq!(status_message["role"], "ROLE_AGENT");
    assert_eq!(status_message["taskId"], id);
    assert_eq!(status_message["contextId"], context);

    let history = history(&task);
    assert_eq!(history[0]["messageId"], message["messageId"]);
    assert_eq!(history[0]["role"], "ROLE_USER");
    assert_eq!(history[0]["taskId"], id);
    assert_eq!(history[0]["contextId"], context);
    assert_eq!(text_of(history.last().unwrap()), "done");

    // The agent saw the ids the task got.
    let contexts = server.control.contexts();
    assert_eq!(contexts[0].task_id().as_str(), id);
    assert_eq!(contexts[0].context_id().as_str(), context);
    assert!(contexts[0].task().is_none());

    assert_eq!(server.get_task(id).await, task);
}

#[tokio::test]
async fn every_final_state_is_reported() {
    let server = TestServer::start().await;
    for (script, expected) in [
        ("working; fail:it broke", "TASK_STATE_FAILED"),
        ("reject:not doing that", "TASK_STATE_REJECTED"),
        ("working; cancel:gave up", "TASK_STATE_CANCELED"),
        ("working; auth:sign in first", "TASK_STATE_AUTH_REQUIRED"),
        ("input:which one?", "TASK_STATE_INPUT_REQUIRED"),
    ] {
        let task = server.run(script).await;
        assert_eq!(state(&task), expected, "{script}");
        let reason = script.rsplit(':').next().unwrap();
        assert_eq!(text_of(&task["status"]["message"]), reason);
        assert_eq!(server.get_task(task["id"].as_str().unwrap()).await, task);
    }
}

#[tokio::test]
async fn a_client_context_id_is_kept() {
    let server = TestServer::start().await;
    let mut message = user("complete");
    message["contextId"] = json!("my-conversation");
    let task = server.send_message(message).await["task"].clone();
    assert_eq!(task["contextId"], "my-conversation");
    assert_eq!(history(&task)[0]["contextId"], "my-conversation");
}

#[tokio::test]
async fn send_message_blocks_until_the_task_finishes() {
    let server = TestServer::start().await;
    let call = {
        let body = json!({"jsonrpc": "2.0", "id": 1, "method": "SendMessage",
                          "params": {"message": user("working; notify:started; wait:go; complete")}});
        let request = server.post().body(body.to_string());
        tokio::spawn(async move { crate::support::json_body(request.send().await.unwrap()).await })
    };
    server.control.reached("started").await;
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert!(!call.is_finished(), "SendMessage answered while the task was still working");
    server.control.open("go");
    let response = within("SendMessage", call).await.unwrap();
    assert_eq!(state(&response["result"]["task"]), "TASK_STATE_COMPLETED", "{response}");
}

#[tokio::test]
async fn send_message_returns_at_an_interrupted_state() {
    let server = TestServer::start().await;
    // The agent goes on running after asking for input; the request does not wait for it.
    let task = server.run("working; input:more please; notify:asked; wait:never").await;
    assert_eq!(state(&task), "TASK_STATE_INPUT_REQUIRED");
    server.control.reached("asked").await;
}

#[tokio::test]
async fn return_immediately_answers_with_the_task_before_it_finishes() {
    let server = TestServer::start().await;
    let params = |script: &str| json!({"message": user(script), "configuration": {"returnImmediately": true}});

    let submitted = server.result("SendMessage", params("submit; wait:go1; complete")).await["task"].clone();
    assert_eq!(state(&submitted), "TASK_STATE_SUBMITTED");

    let working = server.result("SendMessage", params("working; wait:go2; complete")).await["task"].clone();
    assert!(["TASK_STATE_SUBMITTED", "TASK_STATE_WORKING"].contains(&state(&working)), "{working}");

    for (task, gate) in [(&submitted, "go1"), (&working, "go2")] {
        let id = task["id"].as_str().unwrap();
        let mut events = server.subscribe(id).await;
        assert_eq!(events.event().await.kind(), "task");
        server.control.open(gate);
        let last = events.rest().await.pop().unwrap();
        assert_eq!(last.state(), Some("TASK_STATE_COMPLETED"));
        assert_eq!(state(&server.get_task(id).await), "TASK_STATE_COMPLETED");
    }
}

#[tokio::test]
async fn input_required_pauses_and_a_follow_up_resumes_the_task() {
    let server = TestServer::start().await;
    let first = server.run("working; input:what is your name?").await;
    assert_eq!(state(&first), "TASK_STATE_INPUT_REQUIRED");
    assert_eq!(text_of(&first["status"]["message"]), "what is your name?");
    let id = first["id"].clone();
    let context = first["contextId"].clone();

    // No contextId on the follow-up: it gets the task's.
    let reply = follow_up(&id, "artifact:greeting; complete:hello");
    let done = server.send_message(reply.clone()).await["task"].clone();
    assert_eq!(done["id"], id);
    assert_eq!(done["contextId"], context);
    assert_eq!(state(&done), "TASK_STATE_COMPLETED");
    assert_eq!(user_texts(&done), ["working; input:what is your name?", "artifact:greeting; complete:hello"]);
    let history = history(&done);
    let second = history.iter().find(|m| m["messageId"] == reply["messageId"]).unwrap();
    assert_eq!(second["contextId"], context);
    assert_eq!(second["taskId"], id);
    // The agent's question stays in the history between the two user messages.
    let texts: Vec<String> = history.iter().map(text_of).collect();
    let question = texts.iter().position(|t| t == "what is your name?").unwrap();
    assert!(question > 0 && question < texts.iter().position(|t| t.starts_with("artifact:")).unwrap());

    // The agent got the task so far with the second turn, in the same context.
    let contexts = server.control.contexts();
    assert_eq!(contexts.len(), 2);
    let turn = &contexts[1];
    assert_eq!(turn.task_id().as_str(), id.as_str().unwrap());
    assert_eq!(turn.context_id().as_str(), context.as_str().unwrap());
    let before = turn.task().expect("a follow-up comes with its task");
    assert_eq!(before.id.as_str(), id.as_str().unwrap());
    assert_eq!(before.state(), a2a_types::TaskState::InputRequired, "the task as it was before the message");
    assert_eq!(before.history[0].text(), "working; input:what is your name?");
    assert_eq!(before.history.last().unwrap().text(), "what is your name?");
    assert_eq!(turn.message().text(), "artifact:greeting; complete:hello");

    assert_eq!(server.get_task(id.as_str().unwrap()).await, done);
}

#[tokio::test]
async fn a_follow_up_is_accepted_while_the_previous_turn_is_still_returning() {
    let server = TestServer::start().await;
    // The agent asks for input, then keeps its `execute` running (cleaning up).
    let first = server.run("input:more?; notify:asked; wait:cleanup").await;
    server.control.reached("asked").await;
    let done = server.send_message(follow_up(&first["id"], "complete:thanks")).await["task"].clone();
    assert_eq!(state(&done), "TASK_STATE_COMPLETED", "{done}");
    server.control.open("cleanup");
    // The first turn ending late does not touch the finished task.
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert_eq!(server.get_task(first["id"].as_str().unwrap()).await, done);
}

#[tokio::test]
async fn the_previous_turn_returning_late_does_not_fail_the_next_turn() {
    let server = TestServer::start().await;
    for ending in ["return", "error:late failure", "panic"] {
        // Turn one asks for input and keeps running; turn two is still working when turn
        // one's `execute` ends, with or without an error.
        let first = server.run(&format!("input:more?; notify:asked-{ending}; wait:end-{ending}; {ending}")).await;
        server.control.reached(&format!("asked-{ending}")).await;
        let id = first["id"].as_str().unwrap();
        let params = json!({"message": follow_up(&first["id"], &format!("working; notify:second-{ending}; wait:finish-{ending}; complete:done")),
                            "configuration": {"returnImmediately": true}});
        server.result("SendMessage", params).await;
        server.control.reached(&format!("second-{ending}")).await;
        let mut events = server.subscribe(id).await;
        assert_eq!(events.event().await.state(), Some("TASK_STATE_WORKING"));

        server.control.open(&format!("end-{ending}"));
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert_eq!(
            state(&server.get_task(id).await),
            "TASK_STATE_WORKING",
            "{ending}: turn one's end changed the task"
        );

        server.control.open(&format!("finish-{ending}"));
        let rest = events.rest().await;
        assert_eq!(rest.last().unwrap().state(), Some("TASK_STATE_COMPLETED"), "{ending}: {rest:?}");
        assert_eq!(state(&server.get_task(id).await), "TASK_STATE_COMPLETED");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn of_two_racing_follow_ups_exactly_one_resumes_the_task() {
    let server = TestServer::start().await;
    for round in 0..10 {
        let first = server.run("input:more?").await;
        let send = |n: usize| {
            let params = json!({"message": follow_up(&first["id"], &format!("working:turn {n}; wait:go{round}; complete")),
                                "configuration": {"returnImmediately": true}});
            server.call("SendMessage", params)
        };
        let (a, b) = tokio::join!(send(1), send(2));
        let (won, lost) = if a.get("error").is_none() { (a, b) } else { (b, a) };
        assert!(won.get("error").is_none(), "one follow-up is accepted: {won}");
        crate::support::assert_error(&lost, -32004);
        let id = first["id"].as_str().unwrap();
        let mut events = server.subscribe(id).await;
        server.control.open(&format!("go{round}"));
        events.rest().await;
        let task = server.get_task(id).await;
        assert_eq!(state(&task), "TASK_STATE_COMPLETED");
        assert_eq!(user_texts(&task).len(), 2, "only the winner joined the history: {task}");
    }
}

#[tokio::test]
async fn a_follow_up_with_another_context_is_invalid() {
    let server = TestServer::start().await;
    let first = server.run("input:more?").await;
    let mut message = follow_up(&first["id"], "complete");
    message["contextId"] = json!("some-other-context");
    let error = server.error("SendMessage", json!({ "message": message }), -32602).await;
    assert!(error["message"].as_str().unwrap().contains("contextId"), "{error}");
    // The task still waits, unchanged, and the right context is accepted.
    assert_eq!(state(&server.get_task(first["id"].as_str().unwrap()).await), "TASK_STATE_INPUT_REQUIRED");
    let mut message = follow_up(&first["id"], "complete");
    message["contextId"] = first["contextId"].clone();
    assert_eq!(state(&server.send_message(message).await["task"]), "TASK_STATE_COMPLETED");
    assert_eq!(server.control.contexts().len(), 2);
}

#[tokio::test]
async fn a_message_to_a_finished_task_is_unsupported() {
    let server = TestServer::start().await;
    for script in ["complete", "fail", "reject", "working; cancel"] {
        let task = server.run(script).await;
        for method in ["SendMessage", "SendStreamingMessage"] {
            let params = json!({ "message": follow_up(&task["id"], "complete") });
            server.error(method, params, -32004).await;
        }
        assert_eq!(server.get_task(task["id"].as_str().unwrap()).await, task, "unchanged");
    }
    assert_eq!(server.control.contexts().len(), 4, "no follow-up reached the agent");
}

#[tokio::test]
async fn a_message_to_a_task_that_is_still_working_is_unsupported() {
    let server = TestServer::start().await;
    let params = json!({"message": user("working; wait:go; complete"), "configuration": {"returnImmediately": true}});
    let task = server.result("SendMessage", params).await["task"].clone();
    server.error("SendMessage", json!({"message": follow_up(&task["id"], "complete")}), -32004).await;
    let mut events = server.subscribe(task["id"].as_str().unwrap()).await;
    server.control.open("go");
    assert_eq!(events.rest().await.last().unwrap().state(), Some("TASK_STATE_COMPLETED"));
    assert_eq!(user_texts(&server.get_task(task["id"].as_str().unwrap()).await).len(), 1);
}

#[tokio::test]
async fn a_message_to_an_unknown_task_is_not_found() {
    let server = TestServer::start().await;
    for method in ["SendMessage", "SendStreamingMessage"] {
        let error =
            server.error(method, json!({"message": follow_up(&json!("no-such-task"), "complete")}), -32001).await;
        assert!(error["message"].as_str().unwrap().contains("no-such-task"), "{error}");
    }
    assert!(server.control.contexts().is_empty());
}

#[tokio::test]
async fn history_length_trims_the_returned_copy_only() {
    let server = TestServer::start().await;
    let first = server.run("input:question").await;
    let id = first["id"].as_str().unwrap();
    let params = json!({"message": follow_up(&first["id"], "complete:answer"), "configuration": {"historyLength": 1}});
    let done = server.result("SendMessage", params).await["task"].clone();
    assert_eq!(state(&done), "TASK_STATE_COMPLETED");
    assert_eq!(history(&done).len(), 1, "{done}");
    assert_eq!(text_of(&history(&done)[0]), "answer");

    let full = server.get_task(id).await;
    assert_eq!(history(&full).len(), 4, "{full}");

    let one = server.result("GetTask", json!({"id": id, "historyLength": 1})).await;
    assert_eq!(history(&one), vec![history(&full)[3].clone()]);
    let two = server.result("GetTask", json!({"id": id, "historyLength": 2})).await;
    assert_eq!(history(&two), history(&full)[2..].to_vec());
    let none = server.result("GetTask", json!({"id": id, "historyLength": 0})).await;
    assert!(none.get("history").is_none(), "history is left out: {none}");
    assert_eq!(none["status"], full["status"]);
    let many = server.result("GetTask", json!({"id": id, "historyLength": 100})).await;
    assert_eq!(many, full);

    // Still whole afterwards.
    assert_eq!(server.get_task(id).await, full);
}

#[tokio::test]
async fn get_and_cancel_of_an_unknown_task_are_not_found() {
    let server = TestServer::start().await;
    server.error("GetTask", json!({"id": "missing"}), -32001).await;
    server.error("CancelTask", json!({"id": "missing"}), -32001).await;
    server.error("SubscribeToTask", json!({"id": "missing"}), -32001).await;
}

#[tokio::test]
async fn a_finished_task_is_not_cancelable() {
    let server = TestServer::start().await;
    for script in ["complete", "fail", "reject", "cancel"] {
        let task = server.run(script).await;
        let error = server.error("CancelTask", json!({"id": task["id"]}), -32002).await;
        assert!(error["message"].as_str().unwrap().contains(task["id"].as_str().unwrap()), "{error}");
        assert_eq!(server.get_task(task["id"].as_str().unwrap()).await, task);
    }
}

#[tokio::test]
async fn canceling_a_working_task_cancels_it_and_the_agent_observes_it() {
    let server = TestServer::start().await;
    let blocked = {
        let body = json!({"jsonrpc": "2.0", "id": 1, "method": "SendMessage",
                          "params": {"message": user("working; notify:started; waitcancel; working:too late")}});
        let request = server.post().body(body.to_string());
        tokio::spawn(async move { crate::support::json_body(request.send().await.unwrap()).await })
    };
    server.control.reached("started").await;
    let id = server.control.contexts()[0].task_id().as_str().to_string();
    assert!(!server.control.is_open("cancelled"));

    let canceled = server.result("CancelTask", json!({ "id": id })).await;
    assert_eq!(canceled["id"], id.as_str());
    assert_eq!(state(&canceled), "TASK_STATE_CANCELED");
    assert_eq!(text_of(&canceled["status"]["message"]), "canceled on request");
    server.control.reached("cancelled").await;

    // The request that was waiting for the task sees it canceled.
    let response = within("the blocked SendMessage", blocked).await.unwrap();
    assert_eq!(state(&response["result"]["task"]), "TASK_STATE_CANCELED", "{response}");

    // The agent's update after the cancel was refused, and changed nothing.
    eventually("the agent's refused update", || !server.control.errors().is_empty()).await;
    let errors = server.control.errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].0, ErrorKind::TaskClosed);
    tokio::time::sleep(Duration::from_millis(20)).await;
    let task = server.get_task(&id).await;
    assert_eq!(state(&task), "TASK_STATE_CANCELED", "{task}");
    assert_eq!(task["status"], canceled["status"]);
    server.error("CancelTask", json!({ "id": id }), -32002).await;
}

#[tokio::test]
async fn canceling_a_task_waiting_for_input_cancels_it() {
    let server = TestServer::start().await;
    let task = server.run("input:anything else?").await;
    let id = task["id"].as_str().unwrap();
    let canceled = server.result("CancelTask", json!({ "id": id })).await;
    assert_eq!(state(&canceled), "TASK_STATE_CANCELED");
    assert_eq!(state(&server.get_task(id).await), "TASK_STATE_CANCELED");
    // Finished now: no more messages, no second cancel.
    server.error("SendMessage", json!({"message": follow_up(&task["id"], "complete")}), -32004).await;
    server.error("CancelTask", json!({ "id": id }), -32002).await;
}

#[tokio::test]
async fn an_agent_may_refuse_to_cancel() {
    let server = TestServer::start().await;
    let params = json!({"message": user("refuse-cancel; working; wait:go; not-cancelled; complete"), "configuration": {"returnImmediately": true}});
    let task = server.result("SendMessage", params).await["task"].clone();
    let id = task["id"].as_str().unwrap();
    server.error("CancelTask", json!({ "id": id }), -32002).await;
    assert_eq!(state(&server.get_task(id).await), "TASK_STATE_WORKING");
    let mut events = server.subscribe(id).await;
    server.control.open("go");
    assert_eq!(events.rest().await.last().unwrap().state(), Some("TASK_STATE_COMPLETED"));
}

#[tokio::test]
async fn a_direct_reply_is_a_message_and_no_task() {
    let server = TestServer::start().await;
    let mut message = user("reply:hello there");
    message["contextId"] = json!("chat-1");
    let result = server.send_message(message).await;
    assert!(result.get("task").is_none(), "{result}");
    let reply = &result["message"];
    assert_eq!(reply["role"], "ROLE_AGENT");
    assert_eq!(text_of(reply), "hello there");
    assert_eq!(reply["contextId"], "chat-1");
    assert!(reply["messageId"].as_str().is_some_and(|m| !m.is_empty()));
    let list = server.result("ListTasks", json!({})).await;
    assert_eq!(list["totalSize"], 0, "{list}");
}

#[tokio::test]
async fn tasks_are_scoped_by_tenant() {
    let server = TestServer::start().await;
    let params = json!({"tenant": "acme", "message": user("input:more?")});
    let task = server.result("SendMessage", params).await["task"].clone();
    let id = task["id"].clone();
    assert_eq!(server.control.contexts()[0].tenant(), "acme");

    for tenant in [json!(null), json!("other")] {
        let scoped = |mut params: Value| {
            if !tenant.is_null() {
                params["tenant"] = tenant.clone();
            }
            params
        };
        server.error("GetTask", scoped(json!({ "id": id })), -32001).await;
        server.error("CancelTask", scoped(json!({ "id": id })), -32001).await;
        server.error("SubscribeToTask", scoped(json!({ "id": id })), -32001).await;
        server.error("SendMessage", scoped(json!({"message": follow_up(&id, "complete")})), -32001).await;
        assert_eq!(server.result("ListTasks", scoped(json!({}))).await["totalSize"], 0);
    }

    assert_eq!(server.result("GetTask", json!({"tenant": "acme", "id": id})).await, task);
    assert_eq!(server.result("ListTasks", json!({"tenant": "acme"})).await["totalSize"], 1);
    let done = server.result("SendMessage", json!({"tenant": "acme", "message": follow_up(&id, "complete")})).await;
    assert_eq!(state(&done["task"]), "TASK_STATE_COMPLETED");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_hangs_up_on_send_message_does_not_stop_the_task() {
    let server = TestServer::start().await;
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": "SendMessage",
                      "params": {"message": user("working; notify:started; wait:go; artifact:kept; complete")}});
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    let hanging_up = server.raw_post(socket, &body).await;
    server.control.reached("started").await;
    drop(hanging_up);
    let id = server.control.contexts()[0].task_id().as_str().to_string();
    let mut events = server.subscribe(&id).await;
    server.control.open("go");
    assert_eq!(events.rest().await.last().unwrap().state(), Some("TASK_STATE_COMPLETED"));
    let task = server.get_task(&id).await;
    assert_eq!(state(&task), "TASK_STATE_COMPLETED");
    assert_eq!(text_of(&task["artifacts"][0]), "kept");
}
