//! Every schema of a document's JSON tree, visited in place with its JSON pointer.
//!
//! The load stage rewrites schemas before `openapiv3` reads them (3.1 keywords, bounds no
//! 64-bit integer holds). It does so on the untyped tree, where a schema is found by the
//! key it sits under: `schema` (parameters, headers, media types) and
//! `#/components/schemas`, then the subschema keywords inside each schema.

use serde_json::Value;

use crate::diagnostics::Pointer;

/// What the load stage does to each schema.
pub(super) trait SchemaVisitor {
    /// Called before the schema's subschemas are visited; `false` skips them.
    fn enter(&mut self, schema: &mut Value, at: &Pointer) -> bool;
    /// Called after the subschemas, so it sees them already rewritten.
    fn leave(&mut self, schema: &mut Value, at: &Pointer);
}

/// Keys outside schemas whose values are example data, not document structure.
pub(super) const DATA_KEYS: &[&str] = &["example", "examples"];

/// Keys whose values map names the spec's authors chose (a header, a multipart property,
/// a status code) to objects: a name there is never a keyword, even `schema`.
pub(super) const NAMED: &[&str] = &[
    "paths",
    "webhooks",
    "callbacks",
    "responses",
    "headers",
    "content",
    "encoding",
    "links",
    "variables",
];

/// Subschema keywords holding one schema, a map of schemas, or a list of schemas.
pub(super) const ONE: &[&str] = &[
    "items",
    "additionalProperties",
    "not",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
    "unevaluatedItems",
    "unevaluatedProperties",
];
pub(super) const MAP: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "dependentSchemas",
];
pub(super) const LIST: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];

/// Visits every schema of the document. Recursion follows the tree's own depth, which
/// the parsers limit to 128 levels.
pub(super) fn walk_document(tree: &mut Value, visitor: &mut dyn SchemaVisitor) {
    walk_structure(tree, &Pointer::root(), Keys::Fields, visitor);
}

/// What the keys of an object outside schemas are.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keys {
    /// Fields OpenAPI defines (`schema`, `parameters`, ...).
    Fields,
    /// Names the spec chose; the values are objects with fields.
    Names,
}

fn walk_structure(node: &mut Value, at: &Pointer, keys: Keys, visitor: &mut dyn SchemaVisitor) {
    match node {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                let here = at.join(key);
                if keys == Keys::Names {
                    walk_structure(value, &here, Keys::Fields, visitor);
                } else if key.starts_with("x-") || DATA_KEYS.contains(&key.as_str()) {
                    continue;
                } else if key == "schema" {
                    walk_schema(value, &here, visitor);
                } else if at.as_str() == "#/components" && key == "schemas" {
                    for_each_entry(value, &here, visitor);
                } else if at.as_str() == "#/components" || NAMED.contains(&key.as_str()) {
                    walk_structure(value, &here, Keys::Names, visitor);
                } else {
                    walk_structure(value, &here, Keys::Fields, visitor);
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                walk_structure(item, &at.join(index), keys, visitor);
            }
        }
        _ => {}
    }
}

fn walk_schema(schema: &mut Value, at: &Pointer, visitor: &mut dyn SchemaVisitor) {
    if visitor.enter(schema, at) {
        if let Value::Object(map) = schema {
            for (key, value) in map.iter_mut() {
                let here = at.join(key);
                let key = key.as_str();
                if MAP.contains(&key) {
                    for_each_entry(value, &here, visitor);
                } else if LIST.contains(&key) || (key == "items" && value.is_array()) {
                    for_each_item(value, &here, visitor);
                } else if ONE.contains(&key) && (value.is_object() || is_schema_bool(key, value)) {
                    walk_schema(value, &here, visitor);
                }
            }
        }
    }
    visitor.leave(schema, at);
}

/// `true`/`false` as a schema (3.1). `additionalProperties: false` is OpenAPI 3.0 too,
/// where it means a closed object, and `openapiv3` reads it as such: it stays a boolean.
fn is_schema_bool(key: &str, value: &Value) -> bool {
    value.is_boolean() && key != "additionalProperties"
}

fn for_each_entry(map: &mut Value, at: &Pointer, visitor: &mut dyn SchemaVisitor) {
    if let Value::Object(map) = map {
        for (name, schema) in map.iter_mut() {
            walk_schema(schema, &at.join(name), visitor);
        }
    }
}

fn for_each_item(list: &mut Value, at: &Pointer, visitor: &mut dyn SchemaVisitor) {
    if let Value::Array(items) = list {
        for (index, schema) in items.iter_mut().enumerate() {
            walk_schema(schema, &at.join(index), visitor);
        }
    }
}
