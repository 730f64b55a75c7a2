//! What every measurement shares: the summary it adds to, medians, baselines, and the
//! JSON report a measurement program prints.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::{json, Value};

use crate::project::{project_root, Failure};
use crate::scratch::io_failure;

/// The rows of `target/bench/summary.json`.
#[derive(Default)]
pub(super) struct Summary(pub(super) Vec<Value>);

impl Summary {
    pub(super) fn add(&mut self, name: impl Into<String>, median: f64, unit: &str) {
        self.0
            .push(json!({"name": name.into(), "median": median, "unit": unit}));
    }

    /// A measurement with the baseline it is compared against, measured in the same run.
    pub(super) fn add_ratio(
        &mut self,
        name: impl Into<String>,
        median: f64,
        unit: &str,
        baseline: Baseline,
    ) {
        self.0.push(json!({
            "name": name.into(),
            "median": median,
            "unit": unit,
            "baseline": baseline.name,
            "baseline_median": baseline.median,
            "ratio": median / baseline.median.max(f64::MIN_POSITIVE),
        }));
    }

    pub(super) fn write(&self) -> Result<(), Failure> {
        let out = project_root().join("target/bench");
        fs::create_dir_all(&out).map_err(|err| io_failure(&out, err))?;
        let path = out.join("summary.json");
        let text = serde_json::to_string_pretty(&self.0).unwrap_or_default();
        fs::write(&path, text).map_err(|err| io_failure(&path, err))?;
        println!("\nwrote target/bench/summary.json");
        Ok(())
    }
}

pub(super) struct Baseline<'a> {
    pub name: &'a str,
    pub median: f64,
}

pub(super) fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or_default()
}

/// This xtask binary, which runs the measurements that need a process of their own.
pub(super) fn this_xtask() -> Result<PathBuf, Failure> {
    std::env::current_exe().map_err(|err| io_failure(Path::new("xtask"), err))
}

/// The one JSON object a measurement program prints on stdout.
pub(super) fn report(output: &Output, what: &str) -> Result<Value, Failure> {
    serde_json::from_slice(&output.stdout).map_err(|err| {
        eprintln!(
            "error: {what} printed no JSON report ({err}):\n{}",
            String::from_utf8_lossy(&output.stdout)
        );
        Failure::CheckFailed
    })
}

/// A number of a report; a missing one reads as 0.
pub(super) fn number(report: &Value, key: &str) -> f64 {
    report[key].as_f64().unwrap_or_default()
}
