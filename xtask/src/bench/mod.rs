//! `cargo xtask bench [--quick]`: what users of the generator and of the client pay, each
//! against a baseline measured in the same run (the machine is shared and noisy, so only
//! same-run ratios mean much). Medians over repeated runs after a warm-up. Prints tables
//! and writes `target/bench/summary.json`.
//!
//! - `generator`: parse and full generation per spec, stages, peak memory;
//! - `regenerate`: an unchanged regeneration rewrites nothing and cargo rebuilds nothing;
//! - `compile`: the size and build time of the full-Heron crate, and typed decoding of
//!   10,000 Heron transactions against `serde_json::Value`;
//! - `overhead`: the generated client against the same requests written by hand.

mod compile;
mod generator;
mod measure;
mod overhead;
mod regenerate;

use crate::project::Failure;
use measure::Summary;

pub(crate) use generator::run_spec;

/// The measurements, in the order a full run makes them.
const PARTS: &[&str] = &["generator", "regenerate", "compile", "overhead"];

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
    summary.write()
}
