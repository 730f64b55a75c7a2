//! Stage 4: IR -> token streams and texts, one small emitter per artifact.
//!
//! Emitters only read the IR; every name they print was chosen during lowering or the
//! split. The output is a list of files in a fixed order, not yet formatted.

mod crate_root;
mod docs;
mod enums;
mod models;
mod operations;
mod runtime;
mod types;

use proc_macro2::TokenStream;

use crate::ir::Api;
use crate::Options;

/// What one output file holds before formatting.
pub enum Artifact {
    /// Rust code, to be formatted by prettyplease.
    Rust(TokenStream),
    /// Hand-formatted Rust source copied from `templates/` (its comments must survive,
    /// and prettyplease would drop them).
    RustSource(String),
    /// `Cargo.toml`.
    Manifest(String),
}

pub struct EmittedFile {
    /// Relative to the crate directory, with `/` separators.
    pub path: String,
    pub artifact: Artifact,
}

pub fn emit(api: &Api, options: &Options) -> Vec<EmittedFile> {
    let mut files = vec![
        EmittedFile {
            path: "Cargo.toml".into(),
            artifact: Artifact::Manifest(crate_root::manifest(api, options)),
        },
        EmittedFile {
            path: "src/lib.rs".into(),
            artifact: Artifact::Rust(crate_root::lib_rs(api)),
        },
    ];
    files.extend(runtime::files(options));
    files.extend(models::files(api));
    files.extend(operations::files(api));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}
