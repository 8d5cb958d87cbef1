//! The report of a run: rows of figures with their baseline and ratio, scenarios skipped
//! or failed, and the targets; printed as a table and written as JSON.

use super::system::Machine;
use serde::Serialize;
use std::fmt::Write as _;

/// The `format` field of the JSON report; changes when its shape does.
pub(crate) const FORMAT: &str = "a2a-bench/1";

/// One measured figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Row {
    /// The scenario, such as `SendMessage`.
    pub(crate) scenario: String,
    /// Its parameters, such as `JSON-RPC, 16 conn`.
    pub(crate) case: String,
    /// What is measured, such as `requests/s`.
    pub(crate) figure: String,
    /// The figure for the server under test; `None` if it could not be measured.
    pub(crate) ours: Option<f64>,
    /// The same figure for the bare hyper baseline, where one makes sense.
    pub(crate) baseline: Option<f64>,
    /// `ours / baseline`.
    pub(crate) ratio: Option<f64>,
    /// Errors or context worth knowing when reading the figure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) note: Option<String>,
}

/// A scenario (or case) that was not measured, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Skipped {
    pub(crate) scenario: String,
    pub(crate) reason: String,
}

/// A target of the project and whether this run met it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Target {
    /// What is aimed for, in words.
    pub(crate) goal: String,
    /// The measured value it is judged on.
    pub(crate) measured: Option<f64>,
    /// `None` when the figure is missing.
    pub(crate) met: Option<bool>,
}

/// Everything a run found.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Report {
    pub(crate) format: &'static str,
    /// When the run started (UTC).
    pub(crate) date: String,
    /// The command line that produced it.
    pub(crate) command: String,
    pub(crate) quick: bool,
    /// What was measured: the examples, or a URL.
    pub(crate) server: String,
    pub(crate) machine: Machine,
    /// The machine's 1-minute load average when the run started and when it ended: other
    /// work on the machine skews every figure.
    pub(crate) load_average: [Option<f64>; 2],
    pub(crate) rows: Vec<Row>,
    pub(crate) skipped: Vec<Skipped>,
    /// Scenarios that broke: the run is then a failure.
    pub(crate) failed: Vec<Skipped>,
    pub(crate) targets: Vec<Target>,
}

impl Report {
    /// An empty report.
    pub(crate) fn new(command: String, quick: bool, server: String, machine: Machine) -> Self {
        Self {
            format: FORMAT,
            date: utc_now(),
            command,
            quick,
            server,
            machine,
            load_average: [super::system::load_average(), None],
            rows: Vec::new(),
            skipped: Vec::new(),
            failed: Vec::new(),
            targets: Vec::new(),
        }
    }

    /// Adds a figure; the ratio is computed when both sides are there.
    pub(crate) fn add(
        &mut self,
        scenario: &str,
        case: &str,
        figure: &str,
        ours: Option<f64>,
        baseline: Option<f64>,
        note: Option<String>,
    ) {
        let ratio = match (ours, baseline) {
            (Some(o), Some(b)) if b > 0.0 => Some(o / b),
            _ => None,
        };
        self.rows.push(Row {
            scenario: scenario.into(),
            case: case.into(),
            figure: figure.into(),
            ours,
            baseline,
            ratio,
            note,
        });
    }

    /// Records a scenario that was not run, and why.
    pub(crate) fn skip(&mut self, scenario: &str, reason: impl Into<String>) {
        self.skipped.push(Skipped { scenario: scenario.into(), reason: reason.into() });
    }

    /// Records a scenario that broke.
    pub(crate) fn fail(&mut self, scenario: &str, reason: impl Into<String>) {
        self.failed.push(Skipped { scenario: scenario.into(), reason: reason.into() });
    }

    /// The row with these names, if measured.
    pub(crate) fn find(&self, scenario: &str, case: &str, figure: &str) -> Option<&Row> {
        self.rows.iter().find(|r| r.scenario == scenario && r.case == case && r.figure == figure)
    }

    /// Judges a target on a value (`None` when it was not measured).
    pub(crate) fn target(&mut self, goal: impl Into<String>, measured: Option<f64>, met: impl Fn(f64) -> bool) {
        self.targets.push(Target { goal: goal.into(), measured, met: measured.map(met) });
    }

