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
