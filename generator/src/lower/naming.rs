//! Every Rust name of the output, chosen once: operations and component schemas before
//! they are lowered (inline types are named after them), inline types and request
//! variants once every type exists, then the members derived from them (setters, call
//! markers).
//!
//! A name recorded in the names file is kept. Fresh names never take a recorded one and
//! never depend on document order: candidates are claimed in the order of their keys, and
//! operations whose fresh candidates collide are each named after their own method and
//! path instead of by who came first.

use std::collections::{BTreeMap, HashSet};

use crate::diagnostics::Diagnostic;
use crate::ir::{
    Api, Origin, TypeKind, Usage, CLIENT_FEATURE, EVENT_CATCH_ALL, HIDDEN_FEATURE, TYPES_FEATURE,
};
use crate::names::{self, NameBook, Namer, Table};

/// Methods the runtime defines on `Client`; an operation may not take their names.
const CLIENT_METHODS: &[&str] = &["new", "builder", "base_url", "execute", "clone", "fmt"];

/// Names in `operations` that a marker type may not take: the items each operations file
/// imports.
const OPERATIONS_MODULE_NAMES: &[&str] = &["Call", "Client", "Method", "Request", "models"];

/// Methods every `Call` has: `with_response` and the per-call options (`options.rs`).
const CALL_METHODS: &[&str] = &[
    "with_response",
    "credentials",
    "timeout",
    "max_retries",
    "header",
    "idempotency_key",
    "typed_errors",
    "stream",
];

/// Methods of `ClientBuilder` and `Credentials` the runtime defines; a scheme's setter may
/// not take their names.
const CREDENTIAL_METHODS: &[&str] = &[
    "new",
    "builder",
    "build",
    "base_url",
    "timeout",
    "max_retries",
    "initial_backoff",
    "max_backoff",
    "retry_non_idempotent",
    "user_agent",
    "http_client",
    "hook",
    "credentials",
    "default",
    "clone",
    "fmt",
    "set",
    "is_empty",
];

/// Cargo features every generated crate may have besides its tags' (`default`, Cargo's
/// own, and `axum`, the webhook extractor's).
const RESERVED_FEATURES: &[&str] = &[
    "default",
    CLIENT_FEATURE,
    TYPES_FEATURE,
    HIDDEN_FEATURE,
    "axum",
];

/// The names file as the user gave it, and the names chosen so far.
pub(crate) struct Naming<'a> {
    book: &'a NameBook,
    /// The names file's text, to locate errors in it.
    text: &'a str,
    methods: Namer,
    types: Namer,
    events: Namer,
    features: Namer,
    credentials: Namer,
    pub(crate) chosen: NameBook,
    pub(crate) errors: Vec<Diagnostic>,
}

/// One item to name: its key in the names file, the name the spec suggests, and the
/// name to use instead when that suggestion collides.
pub(crate) struct Candidate {
    pub key: String,
    pub suggested: String,
    pub fallback: Option<String>,
}

