//! A trip planner: a task that takes more than one turn. When a request leaves out where
//! to go or for how long, the agent asks through `INPUT_REQUIRED`; the client answers with
//! a message carrying the same `taskId`; then the agent streams a plan paragraph by
//! paragraph as chunks of one artifact, and completes.
//!
//! The binary (`cargo run -p trip-planner`) serves it; the `orchestrator` example calls it
//! as one of its remote agents.

mod trip;

pub use trip::{ASK_DESTINATION, Detail, MAX_DAYS, Trip, length, plan};

use a2a_server::{AgentExecutor, Error, RequestContext, Server, TaskUpdater};
use a2a_types::{AgentCard, AgentSkill, Artifact, ArtifactId, Message, Part, Role};
use std::time::Duration;

/// The name of the artifact that holds the plan.
pub const ARTIFACT_NAME: &str = "itinerary";

/// The agent. Its pace is the pause before each paragraph, so that a person watching
/// the stream sees the plan arrive piece by piece.
#[derive(Debug, Clone, Copy)]
pub struct TripPlanner {
    pace: Duration,
}

impl Default for TripPlanner {
    fn default() -> Self {
        Self { pace: Duration::from_millis(300) }
    }
}

impl TripPlanner {
    /// A planner that pauses `pace` before each paragraph (zero in tests).
    pub fn with_pace(pace: Duration) -> Self {
        Self { pace }
    }
}

/// The user's messages of the conversation so far, oldest first: those of the task (on
/// a follow-up turn) and the one that just arrived.
fn user_texts(ctx: &RequestContext) -> Vec<String> {
    let earlier = ctx.task().map(|t| t.history.as_slice()).unwrap_or_default();
    earlier.iter().chain([ctx.message()]).filter(|m| m.role == Role::User).map(Message::text).collect()
}

impl AgentExecutor for TripPlanner {
    async fn execute(&self, ctx: RequestContext, task: TaskUpdater) -> Result<(), Error> {
        let texts = user_texts(&ctx);
        let trip = Trip::from_messages(texts.iter().map(String::as_str));
        let (Some(destination), Some(days)) = (&trip.destination, trip.days) else {
            // Pausing ends this turn: `execute` returns, and the client's answer starts
            // a new one, which reads the whole conversation again.
            let detail = trip.missing().expect("a detail is missing");
            return task.input_required(Message::agent_text(trip.question(detail))).await;
        };
        task.working(Message::agent_text(format!("Planning {} in {destination}...", length(days)))).await?;
        let paragraphs = plan(destination, days);
        let id = ArtifactId::random();
        let count = paragraphs.len();
        for (i, paragraph) in paragraphs.into_iter().enumerate() {
            tokio::select! {
                biased;
                // A cancel request: stop here. The default `AgentExecutor::cancel` marks
                // the task canceled; updating it now would fail anyway.
                () = task.cancelled() => return Ok(()),
                () = tokio::time::sleep(self.pace) => {}
            }
            let chunk = Artifact::new(id.clone(), vec![Part::text(paragraph)]).with_name(ARTIFACT_NAME);
            // The first chunk starts the artifact; the others append to it; the last says so.
            task.artifact_chunk(chunk, i > 0, i + 1 == count).await?;
        }
        task.complete(Message::agent_text(format!("Have a good trip to {destination}!"))).await
    }
}

/// The agent's card.
pub fn card() -> AgentCard {
    let skill = AgentSkill::new(
        "plan-trip",
        "Plan a trip",
        "Writes a day-by-day plan for a trip; asks for the destination or length when missing.",
        vec!["travel".to_string(), "multi-turn".to_string()],
    )
    .with_examples(["Plan a 3-day trip to Lisbon", "Plan a trip"]);
    AgentCard::named("Trip planner", "Plans trips day by day, asking for what it needs to know.", "1.0.0")
        .with_skill(skill)
}

/// A server for the agent at its default pace.
pub fn server() -> Server {
    Server::builder(card(), TripPlanner::default()).build()
}
