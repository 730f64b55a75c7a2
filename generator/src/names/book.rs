//! The names file: the Rust name of every operation and type, recorded once and kept.
//!
//! Committed next to the spec (e.g. `spec/heron.names.toml`) and rewritten by every
//! generation, it is to names what a lock file is to versions: a new spec keeps every
//! recorded name, new items get fresh names that never take a recorded one, and entries
//! whose item is gone are dropped. A person may edit a name; an invalid or clashing name
//! is an error located in the file. Keys are the items' own facts: `METHOD /path` for an
//! operation, the JSON pointer of its schema for a type.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::diagnostics::{Diagnostic, Location};

/// The tables of the file, each a map from an item's key to its Rust name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NameBook {
    /// `METHOD /path` -> method name on `Client`.
    pub operations: BTreeMap<String, String>,
    /// Schema pointer -> type name (the response variant, for a schema the read/write
    /// split makes two types of).
    pub types: BTreeMap<String, String>,
    /// Schema pointer -> name of the request variant of a split schema.
    pub request_types: BTreeMap<String, String>,
    /// Webhook topic -> variant of the `webhooks::Event` enum.
    pub webhook_events: BTreeMap<String, String>,
    /// Tag (`""` for the operations without one) -> Cargo feature of its operations.
    pub features: BTreeMap<String, String>,
    /// Security scheme -> the method of `ClientBuilder` and `Credentials` that sets its
    /// credential.
    pub credentials: BTreeMap<String, String>,
    /// Old method name -> new one: the old name stays as a deprecated method.
    pub operation_aliases: BTreeMap<String, String>,
    /// Old type name -> new one: the old name stays as a deprecated type alias.
    pub type_aliases: BTreeMap<String, String>,
}

/// Where an entry of the file came from, for errors: its table and key.
#[derive(Clone, Copy, Debug)]
pub enum Table {
    Operations,
    Types,
    RequestTypes,
    WebhookEvents,
    Features,
    Credentials,
    OperationAliases,
    TypeAliases,
}

impl Table {
    const ALL: [Table; 8] = [
        Table::Operations,
        Table::Types,
        Table::RequestTypes,
        Table::WebhookEvents,
        Table::Features,
        Table::Credentials,
        Table::OperationAliases,
        Table::TypeAliases,
    ];

    fn name(self) -> &'static str {
        match self {
            Table::Operations => "operations",
            Table::Types => "types",
            Table::RequestTypes => "request_types",
            Table::WebhookEvents => "webhook_events",
            Table::Features => "features",
            Table::Credentials => "credentials",
            Table::OperationAliases => "operation_aliases",
            Table::TypeAliases => "type_aliases",
        }
    }
}

impl NameBook {
    pub fn parse(text: &str) -> Result<NameBook, Diagnostic> {
        let tables: BTreeMap<String, BTreeMap<String, String>> =
            toml::from_str(text).map_err(|error| {
                let (line, column) = error
                    .span()
                    .map_or((1, 1), |span| line_column(text, span.start));
                Diagnostic::error(
                    Location::NamesFile { line, column },
                    format!(
                        "expected tables of `\"key\" = \"name\"` entries: {}",
                        error.message()
                    ),
                )
            })?;
        let mut book = NameBook::default();
        for (table, entries) in tables {
            let Some(known) = Table::ALL.iter().find(|t| t.name() == table) else {
                let (line, column) = text
                    .find(&format!("[{table}]"))
                    .map_or((1, 1), |at| line_column(text, at));
                return Err(Diagnostic::error(
                    Location::NamesFile { line, column },
                    format!(
                        "unknown table `[{table}]`, expected one of {}",
                        Table::ALL
                            .iter()
                            .map(|t| format!("`[{}]`", t.name()))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            };
            *book.table_mut(*known) = entries;
        }
        Ok(book)
    }

    pub(crate) fn table_mut(&mut self, table: Table) -> &mut BTreeMap<String, String> {
        match table {
            Table::Operations => &mut self.operations,
            Table::Types => &mut self.types,
            Table::RequestTypes => &mut self.request_types,
            Table::WebhookEvents => &mut self.webhook_events,
            Table::Features => &mut self.features,
            Table::Credentials => &mut self.credentials,
            Table::OperationAliases => &mut self.operation_aliases,
            Table::TypeAliases => &mut self.type_aliases,
        }
    }

    pub(crate) fn table(&self, table: Table) -> &BTreeMap<String, String> {
        match table {
            Table::Operations => &self.operations,
            Table::Types => &self.types,
            Table::RequestTypes => &self.request_types,
            Table::WebhookEvents => &self.webhook_events,
            Table::Features => &self.features,
            Table::Credentials => &self.credentials,
            Table::OperationAliases => &self.operation_aliases,
            Table::TypeAliases => &self.type_aliases,
        }
    }

    /// The file's text: sorted keys, one entry per line, so a regeneration changes only
    /// the lines of items that came or went.
    pub fn render(&self, spec_name: &str) -> String {
        let mut out = format!(
            "# Rust names for the operations and types of {spec_name}, written by the generator.\n\
             # A name recorded here is kept when the spec changes; new items get fresh names that\n\
             # never take a recorded one, and entries whose item is gone are dropped.\n\
             # Edit a name to choose your own. To keep an old name working for a release, add it to\n\
             # [operation_aliases] or [type_aliases] as `old = \"new\"`: it stays as a deprecated alias.\n"
        );
        for table in Table::ALL {
            // Only specs with webhooks have events, only specs with several tags have
            // features, and only specs with security schemes have credentials: the others'
            // files stay as they were.
            let optional = matches!(
                table,
                Table::WebhookEvents | Table::Features | Table::Credentials
            );
            if optional && self.table(table).is_empty() {
                continue;
            }
            let _ = write!(out, "\n[{}]\n", table.name());
            for (key, name) in self.table(table) {
                let _ = writeln!(out, "{} = {}", quoted(key), quoted(name));
            }
        }
        out
    }

    /// A located error about the entry `key` of `table`.
    pub fn error_at(text: &str, table: Table, key: &str, message: String) -> Diagnostic {
        let (line, column) = locate(text, table, key);
        Diagnostic::error(Location::NamesFile { line, column }, message)
    }
}

/// A TOML basic string.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Where `key` stands in `table`: after the table's header if it is there, else anywhere
/// (1:1 when the key is not found as written, e.g. a bare key).
fn locate(text: &str, table: Table, key: &str) -> (usize, usize) {
    let needle = quoted(key);
    let header = text.find(&format!("[{}]", table.name())).unwrap_or(0);
    let after_header = text
        .get(header..)
        .and_then(|rest| rest.find(&needle))
        .map(|at| header + at);
    after_header
        .or_else(|| text.find(&needle))
        .map_or((1, 1), |at| line_column(text, at))
}
