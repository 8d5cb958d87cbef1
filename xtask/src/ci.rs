//! `cargo xtask ci`: everything CI checks, in the order that fails fastest.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// Runs each step; stops at the first failure.
pub(crate) fn run(args: &[String]) -> Result<(), String> {
    if !args.is_empty() {
        return Err("usage: cargo xtask ci".into());
    }
    let root = crate::project_root();
    let proto = root.join("../shared/spec/v1.0/a2a.proto");
    let mut steps: Vec<(&str, Vec<&str>)> = vec![
        ("format", vec!["fmt", "--all", "--check"]),
        ("generated code is fresh", vec!["xtask", "codegen", "--check"]),
    ];
    let proto_arg = proto.display().to_string();
    if proto.exists() {
        steps.push(("schema agrees with the proto", vec!["xtask", "schema-check", "--proto", &proto_arg]));
    } else {
        println!("ci: skipping schema-check: {} not found", proto.display());
    }
    steps.extend([
        (
            "clippy",
            vec!["clippy", "--workspace", "--all-targets", "--features", "a2a-types/schemars", "--", "-D", "warnings"],
        ),
        ("tests", vec!["test", "--workspace", "--features", "a2a-types/schemars"]),
        conformance("conformance jsonrpc/1.0", "jsonrpc", "1.0"),
        conformance("conformance rest/1.0", "rest", "1.0"),
        conformance("conformance jsonrpc/0.3", "jsonrpc", "0.3"),
        conformance("conformance rest/0.3", "rest", "0.3"),
        ("docs", vec!["doc", "--workspace", "--no-deps", "--features", "a2a-types/schemars"]),
    ]);
    // The interop group installs its Python packages itself; it needs only a Python 3.10+,
    // which CI has. Elsewhere a missing Python skips it, as a missing proto skips schema-check.
    if crate::interop::find_python().is_some() || std::env::var_os("CI").is_some() {
        steps.push(("interop with the Python SDK 0.3", vec!["xtask", "interop"]));
    } else {
        println!("ci: skipping interop: no Python 3.10 or newer found");
    }
    // Proves the bench still runs; its figures are not judged here.
    steps.push(("bench (quick)", vec!["xtask", "bench", "--quick"]));
    for (name, cargo_args) in steps {
        step(&root, name, &cargo_args)?;
    }
    println!("ci: all checks passed");
    Ok(())
}

/// `cargo xtask conformance` against our conformance agent, for one binding at one version.
fn conformance(name: &'static str, binding: &'static str, protocol: &'static str) -> (&'static str, Vec<&'static str>) {
    (name, vec!["xtask", "conformance", "--binding", binding, "--protocol", protocol])
}

fn step(root: &Path, name: &str, args: &[&str]) -> Result<(), String> {
    println!("ci: {name}: cargo {}", args.join(" "));
    let started = Instant::now();
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.args(args).current_dir(root);
    if args[0] == "doc" {
        cmd.env("RUSTDOCFLAGS", "-D warnings");
    }
    let status = cmd.status().map_err(|e| format!("{name}: could not run cargo: {e}"))?;
    if !status.success() {
        return Err(format!("{name} failed ({status})"));
    }
    println!("ci: {name}: ok in {:.1}s", started.elapsed().as_secs_f64());
    Ok(())
}
