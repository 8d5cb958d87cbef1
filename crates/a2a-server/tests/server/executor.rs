//! Agents that misbehave or fail: returning without finishing, panicking, agent errors,
//! protocol errors before and after the task exists, and cancel racing completion.

use crate::support::{Event, TestServer, assert_consecutive, assert_error, follow_up, state, text_of, user};
use serde_json::json;
use std::time::Duration;

fn reason(task: &serde_json::Value) -> String {
    let message = &task["status"]["message"];
    assert_eq!(message["role"], "ROLE_AGENT", "a failed task says why: {task}");
    text_of(message)
}

#[tokio::test]
async fn an_agent_that_returns_without_finishing_fails_the_task() {
    let server = TestServer::start().await;
    for script in ["working; return", "submit; return", "return", "artifact:half; return"] {
        let task = server.run(script).await;
        assert_eq!(state(&task), "TASK_STATE_FAILED", "{script}: {task}");
        assert!(!reason(&task).is_empty());
        assert_eq!(server.get_task(task["id"].as_str().unwrap()).await, task);
    }
    // The artifact produced before stays.
    let task = server.run("artifact:half; return").await;
    assert_eq!(text_of(&task["artifacts"][0]), "half");
}

#[tokio::test]
async fn an_agent_that_panics_fails_the_task() {
    let server = TestServer::start().await;
    for script in ["working; panic", "panic"] {
        let task = server.run(script).await;
        assert_eq!(state(&task), "TASK_STATE_FAILED", "{script}: {task}");
        assert!(reason(&task).contains("panic"), "{task}");
    }
    let events = server.stream("SendStreamingMessage", json!({"message": user("working; panic")})).await.rest().await;
    assert_eq!(events.last().unwrap().state(), Some("TASK_STATE_FAILED"));
    // The server goes on serving.
    assert_eq!(state(&server.run("complete").await), "TASK_STATE_COMPLETED");
}

#[tokio::test]
async fn an_agent_error_fails_the_task_with_its_message() {
    let server = TestServer::start().await;
    for script in ["error:the disk is on fire", "working; error:the disk is on fire"] {
        let task = server.run(script).await;
        assert_eq!(state(&task), "TASK_STATE_FAILED", "{script}");
        assert!(reason(&task).contains("the disk is on fire"), "{task}");
    }
}

#[tokio::test]
async fn a_protocol_error_before_any_update_fails_the_request() {
    let server = TestServer::start().await;
    let error = server.error("SendMessage", json!({"message": user("unsupported-content")}), -32005).await;
    assert_eq!(error["message"], "no such media type here");
    server.error("SendStreamingMessage", json!({"message": user("unsupported-content")}), -32005).await;
    let params = json!({"message": user("unsupported-content"), "configuration": {"returnImmediately": true}});
    server.error("SendMessage", params, -32005).await;
    // No task was made.
    assert_eq!(server.result("ListTasks", json!({})).await["totalSize"], 0);
}

#[tokio::test]
async fn a_protocol_error_after_the_task_exists_fails_the_task() {
    let server = TestServer::start().await;
    let task = server.run("working; unsupported-content").await;
    assert_eq!(state(&task), "TASK_STATE_FAILED");
    assert!(reason(&task).contains("no such media type here"), "{task}");
}

#[tokio::test]
async fn a_follow_up_turn_that_fails_fails_the_task() {
    let server = TestServer::start().await;
    for script in ["return", "panic", "error:no", "working; return"] {
        let first = server.run("input:more?").await;
        let params = json!({ "message": follow_up(&first["id"], script) });
        let task = server.result("SendMessage", params).await["task"].clone();
        assert_eq!(task["id"], first["id"]);
        assert_eq!(state(&task), "TASK_STATE_FAILED", "{script}: {task}");
        assert!(!reason(&task).is_empty());
    }
}

/// Cancel and completion race; whichever wins, the task ends in exactly one terminal
/// state, the stream reports exactly that one, and nothing reverts it afterwards.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_racing_completion_ends_in_exactly_one_terminal_state() {
    const ROUNDS: usize = 50;
    let server = TestServer::start().await;
    let mut outcomes = Vec::new();
    let (mut canceled, mut completed) = (0, 0);
    for round in 0..ROUNDS {
        let script = format!("working; notify:ready{round}; race:go{round}");
        let mut sse = server.stream("SendStreamingMessage", json!({"message": user(&script)})).await;
        let head = vec![sse.event().await, sse.event().await];
        let task_id = head[0].result()["task"]["id"].as_str().unwrap().to_string();
        server.control.reached(&format!("ready{round}")).await;

        let go = || server.control.open(&format!("go{round}"));
        let cancel = server.call("CancelTask", json!({ "id": task_id }));
        let response = match round % 4 {
            // Cancel first, then completion after a delay that varies from round to round
            // around the time a request takes to arrive, so that both orders happen.
            0 | 1 => {
                let delay = Duration::from_micros((round as u64 * 37) % 500);
                let release = async {
                    tokio::task::yield_now().await;
                    let start = std::time::Instant::now();
                    while start.elapsed() < delay {
                        std::hint::spin_loop();
                    }
                    go();
                };
                tokio::join!(cancel, release).0
            }
            // Completion first.
            2 => {
                go();
                cancel.await
            }
            // Only the cancel: the agent notices it and completes, racing the cancel.
            _ => cancel.await,
        };
        let expected = if response.get("error").is_some() {
            assert_error(&response, -32002);
            completed += 1;
            "TASK_STATE_COMPLETED"
        } else {
            assert_eq!(state(&response["result"]), "TASK_STATE_CANCELED", "{response}");
            canceled += 1;
            "TASK_STATE_CANCELED"
        };

        let mut events: Vec<Event> = head;
        events.extend(sse.rest().await);
        assert_consecutive(&events);
        let terminal: Vec<&str> = events
            .iter()
            .filter(|e| e.kind() == "statusUpdate")
            .filter_map(Event::state)
            .filter(|s| !matches!(*s, "TASK_STATE_WORKING" | "TASK_STATE_SUBMITTED"))
            .collect();
        assert_eq!(terminal, [expected], "round {round}: {events:?}");
        assert_eq!(events.last().unwrap().state(), Some(expected));
        assert_eq!(state(&server.get_task(&task_id).await), expected, "round {round}");
        go();
        outcomes.push((task_id, expected));
    }
    // Whatever the losing side did afterwards changed nothing.
    tokio::time::sleep(Duration::from_millis(30)).await;
    for (task_id, expected) in &outcomes {
        assert_eq!(state(&server.get_task(task_id).await), *expected, "task {task_id} changed after the race");
    }
    assert_eq!(canceled + completed, ROUNDS);
    eprintln!("cancel won {canceled} times, completion {completed} times");
}