impl<'a> Naming<'a> {
    pub(crate) fn new(book: &'a NameBook, text: &'a str) -> Naming<'a> {
        Naming {
            book,
            text,
            methods: Namer::with_reserved(CLIENT_METHODS),
            types: Namer::with_reserved(names::RESERVED_TYPE_NAMES),
            events: Namer::with_reserved(&[EVENT_CATCH_ALL]),
            features: Namer::with_reserved(RESERVED_FEATURES),
            credentials: Namer::with_reserved(CREDENTIAL_METHODS),
            chosen: NameBook {
                operation_aliases: book.operation_aliases.clone(),
                type_aliases: book.type_aliases.clone(),
                ..NameBook::default()
            },
            errors: Vec::new(),
        }
    }

    /// Method names, in the order of `candidates`.
    pub(crate) fn operations(&mut self, candidates: &[Candidate]) -> Vec<String> {
        self.name(candidates, Table::Operations)
    }

    /// Variants of the webhook `Event` enum, keyed by topic, in the order of `candidates`.
    pub(crate) fn webhook_events(&mut self, candidates: &[Candidate]) -> Vec<String> {
        self.name(candidates, Table::WebhookEvents)
    }

    /// Cargo feature names, keyed by tag, in the order of `candidates`.
    pub(crate) fn features(&mut self, candidates: &[Candidate]) -> Vec<String> {
        self.name(candidates, Table::Features)
    }

    /// Setters of security schemes' credentials, keyed by scheme, in the order of
    /// `candidates`.
    pub(crate) fn credentials(&mut self, candidates: &[Candidate]) -> Vec<String> {
        self.name(candidates, Table::Credentials)
    }

    /// Type names, in the order of `candidates`.
    pub(crate) fn types(&mut self, candidates: &[Candidate], table: Table) -> Vec<String> {
        self.name(candidates, table)
    }

    /// Chooses names in the namespace of `table` (methods, event variants or types) and
    /// records them in its table of the names file.
    fn name(&mut self, candidates: &[Candidate], table: Table) -> Vec<String> {
        let namer = match table {
            Table::Operations => &mut self.methods,
            Table::WebhookEvents => &mut self.events,
            Table::Features => &mut self.features,
            Table::Credentials => &mut self.credentials,
            _ => &mut self.types,
        };
        let chosen = choose(
            namer,
            candidates,
            self.book,
            self.text,
            table,
            &mut self.errors,
        );
        let recorded = self.chosen.table_mut(table);
        for (candidate, name) in candidates.iter().zip(&chosen) {
            recorded.insert(candidate.key.clone(), name.clone());
        }
        chosen
    }

    /// Names the inline types (lowered under their suggested names), the request
    /// variants of the schemas the split will make two of, and the members; checks the
    /// aliases.
    pub(crate) fn finish(&mut self, api: &mut Api, tree: &serde_json::Value) {
        for def in &mut api.types {
            def.key = stable_key(tree, &def.pointer);
        }
        let inline: Vec<usize> = (0..api.types.len())
            .filter(|&i| api.types.get(i).is_some_and(|t| t.origin == Origin::Inline))
            .collect();
        // A key names one item. A schema that is lowered twice at one place (a
        // component wrapping a single `oneOf` member, say) numbers its later types, and
        // the number stays in the type's key: its request variant is recorded under it
        // too (under the bare key, two request variants shared one entry, and the names
        // file written was refused the next time).
        let mut keys: HashSet<String> = self.chosen.types.keys().cloned().collect();
        let mut candidates: Vec<Candidate> = Vec::with_capacity(inline.len());
        for &index in &inline {
            let Some(def) = api.types.get_mut(index) else {
                continue;
            };
            def.key = (1..)
                .map(|n| match n {
                    1 => def.key.clone(),
                    n => format!("{} ({n})", def.key),
                })
                .find(|key| !keys.contains(key))
                .unwrap_or_default();
            keys.insert(def.key.clone());
            candidates.push(Candidate {
                key: def.key.clone(),
                suggested: def.name.clone(),
                fallback: None,
            });
        }
        let chosen = self.types(&candidates, Table::Types);
        for (&index, name) in inline.iter().zip(chosen) {
            if let Some(def) = api.types.get_mut(index) {
                def.name = name;
            }
        }

        let split = api.types_holding_read_write();
        let two_sided: Vec<usize> = (0..api.types.len())
            .filter(|&i| {
                split.contains(&crate::ir::TypeId(i as u32))
                    && api.types.get(i).is_some_and(|t| t.usage == Usage::Both)
            })
            .collect();
        let candidates: Vec<Candidate> = two_sided
            .iter()
            .filter_map(|&i| api.types.get(i))
            .map(|def| Candidate {
                key: def.key.clone(),
                suggested: format!("{}Request", def.name),
                fallback: None,
            })
            .collect();
        let chosen = self.types(&candidates, Table::RequestTypes);
        for (&index, name) in two_sided.iter().zip(chosen) {
            if let Some(def) = api.types.get_mut(index) {
                def.request_name = Some(name);
            }
        }

        self.check_aliases(api);
        name_members(api);
    }

    /// An alias must name what exists now, under a name nothing else has.
    fn check_aliases(&mut self, api: &mut Api) {
        let methods: HashSet<&str> = api
            .operations
            .iter()
            .map(|o| o.rust_name.as_str())
            .collect();
        let types: HashSet<&str> = api
            .types
            .iter()
            .flat_map(|t| std::iter::once(t.name.as_str()).chain(t.request_name.as_deref()))
            .collect();
        let tables = [
            (
                Table::OperationAliases,
                &self.book.operation_aliases,
                &methods,
                "method",
            ),
            (Table::TypeAliases, &self.book.type_aliases, &types, "type"),
        ];
        for (table, aliases, current, what) in tables {
            for (old, new) in aliases {
                let problem = if current.contains(old.as_str()) {
                    Some(format!(
                        "`{old}` is the name of a {what} now; an alias cannot take it"
                    ))
                } else if !current.contains(new.as_str()) {
                    Some(format!(
                        "`{new}` names no {what}: the alias `{old}` would point nowhere"
                    ))
                } else if !is_identifier(old) {
                    Some(format!("`{old}` is not a Rust identifier"))
                } else {
                    None
                };
                if let Some(message) = problem {
                    self.errors
                        .push(NameBook::error_at(self.text, table, old, message));
                }
            }
        }
        for (old, new) in &self.book.operation_aliases {
            api.method_aliases.push((old.clone(), new.clone()));
        }
        for (old, new) in &self.book.type_aliases {
            api.type_aliases.push((old.clone(), new.clone()));
        }
    }
}