    /// The report as JSON.
    pub(crate) fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("the report always serializes")
    }

    /// The report as a table for the terminal.
    pub(crate) fn table(&self) -> String {
        let header = ["scenario", "case", "figure", "ours", "baseline", "ratio", "note"];
        let mut lines: Vec<[String; 7]> = vec![header.map(str::to_string)];
        for r in &self.rows {
            lines.push([
                r.scenario.clone(),
                r.case.clone(),
                r.figure.clone(),
                r.ours.map_or_else(|| "-".into(), number),
                r.baseline.map_or_else(|| "-".into(), number),
                r.ratio.map_or_else(String::new, |x| format!("{x:.2}x")),
                r.note.as_deref().map(shorten).unwrap_or_default(),
            ]);
        }
        let mut widths = [0usize; 7];
        for line in &lines {
            for (w, cell) in widths.iter_mut().zip(line) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let mut out = String::new();
        for (i, line) in lines.iter().enumerate() {
            let mut text = String::new();
            for (col, (cell, w)) in line.iter().zip(widths).enumerate() {
                let pad = w - cell.chars().count();
                // Numbers are right-aligned, words left-aligned.
                if (3..=5).contains(&col) {
                    let _ = write!(text, "{}{cell}  ", " ".repeat(pad));
                } else {
                    let _ = write!(text, "{cell}{}  ", " ".repeat(pad));
                }
            }
            let _ = writeln!(out, "{}", text.trim_end());
            if i == 0 {
                let _ = writeln!(out, "{}", "-".repeat(widths.iter().sum::<usize>() + 2 * 6));
            }
        }
        let load = |l: Option<f64>| l.map_or_else(|| "?".to_string(), |l| format!("{l:.2}"));
        let _ = writeln!(
            out,
            "\n{} ({} cores), load average {} at the start, {} at the end",
            self.machine.cpu,
            self.machine.cores,
            load(self.load_average[0]),
            load(self.load_average[1])
        );
        if !self.targets.is_empty() {
            let _ = writeln!(out, "\ntargets:");
            for t in &self.targets {
                let verdict = match t.met {
                    Some(true) => "met",
                    Some(false) => "MISSED",
                    None => "not measured",
                };
                let value = t.measured.map(|v| format!(" (measured {})", number(v))).unwrap_or_default();
                let _ = writeln!(out, "  {verdict:<12} {}{value}", t.goal);
            }
        }
        for (title, list) in [("skipped", &self.skipped), ("FAILED", &self.failed)] {
            if !list.is_empty() {
                let _ = writeln!(out, "\n{title}:");
                for s in list {
                    let _ = writeln!(out, "  {}: {}", s.scenario, s.reason);
                }
            }
        }
        out
    }
}

/// A figure with as many digits as are worth reading: thousands grouped above 1,000,
/// three significant digits below.
pub(crate) fn number(v: f64) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    let a = v.abs();
    if a >= 1000.0 {
        let grouped = integer(a.round() as u64);
        if v < 0.0 { format!("-{grouped}") } else { grouped }
    } else if a >= 100.0 {
        format!("{v:.0}")
    } else if a >= 10.0 {
        format!("{v:.1}")
    } else if a >= 1.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.3}")
    }
}

/// A whole number with its thousands grouped: `10,000`.
pub(crate) fn integer(n: u64) -> String {
    let digits = n.to_string();
    let lead = match digits.len() % 3 {
        0 => 3,
        r => r,
    };
    let mut grouped = digits[..lead.min(digits.len())].to_string();
    for chunk in digits.as_bytes()[lead.min(digits.len())..].chunks(3) {
        grouped.push(',');
        grouped.push_str(std::str::from_utf8(chunk).expect("digits are ASCII"));
    }
    grouped
}

