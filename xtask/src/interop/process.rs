//! Child processes with bounded waits: servers that are killed when dropped, commands run
//! with a deadline, and check programs whose `PASS`/`FAIL` lines are counted.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// A server started for the checks. Dropping it kills it, on success and failure alike.
pub(crate) struct Service {
    name: String,
    child: Child,
    /// Everything it printed, kept to show when a check fails.
    log: Arc<Mutex<Vec<String>>>,
    /// The URL it announced.
    pub(crate) url: String,
}

impl Service {
    /// Starts `cmd` and waits up to `timeout` for it to print a line containing
    /// `listening on <url>`: the servers bind their port themselves (port 0) and say which.
    pub(crate) fn start(name: &str, mut cmd: Command, timeout: Duration) -> Result<Self, String> {
        cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = cmd.spawn().map_err(|e| format!("could not start {name}: {e}"))?;
        let log = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = mpsc::channel();
        keep_lines(child.stdout.take(), Arc::clone(&log), Some(tx));
        keep_lines(child.stderr.take(), Arc::clone(&log), None);
        let mut service = Self { name: name.to_string(), child, log, url: String::new() };
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(line) => {
                    if let Some((_, url)) = line.split_once("listening on ") {
                        service.url = url.trim().to_string();
                        return Ok(service);
                    }
                }
                Err(RecvTimeoutError::Timeout) => {
                    return Err(format!(
                        "{name} did not say where it listens within {}s{}",
                        timeout.as_secs(),
                        service.log_tail()
                    ));
                }
                Err(RecvTimeoutError::Disconnected) => {
                    let status = service.child.wait().map(|s| s.to_string()).unwrap_or_else(|e| e.to_string());
                    return Err(format!("{name} exited before listening ({status});{}", service.log_tail()));
                }
            }
        }
    }

    /// Whether the server still runs, and what it printed, for a failure report: a server
    /// that died (or was killed from outside) explains checks that could not connect.
    pub(crate) fn report(&mut self) -> String {
        let state = match self.child.try_wait() {
            Ok(None) => "still running".to_string(),
            Ok(Some(status)) => format!("exited: {status}"),
            Err(e) => format!("state unknown: {e}"),
        };
        format!("\n  {} ({state}){}", self.name, self.log_tail())
    }

    /// What the server printed, indented.
    fn log_tail(&self) -> String {
        let log = self.log.lock().unwrap_or_else(|e| e.into_inner());
        let tail = log.iter().skip(log.len().saturating_sub(40)).map(|l| format!("\n    | {l}")).collect::<String>();
        if tail.is_empty() { " printed nothing".to_string() } else { format!(" printed:{tail}") }
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        // Closing stdin first lets a server that watches it leave on its own; the kill
        // makes sure of it either way.
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads `stream` line by line on its own thread until it closes, keeping each line in
/// `log` and sending it to `tx` if given. Draining is what keeps a chatty child from
/// blocking on a full pipe.
fn keep_lines(
    stream: Option<impl Read + Send + 'static>,
    log: Arc<Mutex<Vec<String>>>,
    tx: Option<mpsc::Sender<String>>,
) {
    let Some(stream) = stream else { return };
    thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            log.lock().unwrap_or_else(|e| e.into_inner()).push(line.clone());
            if let Some(tx) = &tx {
                let _ = tx.send(line);
            }
        }
    });
}

/// Sends each line of `stdout` to the returned channel, from its own thread.
fn lines_of(stdout: ChildStdout) -> Receiver<String> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// Waits for `child` until `deadline`; kills it if it is still running then.
fn wait_until(child: &mut Child, deadline: Instant) -> Result<ExitStatus, String> {
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(status),
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err("timed out, killed".to_string());
            }
            Ok(None) => thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(format!("could not wait for it: {e}")),
        }
    }
}

/// Runs `cmd` to the end, its output going to ours, killing it after `timeout`.
pub(crate) fn run(what: &str, mut cmd: Command, timeout: Duration) -> Result<(), String> {
    let mut child = cmd.stdin(Stdio::null()).spawn().map_err(|e| format!("{what}: could not start: {e}"))?;
    match wait_until(&mut child, Instant::now() + timeout) {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => Err(format!("{what} failed ({status})")),
        Err(e) => Err(format!("{what}: {e} after {}s", timeout.as_secs())),
    }
}

/// Runs `cmd` to the end and returns its standard output, killing it after `timeout`.
pub(crate) fn output(what: &str, mut cmd: Command, timeout: Duration) -> Result<String, String> {
    cmd.stdin(Stdio::null()).stdout(Stdio::piped());
    let mut child = cmd.spawn().map_err(|e| format!("{what}: could not start: {e}"))?;
    let lines = lines_of(child.stdout.take().expect("stdout is piped"));
    match wait_until(&mut child, Instant::now() + timeout) {
        // The reader ends when the pipe closes, which the exit just did.
        Ok(status) if status.success() => Ok(lines.iter().collect::<Vec<_>>().join("\n")),
        Ok(status) => Err(format!("{what} failed ({status})")),
        Err(e) => Err(format!("{what}: {e} after {}s", timeout.as_secs())),
    }
}

/// What a check program reported.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    pub(crate) passed: usize,
    pub(crate) failed: usize,
}

/// Runs a check program that prints `PASS name` / `FAIL name: why` lines: echoes them as
/// they come, counts them, and counts one more failure when the program ends badly (a
/// non-zero exit without a `FAIL` line, no check at all, or the timeout).
pub(crate) fn run_checks(what: &str, mut cmd: Command, timeout: Duration) -> Tally {
    cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::inherit());
    let mut tally = Tally::default();
    let mut child = match cmd.spawn() {
        Ok(child) => child,
        Err(e) => {
            println!("  FAIL {what}: could not start: {e}");
            tally.failed += 1;
            return tally;
        }
    };
    let lines = lines_of(child.stdout.take().expect("stdout is piped"));
    let deadline = Instant::now() + timeout;
    let mut timed_out = false;
    loop {
        match lines.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(line) => {
                if line.starts_with("PASS ") {
                    tally.passed += 1;
                } else if line.starts_with("FAIL ") {
                    tally.failed += 1;
                }
                println!("  {line}");
            }
            Err(RecvTimeoutError::Disconnected) => break,
            Err(RecvTimeoutError::Timeout) => {
                timed_out = true;
                break;
            }
        }
    }
    let status = wait_until(&mut child, if timed_out { Instant::now() } else { deadline });
    let verdict = match status {
        _ if timed_out => Some(format!("did not finish within {}s; killed", timeout.as_secs())),
        Err(e) => Some(e),
        Ok(status) if !status.success() && tally.failed == 0 => {
            Some(format!("ended with {status} without a FAIL line"))
        }
        Ok(_) if tally.passed + tally.failed == 0 => Some("ran no check".to_string()),
        Ok(_) => None,
    };
    if let Some(why) = verdict {
        println!("  FAIL {what}: {why}");
        tally.failed += 1;
    }
    tally
}
