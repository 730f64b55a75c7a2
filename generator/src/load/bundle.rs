//! Multi-file specs: every relative `$ref` to another file is resolved into one document
//! before anything else reads it, so the rest of the generator sees one tree.
//!
//! How a reference is brought in depends on where it sits, found by the same key rules as
//! `walk.rs`:
//! - a schema (under `schema`, `components/schemas` or a subschema keyword) is hoisted
//!   into `#/components/schemas` once, under the name `FILE#` or `FILE#/POINTER` (`#`
//!   never occurs in a component name the spec itself may use), and every reference to
//!   it becomes a local `$ref`: a schema keeps one identity however many files name it,
//!   recursion across files is a recursive type, and its key in the names file names the
//!   file and the pointer inside it, never a path of the machine. A component schema
//!   that is itself only a `$ref` to another file takes that file's schema in place, so
//!   the type keeps the component's name. Lowering suggests the type's Rust name from
//!   the pointer's last token, or from the file's stem (`Hoisted::suggested`);
//! - anything else (a Path Item, an operation, a parameter, a response, a description)
//!   is copied in place, with the `$ref`'s sibling keys laid over it; a chain of such
//!   copies that leads back to itself is an error.
//!
//! Inside another file, a local `$ref` (`#/x`) means that file's own `#/x`. References
//! are resolved against the folder of the file they are in; one that leaves the entry
//! file's folder, an absolute path and a URL are refused with an error at the `$ref`
//! (no network, no path escape). Example data and `x-` extensions are not structure and
//! are left as they are. Every copied or hoisted subtree is recorded in `Origins`, so
//! that a diagnostic found later at a pointer of the bundled tree names the file and the
//! pointer (or line) it came from.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::reference::{
    in_file, inner_pointer, line_of_ref, resolve_path, suggested, unescape_fragment,
};
use super::walk::{DATA_KEYS, LIST, MAP, NAMED, ONE};
use crate::diagnostics::{Diagnostic, Location, Pointer};
use crate::source::Source;

/// The bundled tree and where its parts came from.
pub struct Bundled {
    pub tree: Value,
    pub origins: Origins,
    /// Component names of hoisted schemas -> the name a Rust type would take from them.
    pub hoisted: HashMap<String, String>,
}

/// Subtrees of the bundled document that came from another file.
#[derive(Clone, Debug, Default)]
pub struct Origins {
    /// (pointer in the bundled tree, file, pointer in that file).
    parts: Vec<(String, String, String)>,
}

impl Origins {
    /// The place a diagnostic at a pointer of the bundled tree really is. Places in the
    /// entry file stay as they are.
    pub fn locate(&self, location: Location) -> Location {
        let Location::Pointer(pointer) = &location else {
            return location;
        };
        let within = |prefix: &str| {
            pointer == prefix
                || pointer
                    .strip_prefix(prefix)
                    .is_some_and(|rest| rest.starts_with('/'))
        };
        let best = self
            .parts
            .iter()
            .filter(|(prefix, _, _)| within(prefix))
            .max_by_key(|(prefix, _, _)| prefix.len());
        match best {
            Some((prefix, file, inner)) => Location::FilePointer {
                file: file.clone(),
                pointer: format!("{inner}{}", pointer.get(prefix.len()..).unwrap_or("")),
            },
            None => location,
        }
    }
}

/// Copies nested in each other beyond this are a loop the cycle check missed, or a spec
/// no one writes; either way an error, never a stack overflow.
const COPY_DEPTH: usize = 64;

/// What the keys of an object are, as in `walk.rs`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Fields OpenAPI defines.
    Fields,
    /// Names the spec chose; the values are objects with fields.
    Names,
    Schema,
    /// A map or list of schemas (`properties`, `allOf`).
    Schemas,
}

/// A file's place: which file, and where in the bundled tree and in the file a node is.
#[derive(Clone)]
struct Place<'p> {
    file: &'p str,
    /// The pointer in the bundled tree.
    at: Pointer,
    /// The pointer in `file`.
    inner: Pointer,
}

