//! Files through the client: `inventory-app/examples/files.rs` (release) downloads 1 GiB to
//! disk and uploads a 1 GiB file as a multipart part, through the generated client
//! (`Call::stream` and `Download::to_file`; `File::from_path`) and through the same
//! transfer written by hand with reqwest's stream APIs, against a loopback server that
//! makes and swallows the bytes as they go. Each transfer runs in a process of its own, so
//! that its peak resident set is its own; the forms alternate after a warm-up of each, and
//! medians are reported (of 3 rounds; 1 with `--quick`).
//!
//! The upload's file is written under `target/bench/files/` before and removed after, and
//! so is each download, so no 1 GiB file outlives the run.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::measure::{median, number, report, Baseline, Summary};
use crate::project::{project_root, Failure};
use crate::scratch::{build_program, cargo, io_failure, run_to_end};

/// The size of each transfer.
const MIB: u64 = 1024;

pub(super) fn bench(quick: bool, summary: &mut Summary) -> Result<(), Failure> {
    println!("\nfiles ({MIB} MiB to disk and from disk, loopback server; generated client vs hand-written reqwest streams)");
    let program = build()?;
    let folder = project_root().join("target/bench/files");
    fs::create_dir_all(&folder).map_err(|err| io_failure(&folder, err))?;
    let rounds = if quick { 1 } else { 3 };
    let download = folder.join("download.bin");
    let result = transfers(&program, "download", &download, rounds, summary);
    let _ = fs::remove_file(&download);
    result?;
    let upload = folder.join("upload.bin");
    let result = write_upload_file(&upload)
        .and_then(|()| transfers(&program, "upload", &upload, rounds, summary));
    let _ = fs::remove_file(&upload);
    result
}

fn build() -> Result<PathBuf, Failure> {
    build_program(
        cargo(&project_root()).args([
            "build",
            "--release",
            "--package",
            "inventory-app",
            "--example",
            "files",
        ]),
        "files",
    )
    .map_err(|message| {
        eprintln!("error: {message}");
        Failure::CheckFailed
    })
}

/// `rounds` of the generated form and the hand-written one, alternating; three rows.
fn transfers(
    program: &Path,
    direction: &str,
    file: &Path,
    rounds: usize,
    summary: &mut Summary,
) -> Result<(), Failure> {
    let by_hand = format!("{direction}-by-hand");
    let mut generated: Vec<Value> = Vec::new();
    let mut hand: Vec<Value> = Vec::new();
    // The first transfer of a run is slower whichever form it is (the page cache filling
    // up after the last run's files): one of each, not counted.
    transfer(program, direction, file)?;
    transfer(program, &by_hand, file)?;
    for _ in 0..rounds {
        generated.push(transfer(program, direction, file)?);
        hand.push(transfer(program, &by_hand, file)?);
    }
    let pick = |reports: &[Value], key: &str| {
        median(reports.iter().map(|report| number(report, key)).collect())
    };
    let baseline = "the same transfer by hand (reqwest streams)";
    for (key, label, unit) in [
        ("seconds", "time", "s"),
        ("cpu_seconds", "CPU time (server included)", "s"),
        ("peak_rss_mb", "peak resident set", "MB"),
    ] {
        let (ours, theirs) = (pick(&generated, key), pick(&hand, key));
        let name = format!("files: {direction} {MIB} MiB, {label}");
        println!(
            "{name:<56} {ours:>8.2} {unit:<2} hand-written {theirs:>8.2} {unit:<2} ratio {:.2}",
            ours / theirs.max(f64::MIN_POSITIVE)
        );
        summary.add_ratio(
            name,
            ours,
            unit,
            Baseline {
                name: baseline,
                median: theirs,
            },
        );
    }
    Ok(())
}

/// One transfer in a process of its own; a download's file is removed after it.
fn transfer(program: &Path, mode: &str, file: &Path) -> Result<Value, Failure> {
    let output = run_to_end(
        std::process::Command::new(program)
            .arg(mode)
            .arg(MIB.to_string())
            .arg(file),
        &format!("the files benchmark ({mode})"),
    )?;
    if mode.starts_with("download") {
        let _ = fs::remove_file(file);
    }
    report(&output, &format!("the files benchmark ({mode})"))
}

/// The upload's file: `MIB` MiB of a repeating pattern, written a block at a time.
fn write_upload_file(path: &Path) -> Result<(), Failure> {
    let block: Vec<u8> = (0..1024 * 1024).map(|i| (i % 253) as u8).collect();
    let mut out = fs::File::create(path).map_err(|err| io_failure(path, err))?;
    for _ in 0..MIB {
        out.write_all(&block).map_err(|err| io_failure(path, err))?;
    }
    out.flush().map_err(|err| io_failure(path, err))
}
