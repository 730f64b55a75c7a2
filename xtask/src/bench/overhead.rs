//! What the generated client adds to a request: `generated-client/examples/overhead.rs`
//! (release) against a loopback server, the generated operation against the same request
//! written by hand with reqwest and serde; and `runtime-client/examples/paging.rs`, 100
//! pages through `.items()` against the same pages followed by hand. Each example prints
//! one JSON line per measurement.

use serde_json::Value;

use super::measure::{number, Summary};
use crate::project::{project_root, Failure};
use crate::scratch::{cargo, run_to_end};

pub(super) fn bench(quick: bool, summary: &mut Summary) -> Result<(), Failure> {
    println!(
        "\nclient overhead (loopback server; generated client vs hand-written reqwest + serde)"
    );
    let calls = if quick { "2000" } else { "10000" };
    run_example("heron-client", "overhead", calls, summary)?;
    let rounds = if quick { "5" } else { "20" };
    run_example("runtime-client", "paging", rounds, summary)
}

/// Runs one benchmark example in release and prints and keeps each row it reports.
fn run_example(
    package: &str,
    example: &str,
    count: &str,
    summary: &mut Summary,
) -> Result<(), Failure> {
    let output = run_to_end(
        cargo(&project_root())
            .args(["run", "--quiet", "--release", "--package", package])
            .args(["--example", example, "--", count]),
        &format!("the {example} benchmark"),
    )?;
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(row) = serde_json::from_str::<Value>(line) else {
            println!("{line}");
            continue;
        };
        let number = |key: &str| number(&row, key);
        let name = row["name"].as_str().unwrap_or_default();
        let unit = row["unit"].as_str().unwrap_or_default();
        println!(
            "{name:<40} {:>8.1} {unit:<3} hand-written {:>8.1} {unit:<3} ratio {:.3}",
            number("median"),
            number("baseline_median"),
            number("ratio")
        );
        summary.0.push(row);
    }
    Ok(())
}
