//! The results as a table with a summary line, and as a JSON report.

use super::runner::{CheckResult, Outcome, Run};
use serde_json::{Value, json};
use std::fmt::Write as _;
use std::path::Path;

/// Counts of each outcome.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Summary {
    pub(crate) total: usize,
    pub(crate) passed: usize,
    pub(crate) failed: usize,
    pub(crate) skipped: usize,
    pub(crate) expected_failures: usize,
    pub(crate) unexpected_passes: usize,
}

impl Summary {
    pub(crate) fn of(run: &Run) -> Summary {
        let mut s = Summary { total: run.results.len(), ..Summary::default() };
        for r in &run.results {
            match r.outcome {
                Outcome::Pass => s.passed += 1,
                Outcome::Fail => s.failed += 1,
                Outcome::Skip => s.skipped += 1,
                Outcome::ExpectedFail => s.expected_failures += 1,
                Outcome::UnexpectedPass => s.unexpected_passes += 1,
            }
        }
        s.skipped += run.skipped_targets.iter().map(|t| t.checks).sum::<usize>();
        s.total += run.skipped_targets.iter().map(|t| t.checks).sum::<usize>();
        s
    }

    /// Whether the run failed.
    pub(crate) fn is_failure(&self) -> bool {
        self.failed + self.unexpected_passes > 0
    }
}

/// Column widths for the table.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Widths {
    id: usize,
    reference: usize,
}

impl Widths {
    pub(crate) fn of(results: &[CheckResult]) -> Widths {
        Widths {
            id: results.iter().map(|r| r.id.len()).max().unwrap_or(0),
            reference: results.iter().map(|r| r.reference.chars().count()).max().unwrap_or(0),
        }
    }
}

/// One row of the table: outcome, target, id, section, level, requirement; then the
/// reason, indented, for a failure or a skip.
pub(crate) fn row(r: &CheckResult, w: Widths) -> String {
    let tag = match r.outcome {
        Outcome::Pass => "PASS ",
        Outcome::Fail => "FAIL ",
        Outcome::Skip => "SKIP ",
        Outcome::ExpectedFail => "XFAIL",
        Outcome::UnexpectedPass => "XPASS",
    };
    let reference = format!("{:<width$}", r.reference, width = w.reference);
    let mut line = format!(
        "{tag} {:<11} {:<id$}  {reference}  {:<6}  {}",
        r.target.to_string(),
        r.id,
        r.level.name(),
        r.requirement,
        id = w.id
    );
    if let Some(reason) = &r.reason {
        let _ = write!(line, "\n      {reason}");
    }
    line
}

/// The closing summary line.
pub(crate) fn summary_line(run: &Run) -> String {
    let s = Summary::of(run);
    let mut line =
        format!("conformance: {} checks: {} passed, {} failed, {} skipped", s.total, s.passed, s.failed, s.skipped);
    if s.expected_failures > 0 || s.unexpected_passes > 0 {
        let _ = write!(line, ", {} expected failures, {} unexpected passes", s.expected_failures, s.unexpected_passes);
    }
    let targets: Vec<String> = run.targets.iter().map(ToString::to_string).collect();
    let _ = write!(line, " ({}; {:.1}s)", targets.join(", "), run.elapsed.as_secs_f64());
    line
}

/// Prints the table and the summary.
pub(crate) fn print(run: &Run) {
    let w = Widths::of(&run.results);
    println!(
        "conformance: {} ({})",
        run.url,
        run.targets.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
    );
    for r in &run.results {
        println!("{}", row(r, w));
    }
    for t in &run.skipped_targets {
        println!("SKIP  {:<11} ({} checks) {}", t.target.to_string(), t.checks, t.reason);
    }
    println!("{}", summary_line(run));
}

/// The run as JSON.
pub(crate) fn to_json(run: &Run) -> Value {
    let s = Summary::of(run);
    json!({
        "tool": "cargo xtask conformance",
        "url": run.url,
        "targets": run.targets.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "summary": {
            "total": s.total,
            "passed": s.passed,
            "failed": s.failed,
            "skipped": s.skipped,
            "expectedFailures": s.expected_failures,
            "unexpectedPasses": s.unexpected_passes,
            "durationMs": run.elapsed.as_millis() as u64,
        },
        "checks": run.results.iter().map(|r| json!({
            "target": r.target.to_string(),
            "id": r.id,
            "section": r.reference,
            "level": r.level.name(),
            "requirement": r.requirement,
            "outcome": r.outcome.name(),
            "reason": r.reason,
            "durationMs": r.duration.as_millis() as u64,
        })).collect::<Vec<_>>(),
        "skippedTargets": run.skipped_targets.iter().map(|t| json!({
            "target": t.target.to_string(),
            "checks": t.checks,
            "reason": t.reason,
        })).collect::<Vec<_>>(),
    })
}

/// Writes the JSON report.
pub(crate) fn write_json(run: &Run, path: &Path) -> Result<(), String> {
    let text = serde_json::to_string_pretty(&to_json(run)).expect("the report always serializes");
    std::fs::write(path, text + "\n").map_err(|e| format!("writing {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conformance::check::{Binding, Level, Target, Version};
    use crate::conformance::runner::SkippedTarget;
    use std::time::Duration;

    fn result(id: &'static str, outcome: Outcome, reason: Option<&str>) -> CheckResult {
        CheckResult {
            target: Target { binding: Binding::JsonRpc, version: Version::V1_0 },
            id,
            reference: "v1.0 §3.1.3".into(),
            level: Level::Must,
            requirement: "a requirement",
            outcome,
            reason: reason.map(str::to_string),
            duration: Duration::from_millis(3),
        }
    }

    fn sample() -> Run {
        Run {
            url: "http://127.0.0.1:1".into(),
            targets: vec![Target { binding: Binding::JsonRpc, version: Version::V1_0 }],
            results: vec![
                result("a.pass", Outcome::Pass, None),
                result("a.fail", Outcome::Fail, Some("expected x, got y")),
                result("a.skip", Outcome::Skip, Some("no streaming")),
                result("a.xfail", Outcome::ExpectedFail, Some("known")),
            ],
            skipped_targets: vec![SkippedTarget {
                target: Target { binding: Binding::Rest, version: Version::V0_3 },
                checks: 5,
                reason: "no interface".into(),
            }],
            elapsed: Duration::from_millis(1500),
        }
    }

    #[test]
    fn the_summary_counts_every_outcome() {
        let run = sample();
        let s = Summary::of(&run);
        assert_eq!((s.total, s.passed, s.failed, s.skipped, s.expected_failures), (9, 1, 1, 6, 1));
        assert!(s.is_failure());
        let line = summary_line(&run);
        assert!(
            line.starts_with("conformance: 9 checks: 1 passed, 1 failed, 6 skipped, 1 expected failures"),
            "{line}"
        );
    }

    #[test]
    fn a_failed_row_shows_its_reason_below() {
        let run = sample();
        let text = row(&run.results[1], Widths::of(&run.results));
        assert!(text.starts_with("FAIL  jsonrpc/1.0 a.fail"), "{text}");
        assert!(text.ends_with("\n      expected x, got y"), "{text}");
    }

    #[test]
    fn the_json_report_lists_checks_and_skipped_targets() {
        let json = to_json(&sample());
        assert_eq!(json["summary"]["failed"], 1);
        assert_eq!(json["checks"][1]["outcome"], "fail");
        assert_eq!(json["checks"][1]["reason"], "expected x, got y");
        assert_eq!(json["skippedTargets"][0]["target"], "rest/0.3");
    }
}
