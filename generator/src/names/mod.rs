//! Rust names for spec names: case conversion, keywords, and deterministic de-duplication.
//! Lowering chooses every name with these; the split and the emitters only read names.

mod book;

use std::collections::HashSet;

pub use book::{NameBook, Table};

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words that cannot be identifiers as they are. `r#` works for most of them.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that `r#` cannot escape.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// Type names the generated code relies on from the prelude; a schema may not shadow them.
pub const RESERVED_TYPE_NAMES: &[&str] = &["Box", "Option", "Result", "Self", "String", "Vec"];

/// `UpperCamelCase` for types and enum variants. `fallback` is used when nothing of
/// `raw` survives (empty names, names made only of punctuation).
pub fn upper_camel(raw: &str, fallback: &str) -> String {
    identifier_start(words(raw).to_upper_camel_case(), fallback, "")
}

/// `snake_case` for fields, parameters, methods and modules, escaped if it is a keyword.
pub fn snake(raw: &str, fallback: &str) -> String {
    escape_keyword(identifier_start(words(raw).to_snake_case(), fallback, "_"))
}

/// `name` made a valid start of an identifier: `fallback` when nothing is left, and
/// `fallback` joined by `separator` in front of a leading digit.
fn identifier_start(name: String, fallback: &str, separator: &str) -> String {
    if name.is_empty() {
        fallback.to_owned()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{fallback}{separator}{name}")
    } else {
        name
    }
}

/// A module (file) name: snake_case, and never a keyword (a file cannot be `r#type.rs`).
pub fn module(raw: &str) -> String {
    let name = snake(raw, "module");
    match name.strip_prefix("r#") {
        Some(keyword) => format!("{keyword}_"),
        None => name,
    }
}

pub(crate) fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// Keeps ASCII letters and digits; everything else separates words. Non-ASCII letters
/// are dropped rather than kept, because many are not valid in identifiers (emoji) and
/// the rest would make names no one can type.
fn words(raw: &str) -> String {
    raw.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// The method name for an operation without an `operationId`, from its summary:
/// the articles a/an/the are dropped (`Update an Integration Link` ->
/// `update_integration_link`).
pub fn from_summary(summary: &str) -> String {
    let kept: Vec<String> = words(summary)
        .split_whitespace()
        .filter(|word| !matches!(word.to_ascii_lowercase().as_str(), "a" | "an" | "the"))
        .map(str::to_owned)
        .collect();
    snake(&kept.join(" "), "call")
}

/// Hands out unique names: the first claimant keeps the name, later ones get `2`, `3`, ...
#[derive(Default)]
pub struct Namer {
    taken: HashSet<String>,
}

impl Namer {
    pub fn with_reserved(reserved: &[&str]) -> Namer {
        Namer {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// Claims `base`, or the first free `base` + `separator` + n for n = 2, 3, ...
    /// `Self`, the one keyword in UpperCamelCase (a schema, enum value or union member
    /// named `self`), is never free: `r#Self` is not an identifier.
    pub fn claim(&mut self, base: &str, separator: &str) -> String {
        if base != "Self" && self.taken.insert(base.to_owned()) {
            return base.to_owned();
        }
        let stem = base
            .strip_prefix("r#")
            .unwrap_or(base)
            .trim_end_matches('_');
        (2..)
            .map(|n| format!("{stem}{separator}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .unwrap_or_default()
    }

    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}
