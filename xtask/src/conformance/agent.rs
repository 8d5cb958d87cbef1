//! Builds and starts `examples/conformance-agent` on a free loopback port, for runs
//! without `--url`; stops it when dropped.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// How long the agent may take to print its address once started.
const STARTUP: Duration = Duration::from_secs(20);

/// The running agent.
#[derive(Debug)]
pub(crate) struct Agent {
    child: Child,
    pub(crate) url: String,
}

impl Agent {
    /// Builds the agent (debug profile, as CI's test step already did) and starts it.
    pub(crate) fn start(root: &Path) -> Result<Agent, String> {
        let exe = build(root)?;
        let mut child = Command::new(&exe)
            .env("A2A_ADDR", "127.0.0.1:0")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("starting {}: {e}", exe.display()))?;
        let stdout = child.stdout.take().expect("stdout is piped");
        let (tx, rx) = mpsc::channel();
        // The agent prints its address on its first line; the thread then keeps draining
        // the pipe so the agent never blocks writing to it.
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            let _ = tx.send(lines.next());
            for _ in lines {}
        });
        let first = match rx.recv_timeout(STARTUP) {
            Ok(Some(Ok(line))) => line,
            other => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("the conformance agent did not print its address ({other:?})"));
            }
        };
        let Some(at) = first.find("http://") else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("the conformance agent printed {first:?}, not its address"));
        };
        let url = first[at..].trim().to_string();
        Ok(Agent { child, url })
    }
}

impl Drop for Agent {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `cargo build -p conformance-agent`, returning the executable cargo reports.
fn build(root: &Path) -> Result<PathBuf, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["build", "--quiet", "-p", "conformance-agent", "--message-format=json-render-diagnostics"])
        .current_dir(root)
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("running cargo build: {e}"))?;
    if !out.status.success() {
        return Err(format!("cargo build -p conformance-agent failed ({})", out.status));
    }
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == "conformance-agent")
        .find_map(|m| m["executable"].as_str().map(PathBuf::from))
        .ok_or_else(|| "cargo build did not report the conformance-agent executable".to_string())
}
