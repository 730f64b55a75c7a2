//! OpenAPI 3.1 brought into the 3.0 shape the rest of the pipeline reads.
//!
//! 3.1 schemas are JSON Schema 2020-12. Rather than a second model and a second lowering,
//! the JSON tree is rewritten in place, so lowering stays one code path:
//!
//! - `type: [T, "null"]` is `type: T, nullable: true`; several non-null types become a
//!   `oneOf` of one schema per type, each keeping the keywords that apply to it;
//! - `{type: "null"}` members of `oneOf`/`anyOf` make the union nullable; a union left with
//!   one member is `allOf: [member]`, the 3.0 way to attach facts to a `$ref`;
//! - `const` is a one-value `enum`, and a `oneOf` whose members are all `const`s (the
//!   usual way 3.1 documents each value of an enum) is one `enum`;
//! - `examples: [..]` gives its first value as `example`; numeric
//!   `exclusiveMinimum`/`exclusiveMaximum` become a bound plus the 3.0 flag;
//! - `$ref` with sibling keywords is `allOf: [{$ref}]` with those siblings;
//! - `contentEncoding`/`contentMediaType` on a string say `format: binary` or `byte`;
//! - `true`/`false` schemas are `{}` and `{not: {}}`;
//! - `components.pathItems` referenced from `paths` or `webhooks` are inlined,
//!   `info.summary` stands in for a missing description, and `jsonSchemaDialect` is read.
//!
//! Keywords with no Rust counterpart (`$dynamicRef`, `unevaluatedProperties`,
//! `if`/`then`/`else`, `prefixItems`, `patternProperties`, ...) turn their schema into
//! `serde_json::Value` with a located warning. Nothing here fails: a 3.1 construct that
//! does not fit becomes a warning, and shape errors are left to deserialization, which
//! names their place.

use serde_json::{json, Map, Value};

use super::bounds;
use super::walk::{self, SchemaVisitor};
use crate::diagnostics::{Diagnostic, Pointer};

/// The dialect a 3.1 document's schemas use unless `jsonSchemaDialect` says otherwise.
const OAS_DIALECT: &str = "https://spec.openapis.org/oas/3.1/dialect/base";

/// Keywords whose meaning no Rust type expresses; the schema holding one becomes `Value`.
const UNSUPPORTED: &[&str] = &[
    "$dynamicRef",
    "$recursiveRef",
    "unevaluatedProperties",
    "unevaluatedItems",
    "if",
    "then",
    "else",
    "prefixItems",
    "patternProperties",
    "dependentSchemas",
];

/// Keywords that describe a value without shaping it; they survive a rewrite to `Value`.
const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "deprecated",
    "readOnly",
    "writeOnly",
    "example",
    "examples",
    "default",
];

const NUMERIC_KEYWORDS: &[&str] = &[
    "format",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
];

/// Which keywords belong to which type when `type: [A, B]` is split into one schema each.
const TYPE_KEYWORDS: &[(&str, &[&str])] = &[
    ("string", &["format", "minLength", "maxLength", "pattern"]),
    ("integer", NUMERIC_KEYWORDS),
    ("number", NUMERIC_KEYWORDS),
    ("array", &["items", "minItems", "maxItems", "uniqueItems"]),
    (
        "object",
        &[
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "maxProperties",
            "discriminator",
        ],
    ),
];

/// Rewrites a 3.1 document into the 3.0 shape; returns the warnings found on the way.
pub(super) fn normalise(tree: &mut Value) -> Vec<Diagnostic> {
    let mut visitor = V31 {
        warnings: Vec::new(),
    };
    document(tree, &mut visitor.warnings);
    walk::walk_document(tree, &mut visitor);
    inline_path_items(tree);
    visitor.warnings
}

/// The document-level differences.
fn document(tree: &mut Value, warnings: &mut Vec<Diagnostic>) {
    let Value::Object(root) = tree else {
        return;
    };
    let at = Pointer::root();
    // `openapiv3` does not look at the version; this says which shape the tree now has.
    root.insert("openapi".to_owned(), json!("3.0.3"));
    if let Some(dialect) = root.shift_remove("jsonSchemaDialect") {
        if dialect.as_str() != Some(OAS_DIALECT) {
            warnings.push(Diagnostic::warning(
                at.join("jsonSchemaDialect").location(),
                format!(
                    "schema dialect {dialect} is read as OpenAPI's own dialect ({OAS_DIALECT})"
                ),
            ));
        }
    }
    // A 3.1 document may have only webhooks or components; 3.0 requires `paths`.
    root.entry("paths").or_insert_with(|| json!({}));
    if let Some(Value::Object(info)) = root.get_mut("info") {
        if let Some(summary) = info.shift_remove("summary") {
            info.entry("description").or_insert(summary);
        }
    }
}

