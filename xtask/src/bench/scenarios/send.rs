//! `SendMessage` to an echo agent over JSON-RPC and over REST: requests per second and
//! p50/p99 latency at each concurrency, each connection sending its next request as soon
//! as the last is answered.

use super::{count, errors_note, latency_ms, window};
use crate::bench::agent::{Agent, Binding};
use crate::bench::cli::Scale;
use crate::bench::load::{Op, Template, closed_loop};
use crate::bench::report::Report;
use crate::bench::requests;

pub(crate) const SCENARIO: &str = "SendMessage";

/// Measures both bindings; a binding the agent does not offer is skipped with the reason.
pub(crate) async fn run(scale: &Scale, ours: &Agent, baseline: &Agent, report: &mut Report) -> super::Result {
    let jsonrpc = |b: &Binding| Op::Unary {
        path: b.path.clone(),
        body: Template::new(&requests::jsonrpc_send("SendMessage")),
        expect: b"\"result\"",
    };
    let (o, b) = (&ours.jsonrpc, &baseline.jsonrpc);
    measure(scale, "JSON-RPC", (o, jsonrpc(o)), (b, jsonrpc(b)), report).await?;

    match (&ours.rest, &baseline.rest) {
        (Some(rest), Some(base_rest)) => {
            let op = |b: &Binding| Op::Unary {
                path: b.rest_route("/message:send"),
                body: Template::new(&requests::rest_send()),
                expect: b"",
            };
            measure(scale, "REST", (rest, op(rest)), (base_rest, op(base_rest)), report).await?;
        }
        _ => report.skip(SCENARIO, format!("REST: the agent card of {} offers no HTTP+JSON interface", ours.label)),
    }
    Ok(())
}

async fn measure(
    scale: &Scale,
    binding: &str,
    (ours, op): (&Binding, Op),
    (base, base_op): (&Binding, Op),
    report: &mut Report,
) -> super::Result {
    for &c in &scale.send_concurrency {
        let case = format!("{binding}, {}", count(c, "conn"));
        println!("bench: {SCENARIO} {case}");
        let mut o = closed_loop(&ours.ep, c, window(scale), op.clone()).await?;
        let mut b = closed_loop(&base.ep, c, window(scale), base_op.clone()).await?;
        let note = errors_note(&o, &b);
        report.add(SCENARIO, &case, "requests/s", Some(o.rate(o.ops)), Some(b.rate(b.ops)), note);
        report.add(SCENARIO, &case, "p50 ms", latency_ms(&mut o, 50.0), latency_ms(&mut b, 50.0), None);
        report.add(SCENARIO, &case, "p99 ms", latency_ms(&mut o, 99.0), latency_ms(&mut b, 99.0), None);
    }
    Ok(())
}
