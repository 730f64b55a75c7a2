//! The temporary cargo workspaces under `target/` that `corpus` and `contract` build in,
//! and the file helpers the commands share.

use std::fmt::Display;
use std::fs;
use std::path::Path;

use crate::{project_root, Failure};

/// Writes a workspace manifest listing `members` into `dir`, and the project's lock file
/// beside it (once), so the generated crates build with the versions the project does.
pub(crate) fn write_workspace(dir: &Path, members: &[String]) -> Result<(), Failure> {
    let quoted: Vec<String> = members
        .iter()
        .map(|member| format!("\"{member}\""))
        .collect();
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        quoted.join(", ")
    );
    write_if_changed(&dir.join("Cargo.toml"), &manifest)?;
    let lock = dir.join("Cargo.lock");
    if !lock.exists() {
        fs::copy(project_root().join("Cargo.lock"), &lock).map_err(|err| io_failure(&lock, err))?;
    }
    Ok(())
}

/// Writes `contents` unless the file already holds them, so cargo sees no change.
pub(crate) fn write_if_changed(path: &Path, contents: &str) -> Result<(), Failure> {
    if fs::read_to_string(path).ok().as_deref() == Some(contents) {
        return Ok(());
    }
    fs::write(path, contents).map_err(|err| io_failure(path, err))
}

/// Reports a file-system error naming the path; the caller exits with "bad input".
pub(crate) fn io_failure(path: &Path, err: impl Display) -> Failure {
    eprintln!("error: {}: {err}", path.display());
    Failure::BadInput
}
