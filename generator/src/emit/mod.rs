//! Stage 4: IR -> token streams and texts, one small emitter per artifact.
//!
//! Emitters only read the IR; every name they print was chosen during lowering or the
//! split. The output is a list of files in a fixed order, not yet formatted.

mod crate_root;
mod credentials;
mod docs;
mod enums;
mod errors;
mod models;
mod operations;
mod paging;
mod read_object;
mod runtime;
mod types;
mod webhooks;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, Gate};
use crate::Options;

/// What one output file holds before formatting.
pub enum Artifact<'a> {
    /// Rust code, to be formatted by prettyplease. Kept as the function that builds its
    /// tokens: token streams cannot cross threads, so the formatter builds each file's
    /// tokens on the thread that formats it.
    Rust(Box<dyn Fn() -> TokenStream + Send + Sync + 'a>),
    /// Hand-formatted Rust source copied from the runtime crate (its comments must survive,
    /// and prettyplease would drop them).
    RustSource(String),
    /// `Cargo.toml`.
    Manifest(String),
}

impl<'a> Artifact<'a> {
    fn rust(build: impl Fn() -> TokenStream + Send + Sync + 'a) -> Artifact<'a> {
        Artifact::Rust(Box::new(build))
    }
}

pub struct EmittedFile<'a> {
    /// Relative to the crate directory, with `/` separators.
    pub path: String,
    pub artifact: Artifact<'a>,
}

pub fn emit<'a>(api: &'a Api, options: &Options) -> Vec<EmittedFile<'a>> {
    let lib_name = options.crate_name.replace('-', "_");
    let operations = operations::files(api, &lib_name);
    let mut files = vec![
        EmittedFile {
            path: "Cargo.toml".into(),
            artifact: Artifact::Manifest(crate_root::manifest(api, options)),
        },
        EmittedFile {
            path: "src/lib.rs".into(),
            artifact: Artifact::rust(move || crate_root::lib_rs(api, &lib_name)),
        },
    ];
    files.push(EmittedFile {
        path: "src/credentials.rs".into(),
        artifact: Artifact::rust(move || credentials::module(api)),
    });
    files.extend(runtime::files());
    files.extend(models::files(api));
    files.extend(operations);
    if let Some(hooks) = &api.webhooks {
        files.push(EmittedFile {
            path: "src/webhooks/mod.rs".into(),
            artifact: Artifact::rust(move || webhooks::module(api, hooks)),
        });
        files.extend(runtime::webhook_files());
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// A folder of modules, `src/<folder>/`: one file per module, built by `module_file` from
/// that module's items, and a `mod.rs` with the lines of `doc` as its module docs that
/// declares every module and re-exports its items (`mod x; pub use self::x::*;`), so
/// callers name `models::Pet`, never the file it lives in. A module with an entry in
/// `gates` is declared and re-exported behind its features.
fn folder<'a, T: Send + Sync + 'a>(
    folder: &str,
    doc: &'static [&'static str],
    modules: BTreeMap<&'a str, T>,
    gates: &'a BTreeMap<String, Vec<Gate>>,
    module_file: impl Fn(&'a str, &T) -> TokenStream + Clone + Send + Sync + 'a,
) -> Vec<EmittedFile<'a>> {
    let names: Vec<&str> = modules.keys().copied().collect();
    let mut files: Vec<EmittedFile> = modules
        .into_iter()
        .map(|(module, items)| {
            let module_file = module_file.clone();
            EmittedFile {
                path: format!("src/{folder}/{module}.rs"),
                artifact: Artifact::rust(move || module_file(module, &items)),
            }
        })
        .collect();
    files.push(EmittedFile {
        path: format!("src/{folder}/mod.rs"),
        artifact: Artifact::rust(move || {
            let mods = names.iter().map(|module| types::ident(module));
            let uses = mods.clone();
            let cfgs: Vec<Option<TokenStream>> = names
                .iter()
                .map(|module| gates.get(*module).and_then(|gates| types::cfg(gates)))
                .collect();
            quote! {
                #(#![doc = #doc])*
                #(#cfgs mod #mods;)*
                #(#cfgs pub use self::#uses::*;)*
            }
        }),
    });
    files
}
