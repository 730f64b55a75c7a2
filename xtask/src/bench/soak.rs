//! The client under faults for minutes: `runtime-client/examples/soak/` (release), 64
//! calls in flight against a loopback server that misbehaves on a schedule, each call
//! held against what the server did to it. Its report prints as it comes (a run lasts
//! minutes: 3 by default, `--minutes M`, 40 seconds with `--quick`); its JSON rows join
//! the summary. A missed target (a panic, a call that broke a rule, memory growth, a
//! socket or task left over) fails the bench.

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use serde_json::Value;

use super::measure::Summary;
use crate::project::{project_root, Failure};
use crate::scratch::cargo;

pub(super) fn bench(
    quick: bool,
    minutes: Option<&str>,
    summary: &mut Summary,
) -> Result<(), Failure> {
    println!("\nsoak (runtime-client under faults, against a loopback server)");
    let mut command = cargo(&project_root());
    command
        .args(["run", "--quiet", "--release", "--package", "runtime-client"])
        .args(["--example", "soak", "--"]);
    if quick {
        command.arg("--quick");
    }
    if let Some(minutes) = minutes {
        command.args(["--minutes", minutes]);
    }
    let mut child = command.stdout(Stdio::piped()).spawn().map_err(|err| {
        eprintln!("error: the soak: {err}");
        Failure::BadInput
    })?;
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            match serde_json::from_str::<Value>(&line) {
                Ok(row) if row.is_object() => summary.0.push(row),
                _ => println!("{line}"),
            }
        }
    }
    let status = child.wait().map_err(|err| {
        eprintln!("error: the soak: {err}");
        Failure::BadInput
    })?;
    if !status.success() {
        eprintln!("error: the soak missed a target or did not run ({status})");
        return Err(Failure::CheckFailed);
    }
    Ok(())
}
