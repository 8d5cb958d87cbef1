//! `cargo xtask bench`: measured speed and memory of A2A servers, each figure next to a
//! bare hyper baseline measured in the same run. See `docs/performance.md`.
//!
//! `cargo xtask` runs a debug build, too slow to generate load. So the command first
//! builds itself and the example agents with `cargo build --release`, then runs the
//! release build of itself (the runner) with the same arguments; the runner starts the
//! agents and the baseline as child processes on loopback ports and drives the scenarios.

mod agent;
mod baseline;
mod cli;
mod load;
mod process;
mod record;
mod report;
mod requests;
mod scenarios;
mod sse;
mod stats;
mod system;

use agent::{Agent, Binding};
use cli::{Options, Scale};
use load::Endpoint;
use process::Server;
use report::Report;
use scenarios::Problem;
use std::path::{Path, PathBuf};

/// Set in the runner's environment, with the paths of the agents it may start.
const RUNNER: &str = "A2A_BENCH_RUNNER";
const ECHO_BIN: &str = "A2A_BENCH_ECHO";
const STREAMING_BIN: &str = "A2A_BENCH_STREAMING";

/// The hidden flag that makes the runner's child the baseline server.
const SERVE_BASELINE: &str = "--serve-baseline";

/// File descriptors a server gets, enough for the idle-streams scenario.
const SERVER_NOFILE: u64 = 65_536;

/// Runs `cargo xtask bench` with `args` (the arguments after `bench`).
pub(crate) fn run(args: &[String]) -> Result<(), String> {
    if args.first().map(String::as_str) == Some(SERVE_BASELINE) {
        let dir = args.get(1).ok_or("--serve-baseline needs the directory of recordings")?;
        return baseline::serve(Path::new(dir));
    }
    let opts = cli::parse(args)?;
    if std::env::var_os(RUNNER).is_none() {
        return launch(&opts, args);
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("could not start a runtime: {e}"))?;
    rt.block_on(async {
        // Returning drops every child handle, which kills the child.
        tokio::select! {
            r = bench(&opts, args) => r,
            _ = tokio::signal::ctrl_c() => Err("interrupted".to_string()),
        }
    })
}

