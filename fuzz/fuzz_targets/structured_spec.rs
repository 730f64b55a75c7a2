//! Structured random specs: well-formed OpenAPI 3.0 and 3.1 documents built from arbitrary
//! schema and operation shapes (names with odd characters, `$ref`s to anything,
//! `allOf`/`oneOf`, readOnly/writeOnly, every parameter location and body media type, and
//! the 3.1 schema keywords: `type` arrays, `const`, `{type: null}` members, `$ref` with
//! siblings, keywords that become `Value`). They reach the load stage's 3.1 rewrite, the
//! lowering, the split and the emitters, which raw bytes rarely do.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Map, Value};

#[derive(Arbitrary, Debug)]
struct Spec {
    /// OpenAPI 3.1 rather than 3.0 (the 3.1 shapes below are also tried as 3.0, where
    /// they are malformed and must be reported, not panic on).
    v31: bool,
    schemas: Vec<(Name, Shape)>,
    operations: Vec<Op>,
}

#[derive(Arbitrary, Debug)]
struct Name(u8, String);

impl Name {
    /// Mostly small pools of names (so references hit), sometimes anything.
    fn text(&self) -> String {
        match self.0 % 4 {
            0 => self.1.clone(),
            n => format!("{}{}", ["Item", "type", "Foo_bar"][(n - 1) as usize], self.0 % 5),
        }
    }
}

#[derive(Arbitrary, Debug)]
enum Shape {
    Ref(Name),
    String { format: u8, enumeration: Vec<String>, nullable: bool },
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
struct Property {
    name: Name,
    shape: Shape,
    required: bool,
    access: u8,
    description: Option<String>,
}

#[derive(Arbitrary, Debug)]
struct Op {
    path: Vec<Segment>,
    method: u8,
    summary: Option<String>,
    parameters: Vec<(Name, u8, bool, Shape)>,
    body: Option<(u8, Shape)>,
    response: Option<(u16, u8, Shape)>,
}

#[derive(Arbitrary, Debug)]
enum Segment {
    Literal(String),
    Param(Name),
}

fn schema(shape: &Shape, depth: usize) -> Value {
    if depth > 6 {
        return json!({});
    }
    match shape {
        Shape::Ref(name) => json!({"$ref": format!("#/components/schemas/{}", name.text())}),
        Shape::String { format, enumeration, nullable } => {
            let format = ["", "date-time", "date", "binary", "byte", "uuid", "password"][*format as usize % 7];
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
        Shape::Map(values) => json!({"type": "object", "additionalProperties": schema(values, depth + 1)}),
        Shape::Object(properties) => {
            let mut map = Map::new();
            let mut required = Vec::new();
            for property in properties {
                let mut value = schema(&property.shape, depth + 1);
                if let (Value::Object(fields), Some(description)) = (&mut value, &property.description) {
                    fields.insert("description".into(), json!(description));
                }
                match property.access % 3 {
                    1 => value["readOnly"] = json!(true),
                    2 => value["writeOnly"] = json!(true),
                    _ => {}
                }
                let name = property.name.text();
                if property.required {
                    required.push(name.clone());
                }
                map.insert(name, value);
            }
            json!({"type": "object", "properties": map, "required": required})
        }
        Shape::AllOf(members) => json!({"allOf": members.iter().map(|m| schema(m, depth + 1)).collect::<Vec<_>>()}),
        Shape::OneOf(members, discriminator) => {
            let mut value = json!({"oneOf": members.iter().map(|m| schema(m, depth + 1)).collect::<Vec<_>>()});
            if let Some(property) = discriminator {
                value["discriminator"] = json!({"propertyName": property});
            }
            value
        }
        Shape::AnyOf(members) => json!({"anyOf": members.iter().map(|m| schema(m, depth + 1)).collect::<Vec<_>>()}),
        Shape::Empty => json!({}),
        Shape::Types(types, enumeration) => {
            let names = ["string", "integer", "number", "boolean", "array", "object", "null"];
            let types: Vec<&str> = types.iter().map(|t| names[*t as usize % names.len()]).collect();
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
            json!({"$ref": format!("#/components/schemas/{}", name.text()), "description": description})
        }
        Shape::Unsupported(keyword, inner) => {
            let keyword = ["$dynamicRef", "unevaluatedProperties", "if", "prefixItems", "patternProperties", "dependentSchemas"][*keyword as usize % 6];
            let mut value = schema(inner, depth + 1);
            if let Value::Object(fields) = &mut value {
                fields.insert(keyword.into(), json!({}));
            }
            value
        }
        Shape::Boolean31(accept) => json!(accept),
    }
}

fn document(spec: &Spec) -> Value {
    let mut schemas = Map::new();
    for (name, shape) in &spec.schemas {
        schemas.insert(name.text(), schema(shape, 0));
    }
    let mut paths = Map::new();
    for op in &spec.operations {
        let path: String = op
            .path
            .iter()
            .map(|segment| match segment {
                Segment::Literal(text) => format!("/{text}"),
                Segment::Param(name) => format!("/{{{}}}", name.text()),
            })
            .collect();
        let method = ["get", "put", "post", "delete", "patch", "head", "options", "trace"][op.method as usize % 8];
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
            let media = ["application/json", "multipart/form-data", "application/x-www-form-urlencoded", "application/xml", "application/octet-stream", "image/*"][*media as usize % 6];
            operation["requestBody"] = json!({"required": true, "content": {media: {"schema": schema(shape, 0)}}});
        }
        if let Some((status, media, shape)) = &op.response {
            let media = ["application/json", "text/plain", "application/zip"][*media as usize % 3];
            operation["responses"] = json!({(status % 600).to_string(): {"description": "r", "content": {media: {"schema": schema(shape, 0)}}}});
        }
        let item = paths.entry(path).or_insert_with(|| json!({}));
        item[method] = operation;
    }
    json!({
        "openapi": if spec.v31 { "3.1.0" } else { "3.0.3" },
        "info": {"title": "fuzz", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas},
    })
}

fuzz_target!(|spec: Spec| {
    let text = document(&spec).to_string();
    let options = generator::Options {
        crate_name: "fuzz-client".into(),
        regenerate_with: "fuzz".into(),
        names: None,
        overlay: None,
    };
    let _ = generator::generate(&text, &options);
});