/// `pointer` with every parameter named by its location and name (`parameters/query:page`)
/// instead of its index, read from the document: the identity of a type that survives a
/// parameter added before its own.
fn stable_key(tree: &serde_json::Value, pointer: &str) -> String {
    let Some(path) = pointer.strip_prefix("#/") else {
        return pointer.to_owned();
    };
    let mut key = String::from("#");
    let mut node = Some(tree);
    let mut previous = "";
    for token in path.split('/') {
        let unescaped = token.replace("~1", "/").replace("~0", "~");
        let next = node.and_then(|n| match n {
            serde_json::Value::Array(items) => {
                unescaped.parse::<usize>().ok().and_then(|i| items.get(i))
            }
            other => other.get(&unescaped),
        });
        let parameter = (previous == "parameters")
            .then(|| next.map(|p| resolve(tree, p)))
            .flatten()
            .and_then(|p| {
                Some(format!(
                    "{}:{}",
                    p.get("in")?.as_str()?,
                    p.get("name")?.as_str()?
                ))
            });
        key.push('/');
        match parameter {
            Some(identity) => key.push_str(&identity.replace('~', "~0").replace('/', "~1")),
            None => key.push_str(token),
        }
        node = next;
        previous = token;
    }
    key
}

/// A local `$ref` followed once (a parameter defined in `components/parameters`).
fn resolve<'a>(tree: &'a serde_json::Value, node: &'a serde_json::Value) -> &'a serde_json::Value {
    node.get("$ref")
        .and_then(serde_json::Value::as_str)
        .and_then(|reference| reference.strip_prefix('#'))
        .and_then(|pointer| tree.pointer(pointer))
        .unwrap_or(node)
}

/// Recorded names first (each checked), then fresh ones in key order.
fn choose(
    namer: &mut Namer,
    candidates: &[Candidate],
    book: &NameBook,
    text: &str,
    table: Table,
    errors: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let recorded = book.table(table);
    let mut chosen: Vec<Option<String>> = vec![None; candidates.len()];
    for (slot, candidate) in chosen.iter_mut().zip(candidates) {
        let Some(name) = recorded.get(&candidate.key) else {
            continue;
        };
        let problem = if matches!(table, Table::Features) && !is_feature_name(name) {
            Some(format!(
                "`{name}` is not a Cargo feature name (ASCII letters, digits, `-` and `_`)"
            ))
        } else if !matches!(table, Table::Features) && !is_identifier(name) {
            Some(format!("`{name}` is not a Rust identifier"))
        } else if namer.is_taken(name) {
            Some(format!(
                "`{name}` is taken: another entry or a name the generated code uses has it"
            ))
        } else {
            None
        };
        match problem {
            Some(message) => errors.push(NameBook::error_at(text, table, &candidate.key, message)),
            None => {
                namer.claim(name, "");
                *slot = Some(name.clone());
            }
        }
    }

    // Fresh candidates that collide with each other or with a taken name use their
    // fallback (an operation's method and path), so neither order nor an unrelated item
    // decides which one keeps the plain name.
    let mut fresh: Vec<usize> = (0..candidates.len())
        .filter(|&i| chosen.get(i).is_some_and(Option::is_none))
        .collect();
    let mut suggested_count: BTreeMap<&str, usize> = BTreeMap::new();
    for &i in &fresh {
        if let Some(candidate) = candidates.get(i) {
            *suggested_count
                .entry(candidate.suggested.as_str())
                .or_default() += 1;
        }
    }
    fresh.sort_by(|&a, &b| {
        let key = |i: usize| candidates.get(i).map(|c| c.key.as_str());
        key(a).cmp(&key(b))
    });
    let separator = match table {
        Table::Operations | Table::Credentials => "_",
        Table::Features => "-",
        _ => "",
    };
    for i in fresh {
        let Some(candidate) = candidates.get(i) else {
            continue;
        };
        let collides = namer.is_taken(&candidate.suggested)
            || suggested_count.get(candidate.suggested.as_str()) > Some(&1);
        let name = match (&candidate.fallback, collides) {
            (Some(fallback), true) => fallback,
            _ => &candidate.suggested,
        };
        if let Some(slot) = chosen.get_mut(i) {
            *slot = Some(namer.claim(name, separator));
        }
    }
    chosen.into_iter().map(Option::unwrap_or_default).collect()
}

