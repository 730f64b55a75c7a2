//! Structured random specs: well-formed OpenAPI 3.0 and 3.1 documents built from arbitrary
//! schema and operation shapes (names with odd characters, `$ref`s to anything,
//! `allOf`/`oneOf`, readOnly/writeOnly, every parameter location and body media type, the
//! 3.1 schema keywords: `type` arrays, `const`, `{type: null}` members, `$ref` with
//! siblings, keywords that become `Value`) and security schemes with the requirements
//! that name them (`security.rs`). They reach the load stage's 3.1 rewrite, the lowering,
//! the split and the emitters, which raw bytes rarely do.

use arbitrary::Arbitrary;
use serde_json::{json, Map, Value};

use crate::security::{requirements, Requirement, Scheme};

#[derive(Arbitrary, Debug)]
pub struct Spec {
    /// OpenAPI 3.1 rather than 3.0 (the 3.1 shapes below are also tried as 3.0, where
    /// they are malformed and must be reported, not panic on).
    pub v31: bool,
    pub schemas: Vec<(Name, Shape)>,
    pub operations: Vec<Op>,
    pub security_schemes: Vec<(Name, Scheme)>,
    /// The top-level `security`: `None` leaves it out.
    pub security: Option<Vec<Requirement>>,
}

/// A name: mostly from a small pool, sometimes anything.
#[derive(Arbitrary, Debug)]
pub struct Name(pub u8, pub String);

impl Name {
    /// A schema's or property's name.
    pub fn text(&self) -> String {
        self.pick(&["Item", "type", "Foo_bar"])
    }

    /// A security scheme's name.
    pub fn scheme(&self) -> String {
        self.pick(&["ApiKey", "bearer auth", "OAuth"])
    }

    fn pick(&self, pool: &[&str]) -> String {
        // One name in eight is anything (often empty: a reference to nothing); the others
        // come from the pool, so that references, overlay targets and names-file keys hit.
        match self.0 % 8 {
            0 => self.1.clone(),
            n => format!("{}{}", pool[n as usize % pool.len()], self.0 % 5),
        }
    }
}

#[derive(Arbitrary, Debug)]
pub enum Shape {
    Ref(Name),
    String {
        format: u8,
        enumeration: Vec<String>,
        nullable: bool,
    },
    Integer,
    Number,
    Boolean,
    Array(Box<Shape>),
    Map(Box<Shape>),
    Object(Vec<Property>),
    AllOf(Vec<Shape>),
    OneOf(Vec<Shape>, Option<String>),
    AnyOf(Vec<Shape>),
    Empty,
    /// `type: [..]`, each `u8` one of the JSON types or `null`.
    Types(Vec<u8>, Vec<String>),
    Const(String),
    /// `oneOf`/`anyOf` with a `{type: null}` member.
    OrNull(Box<Shape>, bool),
    RefWithSiblings(Name, Option<String>),
    /// A keyword with no Rust counterpart, around a shape.
    Unsupported(u8, Box<Shape>),
    Boolean31(bool),
}

#[derive(Arbitrary, Debug)]
pub struct Property {
    name: Name,
    shape: Shape,
    required: bool,
    access: u8,
    description: Option<String>,
}

#[derive(Arbitrary, Debug)]
pub struct Op {
    path: Vec<Segment>,
    method: u8,
    summary: Option<String>,
    parameters: Vec<(Name, u8, bool, Shape)>,
    body: Option<(u8, Shape)>,
    response: Option<(u16, u8, Shape)>,
    /// The operation's own `security`: `[]`, `[{}]`, alternatives, AND-sets.
    security: Option<Vec<Requirement>>,
}

impl Op {
    /// The operation's path template, e.g. `/items/{id}`.
    pub fn path(&self) -> String {
        self.path
            .iter()
            .map(|segment| match segment {
                Segment::Literal(text) => format!("/{text}"),
                Segment::Param(name) => format!("/{{{}}}", name.text()),
            })
            .collect()
    }

    pub fn method(&self) -> &'static str {
        [
            "get", "put", "post", "delete", "patch", "head", "options", "trace",
        ][self.method as usize % 8]
    }
}

#[derive(Arbitrary, Debug)]
enum Segment {
    Literal(String),
    Param(Name),
}

/// Where a `$ref` to the schema `name` points. Specs are one document today; when the
/// loader reads file trees, a reference into another file of the tree is a variant here.
fn reference(name: &Name) -> String {
    format!("#/components/schemas/{}", name.text())
}

/// The schema `shape` describes, as a document of its own (an overlay's update).
pub fn schema_document(shape: &Shape) -> Value {
    schema(shape, 0)
}

