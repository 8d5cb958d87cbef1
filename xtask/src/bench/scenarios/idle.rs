//! Many open streams held idle: one task that stays open, and as many `SubscribeToTask`
//! streams on it as the scale asks for, each read up to its first event (the snapshot) and
//! then left alone. The server's resident memory is read before, with all of them open,
//! and after they close; so are its open file descriptors, which show when the server
//! noticed the closes.

use super::{Problem, count};
use crate::bench::agent::Agent;
use crate::bench::cli::Scale;
use crate::bench::load::{Conn, Endpoint, EventReader, Template};
use crate::bench::report::Report;
use crate::bench::requests;
use crate::bench::sse::task_id_of;
use crate::bench::system::{open_fds, rss_kib};
use bytes::Bytes;
use futures::StreamExt;
use std::time::{Duration, Instant};

pub(crate) const SCENARIO: &str = "Idle streams";

/// Streams being opened at once: enough to be quick, few enough for the accept backlog.
const OPENING: usize = 128;

/// What one server showed.
#[derive(Debug, Default)]
struct Held {
    open: usize,
    failed: usize,
    first_error: Option<String>,
    /// RSS in KiB: before, with all streams open, after they closed.
    rss: Option<[u64; 3]>,
    /// Open file descriptors at the same moments.
    fds: Option<[usize; 3]>,
    /// How long after the client closed them the server's descriptors were back down.
    released_after: Option<Duration>,
    /// The first problem reading the process, when memory could not be read.
    unreadable: Option<String>,
}

pub(crate) async fn run(
    scale: &Scale,
    streams: usize,
    ours: &Agent,
    baseline: &Agent,
    report: &mut Report,
) -> super::Result {
    let case = count(streams, "stream");
    println!("bench: {SCENARIO} {case}");
    let o = hold(ours, streams, scale).await?;
    let b = hold(baseline, streams, scale).await?;
    for (h, agent) in [(&o, ours), (&b, baseline)] {
        // Every open stream is a socket in the server: a process that gained far fewer
        // descriptors is not the server, and its memory says nothing about streams.
        let (Some(pid), Some([before, open, _])) = (agent.pid, h.fds) else { continue };
        if open.saturating_sub(before) < h.open / 2 {
            return Err(format!(
                "process {pid} went from {before} to {open} open files while {} streams opened: it is not the \
                 server of {}",
                h.open, agent.label
            )
            .into());
        }
    }
    if o.open == 0 {
        return Err(Problem::NotApplicable(format!(
            "no stream could be opened on the task of {}; does it stay open long enough? {}",
            ours.label,
            o.first_error.as_deref().unwrap_or("")
        )));
    }
    let mut note = Vec::new();
    for (who, h) in [("ours", &o), ("baseline", &b)] {
        if h.failed > 0 {
            note.push(format!(
                "{who}: {} failed to open, first: {}",
                h.failed,
                h.first_error.as_deref().unwrap_or("?")
            ));
        }
        if let Some(why) = &h.unreadable {
            note.push(format!("{who}: {why}"));
        }
    }
    let note = (!note.is_empty()).then(|| note.join("; "));
    report.add(SCENARIO, &case, "streams held open", Some(o.open as f64), Some(b.open as f64), note);
    let rss = |h: &Held, i: usize| h.rss.map(|r| r[i] as f64);
    report.add(SCENARIO, &case, "RSS before KiB", rss(&o, 0), rss(&b, 0), None);
    report.add(SCENARIO, &case, "RSS open KiB", rss(&o, 1), rss(&b, 1), None);
    report.add(SCENARIO, &case, "RSS after close KiB", rss(&o, 2), rss(&b, 2), None);
    report.add(SCENARIO, &case, "KiB per open stream", per_stream(&o), per_stream(&b), None);
    report.add(SCENARIO, &case, "memory returned %", returned(&o), returned(&b), None);
    let fds = |h: &Held| h.fds.map(|f| format!("{}/{}/{}", f[0], f[1], f[2]));
    let released = |h: &Held| h.released_after.map(|d| d.as_secs_f64());
    let note = format!(
        "server fds before/open/after: ours {}, baseline {}",
        fds(&o).unwrap_or_else(|| "-".into()),
        fds(&b).unwrap_or_else(|| "-".into())
    );
    report.add(SCENARIO, &case, "s until fds released", released(&o), released(&b), Some(note));
    Ok(())
}

