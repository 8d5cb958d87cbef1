//! `SendStreamingMessage` with an agent that emits a fixed number of events as fast as it
//! can: events and streams per second, and the time from sending the request to the first
//! complete event, at each concurrency.

use super::{alternate, count, errors_note, first_event_ms};
use crate::bench::agent::Agent;
use crate::bench::cli::Scale;
use crate::bench::load::{Op, Template};
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
        let (ours_op, base_op) = (op(&ours.jsonrpc.path), op(&baseline.jsonrpc.path));
        let (rounds_o, rounds_b) =
            alternate(scale, c, (&ours.jsonrpc.ep, &ours_op), (&baseline.jsonrpc.ep, &base_op)).await?;
        let (events_o, events_b) = (rounds_o.events_per_sec(), rounds_b.events_per_sec());
        let (streams_o, streams_b) = (rounds_o.ops_per_sec(), rounds_b.ops_per_sec());
        let (mut o, mut b) = (rounds_o.all, rounds_b.all);
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
        report.add(SCENARIO, &case, "events/s", Some(events_o), Some(events_b), Some(note));
        report.add(SCENARIO, &case, "streams/s", Some(streams_o), Some(streams_b), None);
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
