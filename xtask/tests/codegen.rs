//! `cargo xtask codegen --check`: the committed `crates/a2a-types/src/generated/` is exactly
//! what the generator makes of `schema/` today, and the check does notice when it is not.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask sits below the workspace root").to_path_buf()
}

fn xtask(args: &[&str], path_prefix: Option<&Path>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_xtask"));
    cmd.args(args).current_dir(workspace_root());
    if let Some(dir) = path_prefix {
        let mut paths = vec![dir.to_path_buf()];
        paths.extend(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()));
        cmd.env("PATH", std::env::join_paths(paths).expect("a valid PATH"));
    }
    cmd.output().expect("running the xtask binary")
}

fn describe(out: &Output) -> String {
    format!(
        "exit: {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The contents of every file in the generated folder, to show a check left them alone.
fn generated_files() -> Vec<(PathBuf, Vec<u8>)> {
    let dir = workspace_root().join("crates/a2a-types/src/generated");
    let mut files: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&dir)
        .expect("the generated folder exists")
        .map(|e| e.unwrap().path())
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn generated_code_is_up_to_date() {
    let out = xtask(&["codegen", "--check"], None);
    assert!(
        out.status.success(),
        "crates/a2a-types/src/generated/ is stale: run `cargo xtask codegen` and commit the result\n{}",
        describe(&out)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("up to date"), "{}", describe(&out));
}

/// Puts a `rustfmt` first on `PATH` that appends a line to whatever it formats, so the
/// generator's output no longer matches the committed files; `--check` must say so, and
/// must not write anything.
#[cfg(unix)]
#[test]
fn codegen_check_fails_when_the_generated_code_would_change() {
    use std::os::unix::fs::PermissionsExt;

    let dir = std::env::temp_dir().join(format!("xtask-codegen-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fake = dir.join("rustfmt");
    std::fs::write(&fake, "#!/bin/sh\ncat\necho '// a change the committed files do not have'\n").unwrap();
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();

    let before = generated_files();
    let out = xtask(&["codegen", "--check"], Some(&dir));
    let after = generated_files();
    std::fs::remove_dir_all(&dir).ok();

    assert!(!out.status.success(), "--check passed although the output differs\n{}", describe(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("stale"), "{}", describe(&out));
    assert!(stderr.contains("differs: crates/a2a-types/src/generated/v1.rs"), "{}", describe(&out));
    assert!(before == after, "--check modified crates/a2a-types/src/generated/");
}

#[test]
fn codegen_rejects_unknown_options() {
    let out = xtask(&["codegen", "--chek"], None);
    assert!(!out.status.success(), "{}", describe(&out));
    assert!(String::from_utf8_lossy(&out.stderr).contains("usage"), "{}", describe(&out));
}
