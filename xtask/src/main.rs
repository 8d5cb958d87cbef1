//! `cargo xtask`: the project's chores, each in its own module. This file only dispatches.

mod bench;
mod ci;
mod codegen;
mod conformance;
mod interop;
mod schema_check;

use std::path::PathBuf;
use std::process::ExitCode;

/// The root of the workspace, found from this crate's manifest directory: the one
/// `cargo run` names at run time, so a binary built from another checkout sharing the
/// target directory still works on this one.
fn project_root() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from)
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  codegen [--check]             generate crates/a2a-types/src/generated/ from schema/
  schema-check --proto <path>   check schema/ against the normative a2a.proto
  bench [--url URL] [--quick]   measured speed and memory against a bare hyper baseline
  interop                       interop checks with the official Python SDK 0.3, both directions
  conformance [options]         check an A2A server against the specification (--help for options)
  ci                            everything CI runs: fmt, codegen --check, schema-check, clippy, tests, docs
";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(cmd) = args.next() else {
        eprint!("{USAGE}");
        return ExitCode::FAILURE;
    };
    let rest: Vec<String> = args.collect();
    let result = match cmd.as_str() {
        "codegen" => codegen::run(&rest),
        "schema-check" => schema_check::run(&rest),
        "bench" => bench::run(&rest),
        "conformance" => conformance::run(&rest),
        "ci" => ci::run(&rest),
        "interop" => interop::run(&rest),
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("error: {msg}");
            ExitCode::FAILURE
        }
    }
}