/// A name a person wrote: an identifier (raw ones included), and one `r#` cannot make
/// valid is refused too.
fn is_identifier(name: &str) -> bool {
    let bare = name.strip_prefix("r#").unwrap_or(name);
    let mut chars = bare.chars();
    let starts_well = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    starts_well
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && bare != "_"
        && names::escape_keyword(bare.to_owned()) == name
}

/// A feature name a person wrote: what Cargo accepts, kept to ASCII (it is also written in
/// `#[cfg(feature = "...")]` and in the crate docs and `Cargo.toml`).
fn is_feature_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// A fresh feature name for a tag (`None`: the untagged operations): its module name in
/// kebab-case, the usual spelling of Cargo features.
pub(crate) fn feature_name(tag: Option<&str>) -> String {
    match tag {
        Some(tag) => names::module(tag).replace('_', "-"),
        None => "untagged".to_owned(),
    }
}

/// The setters of struct fields, and the marker type and parameter setters of each
/// operation's `Call`: derived from names already chosen, unique within their owner.
fn name_members(api: &mut Api) {
    for def in &mut api.types {
        let TypeKind::Struct(s) = &mut def.kind else {
            continue;
        };
        // `new` is the constructor; every setter is unique within its struct.
        let mut methods = Namer::with_reserved(&["new"]);
        for field in &mut s.fields {
            let stem = field.rust_name.trim_start_matches("r#");
            field.setter = methods.claim(&format!("with_{stem}"), "_");
        }
        for field in s.fields.iter_mut().filter(|f| !f.required && f.nullable) {
            // A keyword escaped with a trailing `_` (`self_`) would give `with_self__null`,
            // which is not snake case.
            let stem = field
                .rust_name
                .trim_start_matches("r#")
                .trim_end_matches('_');
            field.null_setter = Some(methods.claim(&format!("with_{stem}_null"), "_"));
        }
    }
    let mut markers = Namer::with_reserved(OPERATIONS_MODULE_NAMES);
    for op in &mut api.operations {
        op.call_marker = markers.claim(&names::upper_camel(&op.rust_name, "Call"), "");
    }
    // After every marker, so that an error enum never takes a marker's name.
    for op in &mut api.operations {
        op.error_enum = markers.claim(&format!("{}Error", op.call_marker), "");
    }
    for op in &mut api.operations {
        // Every `Call` has `with_response`; the setters of optional parameters are the
        // call's other `with_` methods.
        let mut methods = Namer::with_reserved(CALL_METHODS);
        for param in op.params.iter_mut().filter(|p| !p.required) {
            let stem = param.rust_name.trim_start_matches("r#");
            param.setter = methods.claim(&format!("with_{stem}"), "_");
        }
        // The streams of a paginated call, after the setters: those are `with_` names
        // and cannot take these, so the plain names are always free.
        if let Some(pagination) = &mut op.pagination {
            pagination.pages_method = methods.claim("pages", "_");
            pagination.items_method = methods.claim("items", "_");
        }
    }
}
