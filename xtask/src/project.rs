//! What every command shares: how it fails (and so its exit code), and where the project
//! is.

use std::path::{Path, PathBuf};

/// Why a command failed; `main.rs` turns it into the exit code.
pub(crate) enum Failure {
    /// Bad usage, with what was wrong (exit 2).
    Usage(String),
    /// Bad input, already reported on stderr (exit 2).
    BadInput,
    /// A check failed (exit 1).
    CheckFailed,
}

/// How a command of `heron-codegen` ended (it has reported why), as xtask's result.
pub(crate) fn ended(exit: heron_codegen::cli::Exit) -> Result<(), Failure> {
    match exit {
        heron_codegen::cli::Exit::Success => Ok(()),
        heron_codegen::cli::Exit::CheckFailed => Err(Failure::CheckFailed),
        heron_codegen::cli::Exit::BadInput => Err(Failure::BadInput),
    }
}

pub(crate) fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}
