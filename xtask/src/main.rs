//! `cargo xtask`: the project's commands. Arguments in, generator calls out; nothing else.
//! `codegen`, `diff` and `fetch-spec` are `heron-codegen`'s `generate`/`check`, `diff` and
//! `fetch` with this repository's defaults.

mod bench;
mod codegen;
mod contract;
mod corpus;
mod diff;
mod features;
mod fetch;
mod project;
mod publish_check;
mod sample;
mod scratch;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use project::Failure;

const EXIT_CODES: &str = "\
Exit codes: 0 success; 1 a check failed; 2 bad input or usage.";

/// The project's commands: regenerate the checked-in clients, compare specs, and check the
/// generator against real specs, Prism and its benchmarks.
#[derive(Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask", after_help = EXIT_CODES)]
struct Xtask {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate generated-client/ from spec/heron.yaml, or any spec with --spec --out.
    ///
    /// Without --spec: generated-client/ (package heron-client) from spec/heron.yaml, with
    /// spec/heron.names.toml and spec/heron.overlay.yaml, ending with the API changes
    /// against HEAD. With --spec PATH --out DIR: a standalone crate, the names file and
    /// overlay beside PATH.
    #[command(after_help = EXIT_CODES)]
    Codegen {
        /// Write nothing; exit 1 with a unified diff when the crate or names file is stale.
        #[arg(long)]
        check: bool,
        /// Any spec (JSON or YAML; a multi-file spec's entry file). Needs --out.
        #[arg(long, value_name = "PATH", requires = "out")]
        spec: Option<PathBuf>,
        /// The crate's folder. Needs --spec.
        #[arg(long, value_name = "DIR", requires = "spec")]
        out: Option<PathBuf>,
        /// The crate's package name (default: heron-client, or --out's folder name).
        #[arg(long, value_name = "CRATE")]
        name: Option<String>,
    },
    /// Generate every spec into one workspace and run clippy -D warnings on each crate.
    ///
    /// In a folder, each JSON or YAML file is a spec, and each subfolder one spec kept in
    /// several files. Default: $HERON_FULL_SPEC, $HERON_SPECS_DIR, $HERON_SPECS31_DIR and
    /// $HERON_SPECS_MULTI_DIR.
    #[command(after_help = EXIT_CODES)]
    Corpus {
        #[arg(value_name = "SPEC_OR_DIR")]
        inputs: Vec<String>,
    },
    /// Check the crate of SPEC (default: $HERON_FULL_SPEC) with a representative set of
    /// its Cargo features, and the models alone without an HTTP client.
    #[command(after_help = EXIT_CODES)]
    Features { spec: Option<String> },
    /// What changed for Rust callers between two specs, or since a git revision.
    #[command(after_help = EXIT_CODES)]
    Diff {
        /// OLD_SPEC NEW_SPEC, or with --base the spec (default: spec/heron.yaml).
        #[arg(value_name = "SPEC", num_args = 0..=2)]
        specs: Vec<PathBuf>,
        /// Compare with the spec as committed at this git revision.
        #[arg(long, value_name = "GIT_REV")]
        base: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Markdown)]
        format: Format,
        /// Exit 1 when a change breaks callers.
        #[arg(long)]
        fail_on_breaking: bool,
    },
    /// Download the published spec, check it, then replace spec/heron.yaml and print the
    /// API changes; a failed download or a refused spec changes nothing.
    #[command(name = "fetch-spec", after_help = EXIT_CODES)]
    FetchSpec {
        /// Default: https://app.herondata.io/swagger.
        url: Option<String>,
        /// The spec file to replace (default: spec/heron.yaml).
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
    },
    /// Generator speed and memory, regeneration, the generated crate's compile cost,
    /// client overhead and pagination, files, and the client's soak under faults; writes
    /// target/bench/summary.json.
    #[command(after_help = EXIT_CODES)]
    Bench {
        /// Fewer repetitions.
        #[arg(long)]
        quick: bool,
        /// How long the soak runs, in minutes (default 3).
        #[arg(long, value_name = "M")]
        minutes: Option<String>,
        /// Parts to run: generator, regenerate, compile, overhead, files, soak (default: all).
        #[arg(value_name = "PART")]
        parts: Vec<String>,
    },
    /// One spec's generation in a process of its own (the generator bench's peak memory).
    #[command(name = "bench-spec", hide = true)]
    BenchSpec {
        spec: String,
        runs: String,
        copies: String,
    },
    /// The checked-in generated crates can be published, and build warning-free against
    /// a freshly resolved lockfile (in target/publish-check; Cargo.lock stays).
    #[command(name = "publish-check", after_help = EXIT_CODES)]
    PublishCheck,
    /// Call every operation of SPEC (default: $HERON_FULL_SPEC) against Stoplight Prism.
    #[command(after_help = EXIT_CODES)]
    Contract {
        spec: Option<String>,
        /// Judge only that each request meets its operation's security requirement.
        #[arg(long)]
        credentials: bool,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Markdown,
    Json,
}

fn main() -> ExitCode {
    let result = match Xtask::parse().command {
        Command::Codegen {
            check,
            spec,
            out,
            name,
        } => codegen::run(codegen::Codegen {
            spec,
            out,
            name,
            check,
        }),
        Command::Corpus { inputs } => corpus::run(&inputs),
        Command::Features { spec } => features::run(&Vec::from_iter(spec)),
        Command::Diff {
            specs,
            base,
            format,
            fail_on_breaking,
        } => diff::run(diff::Diff {
            specs,
            base,
            json: format == Format::Json,
            fail_on_breaking,
        }),
        Command::FetchSpec { url, out } => fetch::run(url, out),
        Command::Bench {
            quick,
            minutes,
            mut parts,
        } => {
            if quick {
                parts.push("--quick".to_owned());
            }
            if let Some(minutes) = minutes {
                parts.extend(["--minutes".to_owned(), minutes]);
            }
            bench::run(&parts)
        }
        Command::BenchSpec { spec, runs, copies } => bench::run_spec(&[spec, runs, copies]),
        Command::PublishCheck => publish_check::run(),
        Command::Contract { spec, credentials } => {
            let mut args = Vec::from_iter(spec);
            if credentials {
                args.push("--credentials".to_owned());
            }
            contract::run(&args)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}\n\nFor more information, try `cargo xtask --help`.");
            ExitCode::from(2)
        }
        Err(Failure::BadInput) => ExitCode::from(2),
        Err(Failure::CheckFailed) => ExitCode::from(1),
    }
}
