//! One task, many subscribers: a streaming task is started, its subscribers join with
//! `SubscribeToTask` while the agent holds, and then the agent emits its events as fast as
//! it can. The figure is events delivered per second summed over all subscribers, from the
//! first event delivered after the snapshot to the end of the last stream.
//!
//! The baseline has no tasks to share: it serves the recorded stream to the same number of
//! concurrent readers, which is what delivering those bytes costs without any A2A work.

use super::{Problem, count, window};
use crate::bench::agent::Agent;
use crate::bench::cli::Scale;
use crate::bench::load::{Conn, Endpoint, EventReader, Op, Template, closed_loop};
use crate::bench::report::Report;
use crate::bench::requests;
use crate::bench::sse::task_id_of;
use bytes::Bytes;
use std::time::{Duration, Instant};

pub(crate) const SCENARIO: &str = "Fan-out";

/// How long one round may take beyond the agent's hold.
const ROUND_TIMEOUT: Duration = Duration::from_secs(60);

pub(crate) async fn run(scale: &Scale, ours: &Agent, baseline: &Agent, report: &mut Report) -> super::Result {
    let n = scale.fanout_subscribers;
    let case = format!("1 task, {}", count(n, "subscriber"));
    println!("bench: {SCENARIO} {case}");
    let mut total = Totals::default();
    for _ in 0..scale.fanout_rounds {
        let limit = scale.fanout_hold + ROUND_TIMEOUT;
        let round = tokio::time::timeout(limit, round(ours, n))
            .await
            .map_err(|_| format!("a fan-out round did not finish within {limit:?}"))??;
        total.add(round);
    }
    let op = Op::Stream {
        path: baseline.jsonrpc.path.clone(),
        body: Template::new(&requests::jsonrpc_send("SendStreamingMessage")),
    };
    let b = closed_loop(&baseline.jsonrpc.ep, n, window(scale), op).await?;
    if total.elapsed.is_zero() || total.delivered == 0 {
        return Err(format!("no event reached a subscriber of {}", ours.label).into());
    }
    let rate = total.delivered as f64 / total.elapsed.as_secs_f64();
    report.add(SCENARIO, &case, "events delivered/s", Some(rate), Some(b.rate(b.events)), Some(total.note(n)));
    Ok(())
}

/// What the rounds delivered, added up.
#[derive(Debug, Default)]
struct Totals {
    rounds: usize,
    delivered: u64,
    elapsed: Duration,
    min_per_subscriber: Option<u64>,
    max_per_subscriber: u64,
    late: usize,
    refused: usize,
    first_refusal: Option<String>,
}

impl Totals {
    fn add(&mut self, r: Round) {
        self.rounds += 1;
        self.delivered += r.delivered;
        self.elapsed += r.elapsed;
        self.min_per_subscriber = Some(self.min_per_subscriber.map_or(r.min, |m| m.min(r.min)));
        self.max_per_subscriber = self.max_per_subscriber.max(r.max);
        self.late += r.late;
        self.refused += r.refused;
        if self.first_refusal.is_none() {
            self.first_refusal = r.first_refusal;
        }
    }

    fn note(&self, n: usize) -> String {
        let mut note = format!(
            "{} round(s) of {n}; events per subscriber {}..{}",
            self.rounds,
            self.min_per_subscriber.unwrap_or(0),
            self.max_per_subscriber
        );
        if self.late > 0 {
            note.push_str(&format!("; {} joined after the first delivery", self.late));
        }
        if self.refused > 0 {
            note.push_str(&format!(
                "; {} could not subscribe: {}",
                self.refused,
                self.first_refusal.as_deref().unwrap_or("?")
            ));
        }
        note
    }
}

struct Round {
    delivered: u64,
    elapsed: Duration,
    min: u64,
    max: u64,
    late: usize,
    refused: usize,
    first_refusal: Option<String>,
}

/// What one subscriber saw.
struct Seen {
    joined: Instant,
    /// When the first event after the snapshot arrived.
    first: Option<Instant>,
    end: Instant,
    /// Events after the snapshot.
    events: u64,
}

async fn round(agent: &Agent, n: usize) -> super::Result<Round> {
    let (ep, path) = (&agent.jsonrpc.ep, &agent.jsonrpc.path);
    let mut starter = Conn::open(ep).await?;
    let body = Template::new(&requests::jsonrpc_send("SendStreamingMessage")).render(0, 0);
    let mut reader = EventReader::new(starter.post(path, body).await?).await?;
    reader.first_event().await?;
    let task_id = reader.first_data().and_then(task_id_of).ok_or_else(|| super::no_task(&agent.label))?;
    // The starting stream is read to its end too, so the server never sees it fall behind.
    let drain = tokio::spawn(async move {
        let _conn = starter;
        while let Ok(Some(_)) = reader.next_chunk().await {}
    });
    let body = Bytes::from(requests::jsonrpc_subscribe(&task_id));
    let handles: Vec<_> = (0..n).map(|_| tokio::spawn(subscriber(ep.clone(), path.clone(), body.clone()))).collect();
    let mut seen = Vec::with_capacity(n);
    let (mut refused, mut first_refusal) = (0, None);
    for h in handles {
        match h.await.map_err(|e| format!("a subscriber failed: {e}"))? {
            Ok(s) => seen.push(s),
            Err(e) => {
                refused += 1;
                first_refusal.get_or_insert(e);
            }
        }
    }
    let _ = drain.await;
    let start = seen.iter().filter_map(|s| s.first).min();
    let end = seen.iter().map(|s| s.end).max();
    let (Some(start), Some(end)) = (start, end) else {
        if refused == n {
            return Err(Problem::NotApplicable(format!(
                "no subscriber could join the task of {}; does it stay open long enough? {}",
                agent.label,
                first_refusal.unwrap_or_default()
            )));
        }
        return Err(format!("no subscriber of {} received an event after its snapshot", agent.label).into());
    };
    Ok(Round {
        delivered: seen.iter().map(|s| s.events).sum(),
        elapsed: end.saturating_duration_since(start),
        min: seen.iter().map(|s| s.events).min().unwrap_or(0),
        max: seen.iter().map(|s| s.events).max().unwrap_or(0),
        late: seen.iter().filter(|s| s.joined > start).count(),
        refused,
        first_refusal,
    })
}

async fn subscriber(ep: Endpoint, path: String, body: Bytes) -> Result<Seen, String> {
    let mut conn = Conn::open(&ep).await?;
    let mut reader = EventReader::new(conn.post(&path, body).await?).await?;
    reader.first_event().await?;
    let joined = Instant::now();
    let mut first = (reader.events() > 1).then_some(joined);
    while reader.next_chunk().await?.is_some() {
        if first.is_none() && reader.events() > 1 {
            first = Some(Instant::now());
        }
    }
    Ok(Seen { joined, first, end: Instant::now(), events: reader.events() - 1 })
}
