//! Every fixture's generated crate compiles, and clippy finds nothing in it.
//!
//! All fixtures go into one temporary cargo workspace with one target directory, so
//! the client's dependencies are checked once, not once per fixture.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

fn fixtures() -> Vec<(String, String)> {
    let mut specs = Vec::new();
    for dir in ["", "split", "constructs", "hostile", "v31"] {
        let Ok(entries) = std::fs::read_dir(fixture_path(dir)) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        {
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().replace('_', "-"))
                .unwrap_or_default();
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|err| panic!("{}: {err}", path.display()));
            specs.push((format!("fixture-{stem}"), text));
        }
    }
    specs.push(("fixture-keywords".to_owned(), keywords_spec()));
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/heron.yaml");
    specs.push((
        "fixture-seed".to_owned(),
        std::fs::read_to_string(seed).expect("spec/heron.yaml"),
    ));
    specs
}

#[test]
fn generated_crates_compile_without_clippy_warnings() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fixture-crates");
    let mut members = Vec::new();
    for (name, spec) in fixtures() {
        let options = generator::Options {
            crate_name: name.clone(),
            regenerate_with: "cargo test".into(),
            names: None,
            overlay: None,
            previous: None,
            package: Default::default(),
        };
        let generated =
            generator::generate(&spec, &options).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        generator::write::write(&root.join(&name), &generated.files).expect("write fixture crate");
        members.push(format!("\"{name}\""));
    }
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members.join(", ")
    );
    write_if_changed(&root.join("Cargo.toml"), &manifest);
    // The project's lock file pins the same versions the workspace already built.
    let lock = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock"))
        .expect("Cargo.lock");
    if !root.join("Cargo.lock").exists() {
        write_if_changed(&root.join("Cargo.lock"), &lock);
    }

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args([
            "clippy",
            "--quiet",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ])
        .current_dir(&root)
        .env("CARGO_TARGET_DIR", scratch_target())
        .output()
        .expect("run cargo clippy");
    assert!(
        output.status.success(),
        "generated crates do not pass clippy:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn write_if_changed(path: &Path, contents: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(contents) {
        std::fs::write(path, contents).expect("write");
    }
}

/// The features fixture's crate (`fixtures/features.yaml`: tags `Pets`, `Stores` and
/// `Admin`, an operation tagged both `Pets` and `Stores`, an `x-hidden` one and an untagged
/// one) compiles without clippy warnings with each tag alone, two tags that share models,
/// the hidden operations, the models alone, and everything; and without `client` its
/// dependency tree has no HTTP client or runtime. It shares the fixtures' target
/// directory, where the dependencies are already built.
#[test]
fn every_feature_combination_compiles_without_clippy_warnings() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("feature-crates");
    let name = "fixture-features";
    let spec = std::fs::read_to_string(fixture_path("features.yaml")).expect("features.yaml");
    let options = generator::Options {
        crate_name: name.to_owned(),
        regenerate_with: "cargo test".into(),
        names: None,
        overlay: None,
        previous: None,
        package: Default::default(),
    };
    let generated = generator::generate(&spec, &options).expect("generate the features fixture");
    generator::write::write(&root.join(name), &generated.files).expect("write fixture crate");
    write_if_changed(
        &root.join("Cargo.toml"),
        &format!("[workspace]\nresolver = \"2\"\nmembers = [\"{name}\"]\n"),
    );
    let lock = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock"))
        .expect("Cargo.lock");
    if !root.join("Cargo.lock").exists() {
        write_if_changed(&root.join("Cargo.lock"), &lock);
    }
    let target = scratch_target();
    let cargo = |args: &[&str]| {
        Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(args)
            .current_dir(&root)
            .env("CARGO_TARGET_DIR", &target)
            .output()
            .expect("run cargo")
    };

    for features in [
        "client,pets",
        "client,stores",
        "client,admin",
        "client,untagged",
        "client,pets,stores",
        "client,admin,hidden",
        "client,hidden",
        "types",
        "pets",
        "client,types,hidden",
    ] {
        let output = cargo(&[
            "clippy",
            "--quiet",
            "--package",
            name,
            "--no-default-features",
            "--features",
            features,
            "--",
            "-D",
            "warnings",
        ]);
        assert!(
            output.status.success(),
            "features `{features}`:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    let tree = |features: &[&str]| {
        let mut args = vec![
            "tree",
            "--edges",
            "normal",
            "--prefix",
            "none",
            "--package",
            name,
        ];
        args.extend(features);
        let output = cargo(&args);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let models_only = tree(&["--no-default-features", "--features", "types"]);
    for client_crate in ["reqwest", "tokio", "rustls", "hyper", "webpki-roots"] {
        assert!(
            !models_only
                .lines()
                .any(|line| line.starts_with(&format!("{client_crate} "))),
            "`{client_crate}` is built for the models alone:\n{models_only}"
        );
    }
    assert!(models_only.lines().any(|line| line.starts_with("serde ")));
    // The same check sees the client when it is there.
    let everything = tree(&[]);
    assert!(everything.lines().any(|line| line.starts_with("reqwest ")));
    assert!(everything.lines().any(|line| line.starts_with("tokio ")));
}