/// KiB of resident memory per open stream.
fn per_stream(h: &Held) -> Option<f64> {
    let [before, open, _] = h.rss?;
    (h.open > 0).then(|| (open as f64 - before as f64) / h.open as f64)
}

/// The share of the memory the streams took that came back after they closed, in percent.
fn returned(h: &Held) -> Option<f64> {
    let [before, open, after] = h.rss?;
    (open > before).then(|| (open as f64 - after as f64) / (open as f64 - before as f64) * 100.0)
}

async fn hold(agent: &Agent, n: usize, scale: &Scale) -> super::Result<Held> {
    let (ep, path) = (&agent.jsonrpc.ep, &agent.jsonrpc.path);
    let mut starter = Conn::open(ep).await?;
    let body = Template::new(&requests::jsonrpc_send("SendStreamingMessage")).render(0, 0);
    let mut reader = EventReader::new(starter.post(path, body).await?).await?;
    reader.first_event().await?;
    let task_id = reader.first_data().and_then(task_id_of).ok_or_else(|| super::no_task(&agent.label))?;
    let drain = tokio::spawn(async move {
        let _conn = starter;
        while let Ok(Some(_)) = reader.next_chunk().await {}
    });
    let mut held = Held::default();
    let read = |held: &mut Held| -> Option<(u64, usize)> {
        let pid = agent.pid?;
        match rss_kib(pid).and_then(|rss| Ok((rss, open_fds(pid)?))) {
            Ok(v) => Some(v),
            Err(e) => {
                held.unreadable.get_or_insert(e);
                None
            }
        }
    };
    if agent.pid.is_none() {
        held.unreadable = Some("no process id (give --pid with --url): memory not read".into());
    }
    tokio::time::sleep(scale.idle_settle).await;
    let before = read(&mut held);

    let body = Bytes::from(requests::jsonrpc_subscribe(&task_id));
    let results: Vec<Result<(Conn, EventReader), String>> = futures::stream::iter(0..n)
        .map(|_| open_one(ep.clone(), path.clone(), body.clone()))
        .buffer_unordered(OPENING)
        .collect()
        .await;
    let mut open = Vec::with_capacity(n);
    for r in results {
        match r {
            Ok(stream) => open.push(stream),
            Err(e) => {
                held.failed += 1;
                held.first_error.get_or_insert(e);
            }
        }
    }
    held.open = open.len();
    tokio::time::sleep(scale.idle_settle).await;
    let during = read(&mut held);

    drop(open);
    let closed_at = Instant::now();
    if let (Some(pid), Some((_, fds_before))) = (agent.pid, before) {
        // The server may only notice a closed stream when it next writes to it.
        while closed_at.elapsed() < scale.idle_release {
            if open_fds(pid).is_ok_and(|fds| fds <= fds_before) {
                held.released_after = Some(closed_at.elapsed());
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    tokio::time::sleep(scale.idle_settle).await;
    let after = read(&mut held);
    drain.abort();
    if let (Some(b), Some(d), Some(a)) = (before, during, after) {
        held.rss = Some([b.0, d.0, a.0]);
        held.fds = Some([b.1, d.1, a.1]);
    }
    Ok(held)
}

async fn open_one(ep: Endpoint, path: String, body: Bytes) -> Result<(Conn, EventReader), String> {
    let mut conn = Conn::open(&ep).await?;
    let mut reader = EventReader::new(conn.post(&path, body).await?).await?;
    reader.first_event().await?;
    Ok((conn, reader))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_figures() {
        let h = Held { open: 1000, rss: Some([10_000, 18_000, 11_000]), ..Held::default() };
        assert_eq!(per_stream(&h), Some(8.0));
        assert_eq!(returned(&h), Some(87.5));
        let unread = Held { open: 1000, ..Held::default() };
        assert_eq!(per_stream(&unread), None);
        let flat = Held { open: 10, rss: Some([100, 100, 100]), ..Held::default() };
        assert_eq!(returned(&flat), None);
    }
}
