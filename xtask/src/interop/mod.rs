//! `cargo xtask interop`: interoperability with the official A2A Python SDK of the 0.3 line,
//! in both directions. `docs/interop.md` says what is checked and which versions are pinned.
//!
//! A: the SDK's 0.3 client (`xtask/interop/client_v0_3.py`) against our example agents.
//! B: our client (`xtask/interop-client`) against an agent written with the SDK
//!    (`xtask/interop/server_v0_3.py`).

mod process;
mod venv;

pub(crate) use venv::find_python;

use process::{Service, Tally};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// How long the build of the Rust programs may take (a cold one included).
const BUILD_TIMEOUT: Duration = Duration::from_secs(1800);
/// How long a server may take to say where it listens.
const START_TIMEOUT: Duration = Duration::from_secs(60);
/// How long one side's checks may take together (each check has its own 20 s bound).
const CHECKS_TIMEOUT: Duration = Duration::from_secs(300);

/// The binaries the checks need, by package.
const BINARIES: [&str; 3] = ["streaming", "conformance-agent", "interop-client"];

/// Sets up the venv, builds, runs both sides, and fails if any check did.
pub(crate) fn run(args: &[String]) -> Result<(), String> {
    if !args.is_empty() {
        return Err("usage: cargo xtask interop".into());
    }
    let root = crate::project_root();
    let scripts = root.join("xtask/interop");
    let python = find_python().ok_or_else(|| {
        format!(
            "no Python 3.10 or newer found (tried ${}, python3.11, python3.12, python3.13, python3.10, python3)",
            venv::PYTHON_VAR
        )
    })?;
    let venv_python =
        venv::ensure(&python, &target_dir(&root).join("interop-venv"), &scripts.join("requirements.txt"))?;
    let binaries = build(&root)?;

    let mut total = Tally::default();
    println!("interop: A: the a2a-sdk 0.3 Python client against our server");
    add(&mut total, python_client_against_our_agents(&binaries, &venv_python, &scripts));
    println!("interop: B: our client against an a2a-sdk 0.3 Python server");
    add(&mut total, our_client_against_python_agent(&binaries, &venv_python, &scripts));

    println!("interop: {} passed, {} failed", total.passed, total.failed);
    if total.failed > 0 {
        return Err(format!("{} interop check(s) failed", total.failed));
    }
    Ok(())
}

/// Adds one side's outcome; a side that could not start its servers counts as one failure.
fn add(total: &mut Tally, side: Result<Tally, String>) {
    match side {
        Ok(tally) => {
            total.passed += tally.passed;
            total.failed += tally.failed;
        }
        Err(why) => {
            println!("  FAIL setting up: {why}");
            total.failed += 1;
        }
    }
}

/// A: both example agents, and `client_v0_3.py` against them.
fn python_client_against_our_agents(
    bins: &BTreeMap<String, PathBuf>,
    python: &Path,
    scripts: &Path,
) -> Result<Tally, String> {
    let mut streaming = Service::start("examples/streaming", agent(&bins["streaming"]), START_TIMEOUT)?;
    let mut conformance =
        Service::start("examples/conformance-agent", agent(&bins["conformance-agent"]), START_TIMEOUT)?;
    let mut client = python_command(python, scripts, "client_v0_3.py");
    client.args(["--streaming-url", &streaming.url, "--conformance-url", &conformance.url]);
    let tally = process::run_checks("client_v0_3.py", client, CHECKS_TIMEOUT);
    if tally.failed > 0 {
        println!("{}{}", streaming.report(), conformance.report());
    }
    Ok(tally)
}

/// B: the Python agent, and `interop-client` against it.
fn our_client_against_python_agent(
    bins: &BTreeMap<String, PathBuf>,
    python: &Path,
    scripts: &Path,
) -> Result<Tally, String> {
    let mut server = python_command(python, scripts, "server_v0_3.py");
    server.arg("--watch-stdin");
    let mut agent = Service::start("server_v0_3.py", server, START_TIMEOUT)?;
    let mut client = Command::new(&bins["interop-client"]);
    client.arg(&agent.url);
    let tally = process::run_checks("interop-client", client, CHECKS_TIMEOUT);
    if tally.failed > 0 {
        println!("{}", agent.report());
    }
    Ok(tally)
}

/// One of our example agents, on a free loopback port.
fn agent(binary: &Path) -> Command {
    let mut cmd = Command::new(binary);
    cmd.env("A2A_ADDR", "127.0.0.1:0");
    cmd
}

/// One of the Python scripts, run by the venv's interpreter from their directory.
fn python_command(python: &Path, scripts: &Path, script: &str) -> Command {
    let mut cmd = Command::new(python);
    cmd.arg(script)
        .current_dir(scripts)
        .env("PYTHONUNBUFFERED", "1")
        // Keep the source tree free of __pycache__ directories.
        .env("PYTHONDONTWRITEBYTECODE", "1");
    cmd
}

/// Where cargo builds: `$CARGO_TARGET_DIR`, or `target/` in the workspace.
fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), |dir| root.join(dir))
}

/// Builds the Rust programs and returns their executables, by package name, as cargo
/// reports them (so a custom target directory is honoured).
fn build(root: &Path) -> Result<BTreeMap<String, PathBuf>, String> {
    println!("interop: building {}", BINARIES.join(", "));
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(root).args(["build", "--message-format=json-render-diagnostics"]);
    for package in BINARIES {
        cmd.args(["-p", package]);
    }
    let messages = process::output("cargo build", cmd, BUILD_TIMEOUT)?;
    let mut found = BTreeMap::new();
    for line in messages.lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        if let (Some(name), Some(exe)) = (message["target"]["name"].as_str(), message["executable"].as_str()) {
            found.insert(name.to_string(), PathBuf::from(exe));
        }
    }
    match BINARIES.iter().find(|b| !found.contains_key(**b)) {
        Some(missing) => Err(format!("cargo build reported no executable for {missing}")),
        None => Ok(found),
    }
}
