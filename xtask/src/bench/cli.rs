//! The command line of `cargo xtask bench`, and the scale of a run (full or `--quick`).

use std::path::PathBuf;
use std::time::Duration;

pub(crate) const USAGE: &str = "\
usage: cargo xtask bench [--url URL [--url-for SCENARIO=URL]... [--pid PID]] [--quick]
                         [--json FILE] [--only LIST]

Runs a load generator over loopback against A2A agents and, in the same run, against a
bare hyper server that answers the same requests with pre-encoded bytes (the baseline).

  (no --url)   builds the `echo` and `streaming` examples in release mode and measures them
  --url URL    measures the agent at URL instead (any A2A v1.0 server, over plain http)
  --url-for SCENARIO=URL
               with --url: the agent for one scenario (stream, fanout and idle need a
               task that streams; fanout and idle one that stays open for a while)
  --pid PID    with --url: the process id of the idle scenario's agent, to read its memory
  --quick      small counts and short durations: proves the bench works, measures little
  --json FILE  also writes the report as JSON to FILE
  --only LIST  runs only these scenarios, comma-separated: send, stream, client, fanout, idle
               (for profiling one of them)
";

/// The scenarios, by the names `--only` takes.
pub(crate) const SCENARIOS: [&str; 5] = ["send", "stream", "client", "fanout", "idle"];

/// What the user asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Options {
    /// An agent to measure instead of the examples.
    pub(crate) url: Option<String>,
    /// Agents for single scenarios, by scenario name, instead of `url`.
    pub(crate) url_for: Vec<(String, String)>,
    /// The process id of the idle scenario's agent, for memory figures.
    pub(crate) pid: Option<u32>,
    /// Scale everything down.
    pub(crate) quick: bool,
    /// Where to write the JSON report.
    pub(crate) json: Option<PathBuf>,
    /// The scenarios to run; empty for all.
    pub(crate) only: Vec<String>,
}

impl Options {
    /// Whether to run the scenario of this name.
    pub(crate) fn wants(&self, scenario: &str) -> bool {
        self.only.is_empty() || self.only.iter().any(|s| s == scenario)
    }
}

/// Parses the arguments after `bench`.
pub(crate) fn parse(args: &[String]) -> Result<Options, String> {
    let mut opts = Options::default();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or_else(|| format!("{name} needs a value\n\n{USAGE}"));
        match arg.as_str() {
            "--url" => opts.url = Some(value("--url")?),
            "--url-for" => {
                let v = value("--url-for")?;
                let (name, url) = v.split_once('=').ok_or_else(|| format!("--url-for {v:?}: write SCENARIO=URL"))?;
                opts.url_for.push((known(name.trim())?.to_string(), url.trim().to_string()));
            }
            "--pid" => {
                let v = value("--pid")?;
                opts.pid = Some(v.parse().map_err(|_| format!("--pid {v:?} is not a process id"))?);
            }
            "--quick" => opts.quick = true,
            "--json" => opts.json = Some(PathBuf::from(value("--json")?)),
            "--only" => {
                for name in value("--only")?.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                    opts.only.push(known(name)?.to_string());
                }
            }
            "-h" | "--help" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown option `{other}`\n\n{USAGE}")),
        }
    }
    if (opts.pid.is_some() || !opts.url_for.is_empty()) && opts.url.is_none() {
        return Err(format!("--pid and --url-for go with --url: the bench knows its own agents\n\n{USAGE}"));
    }
    Ok(opts)
}

/// `name` if it names a scenario.
fn known(name: &str) -> Result<&str, String> {
    if SCENARIOS.contains(&name) {
        Ok(name)
    } else {
        Err(format!("no scenario `{name}`; there are {}", SCENARIOS.join(", ")))
    }
}

