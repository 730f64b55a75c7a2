//! Structured names files: tables (known and unknown) whose keys are the spec's own items
//! (operations, schemas, properties, tags) or anything, and whose names are fresh, taken
//! twice (clashes), invalid as Rust identifiers, keywords, or anything; and aliases from
//! old names to new ones that exist, do not, or go round in a loop.

use arbitrary::Arbitrary;

use crate::spec::{Name, Spec};

#[derive(Arbitrary, Debug)]
pub struct Names {
    tables: Vec<Table>,
}

#[derive(Arbitrary, Debug)]
struct Table {
    table: u8,
    entries: Vec<(Key, Ident)>,
}

#[derive(Arbitrary, Debug)]
enum Key {
    /// `METHOD /path` of one of the spec's operations.
    Operation(u8),
    /// `#/components/schemas/<name>`.
    Schema(Name),
    /// `#/components/schemas/<name>/properties/<property>`.
    Property(Name, Name),
    /// A tag (the `features` table's keys).
    Tag(String),
    /// A name, as the alias tables' keys are.
    Name(Ident),
    Raw(String),
}

#[derive(Arbitrary, Debug)]
enum Ident {
    /// The name's words in snake case (a method) or camel case (a type).
    Fresh(Name, bool),
    /// The name of an earlier entry: a clash, or an alias that points to a recorded name.
    Earlier(u8),
    /// Not a Rust identifier, or a keyword.
    Invalid(u8),
    Raw(String),
}

const TABLES: &[&str] = &[
    "operations",
    "types",
    "request_types",
    "webhook_events",
    "features",
    "operation_aliases",
    "type_aliases",
    "unknown",
];

const INVALID: &[&str] = &[
    "",
    "1st",
    "fn",
    "self",
    "Self",
    "type",
    "crate",
    "r#type",
    "a-b",
    "with space",
    "_",
    "é",
    "Client",
    "Error",
    "new",
    "builder",
];

impl Names {
    /// The names file's text (TOML), keyed by the items of `spec`.
    pub fn text(&self, spec: &Spec) -> String {
        let operations = spec.operation_keys();
        let mut written: Vec<String> = Vec::new();
        let mut out = String::new();
        for table in &self.tables {
            out.push_str(&format!(
                "[{}]\n",
                TABLES[table.table as usize % TABLES.len()]
            ));
            for (key, ident) in &table.entries {
                let key = key.text(&operations, &written);
                let name = ident.text(&written);
                out.push_str(&format!("{} = {}\n", quoted(&key), quoted(&name)));
                written.push(name);
            }
        }
        out
    }
}

impl Key {
    fn text(&self, operations: &[String], written: &[String]) -> String {
        match self {
            Key::Operation(index) => operations
                .get(*index as usize % operations.len().max(1))
                .cloned()
                .unwrap_or_else(|| "GET /".to_owned()),
            Key::Schema(name) => format!("#/components/schemas/{}", name.text()),
            Key::Property(name, property) => {
                format!(
                    "#/components/schemas/{}/properties/{}",
                    name.text(),
                    property.text()
                )
            }
            Key::Tag(tag) => tag.clone(),
            Key::Name(ident) => ident.text(written),
            Key::Raw(raw) => raw.clone(),
        }
    }
}

impl Ident {
    fn text(&self, written: &[String]) -> String {
        match self {
            Ident::Fresh(name, snake) => {
                let words = name.text();
                if *snake {
                    words
                        .to_lowercase()
                        .replace(|c: char| !c.is_ascii_alphanumeric(), "_")
                } else {
                    words.replace(|c: char| !c.is_ascii_alphanumeric(), "")
                }
            }
            Ident::Earlier(index) => match written.len() {
                0 => "taken".to_owned(),
                count => written[*index as usize % count].clone(),
            },
            Ident::Invalid(index) => INVALID[*index as usize % INVALID.len()].to_owned(),
            Ident::Raw(raw) => raw.clone(),
        }
    }
}

/// A TOML basic string: JSON's escapes are TOML's.
fn quoted(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}