fn schema(shape: &Shape, depth: usize) -> Value {
    if depth > 6 {
        return json!({});
    }
    match shape {
        Shape::Ref(name) => json!({"$ref": reference(name)}),
        Shape::String {
            format,
            enumeration,
            nullable,
        } => {
            let format = [
                "",
                "date-time",
                "date",
                "binary",
                "byte",
                "uuid",
                "password",
            ][*format as usize % 7];
            let mut value = json!({"type": "string", "nullable": nullable});
            if !format.is_empty() {
                value["format"] = json!(format);
            }
            if !enumeration.is_empty() {
                value["enum"] = json!(enumeration);
            }
            value
        }
        Shape::Integer => json!({"type": "integer"}),
        Shape::Number => json!({"type": "number"}),
        Shape::Boolean => json!({"type": "boolean"}),
        Shape::Array(items) => json!({"type": "array", "items": schema(items, depth + 1)}),
        Shape::Map(values) => {
            json!({"type": "object", "additionalProperties": schema(values, depth + 1)})
        }
        Shape::Object(properties) => object(properties, depth),
        Shape::AllOf(members) => json!({"allOf": schemas(members, depth)}),
        Shape::OneOf(members, discriminator) => {
            let mut value = json!({"oneOf": schemas(members, depth)});
            if let Some(property) = discriminator {
                value["discriminator"] = json!({"propertyName": property});
            }
            value
        }
        Shape::AnyOf(members) => json!({"anyOf": schemas(members, depth)}),
        Shape::Empty => json!({}),
        Shape::Types(types, enumeration) => {
            let names = [
                "string", "integer", "number", "boolean", "array", "object", "null",
            ];
            let types: Vec<&str> = types
                .iter()
                .map(|t| names[*t as usize % names.len()])
                .collect();
            let mut value = json!({"type": types, "items": {"type": "string"}, "properties": {"a": {"type": ["integer", "null"]}}, "minimum": 1});
            if !enumeration.is_empty() {
                value["enum"] = json!(enumeration);
            }
            value
        }
        Shape::Const(value) => json!({"const": value, "examples": [value]}),
        Shape::OrNull(member, any) => {
            let keyword = if *any { "anyOf" } else { "oneOf" };
            json!({keyword: [{"type": "null"}, schema(member, depth + 1)]})
        }
        Shape::RefWithSiblings(name, description) => {
            json!({"$ref": reference(name), "description": description})
        }
        Shape::Unsupported(keyword, inner) => {
            let keyword = [
                "$dynamicRef",
                "unevaluatedProperties",
                "if",
                "prefixItems",
                "patternProperties",
                "dependentSchemas",
            ][*keyword as usize % 6];
            let mut value = schema(inner, depth + 1);
            if let Value::Object(fields) = &mut value {
                fields.insert(keyword.into(), json!({}));
            }
            value
        }
        Shape::Boolean31(accept) => json!(accept),
    }
}

fn schemas(members: &[Shape], depth: usize) -> Vec<Value> {
    members
        .iter()
        .map(|member| schema(member, depth + 1))
        .collect()
}

fn object(properties: &[Property], depth: usize) -> Value {
    let mut map = Map::new();
    let mut required = Vec::new();
    for property in properties {
        let mut value = schema(&property.shape, depth + 1);
        // A 3.1 boolean schema (`true`) has no keywords to add.
        if let Value::Object(fields) = &mut value {
            if let Some(description) = &property.description {
                fields.insert("description".into(), json!(description));
            }
            match property.access % 3 {
                1 => fields.insert("readOnly".into(), json!(true)),
                2 => fields.insert("writeOnly".into(), json!(true)),
                _ => None,
            };
        }
        let name = property.name.text();
        if property.required {
            required.push(name.clone());
        }
        map.insert(name, value);
    }
    json!({"type": "object", "properties": map, "required": required})
}

fn operation(op: &Op) -> Value {
    let parameters: Vec<Value> = op
        .parameters
        .iter()
        .map(|(name, location, required, shape)| {
            let location = ["path", "query", "header", "cookie"][*location as usize % 4];
            json!({"name": name.text(), "in": location, "required": *required || location == "path", "schema": schema(shape, 0)})
        })
        .collect();
    let mut operation = json!({"parameters": parameters, "responses": {}});
    if let Some(summary) = &op.summary {
        operation["summary"] = json!(summary);
    }
    if let Some((media, shape)) = &op.body {
        let media = [
            "application/json",
            "multipart/form-data",
            "application/x-www-form-urlencoded",
            "application/xml",
            "application/octet-stream",
            "image/*",
        ][*media as usize % 6];
        operation["requestBody"] =
            json!({"required": true, "content": {media: {"schema": schema(shape, 0)}}});
    }
    if let Some((status, media, shape)) = &op.response {
        let media = ["application/json", "text/plain", "application/zip"][*media as usize % 3];
        operation["responses"] = json!({(status % 600).to_string(): {"description": "r", "content": {media: {"schema": schema(shape, 0)}}}});
    }
    if let Some(security) = &op.security {
        operation["security"] = requirements(security);
    }
    operation
}

impl Spec {
    /// The spec as one JSON document.
    pub fn document(&self) -> Value {
        let mut schemas = Map::new();
        for (name, shape) in &self.schemas {
            schemas.insert(name.text(), schema(shape, 0));
        }
        let mut schemes = Map::new();
        for (name, scheme) in &self.security_schemes {
            schemes.insert(name.scheme(), scheme.document());
        }
        let mut paths = Map::new();
        for op in &self.operations {
            let item = paths.entry(op.path()).or_insert_with(|| json!({}));
            item[op.method()] = operation(op);
        }
        let mut document = json!({
            "openapi": if self.v31 { "3.1.0" } else { "3.0.3" },
            "info": {"title": "fuzz", "version": "1"},
            "paths": paths,
            "components": {"schemas": schemas, "securitySchemes": schemes},
        });
        if let Some(security) = &self.security {
            document["security"] = requirements(security);
        }
        document
    }

    /// The names-file keys of the operations: `METHOD /path`.
    pub fn operation_keys(&self) -> Vec<String> {
        self.operations
            .iter()
            .map(|op| format!("{} {}", op.method().to_uppercase(), op.path()))
            .collect()
    }

    /// The names of the component schemas, as the document spells them.
    pub fn schema_names(&self) -> Vec<String> {
        self.schemas.iter().map(|(name, _)| name.text()).collect()
    }
}
