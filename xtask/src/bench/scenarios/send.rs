//! `SendMessage` to an echo agent over JSON-RPC and over REST: requests per second and
//! p50/p99 latency at each concurrency, each connection sending its next request as soon
//! as the last is answered.

use super::{alternate, count, errors_note, latency_ms};
use crate::bench::agent::{Agent, Binding};
use crate::bench::cli::Scale;
use crate::bench::load::{Op, Template};
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
        let (mut o, mut b) = alternate(scale, c, (&ours.ep, &op), (&base.ep, &base_op)).await?;
        let note = errors_note(&o.all, &b.all);
        report.add(SCENARIO, &case, "requests/s", Some(o.ops_per_sec()), Some(b.ops_per_sec()), note);
        let (o, b) = (&mut o.all, &mut b.all);
        report.add(SCENARIO, &case, "p50 ms", latency_ms(o, 50.0), latency_ms(b, 50.0), None);
        report.add(SCENARIO, &case, "p99 ms", latency_ms(o, 99.0), latency_ms(b, 99.0), None);
    }
    Ok(())
}