fn shorten(note: &str) -> String {
    const MAX: usize = 70;
    if note.chars().count() <= MAX {
        note.to_string()
    } else {
        format!("{}...", note.chars().take(MAX).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn machine() -> Machine {
        Machine { cpu: "Test CPU".into(), cores: 2, memory_mib: 1024, kernel: "6.1".into() }
    }

    fn sample() -> Report {
        let mut r = Report::new("cargo xtask bench --quick".into(), true, "examples".into(), machine());
        r.add("SendMessage", "JSON-RPC, 1 conn", "requests/s", Some(5000.0), Some(10000.0), None);
        r.add("SendMessage", "JSON-RPC, 1 conn", "p50 ms", Some(0.2), Some(0.1), Some("2 errors".into()));
        r.add("Idle streams", "1,000 streams", "KiB per stream", None, Some(3.0), None);
        r.skip("SendMessage", "REST: the agent card offers no HTTP+JSON interface");
        let rps = r.find("SendMessage", "JSON-RPC, 1 conn", "requests/s").and_then(|row| row.ratio);
        r.target("SendMessage JSON-RPC at 1 conn >= 0.5x baseline", rps, |x| x >= 0.5);
        r.target("KiB per idle stream < 16", None, |x| x < 16.0);
        r
    }

    #[test]
    fn ratios_need_both_sides() {
        let r = sample();
        assert_eq!(r.rows[0].ratio, Some(0.5));
        assert_eq!(r.rows[2].ratio, None);
        assert_eq!(r.targets[0].met, Some(true));
        assert_eq!(r.targets[1].met, None);
    }

    #[test]
    fn json_shape() {
        let json: serde_json::Value = serde_json::from_str(&sample().to_json()).unwrap();
        assert_eq!(json["format"], FORMAT);
        assert_eq!(json["quick"], true);
        assert_eq!(json["machine"]["cores"], 2);
        let row = &json["rows"][0];
        assert_eq!(row["scenario"], "SendMessage");
        assert_eq!(row["figure"], "requests/s");
        assert_eq!(row["ours"], 5000.0);
        assert_eq!(row["ratio"], 0.5);
        assert!(row.get("note").is_none());
        assert_eq!(json["rows"][1]["note"], "2 errors");
        assert!(json["rows"][2]["ours"].is_null());
        assert_eq!(json["skipped"][0]["scenario"], "SendMessage");
        assert_eq!(json["targets"][1]["met"], serde_json::Value::Null);
        assert!(json["date"].as_str().unwrap().ends_with('Z'));
        assert_eq!(json["load_average"].as_array().unwrap().len(), 2);
    }

    #[test]
    fn table_has_every_row_aligned() {
        let table = sample().table();
        let lines: Vec<&str> = table.lines().collect();
        assert!(lines[0].starts_with("scenario"));
        assert!(lines[1].chars().all(|c| c == '-'));
        assert!(lines[2].contains("5,000") && lines[2].contains("10,000") && lines[2].contains("0.50x"));
        assert!(lines[3].contains("2 errors"));
        // The ours column of the unmeasured row shows a dash, right-aligned.
        let col = lines[0].find("ours").unwrap() + "ours".len() - 1;
        assert_eq!(lines[4].chars().nth(col), Some('-'));
        assert!(table.contains("met          SendMessage JSON-RPC at 1 conn >= 0.5x baseline (measured 0.500)"));
        assert!(table.contains("not measured KiB per idle stream < 16"));
        assert!(table.contains("skipped:\n  SendMessage: REST: the agent card"));
        assert!(table.contains("Test CPU (2 cores), load average"));
    }

    #[test]
    fn numbers_are_readable() {
        assert_eq!(number(1234567.8), "1,234,568");
        assert_eq!(number(1000.0), "1,000");
        assert_eq!(number(999.6), "1000");
        assert_eq!(number(123.4), "123");
        assert_eq!(number(12.34), "12.3");
        assert_eq!(number(1.234), "1.23");
        assert_eq!(number(0.01234), "0.012");
        assert_eq!(number(-2500.0), "-2,500");
        assert_eq!(integer(7), "7");
        assert_eq!(integer(100), "100");
        assert_eq!(integer(10_000), "10,000");
        assert_eq!(integer(1_234_567), "1,234,567");
    }
}

/// Now, as `YYYY-MM-DDTHH:MM:SSZ` (xtask keeps clear of the SDK crates, whose `Timestamp`
/// would otherwise do this).
fn utc_now() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    utc(secs)
}

/// Seconds since the Unix epoch as an RFC 3339 UTC timestamp (days to civil date after
/// Howard Hinnant's algorithm).
fn utc(secs: u64) -> String {
    let (days, rem) = ((secs / 86_400) as i64, secs % 86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rem / 3_600, rem % 3_600 / 60, rem % 60)
}

#[cfg(test)]
mod utc_tests {
    #[test]
    fn epoch_seconds_become_utc_dates() {
        assert_eq!(super::utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(super::utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(super::utc(1_795_269_010), "2026-11-21T13:50:10Z");
    }
}
