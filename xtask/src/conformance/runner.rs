//! Runs the checks: for each target, fetch the card, find the interface, then run the
//! selected checks a few at a time, each within its time limit and on its own tokio task
//! (so a panicking check fails alone), and apply the expected-failures file.

use super::check::{Check, Level, Stop, Target};
use super::checks;
use super::cli::Options;
use super::cx::{Cx, Limits, Schemas, Setup, WELL_KNOWN, fetch_card};
use super::expected::Expected;
use super::http::Http;
use futures::StreamExt;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How a check ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    Pass,
    Fail,
    Skip,
    /// Failed, as the expected-failures file says it would.
    ExpectedFail,
    /// Passed, though the expected-failures file says it fails: remove the entry.
    UnexpectedPass,
}

impl Outcome {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Fail => "fail",
            Outcome::Skip => "skip",
            Outcome::ExpectedFail => "xfail",
            Outcome::UnexpectedPass => "xpass",
        }
    }
}

/// The result of one check on one target.
#[derive(Debug, Clone)]
pub(crate) struct CheckResult {
    pub(crate) target: Target,
    pub(crate) id: &'static str,
    /// `v1.0 §3.1.3, 5.4`.
    pub(crate) reference: String,
    pub(crate) level: Level,
    pub(crate) requirement: &'static str,
    pub(crate) outcome: Outcome,
    /// Why it failed or was skipped.
    pub(crate) reason: Option<String>,
    pub(crate) duration: Duration,
}

/// A target none of whose checks could run, and why.
#[derive(Debug, Clone)]
pub(crate) struct SkippedTarget {
    pub(crate) target: Target,
    pub(crate) checks: usize,
    pub(crate) reason: String,
}

/// Everything a run found.
#[derive(Debug, Default)]
pub(crate) struct Run {
    pub(crate) url: String,
    pub(crate) targets: Vec<Target>,
    pub(crate) results: Vec<CheckResult>,
    pub(crate) skipped_targets: Vec<SkippedTarget>,
    pub(crate) elapsed: Duration,
}

/// What the runner needs beyond the options.
#[derive(Debug)]
pub(crate) struct Plan<'a> {
    pub(crate) url: String,
    pub(crate) options: &'a Options,
    pub(crate) schemas: Arc<Schemas>,
    pub(crate) expected: Expected,
}

/// The card's URL for a `--url`: the URL itself if it names a `.json` file, else the
/// well-known path below it.
pub(crate) fn card_url(url: &str) -> String {
    let url = url.trim_end_matches('/');
    if url.ends_with(".json") { url.to_string() } else { format!("{url}{WELL_KNOWN}") }
}

/// Runs every selected check on every selected target.
pub(crate) async fn run(plan: &Plan<'_>) -> Result<Run, String> {
    let started = Instant::now();
    let limits = Limits::from_request(plan.options.timeout);
    let http = Http::new(limits.request)?;
    let mut run = Run { url: plan.url.clone(), ..Run::default() };
    for &version in &plan.options.versions {
        for (i, &binding) in plan.options.bindings.iter().enumerate() {
            let target = Target { binding, version };
            run.targets.push(target);
            // The checks of the card alone run with the first target of each version.
            run_target(plan, &http, limits, target, i == 0, &mut run).await;
        }
    }
    run.elapsed = started.elapsed();
    Ok(run)
}

