//! Commands that build in a scratch workspace work for a user whose `CARGO_TARGET_DIR`
//! points elsewhere (a shared target directory): `cargo xtask corpus` on the seed spec and
//! `cargo xtask features` on the features fixture, with the variable set, generate and
//! check their crates and write nothing there. One test: both use the corpus workspace.

mod support;

use std::path::Path;
use std::process::Command;

#[test]
fn corpus_and_features_work_with_a_users_target_dir() {
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

    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../generator/tests/fixtures/features.yaml");
    let stdout = support::run_to_success(
        Command::new(env!("CARGO_BIN_EXE_xtask"))
            .arg("features")
            .arg(&fixture)
            .env("CARGO_TARGET_DIR", &users_target),
        "features fails with CARGO_TARGET_DIR set",
    );
    // The fixture's tags: `admin`, `pets` and `stores` have two operations each (`pets`
    // and `stores` share `adoptPet` and its models), `untagged` one; `purgePets` is hidden.
    for line in [
        "ok   the smallest tag: client,untagged ",
        "ok   the largest tag: client,stores ",
        "ok   the two tags sharing the most models: client,pets,stores ",
        "ok   the hidden operations of the tag with the most: client,hidden,admin ",
        "ok   the models alone: types ",
        "ok   everything: default ",
        "ok   everything, with the mocks: client,types,mock,hidden ",
        "the models alone build none of reqwest, tokio",
        "the default features do not build wiremock",
        "7 feature sets checked in",
    ] {
        assert!(stdout.contains(line), "no `{line}` in:\n{stdout}");
    }
    assert!(!users_target.exists());
}
