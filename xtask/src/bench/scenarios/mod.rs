//! The scenarios of the bench, one per file. Each measures the server under test and the
//! baseline the same way, one right after the other, and adds its figures to the report.

pub(crate) mod client;
pub(crate) mod fanout;
pub(crate) mod idle;
pub(crate) mod send;
pub(crate) mod stream;

use super::cli::Scale;
use super::load::{Outcome, Window};
use super::stats::ms;

/// Why a scenario produced no figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Problem {
    /// The agent cannot take part, for instance it answers with messages rather than tasks:
    /// the scenario is skipped, with this reason.
    NotApplicable(String),
    /// Something broke: the run fails.
    Broken(String),
}

impl From<String> for Problem {
    fn from(e: String) -> Self {
        Self::Broken(e)
    }
}

/// What a scenario returns.
pub(crate) type Result<T = ()> = std::result::Result<T, Problem>;

/// The problem of an agent that answered with a message where a task was needed.
pub(crate) fn no_task(label: &str) -> Problem {
    Problem::NotApplicable(format!("{label} answered with a message, not a task: there is nothing to subscribe to"))
}

/// The closed-loop window of a scale.
pub(crate) fn window(scale: &Scale) -> Window {
    Window { warmup: scale.warmup, measure: scale.measure }
}

/// A note on a loop that saw errors, naming the first.
pub(crate) fn errors_note(ours: &Outcome, baseline: &Outcome) -> Option<String> {
    let mut parts = Vec::new();
    for (who, o) in [("ours", ours), ("baseline", baseline)] {
        if o.errors > 0 {
            parts.push(format!(
                "{who}: {} errors, first: {}",
                o.errors,
                o.first_error.as_deref().unwrap_or("(none recorded)")
            ));
        }
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// The `p`-th percentile latency in milliseconds.
pub(crate) fn latency_ms(o: &mut Outcome, p: f64) -> Option<f64> {
    o.latency.percentile(p).map(ms)
}

/// The `p`-th percentile time to first event in milliseconds.
pub(crate) fn first_event_ms(o: &mut Outcome, p: f64) -> Option<f64> {
    o.first_event.percentile(p).map(ms)
}

/// A count with its noun, for case names: `1 conn`, `16 conns`.
pub(crate) fn count(n: usize, noun: &str) -> String {
    let grouped = super::report::integer(n as u64);
    if n == 1 { format!("{grouped} {noun}") } else { format!("{grouped} {noun}s") }
}
