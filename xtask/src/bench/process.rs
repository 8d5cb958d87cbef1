//! Child processes: building the agents in release mode, starting them on a free loopback
//! port with a raised open-file limit, and stopping them, also on error and Ctrl-C (each
//! child is killed when its handle is dropped).

use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;
use tokio::io::AsyncBufReadExt;

/// How long a server may take to start listening.
const START_TIMEOUT: Duration = Duration::from_secs(15);

/// Builds `packages` with `cargo build --release` and returns each binary's path by name.
pub(crate) fn build_release(root: &Path, packages: &[&str]) -> Result<BTreeMap<String, PathBuf>, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = std::process::Command::new(cargo);
    cmd.args(["build", "--release", "--message-format=json-render-diagnostics"]).current_dir(root);
    for p in packages {
        cmd.args(["-p", p]);
    }
    println!("bench: cargo build --release -p {}", packages.join(" -p "));
    let mut child = cmd.stdout(Stdio::piped()).spawn().map_err(|e| format!("could not run cargo: {e}"))?;
    let stdout = child.stdout.take().expect("stdout is piped");
    let mut bins = BTreeMap::new();
    for line in std::io::BufReader::new(stdout).lines() {
        let line = line.map_err(|e| format!("reading cargo's output: {e}"))?;
        if let Some((name, path)) = executable(&line) {
            bins.insert(name, path);
        }
    }
    let status = child.wait().map_err(|e| format!("waiting for cargo: {e}"))?;
    if !status.success() {
        return Err(format!("cargo build --release failed ({status})"));
    }
    Ok(bins)
}

/// The binary named by one line of cargo's JSON messages, if it names one.
fn executable(line: &str) -> Option<(String, PathBuf)> {
    let msg: serde_json::Value = serde_json::from_str(line).ok()?;
    if msg.get("reason")?.as_str()? != "compiler-artifact" {
        return None;
    }
    let path = msg.get("executable")?.as_str()?;
    let name = msg.get("target")?.get("name")?.as_str()?;
    Some((name.to_string(), PathBuf::from(path)))
}

/// A server process started by the bench. Dropping it kills the process.
#[derive(Debug)]
pub(crate) struct Server {
    /// How reports name it.
    pub(crate) name: String,
    /// Its process id (the shell that started it `exec`s it, so the id is the server's).
    pub(crate) pid: u32,
    /// `http://host:port`, as it printed it.
    pub(crate) url: String,
    child: tokio::process::Child,
}

impl Server {
    /// Starts `program` with `A2A_ADDR=127.0.0.1:0` and `env`, under an open-file limit of
    /// `nofile` (or the hard limit if that is lower and cannot be raised), and waits for it
    /// to print `... listening on http://ADDR`.
    pub(crate) async fn start(
        name: &str,
        program: &Path,
        args: &[&str],
        env: &[(&str, String)],
        nofile: u64,
    ) -> Result<Self, String> {
        let script = format!("ulimit -n {nofile} 2>/dev/null || ulimit -n \"$(ulimit -Hn)\"; exec \"$0\" \"$@\"");
        let mut cmd = tokio::process::Command::new("sh");
        cmd.arg("-c").arg(script).arg(program).args(args);
        cmd.env("A2A_ADDR", "127.0.0.1:0");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::inherit()).kill_on_drop(true);
        let mut child = cmd.spawn().map_err(|e| format!("could not start {name} ({}): {e}", program.display()))?;
        let pid = child.id().ok_or_else(|| format!("{name} exited at once"))?;
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut lines = tokio::io::BufReader::new(stdout).lines();
        let listening = async {
            while let Some(line) = lines.next_line().await.map_err(|e| format!("reading {name}'s output: {e}"))? {
                if let Some(url) = line.split("listening on ").nth(1) {
                    return Ok(url.trim().to_string());
                }
            }
            Err(format!("{name} exited before it listened"))
        };
        let url = match tokio::time::timeout(START_TIMEOUT, listening).await {
            Ok(r) => r?,
            Err(_) => return Err(format!("{name} did not listen within {START_TIMEOUT:?}")),
        };
        // Keep reading, so that a chatty server never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Ok(Self { name: name.to_string(), pid, url, child })
    }

    /// Whether the process is still running; an error naming how it ended otherwise.
    pub(crate) fn check_alive(&mut self) -> Result<(), String> {
        match self.child.try_wait() {
            Ok(None) => Ok(()),
            Ok(Some(status)) => Err(format!("{} exited ({status})", self.name)),
            Err(e) => Err(format!("could not check on {}: {e}", self.name)),
        }
    }

    /// Kills the process and waits for it.
    pub(crate) async fn stop(mut self) {
        let _ = self.child.kill().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_executables_in_cargo_messages() {
        let line =
            r#"{"reason":"compiler-artifact","target":{"name":"echo","kind":["bin"]},"executable":"/t/release/echo"}"#;
        assert_eq!(executable(line), Some(("echo".into(), PathBuf::from("/t/release/echo"))));
        let lib = r#"{"reason":"compiler-artifact","target":{"name":"streaming","kind":["lib"]},"executable":null}"#;
        assert_eq!(executable(lib), None);
        assert_eq!(executable(r#"{"reason":"build-finished","success":true}"#), None);
        assert_eq!(executable("Compiling foo"), None);
    }
}
