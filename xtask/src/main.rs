//! `cargo xtask`: the project's commands. Arguments in, generator calls out; nothing else.

mod bench;
mod codegen;
mod contract;
mod corpus;
mod diff;
mod features;
mod fetch;
mod git_tree;
mod scratch;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
usage:
  cargo xtask codegen [--check]                regenerate generated-client/ from spec/heron.yaml
  cargo xtask codegen --spec PATH --out DIR [--name CRATE]
                                               generate a standalone crate from any spec
  cargo xtask corpus [SPEC_OR_DIR...]          generate every spec into one workspace and
                                               check it (default: $HERON_FULL_SPEC,
                                               $HERON_SPECS_DIR and $HERON_SPECS31_DIR)
  cargo xtask features [SPEC]                  check the crate of SPEC (default:
                                               $HERON_FULL_SPEC) with a representative set
                                               of its Cargo features, and the models alone
  cargo xtask diff OLD_SPEC NEW_SPEC [--format markdown|json] [--fail-on-breaking]
  cargo xtask diff --base GIT_REV [SPEC]       what changed for Rust callers (against a
                                               committed spec, default spec/heron.yaml)
  cargo xtask fetch-spec [URL] [--out PATH]   download the published spec, check it, then
                                               replace spec/heron.yaml and print the changes
  cargo xtask bench [--quick] [PART...]        generator speed and memory, regeneration, the
                                               generated crate's compile cost, client overhead
                                               and pagination (PART: generator, regenerate,
                                               compile, overhead; default all); writes
                                               target/bench/summary.json
  cargo xtask contract [SPEC]                  call every operation of SPEC (default:
                                               $HERON_FULL_SPEC) against Stoplight Prism";

/// Exit code for bad input or usage (the README lists the exit codes scripts rely on).
const BAD_INPUT: u8 = 2;
/// Exit code for a failed check.
const CHECK_FAILED: u8 = 1;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen::parse(&args[1..]).and_then(|cmd| codegen::run(&cmd)),
        Some("corpus") => corpus::run(&args[1..]),
        Some("contract") => contract::run(&args[1..]),
        Some("diff") => diff::run(&args[1..]),
        Some("features") => features::run(&args[1..]),
        Some("fetch-spec") => fetch::run(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("bench-spec") => bench::run_spec(&args[1..]),
        _ => Err(Failure::Usage(String::new())),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            if !message.is_empty() {
                eprintln!("error: {message}");
            }
            eprintln!("{USAGE}");
            ExitCode::from(BAD_INPUT)
        }
        Err(Failure::BadInput) => ExitCode::from(BAD_INPUT),
        Err(Failure::CheckFailed) => ExitCode::from(CHECK_FAILED),
    }
}

pub(crate) enum Failure {
    Usage(String),
    /// Already reported on stderr.
    BadInput,
    CheckFailed,
}

/// A Cargo package name from any text: lowercase ASCII letters and digits, `-` for the rest.
pub(crate) fn package_slug(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

pub(crate) fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}
