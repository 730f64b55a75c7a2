//! Stage 4: IR -> laid-out texts, syntax trees and token streams, one small emitter per
//! artifact.
//!
//! Emitters only read the IR and the Rust types decided for it (`rust_types.rs`); every
//! name they print was chosen during lowering or the split. The output is a list of
//! files in a fixed order, not yet formatted.

mod crate_root;
mod credentials;
mod docs;
mod enums;
mod errors;
mod models;
mod operations;
mod paging;
mod read_object;
mod readme;
mod request;
mod runtime;
mod structs;
mod syntax;
mod types;
mod webhooks;
mod write_object;

use std::collections::BTreeMap;
use std::fmt::Write;

use proc_macro2::TokenStream;

use crate::format::{self, Layout};
use crate::ir::{Api, Gate};
use crate::release::Release;
use crate::rust_types::RustTypes;
use crate::Options;

/// What one output file holds before formatting.
pub enum Artifact<'a> {
    /// Rust code: items laid out already, and syntax trees for prettyplease. Kept as the
    /// function that builds them: syntax trees cannot cross threads, so each file is built
    /// on the thread that formats it. A tree comes from an emitter's tokens or text,
    /// parsed (failing only on a bug in the emitter), or is built from templates
    /// (`syntax.rs`).
    Rust(Box<dyn Fn() -> syn::Result<format::RustFile> + Send + Sync + 'a>),
    /// Hand-formatted Rust source copied from the runtime crate (its comments must survive,
    /// and prettyplease would drop them).
    RustSource(&'static str),
    /// `Cargo.toml`.
    Manifest(String),
    /// `CHANGELOG.md`, `README.md`.
    Markdown(String),
}

impl<'a> Artifact<'a> {
    fn rust<F: RustFile>(build: impl Fn() -> F + Send + Sync + 'a) -> Artifact<'a> {
        Artifact::Rust(Box::new(move || build().into_tree()))
    }
}

/// What an emitter builds for a Rust file: its tokens, its syntax tree, or its items
/// (some laid out already).
trait RustFile {
    fn into_tree(self) -> syn::Result<format::RustFile>;
}

impl RustFile for TokenStream {
    fn into_tree(self) -> syn::Result<format::RustFile> {
        syn::parse2::<syn::File>(self).map(Into::into)
    }
}

impl RustFile for syn::Result<syn::File> {
    fn into_tree(self) -> syn::Result<format::RustFile> {
        self.map(Into::into)
    }
}

impl RustFile for syn::Result<format::RustFile> {
    fn into_tree(self) -> syn::Result<format::RustFile> {
        self
    }
}

pub struct EmittedFile<'a> {
    /// Relative to the crate directory, with `/` separators.
    pub path: String,
    pub artifact: Artifact<'a>,
}

/// The files of the package `options.crate_name` at `release`, sorted by path.
pub fn emit<'a>(
    api: &'a Api,
    types: &'a RustTypes,
    options: &Options,
    release: &Release,
) -> Vec<EmittedFile<'a>> {
    let crate_name = options.crate_name.as_str();
    let lib_name = crate_name.replace('-', "_");
    let package = crate_name.to_owned();
    let operations = operations::files(api, &lib_name);
    let mut files = vec![
        EmittedFile {
            path: "Cargo.toml".into(),
            artifact: Artifact::Manifest(crate_root::manifest(
                api,
                crate_name,
                release.version,
                &options.package,
            )),
        },
        EmittedFile {
            path: "README.md".into(),
            artifact: Artifact::Markdown(docs::visible_lines(&readme::readme(
                api,
                crate_name,
                release.version,
            ))),
        },
        EmittedFile {
            path: "CHANGELOG.md".into(),
            artifact: Artifact::Markdown(docs::visible_lines(&release.changelog)),
        },
        EmittedFile {
            path: "src/lib.rs".into(),
            artifact: Artifact::rust(move || crate_root::lib_rs(api, &package)),
        },
    ];
    files.push(EmittedFile {
        path: "src/credentials.rs".into(),
        artifact: Artifact::rust(move || credentials::module(api)),
    });
    files.extend(runtime::files());
    files.extend(models::files(api, types));
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
fn folder<'a, T: Send + Sync + 'a, F: RustFile>(
    folder: &str,
    doc: &'static [&'static str],
    modules: BTreeMap<&'a str, T>,
    gates: &'a BTreeMap<String, Vec<Gate>>,
    module_file: impl Fn(&'a str, &T) -> F + Clone + Send + Sync + 'a,
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
            Ok(declarations(doc, &names, gates, Layout::Prettyplease))
        }),
    });
    files
}

