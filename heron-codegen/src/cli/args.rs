//! The command line, as `clap` reads it. `--help` on every command comes from these docs.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const EXIT_CODES: &str = "\
Exit codes: 0 success; 1 a check failed (a stale crate, a breaking change with
--fail-on-breaking); 2 bad input or usage. Errors go to stderr, located in their file
(FILE:LINE:COLUMN, or FILE: #/json/pointer); a failed run writes nothing.";

/// Generates a typed async Rust client crate from an OpenAPI 3.0 or 3.1 spec, keeps its
/// names from one spec version to the next, and says what changed for callers.
///
/// Examples:
///   heron-codegen generate --spec openapi.yaml --out petstore --name petstore
///   heron-codegen check --spec openapi.yaml --out petstore
///   heron-codegen diff old.yaml openapi.yaml
///   heron-codegen fetch https://example.com/openapi.json --spec openapi.yaml
///
/// In a crate folder with a heron-codegen.toml (keys: spec, name, names, overlay, url),
/// every command runs with no argument: `heron-codegen generate`, `heron-codegen diff
/// --base HEAD`.
#[derive(Debug, Parser)]
#[command(name = "heron-codegen", version, after_help = EXIT_CODES, verbatim_doc_comment)]
pub(crate) struct Cli {
    /// Run as if started in DIR (a crate folder with its heron-codegen.toml).
    #[arg(short = 'C', global = true, value_name = "DIR")]
    pub directory: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Generate a client crate from a spec, or bring it up to date.
    ///
    /// Writes only the files whose contents change (an unchanged run touches nothing),
    /// removes generated files the spec no longer produces (never a file without the
    /// `@generated` line), writes the names file, and, when the spec is committed in a
    /// git work tree, ends with the API changes against HEAD.
    #[command(after_help = EXIT_CODES)]
    Generate(CrateArgs),
    /// Check that a generated crate is what its spec produces.
    ///
    /// Exits 1, printing a unified diff per file, when the crate or its names file is
    /// stale. Writes nothing.
    #[command(after_help = EXIT_CODES)]
    Check(CrateArgs),
    /// What changed for Rust callers between two specs, or since a git revision.
    ///
    /// `diff OLD NEW` compares two spec files (each with the names file and overlay beside
    /// it); `diff --base REV` compares the spec (every file of it, with its names file and
    /// overlay) as committed at REV with the working tree. Breaking changes come first,
    /// each with the reason it breaks callers.
    #[command(after_help = EXIT_CODES)]
    Diff(DiffArgs),
    /// Download a spec, check that it generates, and only then replace the spec file.
    ///
    /// A JSON download replacing a YAML file is written as YAML. A failed download or a
    /// spec the generator refuses changes nothing. Prints the API changes.
    #[command(after_help = EXIT_CODES)]
    Fetch(FetchArgs),
}

/// The spec and its companion files; each overrides the config file's key.
#[derive(Debug, Default, Args)]
pub(crate) struct SpecArgs {
    /// The spec: a JSON or YAML file, or the entry file of a spec kept in several files.
    #[arg(long, value_name = "PATH")]
    pub spec: Option<PathBuf>,
    /// The names file (default: beside the spec, SPEC with `.names.toml`).
    #[arg(long, value_name = "FILE")]
    pub names: Option<PathBuf>,
    /// The OpenAPI Overlay to apply (default: SPEC with `.overlay.yaml`, when present).
    #[arg(long, value_name = "FILE")]
    pub overlay: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct CrateArgs {
    #[command(flatten)]
    pub spec: SpecArgs,
    /// The generated crate's folder, where heron-codegen.toml is read from (default: the
    /// current folder, when it has one).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The crate's package name (default: the folder's name).
    #[arg(long, value_name = "CRATE")]
    pub name: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct DiffArgs {
    /// OLD NEW: two spec files. With --base: the spec (default: from heron-codegen.toml
    /// or --spec).
    #[arg(value_name = "SPEC", num_args = 0..=2)]
    pub specs: Vec<PathBuf>,
    /// Compare with the spec as committed at this git revision (HEAD, origin/main, ...).
    #[arg(long, value_name = "REV")]
    pub base: Option<String>,
    #[command(flatten)]
    pub spec: SpecArgs,
    /// Markdown for people, JSON for tools.
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    pub format: Format,
    /// Exit 1 when a change breaks callers.
    #[arg(long)]
    pub fail_on_breaking: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Markdown,
    Json,
}

#[derive(Debug, Args)]
pub(crate) struct FetchArgs {
    /// Where to download the spec from (default: `url` in heron-codegen.toml).
    pub url: Option<String>,
    #[command(flatten)]
    pub spec: SpecArgs,
}
