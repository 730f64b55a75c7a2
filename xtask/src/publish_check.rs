//! `cargo xtask publish-check`: the checked-in generated crates can be published, and
//! build warning-free with the newest versions of their dependencies that their
//! requirements allow, as a user with a fresh lockfile gets them.
//!
//! In a scratch workspace under `target/publish-check/` (the project's own lockfile
//! stays as it is), with a copy of each crate's `Cargo.toml`, `README.md`,
//! `CHANGELOG.md` and `src/`:
//! 1. every crate's `Cargo.toml` has what crates.io shows and needs (description,
//!    license, repository, readme, documentation, keywords, categories, rust-version)
//!    and no path dependency;
//! 2. a freshly resolved lockfile (`cargo generate-lockfile`) needs no newer Rust than
//!    the crates' `rust-version` says;
//! 3. `cargo check --all-features` with `-D warnings` passes against it (rustls 0.23.48
//!    once deprecated a function the runtime called: users saw a warning we did not);
//! 4. `cargo package --no-verify` builds each `.crate` (step 3 compiled the same files).

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::project::{project_root, Failure};
use crate::scratch::{cargo, io_failure, run_to_end, write_if_changed};

/// The checked-in generated crates.
const CRATES: &[&str] = &[
    "generated-client",
    "runtime-client",
    "webhook-client",
    "auth-client",
];

/// What each `[package]` must say for crates.io to show the crate as a library people
/// depend on.
const METADATA: &[&str] = &[
    "description",
    "license",
    "repository",
    "readme",
    "documentation",
    "keywords",
    "categories",
    "rust-version",
];

pub(crate) fn run() -> Result<(), Failure> {
    let root = project_root();
    let scratch = root.join("target/publish-check");
    let mut rust_version = None;
    for name in CRATES {
        let from = root.join(name);
        let to = scratch.join(name);
        let manifest = fs::read_to_string(from.join("Cargo.toml"))
            .map_err(|err| io_failure(&from.join("Cargo.toml"), err))?;
        rust_version = Some(publishable(name, &manifest)?);
        copy_crate(&from, &to)?;
    }
    let members: Vec<String> = CRATES.iter().map(|name| format!("\"{name}\"")).collect();
    write_if_changed(
        &scratch.join("Cargo.toml"),
        &format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )?;
    let lock = scratch.join("Cargo.lock");
    if lock.exists() {
        fs::remove_file(&lock).map_err(|err| io_failure(&lock, err))?;
    }
    run_to_end(
        publish_cargo(&scratch).args(["generate-lockfile", "--quiet"]),
        "cargo generate-lockfile",
    )?;
    let needed = newest_rust_needed(&scratch)?;
    let declared = rust_version.unwrap_or_default();
    if version_key(&needed.0) > version_key(&declared) {
        eprintln!(
            "error: a fresh lockfile needs Rust {} ({}), newer than the generated crates' rust-version {declared}: raise RUST_VERSION in generator/src/emit/crate_root.rs",
            needed.0, needed.1
        );
        return Err(Failure::CheckFailed);
    }
    println!(
        "fresh lockfile: {} packages; the newest Rust any of them needs is {} ({}), within rust-version {declared}",
        needed.2, needed.0, needed.1
    );
    run_to_end(
        publish_cargo(&scratch)
            .args(["check", "--workspace", "--all-features", "--quiet"])
            .env("RUSTFLAGS", "-D warnings"),
        "cargo check against a fresh lockfile",
    )?;
    println!("cargo check --all-features -D warnings: no warnings");
    run_to_end(
        publish_cargo(&scratch).args([
            "package",
            "--workspace",
            "--no-verify",
            "--allow-dirty",
            "--quiet",
        ]),
        "cargo package",
    )?;
    println!(
        "cargo package: {} crates packaged into {}",
        CRATES.len(),
        Path::new("target/publish-check/target/package").display()
    );
    Ok(())
}

/// [`cargo`] in the publish-check workspace, building into its own target directory, not
/// the shared scratch one: its freshly resolved versions and `-D warnings` would be built
/// beside the other workspaces' rather than shared with them.
fn publish_cargo(scratch: &Path) -> Command {
    let mut command = cargo(scratch);
    command.env("CARGO_TARGET_DIR", scratch.join("target"));
    command
}

