//! Inputs from outside the repository (`../shared`): the full Heron spec and the corpus of
//! real specs. A clone on its own does not have them, so a test that needs one skips with
//! a message saying what is missing; CI sets `HERON_REQUIRE_CORPUS=1`, which turns a
//! missing input into a failure. And running the xtask binary to the end, and git in a
//! scratch repository.

// Each test file uses part of this module.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs `command` (the xtask binary with its arguments) and returns its stdout; a failure
/// to start or a non-zero exit fails the test with both outputs, headed by `what`.
pub fn run_to_success(command: &mut Command, what: &str) -> String {
    let output = command
        .output()
        .unwrap_or_else(|err| panic!("{what}: cannot run xtask: {err}"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{what}:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// The path in `variable`, or `default` (relative to the repository root) when it is
/// unset. `None`, after printing why, when the file is not there and CI does not require it.
pub fn outside_input(variable: &str, default: &str) -> Option<PathBuf> {
    let path = match std::env::var_os(variable) {
        Some(path) => PathBuf::from(path),
        None => Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join(default),
    };
    if path.exists() {
        return Some(path);
    }
    let message = format!(
        "{} is not there: set {variable} to it (`.ci/run` sets it to a file of ../shared)",
        path.display()
    );
    if std::env::var_os("HERON_REQUIRE_CORPUS").is_some_and(|v| v == "1") {
        panic!("HERON_REQUIRE_CORPUS=1 and {message}");
    }
    // Written to the stderr handle itself rather than through `eprintln!`, which the test
    // harness captures and shows only for failing tests: a skip must show in every run.
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED (needs an input outside the repository): {message}"
    );
    None
}

/// Runs git in `repo` (a scratch repository: a fixed author, no signing); a failure fails
/// the test with git's message.
pub fn git(repo: &Path, args: &[&str]) {
    let output = Command::new("git")
        .args([
            "-c",
            "user.name=test",
            "-c",
            "user.email=test@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(repo)
        .output()
        .expect("git");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}