/// Runs the selected checks of one target: the card's first (with `card_checks`), then the
/// gate that looks for the target's interface, then, if it is declared, the rest.
async fn run_target(plan: &Plan<'_>, http: &Http, limits: Limits, target: Target, card_checks: bool, run: &mut Run) {
    let opts = plan.options;
    let card_url = card_url(&plan.url);
    let card = match fetch_card(http, &card_url).await {
        Ok((_, card)) => card,
        Err(e) => return no_card(run, target, plan, &e),
    };
    let cx = Cx::new(Setup { target, http: http.clone(), card_url, card, schemas: plan.schemas.clone(), limits });
    let mut first: Vec<Check> = if card_checks { checks::per_version() } else { Vec::new() };
    let mut target_checks = checks::per_target().into_iter().filter(|c| c.applies.to(target));
    first.push(target_checks.next().expect("the first per-target check is card.interface-declared"));
    let rest: Vec<Check> = target_checks.filter(|c| opts.selects(c.id)).collect();
    let first = first.into_iter().filter(|c| c.applies.to(target) && opts.selects(c.id)).collect();
    let mut results = run_checks(&cx, first, opts.jobs).await;
    if cx.has_interface() {
        results.extend(run_checks(&cx, rest, opts.jobs).await);
    } else {
        // Without the interface nothing else can run; the gate says why, and it only fails
        // when the target was asked for explicitly.
        for r in results.iter_mut().filter(|r| r.id == "card.interface-declared" && !opts.explicit) {
            r.outcome = Outcome::Skip;
        }
        let reason = format!("the card declares no {}", cx.describe_target());
        run.skipped_targets.push(SkippedTarget { target, checks: rest.len(), reason });
    }
    for r in &mut results {
        apply_expected(r, &plan.expected);
    }
    run.results.extend(results);
}

/// Records a card that could not be fetched: the target's checks cannot run.
fn no_card(run: &mut Run, target: Target, plan: &Plan<'_>, error: &str) {
    let discovery =
        checks::per_version().into_iter().find(|c| c.id == "card.discovery").expect("card.discovery exists");
    run.results.push(CheckResult {
        target,
        id: discovery.id,
        reference: discovery.reference(target.version),
        level: discovery.level,
        requirement: discovery.requirement,
        outcome: Outcome::Fail,
        reason: Some(error.to_string()),
        duration: Duration::ZERO,
    });
    let n = checks::all().iter().filter(|c| c.applies.to(target) && plan.options.selects(c.id)).count();
    run.skipped_targets.push(SkippedTarget { target, checks: n, reason: "no agent card".to_string() });
}

/// Runs checks `jobs` at a time; results come back in the checks' order.
async fn run_checks(cx: &Cx, checks: Vec<Check>, jobs: usize) -> Vec<CheckResult> {
    futures::stream::iter(checks)
        .map(|check| {
            let cx = cx.clone();
            async move { run_one(check, cx).await }
        })
        .buffered(jobs)
        .collect()
        .await
}

async fn run_one(check: Check, cx: Cx) -> CheckResult {
    let target = cx.target();
    let limit = cx.limits().check;
    let started = Instant::now();
    let handle = tokio::spawn(tokio::time::timeout(limit, (check.run)(cx)));
    let (outcome, reason) = match handle.await {
        Ok(Ok(Ok(()))) => (Outcome::Pass, None),
        Ok(Ok(Err(Stop::Fail(m)))) => (Outcome::Fail, Some(m)),
        Ok(Ok(Err(Stop::Skip(m)))) => (Outcome::Skip, Some(m)),
        Ok(Err(_)) => (Outcome::Fail, Some(format!("the check did not finish within {}s", limit.as_secs_f32()))),
        Err(e) => (Outcome::Fail, Some(format!("the check panicked (a bug in the suite): {e}"))),
    };
    CheckResult {
        target,
        id: check.id,
        reference: check.reference(target.version),
        level: check.level,
        requirement: check.requirement,
        outcome,
        reason,
        duration: started.elapsed(),
    }
}

fn apply_expected(r: &mut CheckResult, expected: &Expected) {
    let Some(entry) = expected.find(r.id, r.target) else { return };
    match r.outcome {
        Outcome::Fail => {
            r.outcome = Outcome::ExpectedFail;
            let why = if entry.reason.is_empty() { String::new() } else { format!(" ({})", entry.reason) };
            let reason = r.reason.take().unwrap_or_default();
            r.reason = Some(format!("{reason} [expected failure, line {}{why}]", entry.line));
        }
        Outcome::Pass => {
            r.outcome = Outcome::UnexpectedPass;
            r.reason = Some(format!(
                "passes, but line {} of the expected-failures file ({}) says it fails: remove the entry",
                entry.line, entry.pattern
            ));
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn card_urls_default_to_the_well_known_path() {
        assert_eq!(super::card_url("http://h:1/"), "http://h:1/.well-known/agent-card.json");
        assert_eq!(super::card_url("http://h/x/card.json"), "http://h/x/card.json");
    }
}
