//! Doc comments from spec text.

use proc_macro2::TokenStream;
use quote::quote;

use super::syntax;
use crate::ir::Docs;

/// `#[doc]` attributes for `docs`, plus `extra` paragraphs (e.g. the HTTP route).
pub(crate) fn attributes(docs: &Docs, extra: &[String]) -> Vec<syn::Attribute> {
    line_attributes(&lines(docs, extra))
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

/// `docs` and `extra` as doc comments at `indent`, written as prettyplease prints
/// [`attributes`]' trees.
pub(crate) fn write_comments(out: &mut String, indent: &str, docs: &Docs, extra: &[String]) {
    write_lines(out, indent, &lines(docs, extra));
}

/// Doc `lines` as comments at `indent`, written as prettyplease prints
/// [`line_attributes`]' trees.
pub(crate) fn write_lines(out: &mut String, indent: &str, lines: &[String]) {
    for line in lines {
        write_comment(out, indent, &attr_text(line));
    }
}

/// The doc attribute `text` at `indent`, as prettyplease prints it: a `///` comment
/// without trailing spaces. Text that cannot be a line comment (a line break in it, or a
/// leading `/`) stays an attribute, which `format::written` leaves to prettyplease.
pub(crate) fn write_comment(out: &mut String, indent: &str, text: &str) {
    out.push_str(indent);
    if text.contains(['\n', '\r']) || text.starts_with('/') {
        out.push_str("#[doc = ");
        out.push_str(&proc_macro2::Literal::string(text).to_string());
        out.push(']');
    } else {
        out.push_str("///");
        out.push_str(text.trim_end_matches(' '));
    }
    out.push('\n');
}

/// [`lines_to_attrs`] as syntax trees.
pub(crate) fn line_attributes(lines: &[String]) -> Vec<syn::Attribute> {
    lines
        .iter()
        .map(|line| syntax::doc(&attr_text(line)))
        .collect()
}

pub(crate) fn lines_to_attrs(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|line| {
        let text = attr_text(line);
        quote!(#[doc = #text])
    });
    quote!(#(#attrs)*)
}

/// How wide a line of documentation text may be: with `/// ` and two levels of
/// indentation, a doc comment stays within 100 columns.
const TEXT_WIDTH: usize = 88;

/// Spec descriptions are CommonMark written for web pages. Rustdoc would run indented
/// or unlabelled fenced blocks as Rust doctests, so indentation is dropped and fences are
/// labelled `text`; lines that continue a list item are indented under it, as rustdoc
/// (and clippy's `doc_lazy_continuation`) expect. Long lines of text are wrapped at
/// [`TEXT_WIDTH`] (a soft line break in Markdown), never inside code or a table.
pub(crate) fn sanitize(text: &str) -> Vec<String> {
    wrapped(&unwrapped(text))
}

/// Documentation lines with their long lines of text wrapped (see [`wrap`]); lines in a
/// fenced block are left as they are.
pub(crate) fn wrapped(lines: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_fence = false;
    for line in lines {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            out.push(line.clone());
        } else if in_fence {
            out.push(line.clone());
        } else {
            wrap(line, &mut out);
        }
    }
    out
}

/// [`sanitize`] before wrapping.
fn unwrapped(text: &str) -> Vec<String> {
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

/// A Markdown file holding spec text (`CHANGELOG.md`), each line as [`one_line`] makes
/// it: what reorders text when displayed is written out visibly there too.
pub(crate) fn visible_lines(text: &str) -> String {
    text.lines().map(|line| one_line(line) + "\n").collect()
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

/// Pushes `line` onto `out`, broken at spaces into lines of at most [`TEXT_WIDTH`]
/// characters where it is text. A continuation line keeps the line's indentation and its
/// `> ` (so it stays in its list item or quote), and never starts with what Markdown would
/// read as a marker (`- `, `1. `, `#`, `>`, `|`): such a word stays on the line before.
/// Inline code (between backticks) is never broken.
fn wrap(line: &str, out: &mut Vec<String>) {
    let prose = !line.trim_start().starts_with(['|', '#']) && !line.contains("```");
    if !prose || line.chars().count() <= TEXT_WIDTH {
        out.push(line.to_owned());
        return;
    }
    let indent = line.len() - line.trim_start_matches(' ').len();
    let quote = line.trim_start().starts_with("> ");
    let continuation = format!("{}{}", " ".repeat(indent), if quote { "> " } else { "" });
    let list = list_marker_width(line.trim_start()).unwrap_or(0);
    let continuation = format!("{continuation}{}", " ".repeat(list));
    // The width of `current` in characters, kept as it grows: counting it again for
    // every word made wrapping a long description quadratic.
    let (mut current, mut width) = (String::new(), 0);
    for word in words(line.trim_start()) {
        let starts_markup = starts_block(word);
        let word_width = word.chars().count();
        let fits = width + 1 + word_width <= TEXT_WIDTH;
        // A word too long for any line (a long inline code span) gains nothing alone.
        let too_long = continuation.len() + word_width > TEXT_WIDTH;
        if current.is_empty() {
            current = format!("{}{word}", " ".repeat(indent));
            width = indent + word_width;
        } else if fits || starts_markup || too_long {
            current.push(' ');
            current.push_str(word);
            width += 1 + word_width;
        } else {
            out.push(std::mem::take(&mut current));
            current = format!("{continuation}{word}");
            // The continuation is spaces and `> `: a character a byte.
            width = continuation.len() + word_width;
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
}

/// The words of a line, split at spaces outside inline code.
fn words(line: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start = None;
    let mut in_code = false;
    for (at, c) in line.char_indices() {
        match c {
            ' ' if !in_code => words.extend(start.take().and_then(|start| line.get(start..at))),
            c => {
                in_code ^= c == '`';
                start.get_or_insert(at);
            }
        }
    }
    words.extend(start.and_then(|start| line.get(start..)));
    words
}

/// Whether a line starting with `word` would open a Markdown block of its own.
fn starts_block(word: &str) -> bool {
    let ordered = word
        .strip_suffix(['.', ')'])
        .is_some_and(|number| !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()));
    ordered
        || matches!(word, "-" | "*" | "+" | "=" | "==" | "---")
        || word.starts_with(['#', '>', '|'])
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