/// Replaces `{$ref: "#/components/pathItems/X"}` under `paths` and `webhooks` with a
/// copy of `X` (3.0 has no reusable path items). Other references are left for lowering
/// to report.
fn inline_path_items(tree: &mut Value) {
    let Some(Value::Object(items)) = tree.pointer("/components/pathItems").cloned() else {
        return;
    };
    for section in ["paths", "webhooks"] {
        let Some(Value::Object(paths)) = tree.get_mut(section) else {
            continue;
        };
        for item in paths.values_mut() {
            let target = item
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/pathItems/"))
                .and_then(|name| items.get(&name.replace("~1", "/").replace("~0", "~")));
            if let Some(target) = target {
                *item = target.clone();
            }
        }
    }
}

struct V31 {
    warnings: Vec<Diagnostic>,
}

impl SchemaVisitor for V31 {
    fn enter(&mut self, schema: &mut Value, at: &Pointer) -> bool {
        let map = match schema {
            Value::Bool(true) => {
                *schema = json!({});
                return false;
            }
            // Nothing is valid: lowering reports `not` as having no Rust type.
            Value::Bool(false) => {
                *schema = json!({"not": {}});
                return false;
            }
            Value::Object(map) => map,
            _ => return false,
        };
        if let Some(keyword) = UNSUPPORTED.iter().find(|k| map.contains_key(**k)) {
            self.warnings.push(Diagnostic::value_fallback(
                at.join(keyword).location(),
                &format!("`{keyword}` has no Rust equivalent"),
            ));
            map.retain(|key, _| ANNOTATIONS.contains(&key.as_str()));
            return false;
        }
        for keyword in ["oneOf", "anyOf"] {
            drop_null_members(map, keyword);
        }
        true
    }

    fn leave(&mut self, schema: &mut Value, at: &Pointer) {
        let Value::Object(map) = schema else {
            return;
        };
        exclusive_bound(map, "exclusiveMinimum", "minimum");
        exclusive_bound(map, "exclusiveMaximum", "maximum");
        if let Some(value) = map.shift_remove("const") {
            map.entry("enum").or_insert_with(|| json!([value]));
        }
        if let Some(Value::Array(examples)) = map.shift_remove("examples") {
            if let Some(first) = examples.into_iter().next() {
                map.entry("example").or_insert(first);
            }
        }
        content_format(map);
        ref_with_siblings(map);
        enum_of_consts(map);
        bounds::check(map, at, &mut self.warnings);
        if let Some(members) = split_types(map) {
            for member in members {
                if let Value::Object(mut member) = member {
                    bounds::check(&mut member, at, &mut self.warnings);
                    push_member(map, Value::Object(member));
                }
            }
        }
    }
}

fn is_null_schema(schema: &Value) -> bool {
    match schema.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(types)) => types.iter().all(|t| t == "null"),
        _ => false,
    }
}

/// `oneOf: [{type: null}, X]` is a nullable `X`.
fn drop_null_members(map: &mut Map<String, Value>, keyword: &str) {
    let Some(Value::Array(members)) = map.get_mut(keyword) else {
        return;
    };
    let before = members.len();
    members.retain(|member| !is_null_schema(member));
    if members.len() == before {
        return;
    }
    map.insert("nullable".to_owned(), Value::Bool(true));
    match map.get(keyword).and_then(Value::as_array).map(Vec::len) {
        Some(0) => {
            map.shift_remove(keyword);
        }
        // One member left: `allOf` is how 3.0 attaches facts (nullable, a description)
        // to a schema, `$ref`s included.
        Some(1) if !map.contains_key("allOf") => {
            if let Some(members) = map.shift_remove(keyword) {
                map.insert("allOf".to_owned(), members);
            }
        }
        _ => {}
    }
}

/// 3.1's `exclusiveMinimum: 5` is 3.0's `minimum: 5, exclusiveMinimum: true`.
fn exclusive_bound(map: &mut Map<String, Value>, exclusive: &str, bound: &str) {
    if !map.get(exclusive).is_some_and(Value::is_number) {
        return;
    }
    if let Some(value) = map.insert(exclusive.to_owned(), Value::Bool(true)) {
        map.entry(bound).or_insert(value);
    }
}

/// A string carrying encoded content: `binary` for raw bytes, `byte` for base64.
fn content_format(map: &mut Map<String, Value>) {
    let encoding = map.shift_remove("contentEncoding");
    let media_type = map.shift_remove("contentMediaType");
    let is_string = match map.get("type") {
        Some(Value::String(t)) => t == "string",
        Some(Value::Array(types)) => types.iter().any(|t| t == "string"),
        _ => false,
    };
    if !is_string || map.contains_key("format") {
        return;
    }
    let format = match (encoding.as_ref().and_then(Value::as_str), media_type) {
        (Some("base64" | "base64url"), _) => "byte",
        (Some(_), _) => "binary",
        // A media type with no encoding means the string is that content, unencoded;
        // only text stays a Rust `String`.
        (None, Some(Value::String(media))) if !is_text(&media) => "binary",
        (None, _) => return,
    };
    map.insert("format".to_owned(), json!(format));
}

