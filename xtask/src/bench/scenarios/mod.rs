//! The scenarios of the bench, one per file. Each measures the server under test and the
//! baseline the same way, one right after the other, and adds its figures to the report.

pub(crate) mod client;
pub(crate) mod fanout;
pub(crate) mod idle;
pub(crate) mod send;
pub(crate) mod stream;

use super::cli::Scale;
use super::load::{Endpoint, Op, Outcome, Window, closed_loop};
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

/// What alternating rounds measured on one side: every sample, and each round's rates.
#[derive(Debug, Default)]
pub(crate) struct Rounds {
    /// All rounds merged: counts, latency samples, errors.
    pub(crate) all: Outcome,
    /// Operations per second, one per round.
    ops_rates: Vec<f64>,
    /// Events per second, one per round.
    event_rates: Vec<f64>,
}

impl Rounds {
    fn add(&mut self, o: Outcome) {
        self.ops_rates.push(o.rate(o.ops));
        self.event_rates.push(o.rate(o.events));
        self.all.merge(o);
    }

    /// The median of the rounds' operations per second.
    pub(crate) fn ops_per_sec(&self) -> f64 {
        median(&self.ops_rates)
    }

    /// The median of the rounds' events per second.
    pub(crate) fn events_per_sec(&self) -> f64 {
        median(&self.event_rates)
    }
}

/// The median of a non-empty list (the upper one of the middle two of an even list).
pub(crate) fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

/// Runs the same closed loop on the server under test and on the baseline, one after the
/// other, `scale.rounds` times.
pub(crate) async fn alternate(
    scale: &Scale,
    workers: usize,
    (ours, ours_op): (&Endpoint, &Op),
    (base, base_op): (&Endpoint, &Op),
) -> std::result::Result<(Rounds, Rounds), String> {
    let (mut o, mut b) = (Rounds::default(), Rounds::default());
    for _ in 0..scale.rounds.max(1) {
        o.add(closed_loop(ours, workers, window(scale), ours_op.clone()).await?);
        b.add(closed_loop(base, workers, window(scale), base_op.clone()).await?);
    }
    Ok((o, b))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[5.0]), 5.0);
        assert_eq!(median(&[4.0, 1.0]), 4.0);
        assert_eq!(median(&[]), 0.0);
    }

    #[test]
    fn rounds_keep_each_rate_and_all_samples() {
        let mut r = Rounds::default();
        for ops in [100, 300, 200] {
            r.add(Outcome { ops, events: ops * 10, measured: std::time::Duration::from_secs(1), ..Outcome::default() });
        }
        assert_eq!(r.ops_per_sec(), 200.0);
        assert_eq!(r.events_per_sec(), 2000.0);
        assert_eq!(r.all.ops, 600);
        assert_eq!(r.all.measured, std::time::Duration::from_secs(3));
    }
}
