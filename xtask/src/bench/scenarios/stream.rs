//! `SendStreamingMessage` with an agent that emits a fixed number of events as fast as it
//! can: events and streams per second, and the time from sending the request to the first
//! complete event, at each concurrency.

use super::{count, errors_note, first_event_ms, window};
use crate::bench::agent::Agent;
use crate::bench::cli::Scale;
use crate::bench::load::{Op, Template, closed_loop};
use crate::bench::report::Report;
use crate::bench::requests;

pub(crate) const SCENARIO: &str = "SendStreamingMessage";

pub(crate) async fn run(scale: &Scale, ours: &Agent, baseline: &Agent, report: &mut Report) -> super::Result {
    let op = |path: &str| Op::Stream {
        path: path.to_string(),
        body: Template::new(&requests::jsonrpc_send("SendStreamingMessage")),
    };
    for &c in &scale.stream_concurrency {
        let case = count(c, "stream");
        println!("bench: {SCENARIO} {case}");
        let mut o = closed_loop(&ours.jsonrpc.ep, c, window(scale), op(&ours.jsonrpc.path)).await?;
        let mut b = closed_loop(&baseline.jsonrpc.ep, c, window(scale), op(&baseline.jsonrpc.path)).await?;
        if o.ops == 0 {
            return Err(format!(
                "no stream completed against {}: {}",
                ours.label,
                o.first_error.as_deref().unwrap_or("no error recorded")
            )
            .into());
        }
        let per_stream = o.events as f64 / o.ops as f64;
        let mut note = format!("{per_stream:.0} events per stream");
        if let Some(errors) = errors_note(&o, &b) {
            note = format!("{note}; {errors}");
        }
        report.add(SCENARIO, &case, "events/s", Some(o.rate(o.events)), Some(b.rate(b.events)), Some(note));
        report.add(SCENARIO, &case, "streams/s", Some(o.rate(o.ops)), Some(b.rate(b.ops)), None);
        report.add(
            SCENARIO,
            &case,
            "first event p50 ms",
            first_event_ms(&mut o, 50.0),
            first_event_ms(&mut b, 50.0),
            None,
        );
        report.add(
            SCENARIO,
            &case,
            "first event p99 ms",
            first_event_ms(&mut o, 99.0),
            first_event_ms(&mut b, 99.0),
            None,
        );
    }
    Ok(())
}
