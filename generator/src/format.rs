//! Stage 5: syntax trees -> text, one file at a time, with the `@generated` preamble.
//!
//! Formatting runs in-process with prettyplease: its output depends only on its own
//! version, unlike rustfmt's, so checked-in code does not churn between machines. This
//! stage knows syn's trees and text, nothing of what the emitters build.

/// The first line of every generated file; `write` only deletes files that carry it.
pub const GENERATED_MARKER: &str = "@generated";

/// prettyplease, not rustfmt, owns the layout of generated files: `cargo fmt` in a
/// workspace that contains the crate must leave them alone.
const RUSTFMT_SKIP: &str = "#![cfg_attr(rustfmt, rustfmt::skip)]";

/// The first line of every generated file: the marker and the command that regenerates it.
pub struct Preamble(String);

impl Preamble {
    pub fn new(regenerate_with: &str) -> Preamble {
        Preamble(format!(
            "{GENERATED_MARKER} by `{regenerate_with}`. Do not edit by hand."
        ))
    }
}

/// prettyplease breaks a line that would run past this column (its own `MARGIN`, in
/// bytes).
pub(crate) const MARGIN: usize = 89;

/// How an emitter that writes text in prettyplease's layout breaks the constructs that
/// can break: as prettyplease would, or never. Unbroken text parses to the tree the
/// emitter means, whose printing by prettyplease is the layout; text broken by an
/// emitter's own rules may parse to another (an arm in braces is a block).
#[derive(Clone, Copy)]
pub(crate) enum Layout {
    Prettyplease,
    Unbroken,
}

impl Layout {
    /// Whether a line `width` bytes wide stays whole.
    pub(crate) fn fits(self, width: usize) -> bool {
        match self {
            Layout::Prettyplease => width <= MARGIN,
            Layout::Unbroken => true,
        }
    }

    /// Whether a struct literal `width` bytes wide, up to its closing brace, stays on one
    /// line: prettyplease breaks a wider one even where it fits.
    pub(crate) fn keeps_struct_literal(self, width: usize) -> bool {
        match self {
            Layout::Prettyplease => width <= 34,
            Layout::Unbroken => true,
        }
    }
}

/// The item `write` writes, as an item: the text it writes in prettyplease's layout while
/// prettyplease would print it so; otherwise the tree of the text it writes unbroken, for
/// prettyplease to lay out. The error is a bug in the emitter.
pub(crate) fn written(write: impl Fn(Layout) -> String) -> syn::Result<Item> {
    let text = write(Layout::Prettyplease);
    if is_laid_out(&text) {
        Ok(Item::LaidOut(text))
    } else {
        syn::parse_str(&write(Layout::Unbroken)).map(Item::Tree)
    }
}

/// Whether prettyplease prints `text`, as parsed, as it is: every line of code fits the
/// margin (a doc comment is one word to prettyplease, never broken, and breaks nothing
/// around it) and no doc is an attribute (prettyplease prints every doc as a comment).
/// Emitters write each shape so; its test holds it to prettyplease.
fn is_laid_out(text: &str) -> bool {
    // A text that so much as mentions a doc attribute is parsed: slower, never wrong.
    !text.contains("#[doc")
        && text.split('\n').all(|line| {
            line.len() <= MARGIN || {
                let code = line.trim_start_matches(' ');
                // prettyplease does not count the comma of a match arm on one line.
                code.starts_with("///") || (line.len() == MARGIN + 1 && is_one_line_arm(code))
            }
        })
}

/// Whether the line of code `code` is a match arm on one line, `pattern => body,`: a ` => `
/// outside string literals, and the arm's comma.
fn is_one_line_arm(code: &str) -> bool {
    if !code.ends_with(',') {
        return false;
    }
    let (mut in_string, mut escaped) = (false, false);
    for (at, byte) in code.bytes().enumerate() {
        match (in_string, escaped, byte) {
            (true, true, _) => escaped = false,
            (true, false, b'\\') => escaped = true,
            (true, false, b'"') | (false, _, b'"') => in_string = !in_string,
            (false, _, b' ') if code.get(at..).is_some_and(|rest| rest.starts_with(" => ")) => {
                return true
            }
            _ => {}
        }
    }
    false
}

/// A Rust file as the emitters give it: inner attributes, then items.
pub struct RustFile {
    pub attrs: Vec<syn::Attribute>,
    pub items: Vec<Item>,
}

/// A top-level item: a syntax tree for prettyplease, or text already laid out exactly as
/// prettyplease lays out that tree. Emitters write the latter for shapes they repeat by
/// the thousand, where the layout cannot depend on the names in it; a test holds each to
/// prettyplease's layout of its tree.
// Unboxed: an item lives only from its emitter to its printing, and a box apiece is an
// allocation per item on the generator's hottest path.
#[allow(clippy::large_enum_variant)]
pub enum Item {
    Tree(syn::Item),
    LaidOut(String),
}

impl From<syn::File> for RustFile {
    fn from(file: syn::File) -> RustFile {
        RustFile {
            attrs: file.attrs,
            items: file.items.into_iter().map(Item::Tree).collect(),
        }
    }
}

impl From<syn::Item> for Item {
    fn from(item: syn::Item) -> Item {
        Item::Tree(item)
    }
}

/// A Rust file from its items.
pub fn rust(file: RustFile, preamble: &Preamble) -> String {
    rust_source(&unparse_spaced(file), preamble)
}

/// A Rust file laid out by hand (the runtime's files, whose comments prettyplease would
/// drop).
pub fn rust_source(source: &str, preamble: &Preamble) -> String {
    format!("// {}\n{RUSTFMT_SKIP}\n\n{source}", preamble.0)
}

/// A Markdown file (`CHANGELOG.md`, `README.md`): the marker in a comment, which
/// renderers and rustdoc do not show.
pub fn markdown(text: &str, preamble: &Preamble) -> String {
    format!("<!-- {} -->\n\n{text}", preamble.0)
}

/// A TOML file (`Cargo.toml`).
pub fn toml(text: &str, preamble: &Preamble) -> String {
    format!("# {}\n\n{text}", preamble.0)
}

/// prettyplease prints items back to back; a blank line between items (but not between
/// consecutive `use`s) makes the files read like hand-written ones.
fn unparse_spaced(file: RustFile) -> String {
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
        let item = match item {
            Item::Tree(item) => item,
            Item::LaidOut(text) => {
                if !group.is_empty() {
                    chunks.push(unparse(Vec::new(), std::mem::take(&mut group)));
                }
                chunks.push(text);
                continue;
            }
        };
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

#[cfg(test)]
mod tests {
    use super::is_one_line_arm;

    #[test]
    fn a_one_line_arm_is_told_from_a_string_holding_an_arrow() {
        assert!(is_one_line_arm(r#"Some("a") => slot = map.value()?,"#));
        assert!(is_one_line_arm(
            r#"Some("a \" => b") => slot = map.value()?,"#
        ));
        assert!(!is_one_line_arm(r#"slot: map.required(slot, "a => b")?,"#));
        assert!(!is_one_line_arm(
            r#"slot: map.required(slot, "a \" => b")?,"#
        ));
        assert!(is_one_line_arm(r#"Some("a\\") => slot = map.value()?,"#));
        assert!(!is_one_line_arm("Some(_) => {"));
    }
}
