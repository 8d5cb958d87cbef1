//! What the bench reads from Linux's `/proc`: a process's resident memory and open file
//! descriptors, the open-file limit, and a description of the machine.

use serde::Serialize;
use std::process::Command;

/// A process's resident set size (`VmRSS`), in KiB.
pub(crate) fn rss_kib(pid: u32) -> Result<u64, String> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .map_err(|e| format!("could not read /proc/{pid}/status: {e}"))?;
    parse_vm_rss(&status).ok_or_else(|| format!("/proc/{pid}/status has no VmRSS line"))
}

fn parse_vm_rss(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line["VmRSS:".len()..].split_whitespace().next()?.parse().ok()
}

/// How many file descriptors a process has open.
pub(crate) fn open_fds(pid: u32) -> Result<usize, String> {
    Ok(std::fs::read_dir(format!("/proc/{pid}/fd")).map_err(|e| format!("could not list /proc/{pid}/fd: {e}"))?.count())
}

/// This process's open-file limit, (soft, hard).
pub(crate) fn nofile_limit() -> Option<(u64, u64)> {
    parse_nofile(&std::fs::read_to_string("/proc/self/limits").ok()?)
}

fn parse_nofile(limits: &str) -> Option<(u64, u64)> {
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    let mut nums = line["Max open files".len()..].split_whitespace().map(|v| match v {
        "unlimited" => Some(u64::MAX),
        v => v.parse().ok(),
    });
    Some((nums.next()??, nums.next()??))
}

/// Raises this process's open-file limit to at least `want` if it can, with util-linux's
/// `prlimit` (the workspace forbids the `unsafe` a direct `setrlimit` would need); returns
/// the soft limit in force afterwards.
pub(crate) fn raise_nofile(want: u64) -> u64 {
    let Some((soft, hard)) = nofile_limit() else { return 0 };
    if soft >= want {
        return soft;
    }
    let pid = std::process::id().to_string();
    // Raising the hard limit needs privileges; without them, the hard limit is the most.
    for (s, h) in [(want, want.max(hard)), (hard.min(want), hard)] {
        let ok = Command::new("prlimit")
            .args(["--pid", &pid, &format!("--nofile={s}:{h}")])
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|st| st.success());
        if ok {
            break;
        }
    }
    nofile_limit().map_or(soft, |(s, _)| s)
}

/// The 1-minute load average: how many threads wanted a CPU, on average, over the last
/// minute. Anything else running on the machine skews a benchmark.
pub(crate) fn load_average() -> Option<f64> {
    std::fs::read_to_string("/proc/loadavg").ok()?.split_whitespace().next()?.parse().ok()
}

/// The machine a run measured.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Machine {
    /// The CPU model, from `/proc/cpuinfo`.
    pub(crate) cpu: String,
    /// Logical CPUs available to the bench.
    pub(crate) cores: usize,
    /// Total memory, in MiB.
    pub(crate) memory_mib: u64,
    /// The kernel release.
    pub(crate) kernel: String,
}

impl Machine {
    /// Reads the description of this machine.
    pub(crate) fn this() -> Self {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu = cpuinfo
            .lines()
            .find(|l| l.starts_with("model name"))
            .and_then(|l| l.split_once(':'))
            .map_or_else(|| "unknown".to_string(), |(_, v)| v.trim().to_string());
        let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
        let memory_kib = meminfo
            .lines()
            .find(|l| l.starts_with("MemTotal:"))
            .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
            .unwrap_or(0);
        Self {
            cpu,
            cores: std::thread::available_parallelism().map_or(1, usize::from),
            memory_mib: memory_kib / 1024,
            kernel: std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default().trim().to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_vm_rss() {
        let status = "Name:\techo\nVmPeak:\t  99999 kB\nVmRSS:\t   12345 kB\nThreads:\t3\n";
        assert_eq!(parse_vm_rss(status), Some(12345));
        assert_eq!(parse_vm_rss("Name:\tx\n"), None);
    }

    #[test]
    fn reads_the_open_file_limit() {
        let limits = "Limit                     Soft Limit           Hard Limit           Units\n\
                      Max open files            1024                 524288               files\n";
        assert_eq!(parse_nofile(limits), Some((1024, 524288)));
        let unlimited = "Max open files            unlimited            unlimited            files\n";
        assert_eq!(parse_nofile(unlimited), Some((u64::MAX, u64::MAX)));
    }

    #[test]
    fn this_process_is_readable() {
        // The bench reads its servers the same way it reads itself here.
        let pid = std::process::id();
        assert!(rss_kib(pid).unwrap() > 0);
        assert!(open_fds(pid).unwrap() >= 3);
        assert!(nofile_limit().is_some());
        assert!(load_average().is_some_and(|l| l >= 0.0));
    }
}
