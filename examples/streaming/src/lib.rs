//! A streaming agent: reports progress in several working updates, streams its result as
//! an artifact, and completes. The binary (`cargo run -p streaming`) serves it; the
//! `quickstart` example runs it in process.
//!
//! By default it is the demo: four progress updates, 400 ms apart. [`Pacing`] changes
//! that (more updates, no pauses, a hold after the first one); `cargo xtask bench` uses it
//! to get streams of a hundred events, or tasks that stay open while subscribers join.

use a2a_server::{AgentExecutor, Error, RequestContext, Server, TaskUpdater};
use a2a_types::{AgentCard, AgentSkill, Artifact, Message, Part};
use std::time::Duration;

/// The agent: progress updates (by default the four [`STEPS`]), one artifact, done. Its
/// pace is the pause after each progress update, so that a person watching the stream
/// sees them arrive.
#[derive(Debug, Clone, Copy, Default)]
pub struct Analyst {
    pacing: Pacing,
}

impl Analyst {
    /// An analyst that pauses `pace` after each of the four progress updates (zero in
    /// tests).
    pub fn with_pace(pace: Duration) -> Self {
        Self { pacing: Pacing { delay: pace, ..Pacing::default() } }
    }

    /// An analyst with the given pacing.
    pub fn with_pacing(pacing: Pacing) -> Self {
        Self { pacing }
    }
}

/// The progress messages of the demo, in order.
pub const STEPS: [&str; 4] =
    ["Initializing...", "Processing your request...", "Analyzing data...", "Generating response..."];

/// The name of the artifact that holds the result.
pub const ARTIFACT_NAME: &str = "processing_result";

/// How many progress updates the agent sends and how it spaces them.
///
/// The default is the demo: the four [`STEPS`], each followed by a 400 ms pause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pacing {
    /// How many progress updates to send. The first four are the [`STEPS`]; later ones
    /// read `Step k of n...`.
    pub steps: usize,
    /// The pause after each update.
    pub delay: Duration,
    /// An extra pause after the first update, so that subscribers can join a task before
    /// the rest of its events arrive. Zero by default.
    pub hold: Duration,
}

impl Default for Pacing {
    fn default() -> Self {
        Self { steps: STEPS.len(), delay: Duration::from_millis(400), hold: Duration::ZERO }
    }
}

impl Pacing {
    /// The default pacing, changed by whichever of these environment variables are set:
    /// `STREAMING_STEPS` (number of updates), `STREAMING_DELAY_MS` (pause after each) and
    /// `STREAMING_HOLD_MS` (extra pause after the first).
    ///
    /// Errors name the variable whose value is not a whole number.
    pub fn from_env() -> Result<Self, String> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// [`Pacing::from_env`] with the variables read through `var`.
    fn from_lookup(var: impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        let read = |name: &str| -> Result<Option<u64>, String> {
            match var(name) {
                Some(v) => v.trim().parse().map(Some).map_err(|_| format!("{name}={v:?} is not a whole number")),
                None => Ok(None),
            }
        };
        let mut pacing = Self::default();
        if let Some(steps) = read("STREAMING_STEPS")? {
            pacing.steps = usize::try_from(steps).map_err(|_| format!("STREAMING_STEPS={steps} is too large"))?;
        }
        if let Some(ms) = read("STREAMING_DELAY_MS")? {
            pacing.delay = Duration::from_millis(ms);
        }
        if let Some(ms) = read("STREAMING_HOLD_MS")? {
            pacing.hold = Duration::from_millis(ms);
        }
        Ok(pacing)
    }
}

impl AgentExecutor for Analyst {
    async fn execute(&self, ctx: RequestContext, task: TaskUpdater) -> Result<(), Error> {
        let Pacing { steps, delay, hold } = self.pacing;
        for i in 0..steps {
            let text = match STEPS.get(i) {
                Some(step) => (*step).to_string(),
                None => format!("Step {} of {steps}...", i + 1),
            };
            task.working(Message::agent_text(text)).await?;
            let pause = if i == 0 { delay + hold } else { delay };
            // A zero pause skips the timer, so that a benchmark measures the server.
            if !pause.is_zero() {
                tokio::select! {
                    biased;
                    () = task.cancelled() => return Ok(()),
                    () = tokio::time::sleep(pause) => {}
                }
            }
        }
        let result = analysis(&ctx.message().text());
        let artifact =
            Artifact::new(a2a_types::ArtifactId::random(), vec![Part::text(result)]).with_name(ARTIFACT_NAME);
        task.artifact(artifact).await?;
        task.complete(None).await
    }
}

/// The result the analyst streams for a request: its word count.
pub fn analysis(request: &str) -> String {
    format!("Analysis of {request:?}: {} words.", request.split_whitespace().count())
}

/// The agent's card.
pub fn card() -> AgentCard {
    AgentCard::named("Streaming analyst", "Analyzes a request and streams its progress.", "1.0.0").with_skill(
        AgentSkill::new("analyze", "Analyze", "Counts the words of a request, slowly.", vec!["demo".to_string()]),
    )
}

/// A server for the agent, with the demo's pacing.
pub fn server() -> Server {
    server_with(Pacing::default())
}

/// A server for the agent with the given pacing.
pub fn server_with(pacing: Pacing) -> Server {
    Server::builder(card(), Analyst::with_pacing(pacing)).build()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(vars: &[(&str, &str)]) -> Result<Pacing, String> {
        Pacing::from_lookup(|name| vars.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v).to_string()))
    }

    #[test]
    fn unset_variables_leave_the_demo_pacing() {
        assert_eq!(lookup(&[]).unwrap(), Pacing::default());
        assert_eq!(Pacing::default(), Pacing { steps: 4, delay: Duration::from_millis(400), hold: Duration::ZERO });
    }

    #[test]
    fn each_variable_changes_its_field() {
        let p = lookup(&[("STREAMING_STEPS", "97"), ("STREAMING_DELAY_MS", "0"), ("STREAMING_HOLD_MS", " 1500 ")]);
        assert_eq!(p.unwrap(), Pacing { steps: 97, delay: Duration::ZERO, hold: Duration::from_millis(1500) });
    }

    #[test]
    fn a_bad_value_names_its_variable() {
        assert_eq!(
            lookup(&[("STREAMING_DELAY_MS", "fast")]).unwrap_err(),
            "STREAMING_DELAY_MS=\"fast\" is not a whole number"
        );
        assert!(lookup(&[("STREAMING_STEPS", "-1")]).unwrap_err().starts_with("STREAMING_STEPS="));
    }
}
