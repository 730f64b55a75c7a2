//! Rust names for spec names: case conversion, keywords, and deterministic de-duplication.
//! Lowering chooses every name with these; the split and the emitters only read names.

mod book;

use std::collections::HashSet;

pub use book::{NameBook, Table};

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
    let mut name = String::with_capacity(raw.len());
    for word in split_words(&words(raw)) {
        let mut letters = word.chars();
        name.extend(letters.next().map(|first| first.to_ascii_uppercase()));
        name.extend(letters.map(|letter| letter.to_ascii_lowercase()));
    }
    identifier_start(name, fallback, "")
}

/// `snake_case` for fields, parameters, methods and modules, escaped if it is a keyword.
pub fn snake(raw: &str, fallback: &str) -> String {
    let name = split_words(&words(raw)).join("_").to_ascii_lowercase();
    escape_keyword(identifier_start(name, fallback, "_"))
}

/// The words of `text` (ASCII letters, digits and spaces, as [`words`] leaves it), split
/// where heck splits them, so that names stay what they were when heck chose them: at
/// spaces, after a lowercase letter followed by an uppercase one (`petId`: `pet`, `Id`),
/// and before the last capital of a run followed by a lowercase letter (`HTTPServer`:
/// `HTTP`, `Server`). Digits take the case of what precedes them (`v2Api`: `v2`, `Api`).
/// Lowering names every schema, field and parameter this way, so it is written for ASCII
/// alone: heck's Unicode-aware formatting was 40% of lowering's instructions.
fn split_words(text: &str) -> Vec<&str> {
    #[derive(Clone, Copy, PartialEq)]
    enum Case {
        None,
        Lower,
        Upper,
    }
    let mut split = Vec::new();
    for chunk in text.split(' ').filter(|chunk| !chunk.is_empty()) {
        // Where each word after the first begins.
        let mut starts = Vec::new();
        let mut case = Case::None;
        for (i, pair) in chunk.as_bytes().windows(2).enumerate() {
            let &[current, next] = pair else { continue };
            let case_here = if current.is_ascii_lowercase() {
                Case::Lower
            } else if current.is_ascii_uppercase() {
                Case::Upper
            } else {
                case
            };
            if case_here == Case::Lower && next.is_ascii_uppercase() {
                starts.push(i + 1);
                case = Case::None;
            } else if case == Case::Upper
                && current.is_ascii_uppercase()
                && next.is_ascii_lowercase()
            {
                starts.push(i);
                case = Case::None;
            } else {
                case = case_here;
            }
        }
        let mut rest = chunk;
        for (start, previous) in starts.iter().zip(std::iter::once(&0).chain(&starts)) {
            let (word, tail) = rest.split_at(start - previous);
            split.push(word);
            rest = tail;
        }
        split.push(rest);
    }
    split
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

#[cfg(test)]
mod tests {
    use heck::{ToSnakeCase, ToUpperCamelCase};

    use super::{snake, upper_camel, words};

    /// Names chosen before `split_words` replaced heck must not change: every spec's
    /// names would. Random names over an alphabet of every case, digits, separators and a
    /// non-ASCII letter, held to heck's words.
    #[test]
    fn names_split_into_words_as_heck_splits_them() {
        const ALPHABET: &[char] = &[
            'a', 'b', 'z', 'A', 'B', 'Z', '0', '7', ' ', '_', '-', '.', '/', '\u{e9}', 'I', 'D',
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..50_000 {
            let length = (next() % 12) as usize;
            let raw: String = (0..length)
                .filter_map(|_| ALPHABET.get((next() % ALPHABET.len() as u64) as usize))
                .collect();
            let by_heck = words(&raw).to_upper_camel_case();
            let expected = match by_heck.as_str() {
                "" => "Fallback".to_owned(),
                name if name.starts_with(|c: char| c.is_ascii_digit()) => format!("Fallback{name}"),
                name => name.to_owned(),
            };
            assert_eq!(
                upper_camel(&raw, "Fallback"),
                expected,
                "upper camel of {raw:?}"
            );
            let by_heck = words(&raw).to_snake_case();
            let ours = snake(&raw, "fallback");
            let ours = ours.trim_start_matches("r#").trim_end_matches('_');
            let expected = match by_heck.as_str() {
                "" => "fallback".to_owned(),
                name if name.starts_with(|c: char| c.is_ascii_digit()) => {
                    format!("fallback_{name}")
                }
                name => name.to_owned(),
            };
            assert_eq!(
                ours,
                expected.trim_end_matches('_'),
                "snake case of {raw:?}"
            );
        }
    }

    #[test]
    fn words_split_at_case_changes_and_keep_acronyms_whole() {
        assert_eq!(upper_camel("HTTPServer v2Api", "X"), "HttpServerV2Api");
        assert_eq!(snake("petId", "x"), "pet_id");
        assert_eq!(snake("getHTTPResponseCode", "x"), "get_http_response_code");
        assert_eq!(snake("ABc", "x"), "a_bc");
    }
}
