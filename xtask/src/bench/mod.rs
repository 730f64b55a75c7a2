//! `cargo xtask bench [--quick] [--minutes M]`: what users of the generator and of the
//! client pay, each against a baseline measured in the same run (the machine is shared and
//! noisy, so only same-run ratios mean much). Medians over repeated runs after a warm-up. Prints tables
//! and writes `target/bench/summary.json`.
//!
//! - `generator`: parse and full generation per spec, stages, peak memory;
//! - `regenerate`: an unchanged regeneration rewrites nothing and cargo rebuilds nothing;
//! - `compile`: the size and build time of the full-Heron crate, and typed decoding of
//!   10,000 Heron transactions against `serde_json::Value`;
//! - `overhead`: the generated client against the same requests written by hand;
//! - `files`: 1 GiB downloaded to disk and uploaded from a file, time and peak memory,
//!   against the same transfers written by hand;
//! - `soak`: the client under faults for minutes (`--minutes M`, default 3): typed errors,
//!   retries within budget, flat memory, nothing left open.

mod compile;
mod files;
mod generator;
mod measure;
mod overhead;
mod regenerate;
mod soak;

use crate::project::Failure;
use measure::Summary;

pub(crate) use generator::run_spec;

/// The measurements, in the order a full run makes them.
const PARTS: &[&str] = &[
    "generator",
    "regenerate",
    "compile",
    "overhead",
    "files",
    "soak",
];

/// `bench [--quick] [--minutes M] [PART...]`: every part unless some are named; `--minutes`
/// is the soak's length.
pub(crate) fn run(args: &[String]) -> Result<(), Failure> {
    let usage = |problem: String| {
        Failure::Usage(format!(
            "bench [--quick] [--minutes M] [{}...]: {problem}",
            PARTS.join("|")
        ))
    };
    let mut quick = false;
    let mut minutes = None;
    let mut parts = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--quick" => quick = true,
            "--minutes" => match rest.next() {
                Some(value) if value.parse::<f64>().is_ok_and(|m| m > 0.0) => {
                    minutes = Some(value.as_str())
                }
                _ => return Err(usage("`--minutes` needs a number above 0".to_owned())),
            },
            part if PARTS.contains(&part) => parts.push(part),
            unknown => return Err(usage(format!("no part `{unknown}`"))),
        }
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
    if wanted("soak") {
        soak::bench(quick, minutes, &mut summary)?;
    }
    summary.write()
}
