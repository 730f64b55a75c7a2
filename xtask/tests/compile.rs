//! Every generator fixture generates a crate that compiles and passes clippy with
//! `-D warnings`, checked by `cargo xtask corpus`, the command that checks real specs (the
//! seed is its warm-up crate, checked first). It runs with `CARGO_TARGET_DIR` set to a
//! directory of its own, as for a user with a shared target directory: a command that
//! builds in a scratch workspace must work there too.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

#[test]
fn generated_crates_compile_without_clippy_warnings_with_a_users_target_dir() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generator/tests/fixtures");
    let dirs: Vec<PathBuf> = ["", "split", "constructs", "hostile"]
        .iter()
        .map(|dir| fixtures.join(dir))
        .collect();
    let specs = dirs
        .iter()
        .flat_map(|dir| std::fs::read_dir(dir).expect("fixture directory"))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .count();
    let users_target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("users-shared-target");
    let stdout = support::run_to_success(
        Command::new(env!("CARGO_BIN_EXE_xtask"))
            .arg("corpus")
            .args(&dirs)
            .env("CARGO_TARGET_DIR", &users_target),
        "generated crates do not pass clippy",
    );
    assert!(
        stdout.contains(&format!("\n{specs} passed, 0 failed")),
        "expected all {specs} fixtures checked:\n{stdout}"
    );
}