fn is_text(media_type: &str) -> bool {
    media_type.starts_with("text/") || media_type.contains("json") || media_type.contains("xml")
}

/// In 3.1 a `$ref` may carry keywords of its own; 3.0 ignores them, so the reference
/// moves into `allOf` where lowering reads them as facts about it.
fn ref_with_siblings(map: &mut Map<String, Value>) {
    if map.len() < 2 || map.contains_key("allOf") {
        return;
    }
    if let Some(reference) = map.shift_remove("$ref") {
        map.insert("allOf".to_owned(), json!([{ "$ref": reference }]));
    }
}

/// `oneOf: [{const: 1, title: ...}, {const: 2, ...}]` documents an enum value by value;
/// it is `enum: [1, 2]` (the per-value titles and descriptions are not kept).
fn enum_of_consts(map: &mut Map<String, Value>) {
    for keyword in ["oneOf", "anyOf"] {
        let Some(Value::Array(members)) = map.get(keyword) else {
            continue;
        };
        let values: Option<Vec<Value>> = members.iter().map(single_value).collect();
        let Some(mut values) = values.filter(|v| !v.is_empty()) else {
            continue;
        };
        if !map.contains_key("type") {
            if let Some(t) = members.first().and_then(|m| m.get("type")).cloned() {
                map.insert("type".to_owned(), t);
            }
        }
        if map.get("nullable") == Some(&Value::Bool(true)) {
            values.push(Value::Null);
        }
        map.shift_remove(keyword);
        map.insert("enum".to_owned(), Value::Array(values));
        return;
    }
}

/// The value of a member that is one `enum` value plus annotations.
fn single_value(member: &Value) -> Option<Value> {
    let map = member.as_object()?;
    let shaping = map
        .keys()
        .all(|k| k == "enum" || k == "type" || k == "format" || ANNOTATIONS.contains(&k.as_str()));
    match map.get("enum")? {
        Value::Array(values) if shaping && values.len() == 1 => values.first().cloned(),
        _ => None,
    }
}

/// `type: [A, "null"]` is a nullable `A`. With several non-null types, returns one member
/// schema per type (the keywords that apply to each moved into it) for a `oneOf`.
fn split_types(map: &mut Map<String, Value>) -> Option<Vec<Value>> {
    let types: Vec<String> = match map.get("type")? {
        Value::Array(types) => types
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        Value::String(t) if t == "null" => vec![t.clone()],
        _ => return None,
    };
    let (nulls, kinds): (Vec<String>, Vec<String>) = types.into_iter().partition(|t| t == "null");
    if !nulls.is_empty() {
        map.insert("nullable".to_owned(), Value::Bool(true));
    }
    match kinds.as_slice() {
        [] => {
            map.shift_remove("type");
            None
        }
        [only] => {
            map.insert("type".to_owned(), json!(only));
            None
        }
        _ => {
            map.shift_remove("type");
            // The members of a union already say which types it takes.
            if map.contains_key("oneOf") || map.contains_key("anyOf") {
                return None;
            }
            let enumeration = map.shift_remove("enum");
            let mut taken: Vec<(String, Value)> = Vec::new();
            for (_, keywords) in TYPE_KEYWORDS {
                for keyword in *keywords {
                    if let Some(value) = map.shift_remove(*keyword) {
                        taken.push(((*keyword).to_owned(), value));
                    }
                }
            }
            let members = kinds
                .iter()
                .map(|kind| member_of_type(kind, &taken, enumeration.as_ref()))
                .collect();
            Some(members)
        }
    }
}

fn member_of_type(kind: &str, taken: &[(String, Value)], enumeration: Option<&Value>) -> Value {
    let applies: &[&str] = TYPE_KEYWORDS
        .iter()
        .find(|(t, _)| *t == kind)
        .map_or(&[], |(_, keywords)| keywords);
    let mut member = Map::new();
    member.insert("type".to_owned(), json!(kind));
    for (keyword, value) in taken {
        if applies.contains(&keyword.as_str()) {
            member.insert(keyword.clone(), value.clone());
        }
    }
    if let Some(Value::Array(values)) = enumeration {
        let of_kind: Vec<Value> = values
            .iter()
            .filter(|v| is_of_type(v, kind))
            .cloned()
            .collect();
        if !of_kind.is_empty() {
            member.insert("enum".to_owned(), Value::Array(of_kind));
        }
    }
    Value::Object(member)
}

fn is_of_type(value: &Value, kind: &str) -> bool {
    match kind {
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => false,
    }
}

fn push_member(map: &mut Map<String, Value>, member: Value) {
    if let Value::Array(members) = map.entry("oneOf").or_insert_with(|| json!([])) {
        members.push(member);
    }
}
