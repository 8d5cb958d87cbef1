//! Interop checks of `a2a-client` against an agent written with the official A2A Python SDK
//! of the 0.3 line (`xtask/interop/server_v0_3.py`).
//!
//! `cargo xtask interop` starts that agent and runs `interop-client <agent URL>`. Each check
//! prints `PASS name` or `FAIL name: why (file:line)`; the exit status is non-zero when one
//! failed. The checks themselves are in `checks.rs`.

mod checks;

use a2a_client::{Client, ClientBuilder, ProtocolVersion};
use std::fmt;
use std::future::Future;
use std::panic::Location;
use std::process::ExitCode;
use std::time::Duration;

/// No check waits longer than this: a hang is a failure, never waited out.
const CHECK_TIMEOUT: Duration = Duration::from_secs(20);

/// A failed expectation: what was expected and found, and the line that expected it.
#[derive(Debug)]
pub(crate) struct Failure {
    what: String,
    at: &'static Location<'static>,
}

impl Failure {
    #[track_caller]
    pub(crate) fn new(what: impl Into<String>) -> Self {
        Self { what: what.into(), at: Location::caller() }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}:{})", self.what, self.at.file(), self.at.line())
    }
}

/// Turns a client error into a [`Failure`] that says which call failed, and where.
pub(crate) trait Context<T> {
    fn ctx(self, call: &str) -> Result<T, Failure>;
}

impl<T> Context<T> for Result<T, a2a_client::Error> {
    #[track_caller]
    fn ctx(self, call: &str) -> Result<T, Failure> {
        let at = Location::caller();
        self.map_err(|e| {
            let code = e.error_code().map(|c| format!(", A2A error {c:?}")).unwrap_or_default();
            let mut what = format!("{call} failed: {e} (kind {:?}{code})", e.kind());
            let mut source = std::error::Error::source(&e);
            while let Some(cause) = source {
                what.push_str(&format!(": {cause}"));
                source = cause.source();
            }
            Failure { what, at }
        })
    }
}

/// Fails the check unless `actual == expected`.
#[macro_export]
macro_rules! ensure_eq {
    ($actual:expr, $expected:expr, $what:expr $(,)?) => {{
        let (actual, expected) = (&$actual, &$expected);
        if actual != expected {
            return Err($crate::Failure::new(format!("{}: expected {:?}, got {:?}", $what, expected, actual)));
        }
    }};
}

/// Counts the outcomes of the checks.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    failed: usize,
}

impl Tally {
    pub(crate) async fn run(&mut self, name: &str, check: impl Future<Output = Result<(), Failure>>) {
        match tokio::time::timeout(CHECK_TIMEOUT, check).await {
            Ok(Ok(())) => println!("PASS {name}"),
            Ok(Err(failure)) => self.fail(name, &failure),
            Err(_) => self.fail(name, &format!("no answer within {} s", CHECK_TIMEOUT.as_secs())),
        }
    }

    fn fail(&mut self, name: &str, why: &dyn fmt::Display) {
        self.failed += 1;
        println!("FAIL {name}: {why}");
    }
}

/// Resolves the agent's card as a user would, and checks that the client chose v0.3.
async fn connect(url: &str, found: &mut Option<Client>) -> Result<(), Failure> {
    let client = ClientBuilder::from_card_url(url)
        .await
        .ctx("fetching the agent card")?
        .timeout(Duration::from_secs(15))
        .idle_timeout(Duration::from_secs(15))
        .build()
        .ctx("building the client")?;
    ensure_eq!(client.card().name, "Python trip agent", "card name");
    ensure_eq!(client.protocol_version(), ProtocolVersion::V0_3, "the protocol version the client chose");
    ensure_eq!(client.binding(), a2a_client::Binding::JsonRpc, "the binding the client chose");
    ensure_eq!(client.interface().url.trim_end_matches('/'), url.trim_end_matches('/'), "the interface URL");
    *found = Some(client);
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [url] = args.as_slice() else {
        eprintln!("usage: interop-client <base URL of an A2A v0.3 agent>");
        return ExitCode::FAILURE;
    };
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("interop-client: could not start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let failed = runtime.block_on(async {
        let mut tally = Tally::default();
        let mut client = None;
        tally.run("card resolution picks protocol v0.3", connect(url, &mut client)).await;
        match client {
            Some(client) => checks::run_all(&client, &mut tally).await,
            None => println!("(the other checks need the card: not run)"),
        }
        tally.failed
    });
    if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}
