//! `cargo xtask bench [--quick]`: what users of the generator and of the client pay, each
//! against a baseline measured in the same run (the machine is shared and noisy, so only
//! same-run ratios mean much). Medians over repeated runs after a warm-up. Prints tables
//! and writes `target/bench/summary.json`.
//!
//! - `generator`: parse and full generation per spec, stages, peak memory;
//! - `regenerate`: an unchanged regeneration rewrites nothing and cargo rebuilds nothing;
//! - `compile`: the size and build time of the full-Heron crate, and typed decoding of
//!   10,000 Heron transactions against `serde_json::Value`;
//! - `overhead`: the generated client against the same requests written by hand;
//! - `files`: 1 GiB downloaded to disk and uploaded from a file, time and peak memory,
//!   against the same transfers written by hand.

mod compile;
mod files;
mod generator;
mod overhead;
mod regenerate;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::{json, Value};

use crate::scratch::{cargo, io_failure, run_to_end};
use crate::{project_root, Failure};

pub(crate) use generator::run_spec;

/// The measurements, in the order a full run makes them.
const PARTS: &[&str] = &["generator", "regenerate", "compile", "overhead", "files"];

/// `bench [--quick] [PART...]`: every part unless some are named.
pub(crate) fn run(args: &[String]) -> Result<(), Failure> {
    let quick = args.iter().any(|arg| arg == "--quick");
    let parts: Vec<&str> = args
        .iter()
        .filter(|arg| *arg != "--quick")
        .map(String::as_str)
        .collect();
    if let Some(unknown) = parts.iter().find(|part| !PARTS.contains(part)) {
        return Err(Failure::Usage(format!(
            "bench [--quick] [{}...]: no part `{unknown}`",
            PARTS.join("|")
        )));
    }
    let wanted = |part: &str| parts.is_empty() || parts.contains(&part);
    let mut summary = Summary::default();
    if wanted("generator") {
        generator::bench(quick, &mut summary)?;
    }
    if wanted("regenerate") {
        regenerate::bench(&mut summary)?;
    }
    if wanted("compile") {
        compile::bench(quick, &mut summary)?;
    }
    if wanted("overhead") {
        overhead::bench(quick, &mut summary)?;
    }
    if wanted("files") {
        files::bench(quick, &mut summary)?;
    }
    summary.write()
}

/// The rows of `target/bench/summary.json`.
#[derive(Default)]
struct Summary(Vec<Value>);

impl Summary {
    fn add(&mut self, name: impl Into<String>, median: f64, unit: &str) {
        self.0
            .push(json!({"name": name.into(), "median": median, "unit": unit}));
    }

    /// A measurement with the baseline it is compared against, measured in the same run.
    fn add_ratio(&mut self, name: impl Into<String>, median: f64, unit: &str, baseline: Baseline) {
        self.0.push(json!({
            "name": name.into(),
            "median": median,
            "unit": unit,
            "baseline": baseline.name,
            "baseline_median": baseline.median,
            "ratio": median / baseline.median.max(f64::MIN_POSITIVE),
        }));
    }

    fn write(&self) -> Result<(), Failure> {
        let out = project_root().join("target/bench");
        fs::create_dir_all(&out).map_err(|err| io_failure(&out, err))?;
        let path = out.join("summary.json");
        let text = serde_json::to_string_pretty(&self.0).unwrap_or_default();
        fs::write(&path, text).map_err(|err| io_failure(&path, err))?;
        println!("\nwrote target/bench/summary.json");
        Ok(())
    }
}

struct Baseline<'a> {
    name: &'a str,
    median: f64,
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or_default()
}

/// This xtask binary, which runs the measurements that need a process of their own.
fn this_xtask() -> Result<PathBuf, Failure> {
    std::env::current_exe().map_err(|err| io_failure(Path::new("xtask"), err))
}

/// The one JSON object a measurement program prints on stdout.
fn report(output: &Output, what: &str) -> Result<Value, Failure> {
    serde_json::from_slice(&output.stdout).map_err(|err| {
        eprintln!(
            "error: {what} printed no JSON report ({err}):\n{}",
            String::from_utf8_lossy(&output.stdout)
        );
        Failure::CheckFailed
    })
}

/// A number of a report; a missing one reads as 0.
fn number(report: &Value, key: &str) -> f64 {
    report[key].as_f64().unwrap_or_default()
}