/// Builds the release binaries and runs the release bench with the same arguments.
fn launch(opts: &Options, args: &[String]) -> Result<(), String> {
    let root = crate::project_root();
    let mut packages = vec!["xtask", "bench-client"];
    if opts.url.is_none() {
        packages.extend(["echo", "streaming"]);
    }
    let bins = process::build_release(&root, &packages)?;
    let path = |name: &str| bins.get(name).cloned().ok_or_else(|| format!("cargo built no `{name}` binary"));
    let mut cmd = std::process::Command::new(path("xtask")?);
    cmd.arg("bench").args(args).env(RUNNER, "1").env(scenarios::client::BIN_ENV, path("bench-client")?);
    if opts.url.is_none() {
        cmd.env(ECHO_BIN, path("echo")?).env(STREAMING_BIN, path("streaming")?);
    }
    let status = cmd.status().map_err(|e| format!("could not run the release bench: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("the bench failed ({status})")) }
}

/// The directory of recordings handed to the baseline; removed when dropped.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

async fn bench(opts: &Options, args: &[String]) -> Result<(), String> {
    let scale = if opts.quick { Scale::quick() } else { Scale::full() };
    let machine = system::Machine::this();
    let command = format!("cargo xtask bench {}", args.join(" ")).trim_end().to_string();
    let what = match &opts.url {
        Some(url) => format!("the agent at {url}"),
        None => "the echo and streaming examples (release build)".to_string(),
    };
    println!(
        "bench: {what}; {} cores of {}; {}",
        machine.cores,
        machine.cpu,
        if opts.quick { "quick" } else { "full" }
    );
    let mut report = Report::new(command, opts.quick, what, machine);
    if let Some(load) = report.load_average[0].filter(|&l| l > 0.5) {
        println!("bench: warning: the load average is {load:.2}; other work on the machine skews the figures");
    }

    // The bench holds one socket per idle stream, plus a few.
    let want = scale.idle_streams as u64 + 256;
    let nofile = system::raise_nofile(want);
    let idle_streams = if nofile >= want { scale.idle_streams } else { nofile.saturating_sub(256) as usize };
    if idle_streams < scale.idle_streams {
        println!("bench: open-file limit {nofile}: holding {idle_streams} idle streams, not {}", scale.idle_streams);
    }

    let source = match &opts.url {
        Some(url) => {
            let idle_elsewhere = opts.url_for.iter().any(|(s, _)| s == "idle");
            let default = agent::discover("agent", url, if idle_elsewhere { None } else { opts.pid }).await?;
            let mut by_scenario = Vec::new();
            for (scenario, url) in &opts.url_for {
                let pid = if scenario == "idle" { opts.pid } else { None };
                by_scenario.push((scenario.clone(), agent::discover(&format!("agent ({scenario})"), url, pid).await?));
            }
            Source::Given { default, by_scenario }
        }
        None => Source::Examples { echo: env_path(ECHO_BIN)?, streaming: env_path(STREAMING_BIN)? },
    };
    // The agents for SendMessage and for streaming; their answers are what the baseline replays.
    let (mut echo, mut streaming) = (None, None);
    let send_agent = source.agent("send", &mut echo, "echo", Example::Echo, &[]).await?;
    let pacing = streaming_env(scale.stream_events.saturating_sub(3), 0, 0);
    let stream_agent = source.agent("stream", &mut streaming, "streaming", Example::Streaming, &pacing).await?;
    let whole_stream = ["stream", "client", "fanout"].iter().any(|s| opts.wants(s));
    let recorded = record::record(opts.wants("send").then_some(&send_agent), &stream_agent, whole_stream).await?;
    let dir = TempDir(std::env::temp_dir().join(format!("a2a-bench-{}", std::process::id())));
    recorded.save(&dir.0)?;
    let exe = std::env::current_exe().map_err(|e| format!("could not find the running bench: {e}"))?;
    let dir_arg = dir.0.display().to_string();
    let mut base_server =
        Server::start("baseline", &exe, &["bench", SERVE_BASELINE, &dir_arg], &[], SERVER_NOFILE).await?;
    let base = baseline_agent(&base_server, recorded.rest.is_some())?;

    if opts.wants("send") {
        let r = scenarios::send::run(&scale, &send_agent, &base, &mut report).await;
        outcome(&mut report, scenarios::send::SCENARIO, r);
    }
    stop(&mut echo).await;
    if opts.wants("stream") {
        let r = scenarios::stream::run(&scale, &stream_agent, &base, &mut report).await;
        outcome(&mut report, scenarios::stream::SCENARIO, r);
    }
    stop(&mut streaming).await;
    if opts.wants("client") {
        let r = scenarios::client::run(&scale, &recorded.stream, &mut report).await;
        outcome(&mut report, scenarios::client::SCENARIO, r);
    }
    if opts.wants("fanout") {
        // The agent holds its task while subscribers join, then emits without pause: its
        // first update comes before the hold; the other steps - 1, an artifact and the
        // completion after it.
        let hold = scale.fanout_hold.as_millis() as u64;
        let pacing = streaming_env(scale.fanout_events.saturating_sub(1), 0, hold);
        let mut slot = None;
        let r = match source.agent("fanout", &mut slot, "streaming (fan-out)", Example::Streaming, &pacing).await {
            Ok(a) => scenarios::fanout::run(&scale, &a, &base, &mut report).await,
            Err(e) => Err(e.into()),
        };
        outcome(&mut report, scenarios::fanout::SCENARIO, r);
        stop(&mut slot).await;
    }
    if opts.wants("idle") {
        // The agent sends one update and then holds its task open for an hour.
        let pacing = streaming_env(1, 0, 3_600_000);
        let mut slot = None;
        let r = match source.agent("idle", &mut slot, "streaming (idle)", Example::Streaming, &pacing).await {
            Ok(a) => scenarios::idle::run(&scale, idle_streams, &a, &base, &mut report).await,
            Err(e) => Err(e.into()),
        };
        outcome(&mut report, scenarios::idle::SCENARIO, r);
        stop(&mut slot).await;
    }
    if let Err(e) = base_server.check_alive() {
        report.fail("baseline", e);
    }
    base_server.stop().await;

    judge(&mut report, &scale);
    report.load_average[1] = system::load_average();
    println!("\n{}", report.table());
    if let Some(path) = &opts.json {
        std::fs::write(path, report.to_json()).map_err(|e| format!("could not write {}: {e}", path.display()))?;
        println!("bench: wrote {}", path.display());
    }
    if report.failed.is_empty() { Ok(()) } else { Err(format!("{} scenario(s) failed", report.failed.len())) }
}

/// The example agents the bench can start.
#[derive(Debug, Clone, Copy)]
enum Example {
    Echo,
    Streaming,
}

/// Where the agents under test come from.
#[derive(Debug)]
enum Source {
    /// The examples, started as needed from these binaries.
    Examples { echo: PathBuf, streaming: PathBuf },
    /// Agents given by URL: one for each scenario named, the default for the others.
    Given { default: Agent, by_scenario: Vec<(String, Agent)> },
}

impl Source {
    /// The agent for a scenario: the one given for it, or the example started with `env`
    /// (its process kept in `slot`).
    async fn agent(
        &self,
        scenario: &str,
        slot: &mut Option<Server>,
        name: &str,
        example: Example,
        env: &[(&'static str, String)],
    ) -> Result<Agent, String> {
        let bin = match (self, example) {
            (Self::Given { default, by_scenario }, _) => {
                let given = by_scenario.iter().find(|(s, _)| s == scenario).map(|(_, a)| a);
                return Ok(given.unwrap_or(default).clone());
            }
            (Self::Examples { echo, .. }, Example::Echo) => echo,
            (Self::Examples { streaming, .. }, Example::Streaming) => streaming,
        };
        let server = slot.insert(Server::start(name, bin, &[], env, SERVER_NOFILE).await?);
        agent::discover(name, &server.url, Some(server.pid)).await
    }
}

/// Stops the server in `slot`, if any.
async fn stop(slot: &mut Option<Server>) {
    if let Some(s) = slot.take() {
        s.stop().await;
    }
}

fn env_path(var: &str) -> Result<PathBuf, String> {
    std::env::var_os(var)
        .map(PathBuf::from)
        .ok_or_else(|| format!("{var} is not set: run the bench with `cargo xtask bench`"))
}

/// The streaming example's pacing variables.
fn streaming_env(steps: usize, delay_ms: u64, hold_ms: u64) -> Vec<(&'static str, String)> {
    vec![
        ("STREAMING_STEPS", steps.to_string()),
        ("STREAMING_DELAY_MS", delay_ms.to_string()),
        ("STREAMING_HOLD_MS", hold_ms.to_string()),
    ]
}

/// The baseline as an agent: JSON-RPC at `/`, REST routes at the root when the agent
/// under test has them.
fn baseline_agent(server: &Server, rest: bool) -> Result<Agent, String> {
    let url = agent::parse_http_url(&server.url)?;
    let addr =
        format!("{}:{}", url.host, url.port).parse().map_err(|e| format!("baseline address {}: {e}", server.url))?;
    let ep = Endpoint::from_addr(addr);
    Ok(Agent {
        label: "baseline".into(),
        jsonrpc: Binding { ep: ep.clone(), path: "/".into() },
        rest: rest.then(|| Binding { ep, path: String::new() }),
        pid: Some(server.pid),
    })
}

/// Records why a scenario produced no figures: skipped, or a failure of the run.
fn outcome(report: &mut Report, scenario: &str, r: scenarios::Result) {
    match r {
        Ok(()) => {}
        Err(Problem::NotApplicable(why)) => {
            println!("bench: {scenario} skipped: {why}");
            report.skip(scenario, why);
        }
        Err(Problem::Broken(e)) => {
            eprintln!("bench: {scenario} failed: {e}");
            report.fail(scenario, e);
        }
    }
}

/// Judges the project's targets on the figures measured.
fn judge(report: &mut Report, scale: &Scale) {
    use scenarios::{count, idle, send, stream};
    for binding in ["JSON-RPC", "REST"] {
        for &c in &scale.send_concurrency {
            let case = format!("{binding}, {}", count(c, "conn"));
            if let Some(row) = report.find(send::SCENARIO, &case, "requests/s") {
                let ratio = row.ratio;
                report.target(format!("SendMessage {case}: throughput >= 0.5x baseline"), ratio, |x| x >= 0.5);
            }
        }
    }
    let ttfe = report.find(stream::SCENARIO, &count(1, "stream"), "first event p50 ms").and_then(|r| r.ours);
    report.target("time to first event p50 < 1 ms at 1 stream", ttfe, |x| x < 1.0);
    let per_stream = report.rows.iter().find(|r| r.scenario == idle::SCENARIO && r.figure == "KiB per open stream");
    let per_stream = per_stream.and_then(|r| r.ours);
    report.target("memory per idle open stream < 16 KiB", per_stream, |x| x < 16.0);
}
