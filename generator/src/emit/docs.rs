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
/// labelled `text`.
pub(crate) fn sanitize(text: &str) -> Vec<String> {
    let mut in_fence = false;
    let mut lines: Vec<String> = text
        .lines()
        .map(|line| {
            let line = line.trim();
            if line.starts_with("```") {
                in_fence = !in_fence;
                if in_fence {
                    return "```text".to_owned();
                }
            }
            line.to_owned()
        })
        .collect();
    if in_fence {
        lines.push("```".to_owned());
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines
}
