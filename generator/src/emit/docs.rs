//! Doc comments from spec text.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Docs;

/// `#[doc]` attributes for `docs`, plus `extra` paragraphs (e.g. the HTTP route).
pub(crate) fn attrs(docs: &Docs, extra: &[String]) -> TokenStream {
    let mut paragraphs: Vec<String> = Vec::new();
    paragraphs.extend(docs.summary.clone());
    paragraphs.extend(docs.description.clone());
    if let Some(example) = &docs.example {
        paragraphs.push(example_line(example));
    }
    paragraphs.extend(extra.iter().cloned());
    lines_to_attrs(&sanitize(&paragraphs.join("\n\n")))
}

fn example_line(example: &str) -> String {
    if example.contains('`') || example.contains('\n') {
        format!("Example: {example}")
    } else {
        format!("Example: `{example}`")
    }
}

pub(crate) fn lines_to_attrs(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|line| {
        let text = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #text])
    });
    quote!(#(#attrs)*)
}

/// Spec descriptions are CommonMark written for web pages. Rustdoc would run indented
/// or unlabelled fenced blocks as Rust doctests, so indentation is dropped and fences are
/// labelled `text`; lines that continue a list item are indented under it, as rustdoc
/// (and clippy's `doc_lazy_continuation`) expect.
pub(crate) fn sanitize(text: &str) -> Vec<String> {
    let mut in_fence = false;
    let mut list_indent: Option<usize> = None;
    // Inside a block quote every line needs its `>` (clippy's `doc_lazy_continuation`).
    let mut quoting = false;
    let mut lines = Vec::new();
    for line in text.lines() {
        // Control characters mean nothing in documentation, and a bare CR is an error
        // inside a doc comment.
        let line: String = line
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let line = line.trim();
        if line.starts_with("```") {
            in_fence = !in_fence;
            list_indent = None;
            lines.push(if in_fence {
                "```text".to_owned()
            } else {
                "```".to_owned()
            });
            continue;
        }
        if in_fence || line.is_empty() {
            list_indent = None;
            quoting = false;
            lines.push(line.to_owned());
            continue;
        }
        if line.starts_with('>') {
            quoting = true;
            list_indent = None;
            lines.push(line.to_owned());
            continue;
        }
        if quoting {
            lines.push(format!("> {line}"));
            continue;
        }
        if let Some(width) = list_marker_width(line) {
            list_indent = Some(width);
            lines.push(line.to_owned());
            continue;
        }
        match list_indent {
            Some(width) => lines.push(format!("{}{line}", " ".repeat(width))),
            None => lines.push(line.to_owned()),
        }
    }
    if in_fence {
        lines.push("```".to_owned());
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines
}

/// The width of a list item's marker and space (`- `, `* `, `+ `, `12. `, `3) `).
fn list_marker_width(line: &str) -> Option<usize> {
    if ["- ", "* ", "+ "]
        .iter()
        .any(|marker| line.starts_with(marker))
    {
        return Some(2);
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let rest = &line[digits..];
    (digits > 0 && (rest.starts_with(". ") || rest.starts_with(") "))).then_some(digits + 2)
}