/// A folder's `mod.rs`: `doc` as its module docs, then every module declared and
/// re-exported behind its `cfg`. prettyplease breaks nothing in these lines but a long
/// `cfg`, which `cfg_text` breaks as it would; a run of declarations prints without
/// blank lines.
fn declarations(
    doc: &[&str],
    names: &[&str],
    gates: &BTreeMap<String, Vec<Gate>>,
    layout: Layout,
) -> format::RustFile {
    let mut docs = String::new();
    for line in doc {
        let _ = writeln!(docs, "//!{}", line.trim_end_matches(' '));
    }
    let (mut mods, mut uses) = (String::new(), String::new());
    for module in names {
        let cfg = gates
            .get(*module)
            .and_then(|gates| types::cfg_text(gates, layout));
        for out in [&mut mods, &mut uses] {
            if let Some(cfg) = &cfg {
                out.push_str(cfg);
                out.push('\n');
            }
        }
        let _ = writeln!(mods, "mod {module};");
        let _ = writeln!(uses, "pub use self::{module}::*;");
    }
    format::RustFile {
        attrs: Vec::new(),
        items: [docs, mods, uses]
            .into_iter()
            .filter(|text| !text.is_empty())
            .map(format::Item::LaidOut)
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::declarations;
    use crate::format::{self, Item, Layout, Preamble, RustFile};
    use crate::ir::Gate;

    /// A `mod.rs` of modules behind gates of every shape, with names of 1 to 100
    /// characters: one feature, several, hidden, several gates. As written, it prints as
    /// `format` prints the same text parsed with every `cfg` on one line.
    #[test]
    fn declarations_are_written_as_prettyplease_lays_them_out() {
        let preamble = Preamble::new("test");
        let doc = [" The modules.", " Docs of the folder. "];
        for length in 1..=100 {
            let feature = |n: usize| format!("f{n}{}", "e".repeat(length));
            let gate = |features: &[usize], hidden| Gate {
                any: features.iter().map(|&n| feature(n)).collect(),
                hidden,
            };
            let gates: BTreeMap<String, Vec<Gate>> = [
                ("a", vec![gate(&[1], false)]),
                ("b", vec![gate(&[1, 2, 3], false)]),
                ("c", vec![gate(&[1, 2], true)]),
                ("d", vec![gate(&[1], false), gate(&[2, 3], true)]),
                ("e", vec![gate(&[], true)]),
            ]
            .into_iter()
            .map(|(name, gates)| (format!("{name}{}", "m".repeat(length)), gates))
            .collect();
            let names: Vec<&str> = gates
                .keys()
                .map(String::as_str)
                .chain(["unGated"])
                .collect();
            let written = declarations(&doc, &names, &gates, Layout::Prettyplease);
            let unbroken: String = declarations(&doc, &names, &gates, Layout::Unbroken)
                .items
                .into_iter()
                .filter_map(|item| match item {
                    Item::LaidOut(text) => Some(text),
                    Item::Tree(_) => None,
                })
                .collect();
            let parsed = syn::parse_file(&unbroken);
            assert!(parsed.is_ok(), "the text parses:\n{unbroken}");
            let Ok(parsed) = parsed else { return };
            let parsed: RustFile = parsed.into();
            assert_eq!(
                format::rust(written, &preamble),
                format::rust(parsed, &preamble),
                "names of {length}"
            );
        }
    }
}
