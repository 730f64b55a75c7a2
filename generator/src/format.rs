//! Stage 5: token streams -> text, one file each, with the `@generated` preamble.
//!
//! Formatting runs in-process with prettyplease: its output depends only on its own
//! version, unlike rustfmt's, so checked-in code does not churn between machines.

use crate::diagnostics::{Diagnostic, Location};
use crate::emit::{Artifact, EmittedFile};

/// A file ready to be written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative to the crate directory, with `/` separators.
    pub path: String,
    pub contents: String,
}

/// The first line of every generated file; `write` only deletes files that carry it.
pub const GENERATED_MARKER: &str = "@generated";

/// prettyplease, not rustfmt, owns the layout of generated files: `cargo fmt` in a
/// workspace that contains the crate must leave them alone.
const RUSTFMT_SKIP: &str = "#![cfg_attr(rustfmt, rustfmt::skip)]";

pub fn format(
    files: Vec<EmittedFile>,
    regenerate_with: &str,
) -> Result<Vec<OutputFile>, Diagnostic> {
    let preamble = format!("{GENERATED_MARKER} by `{regenerate_with}`. Do not edit by hand.");
    files
        .into_iter()
        .map(|file| {
            let contents = match file.artifact {
                Artifact::Rust(tokens) => {
                    let parsed = syn::parse2::<syn::File>(tokens).map_err(|err| {
                        Diagnostic::error(
                            Location::Pointer("#".into()),
                            format!(
                                "internal error: generated `{}` is not valid Rust: {err}",
                                file.path
                            ),
                        )
                    })?;
                    format!(
                        "// {preamble}\n{RUSTFMT_SKIP}\n\n{}",
                        unparse_spaced(parsed)
                    )
                }
                Artifact::RustSource(source) => {
                    format!("// {preamble}\n{RUSTFMT_SKIP}\n\n{source}")
                }
                Artifact::Manifest(text) => format!("# {preamble}\n\n{text}"),
            };
            Ok(OutputFile {
                path: file.path,
                contents,
            })
        })
        .collect()
}

/// prettyplease prints items back to back; a blank line between items (but not between
/// consecutive `use`s) makes the files read like hand-written ones.
fn unparse_spaced(file: syn::File) -> String {
    let mut chunks: Vec<String> = Vec::new();
    if !file.attrs.is_empty() {
        chunks.push(prettyplease::unparse(&syn::File {
            shebang: None,
            attrs: file.attrs,
            items: Vec::new(),
        }));
    }
    let mut group: Vec<syn::Item> = Vec::new();
    for item in file.items {
        let joins_group = matches!(
            (group.last(), &item),
            (Some(syn::Item::Use(_)), syn::Item::Use(_))
                | (Some(syn::Item::Mod(_)), syn::Item::Mod(_))
        );
        if !joins_group && !group.is_empty() {
            chunks.push(prettyplease::unparse(&syn::File {
                shebang: None,
                attrs: Vec::new(),
                items: std::mem::take(&mut group),
            }));
        }
        group.push(item);
    }
    if !group.is_empty() {
        chunks.push(prettyplease::unparse(&syn::File {
            shebang: None,
            attrs: Vec::new(),
            items: group,
        }));
    }
    chunks.join("\n")
}
