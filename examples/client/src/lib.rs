//! Printing A2A events for people: one line per event, like `[WORKING] Analyzing data...`.
//! The `client` binary and the `quickstart` example use it.

use a2a_types::{StreamResponse, TaskState};

/// A label for a task state: `TASK_STATE_INPUT_REQUIRED` → `INPUT REQUIRED`.
pub fn state_label(state: TaskState) -> String {
    state.as_str().trim_start_matches("TASK_STATE_").replace('_', " ")
}

/// One line describing an event.
pub fn describe(event: &StreamResponse) -> String {
    match event {
        StreamResponse::Task(task) => format!("[TASK {}] {}", state_label(task.state()), task.id),
        StreamResponse::Message(message) => format!("[MESSAGE] {}", message.text()),
        StreamResponse::StatusUpdate(update) => {
            let text = update.status.message.as_ref().map(|m| m.text()).unwrap_or_default();
            format!("[{}] {text}", state_label(update.status.state)).trim_end().to_string()
        }
        StreamResponse::ArtifactUpdate(update) => {
            let artifact = &update.artifact;
            let name = artifact.name.clone().unwrap_or_else(|| artifact.artifact_id.to_string());
            let text: Vec<&str> = artifact.parts.iter().filter_map(|p| p.as_text()).collect();
            let more = if update.last_chunk { "" } else { " …" };
            format!("[ARTIFACT {name}] {}{more}", text.join(""))
        }
        _ => "[UNKNOWN EVENT]".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use a2a_types::{ContextId, Message, TaskId, TaskStatus, TaskStatusUpdateEvent};

    #[test]
    fn status_updates_read_as_state_and_text() {
        let status = TaskStatus::new(TaskState::Working).with_message(Message::agent_text("Analyzing data..."));
        let event =
            StreamResponse::StatusUpdate(TaskStatusUpdateEvent::new(TaskId::new("t"), ContextId::new("c"), status));
        assert_eq!(describe(&event), "[WORKING] Analyzing data...");
        assert_eq!(state_label(TaskState::InputRequired), "INPUT REQUIRED");
    }
}
