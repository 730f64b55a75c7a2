//! heron-codegen: OpenAPI 3.0 in, a typed async Rust client crate out.
//!
//! The pipeline, each stage in its own module and each owning its types:
//!
//! ```text
//! load -> lower -> split -> emit -> format -> write
//! text    IR       IR       tokens  text      files
//! ```
//!
//! [`generate`] runs everything up to formatting and does no I/O; [`write`] is the only
//! place that touches the disk. See `ARCHITECTURE.md` for the invariants.

// Spec data must never panic the generator: problems become diagnostics.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

pub mod diagnostics;
pub mod diff;
mod emit;
pub mod format;
pub mod ir;
mod load;
mod lower;
pub mod split;
pub mod write;

pub use diagnostics::{Diagnostic, Location, Severity};
pub use format::OutputFile;

/// What to generate.
#[derive(Clone, Debug)]
pub struct Options {
    /// The Cargo package name, e.g. `heron-client`.
    pub crate_name: String,
    /// The command that regenerates the output, named in every file's preamble.
    pub regenerate_with: String,
}

/// The generated crate, with the IR it came from and the warnings found on the way.
#[derive(Debug)]
pub struct Generated {
    pub files: Vec<OutputFile>,
    pub api: ir::Api,
    pub warnings: Vec<Diagnostic>,
}

/// Generates a crate from spec text (JSON or YAML). Fails with every error found; a
/// failure produces no files at all.
pub fn generate(spec: &str, options: &Options) -> Result<Generated, Vec<Diagnostic>> {
    let api = lower_spec(spec)?;
    let (api, warnings) = (split::split(api.0), api.1);
    let emitted = emit::emit(&api, options);
    let files = format::format(emitted, &options.regenerate_with).map_err(|err| vec![err])?;
    Ok(Generated {
        files,
        api,
        warnings,
    })
}

/// The IR before the read/write split, and its warnings: for tests and tools that
/// inspect lowering on its own.
pub fn lower_spec(spec: &str) -> Result<(ir::Api, Vec<Diagnostic>), Vec<Diagnostic>> {
    let loaded = load::load(spec).map_err(|err| vec![err])?;
    let (api, diagnostics) = lower::lower(&loaded.document, &loaded.tree);
    let (errors, warnings): (Vec<_>, Vec<_>) =
        diagnostics.into_iter().partition(Diagnostic::is_error);
    if errors.is_empty() {
        Ok((api, warnings))
    } else {
        Err(errors)
    }
}
