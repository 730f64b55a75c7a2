//! Inputs from outside the repository (`../shared`): the full Heron spec and the corpus of
//! real specs. A clone on its own does not have them, so a test that needs one skips with
//! a message saying what is missing; CI sets `HERON_REQUIRE_CORPUS=1`, which turns a
//! missing input into a failure.

use std::io::Write;
use std::path::{Path, PathBuf};

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