impl Place<'_> {
    fn join(&self, token: &str) -> Place<'_> {
        Place {
            file: self.file,
            at: self.at.join(token),
            inner: self.inner.join(token),
        }
    }
}

struct Bundler<'s> {
    source: &'s dyn Source,
    entry: String,
    /// Parsed files other than the entry, and their text (to locate a bad reference by
    /// line).
    files: HashMap<String, (Value, String)>,
    /// (file, fragment) -> component name, for schemas hoisted or being hoisted.
    names: HashMap<(String, String), String>,
    /// Component schemas of the entry that are a `$ref` to another file's schema, by
    /// pointer: they take that schema in place.
    in_place: HashMap<String, (String, String)>,
    schemas: Vec<(String, Value)>,
    /// Hoisted schemas not walked yet: (name, file, fragment, content).
    pending: Vec<(String, String, String, Value)>,
    hoisted: HashMap<String, String>,
    origins: Origins,
    /// The copies being made, innermost last, to refuse a loop.
    copying: Vec<(String, String)>,
}

/// Whether the entry file names any other file: when not, the tree is left untouched
/// and costs nothing more than this scan.
pub fn has_external_refs(text: &str) -> bool {
    text.match_indices("$ref").any(|(at, _)| {
        let rest = text.get(at + 4..).unwrap_or("");
        let value = rest
            .trim_start_matches(|c: char| c == '"' || c == '\'' || c == ':' || c.is_whitespace());
        let value = value.trim_start_matches(['"', '\'']);
        !value.starts_with('#')
    })
}

/// Resolves every reference to another file in `tree`, the entry file `entry` of `source`.
pub fn bundle(source: &dyn Source, entry: &str, mut tree: Value) -> Result<Bundled, Diagnostic> {
    let mut bundler = Bundler {
        source,
        entry: entry.to_owned(),
        files: HashMap::new(),
        names: HashMap::new(),
        in_place: HashMap::new(),
        schemas: Vec::new(),
        pending: Vec::new(),
        hoisted: HashMap::new(),
        origins: Origins::default(),
        copying: Vec::new(),
    };
    bundler.declare_in_place(&tree)?;
    let root = Place {
        file: entry,
        at: Pointer::root(),
        inner: Pointer::root(),
    };
    bundler.walk(&mut tree, &root, Kind::Fields, 0)?;
    bundler.hoist_pending()?;
    if !bundler.schemas.is_empty() {
        let Some(document) = tree.as_object_mut() else {
            return Ok(bundler.finish(tree));
        };
        let components = document
            .entry("components")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Some(components) = components.as_object_mut() {
            let schemas = components
                .entry("schemas")
                .or_insert_with(|| Value::Object(Map::new()));
            if let Some(schemas) = schemas.as_object_mut() {
                schemas.extend(std::mem::take(&mut bundler.schemas));
            }
        }
    }
    Ok(bundler.finish(tree))
}