/// Checks the metadata of the crate `name` and returns its `rust-version`.
fn publishable(name: &str, manifest: &str) -> Result<String, Failure> {
    let table: toml::Table = manifest
        .parse()
        .map_err(|err| io_failure(&Path::new(name).join("Cargo.toml"), err))?;
    let package = table.get("package").and_then(|package| package.as_table());
    let missing: Vec<&str> = METADATA
        .iter()
        .copied()
        .filter(|key| package.is_none_or(|package| !package.contains_key(*key)))
        .collect();
    let unpublishable = package
        .and_then(|package| package.get("publish"))
        .is_some_and(|publish| publish.as_bool() == Some(false));
    let path_dependencies: Vec<&str> = ["dependencies", "dev-dependencies"]
        .iter()
        .filter_map(|section| table.get(*section).and_then(|deps| deps.as_table()))
        .flat_map(|deps| deps.iter())
        .filter(|(_, spec)| spec.get("path").is_some())
        .map(|(dependency, _)| dependency.as_str())
        .collect();
    if !missing.is_empty() || unpublishable || !path_dependencies.is_empty() {
        eprintln!(
            "error: {name}/Cargo.toml cannot be published: missing {missing:?}, publish = false: {unpublishable}, path dependencies {path_dependencies:?}"
        );
        return Err(Failure::CheckFailed);
    }
    Ok(package
        .and_then(|package| package.get("rust-version"))
        .and_then(|version| version.as_str())
        .unwrap_or_default()
        .to_owned())
}

/// The files a published crate holds, copied; a file no longer generated is removed.
fn copy_crate(from: &Path, to: &Path) -> Result<(), Failure> {
    if to.exists() {
        fs::remove_dir_all(to).map_err(|err| io_failure(to, err))?;
    }
    for file in ["Cargo.toml", "README.md", "CHANGELOG.md"] {
        let target = to.join(file);
        fs::create_dir_all(to).map_err(|err| io_failure(to, err))?;
        fs::copy(from.join(file), &target).map_err(|err| io_failure(&from.join(file), err))?;
    }
    copy_folder(&from.join("src"), &to.join("src"))
}

fn copy_folder(from: &Path, to: &Path) -> Result<(), Failure> {
    fs::create_dir_all(to).map_err(|err| io_failure(to, err))?;
    let entries = fs::read_dir(from).map_err(|err| io_failure(from, err))?;
    for entry in entries {
        let entry = entry.map_err(|err| io_failure(from, err))?;
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_folder(&path, &target)?;
        } else {
            fs::copy(&path, &target).map_err(|err| io_failure(&path, err))?;
        }
    }
    Ok(())
}

/// The highest `rust-version` among the packages of the scratch workspace's lockfile:
/// the version, the package that needs it, and how many packages there are.
fn newest_rust_needed(scratch: &Path) -> Result<(String, String, usize), Failure> {
    let output = run_to_end(
        publish_cargo(scratch).args(["metadata", "--format-version", "1", "--locked"]),
        "cargo metadata",
    )?;
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout)
        .map_err(|err| io_failure(&scratch.join("Cargo.lock"), err))?;
    let packages = metadata["packages"].as_array().cloned().unwrap_or_default();
    let newest = packages
        .iter()
        .filter(|package| !package["source"].is_null())
        .filter_map(|package| {
            let version = package["rust_version"].as_str()?;
            Some((
                version.to_owned(),
                format!(
                    "{} {}",
                    package["name"].as_str()?,
                    package["version"].as_str()?
                ),
            ))
        })
        .max_by_key(|(version, _)| version_key(version))
        .unwrap_or_default();
    Ok((newest.0, newest.1, packages.len()))
}

/// `1.88` or `1.88.0` as numbers, to compare (a missing part is 0).
fn version_key(version: &str) -> [u64; 3] {
    let mut parts = version.split('.').map(|part| part.parse().unwrap_or(0));
    [0; 3].map(|_| parts.next().unwrap_or(0))
}
