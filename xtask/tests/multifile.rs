//! Specs kept in several files through the commands: `codegen --spec` and `--check` read
//! the spec's folder, `diff --base REV` reads each side from its own tree (the committed
//! files against the working tree's), and an error in another file names it with its line.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod support;

use support::git;

fn xtask<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("run xtask")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A git repository holding the generator's multi-file fixture under `spec/`.
fn repo(name: &str) -> PathBuf {
    let repo = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = fs::remove_dir_all(&repo);
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generator/tests/fixtures/multi");
    copy_tree(&fixture, &repo.join("spec"));
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "spec"]);
    repo
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("dir");
    for entry in fs::read_dir(from).expect("read fixture") {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("name"));
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            fs::copy(&path, &target).expect("copy");
        }
    }
}

#[test]
fn codegen_check_and_diff_base_read_every_file_of_the_spec() {
    let repo = repo("xtask-multifile");
    let spec = repo.join("spec/api.yaml");
    let out = repo.join("client");
    let generate = [
        "codegen",
        "--spec",
        &spec.display().to_string(),
        "--out",
        &out.display().to_string(),
        "--name",
        "pets",
    ];
    let output = xtask(&generate);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(out.join("src/models/owner.rs").exists());
    let names = fs::read_to_string(repo.join("spec/api.names.toml")).expect("names file");
    assert!(
        names.contains(r##""#/components/schemas/models~1owner.yaml#" = "Owner""##),
        "{names}"
    );
    let check = |expected: i32| {
        let output = xtask(&[&generate[..], &["--check"]].concat());
        assert_eq!(
            output.status.code(),
            Some(expected),
            "{}",
            text(&output.stderr)
        );
    };
    check(0);
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "client"]);

    // A property added in a file two folders down: `--check` sees it, and `diff --base`
    // compares the committed files with the working tree's.
    let owner = repo.join("spec/models/owner.yaml");
    let changed = fs::read_to_string(&owner)
        .expect("owner")
        .replace("  name:\n", "  nickname:\n    type: string\n  name:\n");
    fs::write(&owner, changed).expect("change a sub-file");
    check(1);
    let output = xtask(&["diff", "--base", "HEAD", &spec.display().to_string()]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let summary = text(&output.stdout);
    assert!(
        summary.contains("`models::Owner.nickname`: optional field added"),
        "{summary}"
    );
}

#[test]
fn an_error_in_another_file_names_that_file_and_line_and_writes_nothing() {
    let repo = repo("xtask-multifile-error");
    let spec = repo.join("spec/api.yaml");
    let out = repo.join("client");
    fs::write(
        repo.join("spec/paths/pet_get.yaml"),
        "operationId: get_pet\nresponses:\n  '200':\n    $ref: '../shared/nope.yaml'\n",
    )
    .expect("break a sub-file");
    let output = xtask(&[
        "codegen",
        "--spec",
        &spec.display().to_string(),
        "--out",
        &out.display().to_string(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    let expected = format!(
        "error: {}:4:12: `$ref` to `shared/nope.yaml`: cannot read it",
        repo.join("spec/paths/pet_get.yaml").display()
    );
    assert!(stderr.starts_with(&expected), "{stderr}");
    assert!(!out.exists());
}

/// DigitalOcean's published spec, 2,907 files: every reference resolves and the two sides
/// of a diff of it against itself are the same API (its crate passes clippy in `cargo
/// xtask corpus`, which CI runs on `HERON_SPECS_MULTI_DIR`).
#[test]
fn digitalocean_s_spec_in_2907_files_loads() {
    let Some(folder) = support::outside_input("HERON_SPECS_MULTI_DIR", "../shared/specs-multi")
    else {
        return;
    };
    let entry = folder.join("digitalocean/specification/DigitalOcean-public.v2.yaml");
    let entry = entry.display().to_string();
    let output = xtask(&["diff", &entry, &entry, "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(json["changes"], serde_json::json!([]), "{json}");
}