impl Bundler<'_> {
    fn finish(self, tree: Value) -> Bundled {
        Bundled {
            tree,
            origins: self.origins,
            hoisted: self.hoisted,
        }
    }

    /// `components/schemas/NAME: {$ref: other.yaml}`: NAME is that schema's name.
    fn declare_in_place(&mut self, tree: &Value) -> Result<(), Diagnostic> {
        let schemas = tree
            .pointer("/components/schemas")
            .and_then(Value::as_object);
        for (name, schema) in schemas.into_iter().flatten() {
            let Some(reference) = schema.get("$ref").and_then(Value::as_str) else {
                continue;
            };
            if reference.starts_with('#') {
                continue;
            }
            let at = Pointer::root()
                .join("components")
                .join("schemas")
                .join(name);
            let place = Place {
                file: &self.entry.clone(),
                at: at.clone(),
                inner: at,
            };
            let target = self.target(&place, reference)?;
            if !self.names.contains_key(&target) {
                self.names.insert(target.clone(), name.clone());
                self.in_place.insert(place.at.to_string(), target);
            }
        }
        Ok(())
    }

    fn walk(
        &mut self,
        node: &mut Value,
        place: &Place,
        kind: Kind,
        depth: usize,
    ) -> Result<(), Diagnostic> {
        if let Some(reference) = node.get("$ref").and_then(Value::as_str) {
            let reference = reference.to_owned();
            return self.reference(node, place, kind, &reference, depth);
        }
        match node {
            Value::Object(map) => {
                for (key, value) in map.iter_mut() {
                    let child = match kind {
                        Kind::Names => Some(Kind::Fields),
                        Kind::Schemas => Some(Kind::Schema),
                        Kind::Schema => schema_child(key, value),
                        Kind::Fields => fields_child(key, &place.at),
                    };
                    if let Some(child) = child {
                        self.walk(value, &place.join(key), child, depth)?;
                    }
                }
            }
            Value::Array(items) => {
                let kind = if kind == Kind::Schemas {
                    Kind::Schema
                } else {
                    kind
                };
                for (index, item) in items.iter_mut().enumerate() {
                    self.walk(item, &place.join(&index.to_string()), kind, depth)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn reference(
        &mut self,
        node: &mut Value,
        place: &Place,
        kind: Kind,
        reference: &str,
        depth: usize,
    ) -> Result<(), Diagnostic> {
        if place.file == self.entry && reference.starts_with('#') {
            return Ok(());
        }
        let (file, fragment) = self.target(place, reference)?;
        if file == self.entry {
            // Back into the entry file: a local reference of the bundled document.
            node["$ref"] = Value::String(format!("#{fragment}"));
            return Ok(());
        }
        let in_place = place.file == self.entry
            && self.in_place.get(place.at.as_str()) == Some(&(file.clone(), fragment.clone()));
        if kind == Kind::Schema && !in_place {
            let name = self.hoist(place, &file, &fragment)?;
            let local = Pointer::root()
                .join("components")
                .join("schemas")
                .join(&name);
            node["$ref"] = Value::String(local.to_string());
            return Ok(());
        }
        self.copy(node, place, kind, (&file, &fragment), depth)
    }

    /// Copies the target in place of the reference, with the reference's siblings over it.
    fn copy(
        &mut self,
        node: &mut Value,
        place: &Place,
        kind: Kind,
        (file, fragment): (&str, &str),
        depth: usize,
    ) -> Result<(), Diagnostic> {
        let key = (file.to_owned(), fragment.to_owned());
        if self.copying.contains(&key) || depth >= COPY_DEPTH {
            return Err(self.error_at(
                place,
                format!("`$ref` loop: `{file}#{fragment}` contains itself"),
            ));
        }
        let mut content = self.fetch(place, file, fragment)?;
        self.copying.push(key);
        let target = Place {
            file,
            at: place.at.clone(),
            inner: inner_pointer(fragment),
        };
        self.walk(&mut content, &target, kind, depth + 1)?;
        self.copying.pop();
        self.origins.parts.push((
            place.at.to_string(),
            file.to_owned(),
            target.inner.to_string(),
        ));
        if let (Value::Object(siblings), Value::Object(content)) = (&*node, &mut content) {
            for (key, value) in siblings.iter().filter(|(key, _)| *key != "$ref") {
                content.insert(key.clone(), value.clone());
            }
        }
        *node = content;
        Ok(())
    }

    /// The component name of another file's schema, hoisting it the first time (read now,
    /// so that a missing target is reported at this reference; walked later, from `bundle`,
    /// so that a long chain of files costs no stack).
    fn hoist(&mut self, place: &Place, file: &str, fragment: &str) -> Result<String, Diagnostic> {
        let key = (file.to_owned(), fragment.to_owned());
        if let Some(name) = self.names.get(&key) {
            return Ok(name.clone());
        }
        // Always with a `#`, which no component name of the entry may hold (`pet.yaml`
        // alone could be one).
        let name = format!("{file}#{fragment}");
        let content = self.fetch(place, file, fragment)?;
        self.names.insert(key, name.clone());
        self.hoisted.insert(name.clone(), suggested(file, fragment));
        self.pending
            .push((name.clone(), file.to_owned(), fragment.to_owned(), content));
        Ok(name)
    }

    /// Walks the hoisted schemas, and those they hoist in turn, into `schemas`.
    fn hoist_pending(&mut self) -> Result<(), Diagnostic> {
        let mut next = 0;
        while let Some((name, file, fragment, content)) = self.pending.get_mut(next).map(|p| {
            (
                p.0.clone(),
                p.1.clone(),
                p.2.clone(),
                std::mem::take(&mut p.3),
            )
        }) {
            next += 1;
            let mut content = content;
            let target = Place {
                file: &file,
                at: Pointer::root()
                    .join("components")
                    .join("schemas")
                    .join(&name),
                inner: inner_pointer(&fragment),
            };
            self.walk(&mut content, &target, Kind::Schema, 0)?;
            self.origins.parts.push((
                target.at.to_string(),
                file.clone(),
                target.inner.to_string(),
            ));
            self.schemas.push((name, content));
        }
        self.pending.clear();
        Ok(())
    }

    /// The file and JSON pointer a reference names, resolved against the file it is in.
    fn target(&self, place: &Place, reference: &str) -> Result<(String, String), Diagnostic> {
        let (path, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        if !fragment.is_empty() && !fragment.starts_with('/') {
            return Err(self.error_at(
                place,
                format!("`$ref` `{reference}`: only JSON pointer fragments (`#/...`) are read"),
            ));
        }
        let file = if path.is_empty() {
            place.file.to_owned()
        } else {
            resolve_path(place.file, path).map_err(|why| {
                self.error_at(place, format!("`$ref` `{reference}` is refused: {why}"))
            })?
        };
        Ok((file, fragment.to_owned()))
    }

    /// A copy of the value at `fragment` in `file`, reading and parsing the file once.
    fn fetch(&mut self, place: &Place, file: &str, fragment: &str) -> Result<Value, Diagnostic> {
        if !self.files.contains_key(file) {
            let text = self.source.read(file).map_err(|why| {
                self.error_at(place, format!("`$ref` to `{file}`: cannot read it: {why}"))
            })?;
            let tree = super::parse(&text).map_err(|err| in_file(err, file))?;
            self.files.insert(file.to_owned(), (tree, text));
        }
        let found = self
            .files
            .get(file)
            .and_then(|(tree, _)| tree.pointer(&unescape_fragment(fragment)));
        match found {
            Some(value) => Ok(value.clone()),
            None => Err(self.error_at(
                place,
                format!("`$ref` target `{file}#{fragment}` does not exist"),
            )),
        }
    }

    /// An error at the `$ref` of `place`: in the entry, at its pointer; in another file,
    /// at its line and column when the text shows where, else at its pointer.
    fn error_at(&self, place: &Place, message: String) -> Diagnostic {
        let pointer = place.inner.join("$ref");
        if place.file == self.entry {
            return Diagnostic::error(place.at.join("$ref").location(), message);
        }
        let line = self
            .files
            .get(place.file)
            .and_then(|(tree, text)| line_of_ref(text, tree, place.inner.as_str()));
        let location = match line {
            Some((line, column)) => Location::FileLineColumn {
                file: place.file.to_owned(),
                line,
                column,
            },
            None => Location::FilePointer {
                file: place.file.to_owned(),
                pointer: pointer.to_string(),
            },
        };
        Diagnostic::error(location, message)
    }
}

fn schema_child(key: &str, value: &Value) -> Option<Kind> {
    if MAP.contains(&key) || LIST.contains(&key) || (key == "items" && value.is_array()) {
        Some(Kind::Schemas)
    } else if ONE.contains(&key) && value.is_object() {
        Some(Kind::Schema)
    } else {
        None
    }
}

fn fields_child(key: &str, at: &Pointer) -> Option<Kind> {
    if key.starts_with("x-") || DATA_KEYS.contains(&key) {
        None
    } else if key == "schema" {
        Some(Kind::Schema)
    } else if at.as_str() == "#/components" && key == "schemas" {
        Some(Kind::Schemas)
    } else if at.as_str() == "#/components" || NAMED.contains(&key) {
        Some(Kind::Names)
    } else {
        Some(Kind::Fields)
    }
}
