//! The command line of `cargo xtask conformance`.

use super::check::{Binding, Version};
use std::path::PathBuf;
use std::time::Duration;

pub(crate) const USAGE: &str = "\
usage: cargo xtask conformance [options]

Checks that an A2A server speaks the protocol. Without --url, builds and starts
examples/conformance-agent on a loopback port and checks it.

options:
  --url URL                   the server: its base URL, or the URL of its agent card
  --binding jsonrpc|rest      check one binding (default: every binding the card declares)
  --protocol 1.0|0.3          check one protocol version (default: every version declared)
  --only PATTERN              only checks whose id contains PATTERN, or matches it with *
                              (repeatable, or comma-separated)
  --json FILE                 also write the results as JSON to FILE
  --expected-failures FILE    checks known to fail (see docs/conformance.md)
  --timeout SECS              per-request limit (default 5); a check gets three times it
  --jobs N                    checks run at once (default 4)
  --list                      print the checks and exit
";

/// The parsed options.
#[derive(Debug, Clone)]
pub(crate) struct Options {
    pub(crate) url: Option<String>,
    pub(crate) bindings: Vec<Binding>,
    /// Whether `--binding` and `--protocol` were both given: the card must then declare
    /// the interface.
    pub(crate) explicit: bool,
    pub(crate) versions: Vec<Version>,
    pub(crate) only: Vec<String>,
    pub(crate) json: Option<PathBuf>,
    pub(crate) expected_failures: Option<PathBuf>,
    pub(crate) timeout: Duration,
    pub(crate) jobs: usize,
    pub(crate) list: bool,
}

impl Options {
    pub(crate) fn parse(args: &[String]) -> Result<Options, String> {
        let mut opts = Options {
            url: None,
            bindings: Binding::ALL.to_vec(),
            explicit: false,
            versions: Version::ALL.to_vec(),
            only: Vec::new(),
            json: None,
            expected_failures: None,
            timeout: Duration::from_secs(5),
            jobs: 4,
            list: false,
        };
        let (mut binding_given, mut version_given) = (false, false);
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            let (name, inline) = match arg.split_once('=') {
                Some((n, v)) if n.starts_with("--") => (n, Some(v.to_string())),
                _ => (arg.as_str(), None),
            };
            let mut value = || {
                inline.clone().or_else(|| it.next().cloned()).ok_or_else(|| format!("{name} needs a value\n\n{USAGE}"))
            };
            match name {
                "--url" => opts.url = Some(value()?),
                "--binding" => {
                    let v = value()?;
                    let b = Binding::ALL
                        .into_iter()
                        .find(|b| b.name() == v)
                        .ok_or_else(|| format!("unknown binding {v:?}; use jsonrpc or rest"))?;
                    opts.bindings = vec![b];
                    binding_given = true;
                }
                "--protocol" => {
                    let v = value()?;
                    let p = Version::ALL
                        .into_iter()
                        .find(|p| p.name() == v)
                        .ok_or_else(|| format!("unknown protocol version {v:?}; use 1.0 or 0.3"))?;
                    opts.versions = vec![p];
                    version_given = true;
                }
                "--only" => {
                    opts.only.extend(value()?.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string))
                }
                "--json" => opts.json = Some(PathBuf::from(value()?)),
                "--expected-failures" => opts.expected_failures = Some(PathBuf::from(value()?)),
                "--timeout" => {
                    let v = value()?;
                    let secs: f64 = v
                        .parse()
                        .ok()
                        .filter(|s: &f64| *s > 0.0 && *s <= 600.0)
                        .ok_or_else(|| format!("--timeout {v:?}: give seconds, between 0 and 600"))?;
                    opts.timeout = Duration::from_secs_f64(secs);
                }
                "--jobs" => {
                    let v = value()?;
                    opts.jobs = v
                        .parse()
                        .ok()
                        .filter(|n: &usize| (1..=64).contains(n))
                        .ok_or_else(|| format!("--jobs {v:?}: give a number from 1 to 64"))?;
                }
                "--list" => opts.list = true,
                other => return Err(format!("unknown option {other:?}\n\n{USAGE}")),
            }
        }
        opts.explicit = binding_given && version_given;
        Ok(opts)
    }

    /// Whether `--only` lets a check id through.
    pub(crate) fn selects(&self, id: &str) -> bool {
        self.only.is_empty()
            || self
                .only
                .iter()
                .any(|p| if p.contains('*') { super::expected::matches(p, id) } else { id.contains(p.as_str()) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Options, String> {
        Options::parse(&args.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn defaults_cover_every_binding_and_version() {
        let o = parse(&[]).unwrap();
        assert_eq!((o.bindings.len(), o.versions.len(), o.explicit, o.jobs), (2, 2, false, 4));
    }

    #[test]
    fn options_take_values_inline_or_next() {
        let o =
            parse(&["--binding=rest", "--protocol", "0.3", "--only", "stream.*,not-found", "--timeout", "2"]).unwrap();
        assert_eq!((&o.bindings, &o.versions, o.explicit), (&vec![Binding::Rest], &vec![Version::V0_3], true));
        assert!(o.selects("stream.order") && o.selects("tasks.get.not-found") && !o.selects("tasks.get"));
        assert_eq!(o.timeout, Duration::from_secs(2));
    }

    #[test]
    fn bad_options_say_what_is_wrong() {
        assert!(parse(&["--binding", "grpc"]).unwrap_err().contains("unknown binding"));
        assert!(parse(&["--url"]).unwrap_err().contains("needs a value"));
        assert!(parse(&["--jobs", "0"]).unwrap_err().contains("--jobs"));
        assert!(parse(&["--frobnicate"]).unwrap_err().contains("unknown option"));
    }
}
