//! Commands that build in a scratch workspace work for a user whose `CARGO_TARGET_DIR`
//! points elsewhere (a shared target directory): `cargo xtask corpus` on the seed spec,
//! with the variable set, generates and checks its crate and writes nothing there.

mod support;

use std::path::Path;
use std::process::Command;

#[test]
fn corpus_works_with_a_users_target_dir() {
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/heron.yaml");
    let users_target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("users-shared-target");
    let _ = std::fs::remove_dir_all(&users_target);
    let stdout = support::run_to_success(
        Command::new(env!("CARGO_BIN_EXE_xtask"))
            .arg("corpus")
            .arg(&seed)
            .env("CARGO_TARGET_DIR", &users_target),
        "corpus fails with CARGO_TARGET_DIR set",
    );
    assert!(stdout.contains("\n1 passed, 0 failed"), "{stdout}");
    assert!(
        !users_target.exists(),
        "scratch workspaces build in their own target directory"
    );
}
