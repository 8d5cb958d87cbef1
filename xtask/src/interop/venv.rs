//! The Python side's environment: a Python of 3.10 or newer, and a venv under the target
//! directory with `xtask/interop/requirements.txt` installed, reused while that file and
//! the Python are unchanged.

use super::process;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// The environment variable naming the Python to use, before the usual names are tried.
pub(crate) const PYTHON_VAR: &str = "A2A_INTEROP_PYTHON";

/// How long creating the venv may take.
const CREATE_TIMEOUT: Duration = Duration::from_secs(120);
/// How long installing the pinned packages may take (they come from PyPI).
const INSTALL_TIMEOUT: Duration = Duration::from_secs(600);

/// The first Python that is 3.10 or newer (what `a2a-sdk` 0.3 requires): `$A2A_INTEROP_PYTHON`
/// if set, else `python3.11`, `python3.12`, `python3.13`, `python3.10`, `python3`.
pub(crate) fn find_python() -> Option<String> {
    let candidates = std::env::var(PYTHON_VAR)
        .ok()
        .into_iter()
        .chain(["python3.11", "python3.12", "python3.13", "python3.10", "python3"].map(String::from));
    candidates.into_iter().find(|python| {
        let mut cmd = Command::new(python);
        cmd.args(["-c", "import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        process::run(python, cmd, Duration::from_secs(20)).is_ok()
    })
}

/// The venv's interpreter, after creating the venv and installing the requirements if
/// they are not there yet.
pub(crate) fn ensure(python: &str, dir: &Path, requirements: &Path) -> Result<PathBuf, String> {
    let wanted =
        std::fs::read_to_string(requirements).map_err(|e| format!("could not read {}: {e}", requirements.display()))?;
    let version = process::output(&format!("{python} --version"), version_command(python), Duration::from_secs(20))?;
    // The stamp records what was installed; it is written only after a complete install.
    let stamp_path = dir.join("interop-requirements.txt");
    let stamp = format!("# {}\n{wanted}", version.trim());
    let interpreter = dir.join("bin").join("python");
    if interpreter.exists() && std::fs::read_to_string(&stamp_path).is_ok_and(|s| s == stamp) {
        println!("interop: reusing the venv at {}", dir.display());
        return Ok(interpreter);
    }
    println!("interop: creating the venv at {} with {}", dir.display(), version.trim());
    let mut create = Command::new(python);
    create.args(["-m", "venv", "--clear"]).arg(dir);
    process::run("creating the venv", create, CREATE_TIMEOUT)?;
    println!("interop: installing {}", requirements.display());
    let mut install = Command::new(&interpreter);
    install
        .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-input", "-r"])
        .arg(requirements);
    process::run("installing the Python packages", install, INSTALL_TIMEOUT)?;
    std::fs::write(&stamp_path, stamp).map_err(|e| format!("could not write {}: {e}", stamp_path.display()))?;
    Ok(interpreter)
}

fn version_command(python: &str) -> Command {
    let mut cmd = Command::new(python);
    cmd.arg("--version");
    cmd
}
