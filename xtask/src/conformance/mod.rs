//! `cargo xtask conformance`: checks that an A2A server speaks the protocol, over the
//! JSON-RPC and REST bindings at protocol versions 1.0 and 0.3.
//!
//! The suite talks raw HTTP and reads `serde_json::Value`s, never our SDK's types, so it
//! tests the wire independently of them and can test a server written with any SDK. It
//! drives behaviour through the `messageId` prefix convention of the official A2A TCK
//! (`docs/conformance.md`), and validates every response and event against `schema/`.
//!
//! Layout: `cli` (options), `runner` (running checks), `report` (table and JSON),
//! `expected` (the expected-failures file), `agent` (starting our conformance agent);
//! `cx` (what checks are given), `ops` and `stream` (operations over a binding), `flows`
//! (steps checks share), `wire` (the v1.0 and v0.3 dialects), `errors` (the error table),
//! `http` and `sse` (raw transport), `schema` (the validator); `checks/` by area.

mod agent;
pub(crate) mod check;
mod checks;
mod cli;
mod cx;
mod errors;
mod expected;
mod flows;
mod http;
mod ops;
mod report;
mod runner;
pub(crate) mod schema;
mod sse;
mod stream;
mod wire;

#[cfg(test)]
mod tests;

use std::sync::Arc;

/// Runs the command.
pub(crate) fn run(args: &[String]) -> Result<(), String> {
    if args.iter().any(|a| a == "-h" || a == "--help") {
        print!("{}", cli::USAGE);
        return Ok(());
    }
    let options = cli::Options::parse(args)?;
    if options.list {
        list();
        return Ok(());
    }
    let root = crate::project_root();
    let schemas = Arc::new(cx::Schemas::load(&root)?);
    let expected = match &options.expected_failures {
        Some(path) => expected::Expected::load(path)?,
        None => expected::Expected::default(),
    };
    let agent = match &options.url {
        Some(_) => None,
        None => Some(agent::Agent::start(&root)?),
    };
    let url = options.url.clone().or_else(|| agent.as_ref().map(|a| a.url.clone())).unwrap_or_default();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("starting the tokio runtime: {e}"))?;
    let plan = runner::Plan { url, options: &options, schemas, expected };
    let run = runtime.block_on(runner::run(&plan))?;
    drop(agent);
    report::print(&run);
    if let Some(path) = &options.json {
        report::write_json(&run, path)?;
    }
    let summary = report::Summary::of(&run);
    if summary.is_failure() {
        let mut why = format!("conformance: {} checks failed", summary.failed);
        if summary.unexpected_passes > 0 {
            why.push_str(&format!(", {} passed though expected to fail", summary.unexpected_passes));
        }
        return Err(why);
    }
    Ok(())
}

/// Prints every check: id, where it applies, section, level and requirement.
fn list() {
    for c in checks::all() {
        let applies = match c.applies {
            check::Applies::Everywhere => "all".to_string(),
            check::Applies::Binding(b) => b.name().to_string(),
            check::Applies::Version(v) => v.name().to_string(),
            check::Applies::Only(b, v) => format!("{}/{}", b.name(), v.name()),
        };
        let section = match (c.applies, c.section_v03) {
            (check::Applies::Version(check::Version::V0_3), Some(s)) => format!("v0.3 §{s}"),
            (_, Some(s)) => format!("§{} (v0.3 §{s})", c.section),
            (_, None) => format!("§{}", c.section),
        };
        println!("{:<28} {:<12} {section:<34} {:<6}  {}", c.id, applies, c.level.name(), c.requirement);
    }
}
