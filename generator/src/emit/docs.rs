//! Doc comments from spec text.

use proc_macro2::TokenStream;
use quote::quote;

use super::syntax;
use crate::ir::Docs;

/// `#[doc]` attributes for `docs`, plus `extra` paragraphs (e.g. the HTTP route).
pub(crate) fn attrs(docs: &Docs, extra: &[String]) -> TokenStream {
    lines_to_attrs(&lines(docs, extra))
}

/// [`attrs`] as syntax trees.
pub(crate) fn attributes(docs: &Docs, extra: &[String]) -> Vec<syn::Attribute> {
    lines(docs, extra)
        .iter()
        .map(|line| syntax::doc(&attr_text(line)))
        .collect()
}

/// The doc lines of `docs` and `extra`.
fn lines(docs: &Docs, extra: &[String]) -> Vec<String> {
    let mut paragraphs: Vec<String> = Vec::new();
    paragraphs.extend(docs.summary.clone());
    paragraphs.extend(docs.description.clone());
    if let Some(example) = &docs.example {
        paragraphs.push(example_line(example));
    }
    paragraphs.extend(extra.iter().cloned());
    sanitize(&paragraphs.join("\n\n"))
}

/// A doc line as its attribute holds it: `///` plus a space, unless it is blank.
fn attr_text(line: &str) -> String {
    if line.is_empty() {
        String::new()
    } else {
        format!(" {line}")
    }
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
        let text = attr_text(line);
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
        let line = one_line(line);
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

/// Spec text for one line of documentation. Control characters mean nothing there, and
/// a bare CR is an error inside a doc comment. Bidirectional overrides can make a comment
/// display as code ("Trojan Source"; rustc refuses them): they are written out visibly.
pub(crate) fn one_line(text: &str) -> String {
    let mut line = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            c if c.is_control() => line.push(' '),
            c if is_bidi_control(c) => line.push_str(&format!("\\u{{{:04X}}}", u32::from(c))),
            c => line.push(c),
        }
    }
    line
}

/// The characters that reorder text when displayed (U+202A-U+202E, U+2066-U+2069):
/// rustc's `text_direction_codepoint_in_comment` lint, deny by default, refuses them.
pub(crate) fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The column where a list item's text starts: past every marker (`- `, `* `, `+ `,
/// `12. `, `3) `; nested ones like `- 1. ` add up) and the spaces after each. Lines that
/// continue the item must be indented to it.
fn list_marker_width(line: &str) -> Option<usize> {
    let mut width = 0;
    let mut rest = line;
    while let Some(marker) = single_marker(rest) {
        let after = rest.get(marker..).unwrap_or_default();
        let spaces = after.chars().take_while(|c| *c == ' ').count();
        // Five spaces or more start indented code inside the item: its text is one space in.
        let spaces = if spaces > 4 { 1 } else { spaces };
        width += marker + spaces;
        rest = after.trim_start_matches(' ');
    }
    (width > 0).then_some(width)
}

/// The length of the one list marker `text` starts with, if it is followed by a space.
fn single_marker(text: &str) -> Option<usize> {
    if ["- ", "* ", "+ "]
        .iter()
        .any(|marker| text.starts_with(marker))
    {
        return Some(1);
    }
    // CommonMark allows at most nine digits in an ordered list marker.
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    let rest = text.get(digits..).unwrap_or_default();
    ((1..=9).contains(&digits) && (rest.starts_with(". ") || rest.starts_with(") ")))
        .then_some(digits + 1)
}
