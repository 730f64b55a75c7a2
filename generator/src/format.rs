//! Stage 5: token streams -> text, one file each, with the `@generated` preamble.
//!
//! Formatting runs in-process with prettyplease: its output depends only on its own
//! version, unlike rustfmt's, so checked-in code does not churn between machines.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

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

/// The formatted files, with the time spent building tokens and formatting them, summed
/// over the threads that did it.
pub struct Formatted {
    pub files: Vec<OutputFile>,
    pub building: Duration,
    pub formatting: Duration,
}

/// Formats every file, on as many threads as the machine has cores: files are
/// independent, and building and printing their syntax trees is most of the generator's
/// work. The output does not depend on the number of threads.
pub fn format(files: Vec<EmittedFile>, regenerate_with: &str) -> Result<Formatted, Diagnostic> {
    let preamble = format!("{GENERATED_MARKER} by `{regenerate_with}`. Do not edit by hand.");
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(files.len())
        .max(1);
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        let mut clock = (Duration::ZERO, Duration::ZERO);
        while let Some(file) = files.get(next.fetch_add(1, Ordering::Relaxed)) {
            done.push(format_file(file, &preamble, &mut clock));
        }
        (done, clock)
    };
    let per_thread: Vec<_> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mine = work();
        let mut all = vec![mine];
        for helper in helpers {
            all.push(
                helper
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        all
    });
    let mut formatted = Formatted {
        files: Vec::with_capacity(files.len()),
        building: Duration::ZERO,
        formatting: Duration::ZERO,
    };
    for (done, (building, formatting)) in per_thread {
        formatted.building += building;
        formatted.formatting += formatting;
        for file in done {
            formatted.files.push(file?);
        }
    }
    // Threads finish in any order; the emitter's order is by path.
    formatted.files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(formatted)
}

/// One file; `clock` accumulates (building tokens, formatting).
fn format_file(
    file: &EmittedFile,
    preamble: &str,
    clock: &mut (Duration, Duration),
) -> Result<OutputFile, Diagnostic> {
    let contents = match &file.artifact {
        Artifact::Rust(build) => {
            let started = Instant::now();
            let tokens = build();
            let built = Instant::now();
            clock.0 += built - started;
            let parsed = syn::parse2::<syn::File>(tokens).map_err(|err| {
                Diagnostic::error(
                    Location::Pointer("#".into()),
                    format!(
                        "internal error: generated `{}` is not valid Rust: {err}",
                        file.path
                    ),
                )
            })?;
            let text = format!(
                "// {preamble}\n{RUSTFMT_SKIP}\n\n{}",
                unparse_spaced(parsed)
            );
            clock.1 += built.elapsed();
            text
        }
        Artifact::RustSource(source) => format!("// {preamble}\n{RUSTFMT_SKIP}\n\n{source}"),
        Artifact::Manifest(text) => format!("# {preamble}\n\n{text}"),
    };
    Ok(OutputFile {
        path: file.path.clone(),
        contents,
    })
}

/// prettyplease prints items back to back; a blank line between items (but not between
/// consecutive `use`s) makes the files read like hand-written ones.
fn unparse_spaced(file: syn::File) -> String {
    let unparse = |attrs, items| {
        prettyplease::unparse(&syn::File {
            shebang: None,
            attrs,
            items,
        })
    };
    let mut chunks: Vec<String> = Vec::new();
    if !file.attrs.is_empty() {
        chunks.push(unparse(file.attrs, Vec::new()));
    }
    // Items print one group at a time; a group is one item or a run of `use`s or `mod`s.
    let mut group: Vec<syn::Item> = Vec::new();
    for item in file.items {
        let by_hand = unparse_entry_list_macro(&item);
        let joins_group = matches!(
            (group.last(), &item),
            (Some(syn::Item::Use(_)), syn::Item::Use(_))
                | (Some(syn::Item::Mod(_)), syn::Item::Mod(_))
        );
        if !joins_group && !group.is_empty() {
            chunks.push(unparse(Vec::new(), std::mem::take(&mut group)));
        }
        match by_hand {
            Some(text) => chunks.push(text),
            None => group.push(item),
        }
    }
    if !group.is_empty() {
        chunks.push(unparse(Vec::new(), group));
    }
    chunks.join("\n")
}

/// prettyplease fills a macro's body like a paragraph. The runtime's `string_enum!` takes
/// a list of `;`-terminated entries (`Variant => "value";`), which reads and diffs better
/// one entry per line, so a brace-delimited item macro whose body is only such entries of
/// plain tokens (no groups) is printed here; anything else is left to prettyplease.
fn unparse_entry_list_macro(item: &syn::Item) -> Option<String> {
    use proc_macro2::{Spacing, TokenTree};

    let syn::Item::Macro(item) = item else {
        return None;
    };
    let plain = item.attrs.is_empty()
        && item.ident.is_none()
        && matches!(item.mac.delimiter, syn::MacroDelimiter::Brace(_));
    if !plain {
        return None;
    }
    let mut body = String::new();
    let mut line = String::new();
    let mut joined = true;
    for token in item.mac.tokens.clone() {
        let (text, spacing) = match &token {
            TokenTree::Group(_) => return None,
            TokenTree::Punct(punct) => (punct.as_char().to_string(), punct.spacing()),
            other => (other.to_string(), Spacing::Alone),
        };
        if !joined && !matches!(text.as_str(), "," | ";") {
            line.push(' ');
        }
        line.push_str(&text);
        joined = spacing == Spacing::Joint;
        if text == ";" {
            body.push_str("    ");
            body.push_str(&line);
            body.push('\n');
            line.clear();
            joined = true;
        }
    }
    if !line.is_empty() {
        return None;
    }
    let path: Vec<String> = item
        .mac
        .path
        .segments
        .iter()
        .map(|segment| segment.ident.to_string())
        .collect();
    let leading = if item.mac.path.leading_colon.is_some() {
        "::"
    } else {
        ""
    };
    Some(format!("{leading}{}! {{\n{body}}}\n", path.join("::")))
}
