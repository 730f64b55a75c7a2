//! Regeneration with nothing changed: `cargo xtask codegen` (the real command, on the real
//! `generated-client/`) must rewrite no file, so that cargo then rebuilds nothing.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use super::measure::{this_xtask, Summary};
use crate::project::{project_root, Failure};
use crate::scratch::io_failure;
use crate::scratch::{cargo, run_to_end};

pub(super) fn bench(summary: &mut Summary) -> Result<(), Failure> {
    let root = project_root();
    let crate_dir = root.join("generated-client");
    run_to_end(
        cargo(&root).args(["build", "--quiet", "--package", "heron-client"]),
        "building heron-client",
    )?;
    let before = stamps(&crate_dir)?;
    run_to_end(
        Command::new(this_xtask()?)
            .arg("codegen")
            .current_dir(&root),
        "cargo xtask codegen",
    )?;
    let after = stamps(&crate_dir)?;
    let touched = after
        .iter()
        .filter(|(path, stamp)| before.get(*path) != Some(stamp))
        .count()
        + before
            .keys()
            .filter(|path| !after.contains_key(*path))
            .count();

    let build = run_to_end(
        cargo(&root).args(["build", "--package", "heron-client", "--verbose"]),
        "building heron-client again",
    )?;
    let log = String::from_utf8_lossy(&build.stderr);
    let fresh = log
        .lines()
        .any(|line| line.trim_start().starts_with("Fresh heron-client"));
    let compiled = log
        .lines()
        .any(|line| line.trim_start().starts_with("Compiling heron-client"));

    println!("\nregeneration with nothing changed (`cargo xtask codegen`, then `cargo build -p heron-client -v`)");
    println!("files rewritten or removed: {touched}");
    println!(
        "cargo: {}",
        match (fresh, compiled) {
            (true, false) => "Fresh heron-client (nothing rebuilt)",
            (_, true) => "Compiling heron-client (REBUILT)",
            _ => "no line about heron-client (unexpected)",
        }
    );
    summary.add(
        "files rewritten by an unchanged regeneration",
        touched as f64,
        "files",
    );
    summary.add(
        "heron-client rebuilt after an unchanged regeneration",
        if compiled { 1.0 } else { 0.0 },
        "builds",
    );
    if touched > 0 || compiled || !fresh {
        eprintln!("error: an unchanged regeneration must leave the crate as it was");
        return Err(Failure::CheckFailed);
    }
    Ok(())
}

/// Modification time and length of every file under `dir`.
fn stamps(dir: &Path) -> Result<BTreeMap<PathBuf, (SystemTime, u64)>, Failure> {
    let mut stamps = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).map_err(|err| io_failure(&dir, err))? {
            let entry = entry.map_err(|err| io_failure(&dir, err))?;
            let path = entry.path();
            let metadata = entry.metadata().map_err(|err| io_failure(&path, err))?;
            if metadata.is_dir() {
                pending.push(path);
            } else {
                let modified = metadata.modified().map_err(|err| io_failure(&path, err))?;
                stamps.insert(path, (modified, metadata.len()));
            }
        }
    }
    Ok(stamps)
}