/// How long and how large each scenario is.
#[derive(Debug, Clone)]
pub(crate) struct Scale {
    /// Load before measuring starts, to warm connections, caches and allocators.
    pub(crate) warmup: Duration,
    /// How long each closed-loop measurement lasts.
    pub(crate) measure: Duration,
    /// Closed loops alternate between the server under test and the baseline this many
    /// times; rates are the median of the rounds, so a burst of other work on the machine
    /// skews one round rather than one side.
    pub(crate) rounds: usize,
    /// Concurrent connections for `SendMessage`.
    pub(crate) send_concurrency: Vec<usize>,
    /// Concurrent streams for `SendStreamingMessage`.
    pub(crate) stream_concurrency: Vec<usize>,
    /// Events per stream the streaming agent is asked for.
    pub(crate) stream_events: usize,
    /// Subscribers of the one task in the fan-out scenario.
    pub(crate) fanout_subscribers: usize,
    /// Events the fan-out task emits after its subscribers joined.
    pub(crate) fanout_events: usize,
    /// How long the fan-out task waits for its subscribers before emitting.
    pub(crate) fanout_hold: Duration,
    /// Fan-out tasks run one after another; their deliveries add up.
    pub(crate) fanout_rounds: usize,
    /// Idle streams held open at once.
    pub(crate) idle_streams: usize,
    /// How long to let the server settle before reading its memory.
    pub(crate) idle_settle: Duration,
    /// How long to wait, at most, for the server to let go of closed streams.
    pub(crate) idle_release: Duration,
    /// Events in the recorded stream the client parses.
    pub(crate) client_events: usize,
}

impl Scale {
    /// The real measurement.
    pub(crate) fn full() -> Self {
        Self {
            warmup: Duration::from_millis(500),
            measure: Duration::from_millis(1500),
            rounds: 3,
            send_concurrency: vec![1, 16, 64],
            stream_concurrency: vec![1, 16],
            stream_events: 100,
            fanout_subscribers: 100,
            fanout_events: 200,
            fanout_hold: Duration::from_millis(1000),
            fanout_rounds: 5,
            idle_streams: 10_000,
            idle_settle: Duration::from_secs(2),
            idle_release: Duration::from_secs(20),
            client_events: 200_000,
        }
    }

    /// A run that proves every scenario works, in seconds rather than minutes.
    pub(crate) fn quick() -> Self {
        Self {
            warmup: Duration::from_millis(200),
            measure: Duration::from_millis(500),
            rounds: 1,
            fanout_hold: Duration::from_millis(300),
            fanout_rounds: 1,
            idle_streams: 1_000,
            idle_settle: Duration::from_millis(500),
            idle_release: Duration::from_secs(20),
            client_events: 20_000,
            ..Self::full()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_string()).collect()
    }

    #[test]
    fn parses_every_option() {
        let opts =
            parse(&args(&["--url", "http://127.0.0.1:9", "--pid", "42", "--quick", "--json", "r.json"])).unwrap();
        assert_eq!(
            opts,
            Options {
                url: Some("http://127.0.0.1:9".into()),
                url_for: Vec::new(),
                pid: Some(42),
                quick: true,
                json: Some(PathBuf::from("r.json")),
                only: Vec::new(),
            }
        );
        let per = parse(&args(&["--url", "http://a", "--url-for", "idle = http://b"])).unwrap();
        assert_eq!(per.url_for, vec![("idle".to_string(), "http://b".to_string())]);
        let only = parse(&args(&["--only", "send, idle"])).unwrap();
        assert!(only.wants("send") && only.wants("idle") && !only.wants("stream"));
        assert!(Options::default().wants("stream"));
        assert_eq!(parse(&[]).unwrap(), Options::default());
    }

    #[test]
    fn rejects_bad_arguments() {
        assert!(parse(&args(&["--url"])).unwrap_err().starts_with("--url needs a value"));
        assert!(parse(&args(&["--pid", "x", "--url", "u"])).unwrap_err().contains("not a process id"));
        assert!(parse(&args(&["--pid", "1"])).unwrap_err().starts_with("--pid and --url-for go with --url"));
        assert!(parse(&args(&["--url-for", "idle=u"])).unwrap_err().starts_with("--pid and --url-for go with"));
        assert!(parse(&args(&["--url", "u", "--url-for", "idle"])).unwrap_err().contains("write SCENARIO=URL"));
        assert!(parse(&args(&["--url", "u", "--url-for", "nap=u"])).unwrap_err().contains("no scenario `nap`"));
        assert!(parse(&args(&["--fast"])).unwrap_err().starts_with("unknown option `--fast`"));
        assert!(parse(&args(&["--only", "sned"])).unwrap_err().starts_with("no scenario `sned`"));
    }

    #[test]
    fn quick_is_smaller_than_full() {
        let (q, f) = (Scale::quick(), Scale::full());
        assert!(q.measure < f.measure && q.idle_streams < f.idle_streams && q.client_events < f.client_events);
        // The shape of the scenarios stays the same.
        assert_eq!(q.send_concurrency, f.send_concurrency);
        assert_eq!(q.fanout_subscribers, f.fanout_subscribers);
    }
}
