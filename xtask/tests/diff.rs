//! `cargo xtask diff` as CI runs it: Markdown or JSON, and exit codes.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod support;

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("run xtask")
}

fn seed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/heron.yaml")
}

/// The seed with one field added and one enum value removed, in a folder of the test's
/// own (`test`): tests run in parallel, and one rewriting the file another reads fails it.
fn changed_seed(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("xtask-diff")
        .join(test);
    fs::create_dir_all(&dir).expect("dir");
    let spec = fs::read_to_string(seed())
        .expect("seed")
        .replace("            - deleted_in_plaid\n", "")
        .replace(
            "        type:\n          description: >-\n            The integration link type",
            "        institution_name:\n          type: string\n          readOnly: true\n        type:\n          description: >-\n            The integration link type",
        );
    let path = dir.join("heron-changed.yaml");
    fs::write(&path, spec).expect("write");
    path
}

#[test]
fn diff_prints_a_markdown_summary_and_fails_on_breaking_changes_only_when_asked() {
    let (old, new) = (
        seed().display().to_string(),
        changed_seed("markdown").display().to_string(),
    );
    let output = xtask(&["diff", &old, &new]);
    assert_eq!(output.status.code(), Some(0));
    let markdown = String::from_utf8_lossy(&output.stdout);
    assert!(
        markdown.starts_with("**2 API changes, 1 breaking**"),
        "{markdown}"
    );
    assert!(
        markdown.contains("enum value `deleted_in_plaid` removed"),
        "{markdown}"
    );
    assert!(
        markdown.contains("`models::IntegrationLinkSchema.institution_name`: optional field added"),
        "{markdown}"
    );

    assert_eq!(
        xtask(&["diff", &old, &new, "--fail-on-breaking"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        xtask(&["diff", &old, &old, "--fail-on-breaking"])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn diff_speaks_json_and_reports_bad_input_with_exit_2() {
    let (old, new) = (
        seed().display().to_string(),
        changed_seed("json").display().to_string(),
    );
    let output = xtask(&["diff", &old, &new, "--format", "json"]);
    let json = String::from_utf8_lossy(&output.stdout);
    assert!(
        json.contains("\"breaking\": 1")
            && json.contains("\"subject\": \"models::IntegrationLinkSchemaStatus\""),
        "{json}"
    );
    assert_eq!(
        xtask(&["diff", &old, "missing.yaml"]).status.code(),
        Some(2)
    );
    assert_eq!(xtask(&["diff", &old]).status.code(), Some(2));
}

#[test]
fn base_compares_the_committed_spec_with_the_working_tree() {
    let repo = Path::new(env!("CARGO_TARGET_TMPDIR")).join("xtask-diff-base");
    let _ = fs::remove_dir_all(&repo);
    fs::create_dir_all(&repo).expect("repo dir");
    let git = |args: &[&str]| support::git(&repo, args);
    git(&["init", "-q"]);
    let spec = repo.join("heron.yaml");
    fs::copy(seed(), &spec).expect("copy seed");
    git(&["add", "heron.yaml"]);
    git(&["commit", "-q", "-m", "seed"]);
    fs::copy(changed_seed("base"), &spec).expect("change the working tree");

    let output = xtask(&["diff", "--base", "HEAD", &spec.display().to_string()]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("**2 API changes, 1 breaking**"));
    let unknown = xtask(&[
        "diff",
        "--base",
        "no-such-revision",
        &spec.display().to_string(),
    ]);
    assert_eq!(unknown.status.code(), Some(2));
}

/// The overlay next to a spec applies to it in `diff` as in `codegen`.
#[test]
fn diff_applies_the_overlay_next_to_each_spec() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("xtask-diff-overlay");
    fs::create_dir_all(&dir).expect("dir");
    let new = dir.join("heron.yaml");
    fs::copy(seed(), &new).expect("copy the seed");
    fs::write(
        dir.join("heron.overlay.yaml"),
        "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.components.schemas.IntegrationLinkSchema.properties\n    update:\n      region: {type: string}\n",
    )
    .expect("overlay");
    let output = xtask(&[
        "diff",
        &seed().display().to_string(),
        &new.display().to_string(),
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("`models::IntegrationLinkSchema.region`: optional field added"),
        "{stdout}"
    );
}
