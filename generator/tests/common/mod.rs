//! Shared helpers for the generator's tests: load a fixture, run the pipeline, and render
//! the IR as short readable text for snapshots.
#![allow(dead_code)] // each test binary uses a different subset

use std::fmt::Write;
use std::path::PathBuf;

use generator::ir::{Api, Direction, Field, TypeDef, TypeKind, TypeRef, Usage};
use generator::{Generated, Options};

pub fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn fixture(name: &str) -> String {
    let path = fixture_path(name);
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// The target directory every scratch build of the project shares (`SCRATCH_TARGET` in
/// `xtask/src/scratch.rs`): the runtime's dependencies are built once for the fixture
/// crates, the verdicts' workspaces, the corpus and the contract, not once each.
pub fn scratch_target() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/scratch")
}

pub fn options() -> Options {
    Options {
        crate_name: "fixture-client".into(),
        regenerate_with: "cargo test".into(),
        names: None,
        overlay: None,
        previous: None,
        package: Default::default(),
    }
}

#[track_caller]
pub fn generate(spec: &str) -> Generated {
    match generator::generate(spec, &options()) {
        Ok(generated) => generated,
        Err(errors) => {
            let messages: Vec<String> = errors
                .iter()
                .map(|e| e.display_in("fixture").to_string())
                .collect();
            panic!("generation failed:\n{}", messages.join("\n"))
        }
    }
}

/// The fixture `tests/fixtures/{path}` generated, and the text of its snapshot: the
/// warnings (located in `name`), the IR, the models' code and the operations' code.
#[track_caller]
pub fn generate_with_report(path: &str, name: &str) -> (Generated, String) {
    let generated = generate(&fixture(path));
    let operations: String = generated
        .files
        .iter()
        .filter(|f| f.path.starts_with("src/operations/") && f.path != "src/operations/mod.rs")
        .map(|f| format!("//- {}\n{}", f.path, f.contents))
        .collect();
    let warnings: Vec<String> = generated
        .warnings
        .iter()
        .map(|w| w.display_in(name).to_string())
        .collect();
    let report = format!(
        "--- warnings\n{}\n--- ir\n{}\n--- models\n{}\n--- operations\n{operations}",
        warnings.join("\n"),
        render(&generated.api),
        models_code(&generated)
    );
    (generated, report)
}

/// The contents of one generated file.
#[track_caller]
pub fn file<'a>(generated: &'a Generated, path: &str) -> &'a str {
    match generated.files.iter().find(|f| f.path == path) {
        Some(file) => &file.contents,
        None => panic!(
            "no generated file {path}; have {:?}",
            generated.files.iter().map(|f| &f.path).collect::<Vec<_>>()
        ),
    }
}

/// All generated model files, concatenated in path order.
pub fn models_code(generated: &Generated) -> String {
    generated
        .files
        .iter()
        .filter(|f| f.path.starts_with("src/models/") && f.path != "src/models/mod.rs")
        .map(|f| format!("//- {}\n{}", f.path, f.contents))
        .collect()
}

#[track_caller]
pub fn type_named<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
    match api.types.iter().find(|t| t.name == name) {
        Some(def) => def,
        None => panic!("no type {name}; have {:?}", type_names(api)),
    }
}

pub fn type_names(api: &Api) -> Vec<&str> {
    api.types.iter().map(|t| t.name.as_str()).collect()
}

#[track_caller]
pub fn fields(def: &TypeDef) -> &[Field] {
    match &def.kind {
        TypeKind::Struct(s) => &s.fields,
        other => panic!("{} is not a struct: {other:?}", def.name),
    }
}

/// Wire names of a struct's fields.
#[track_caller]
pub fn field_names(def: &TypeDef) -> Vec<&str> {
    fields(def).iter().map(|f| f.wire_name.as_str()).collect()
}

#[track_caller]
pub fn field<'a>(def: &'a TypeDef, wire_name: &str) -> &'a Field {
    match fields(def).iter().find(|f| f.wire_name == wire_name) {
        Some(field) => field,
        None => panic!("{} has no field {wire_name}", def.name),
    }
}

/// The IR as text: one line per type, one indented line per field.
pub fn render(api: &Api) -> String {
    let mut out = String::new();
    for def in &api.types {
        let usage = match def.usage {
            Usage::Both => "both",
            Usage::Only(Direction::Request) => "request",
            Usage::Only(Direction::Response) => "response",
        };
        match &def.kind {
            TypeKind::Struct(s) => {
                let _ = writeln!(out, "struct {} [{usage}] {}", def.name, def.pointer);
                for field in &s.fields {
                    let mut flags = Vec::new();
                    if field.required {
                        flags.push("required".to_owned());
                    }
                    if field.nullable {
                        flags.push("nullable".to_owned());
                    }
                    if field.access != generator::ir::Access::ReadWrite {
                        flags.push(format!("{:?}", field.access));
                    }
                    if field.sensitive {
                        flags.push("sensitive".to_owned());
                    }
                    let _ = writeln!(
                        out,
                        "    {} ({}): {} {}",
                        field.rust_name,
                        field.wire_name,
                        render_ref(api, &field.ty),
                        flags.join(" ")
                    );
                }
            }
            TypeKind::Enum(e) => {
                let variants: Vec<String> = e
                    .variants
                    .iter()
                    .map(|v| format!("{}={:?}", v.rust_name, v.wire_value))
                    .collect();
                let _ = writeln!(
                    out,
                    "enum {} [{usage}] {} + {}",
                    def.name,
                    variants.join(" "),
                    e.catch_all
                );
            }
            TypeKind::Alias(target) => {
                let _ = writeln!(
                    out,
                    "alias {} [{usage}] = {}",
                    def.name,
                    render_ref(api, target)
                );
            }
            TypeKind::Union(u) => {
                let variants: Vec<String> = u
                    .variants
                    .iter()
                    .map(|v| {
                        let tags = if v.tag_values.is_empty() {
                            String::new()
                        } else {
                            format!("{:?}", v.tag_values)
                        };
                        format!("{}{tags}({})", v.rust_name, render_ref(api, &v.ty))
                    })
                    .collect();
                let tag = u
                    .tag
                    .as_ref()
                    .map(|t| format!(" tag={} + {}", t.property, t.catch_all))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "union {} [{usage}]{tag} {}",
                    def.name,
                    variants.join(" | ")
                );
            }
        }
    }
    for op in &api.operations {
        let params: Vec<String> = op
            .params
            .iter()
            .map(|p| {
                format!(
                    "{}{}: {}",
                    p.rust_name,
                    if p.required { "" } else { "?" },
                    render_ref(api, &p.ty)
                )
            })
            .collect();
        let body = op
            .body
            .as_ref()
            .map(|b| format!("{}:{:?}", render_ref(api, &b.ty), b.encoding))
            .unwrap_or_else(|| "-".into());
        let response = match &op.response {
            generator::ir::SuccessResponse::Empty => "()".to_owned(),
            generator::ir::SuccessResponse::Json(ty) => render_ref(api, ty),
            generator::ir::SuccessResponse::Bytes => "bytes".to_owned(),
            generator::ir::SuccessResponse::Text => "text".to_owned(),
        };
        let _ = writeln!(
            out,
            "op {} {} {} ({}) body={} -> {}",
            op.rust_name,
            op.method.as_str(),
            op.path,
            params.join(", "),
            body,
            response
        );
    }
    out
}

pub fn render_ref(api: &Api, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(id) => api.type_def(*id).name.clone(),
        TypeRef::List(inner) => format!("[{}]", render_ref(api, inner)),
        TypeRef::Map(inner) => format!("{{{}}}", render_ref(api, inner)),
        TypeRef::Nullable(inner) => format!("{}?", render_ref(api, inner)),
        other => format!("{other:?}"),
    }
}

/// Lowers and splits a fixture, returning the IR before and after the split.
#[track_caller]
pub fn lowered_and_split(name: &str) -> (Api, Api) {
    let (api, _) =
        generator::lower_spec(&fixture(name)).unwrap_or_else(|errors| panic!("{errors:?}"));
    let split = generator::split::split(api.clone());
    (api, split)
}

/// Every Rust keyword: strict (2015 and 2018+: `async`, `await`, `dyn`), reserved
/// (`try`, 2024's `gen`) and weak, with both spellings of `self`. Kept here, apart from
/// the generator's own list, so that a word missing there fails a test.
pub const RUST_KEYWORDS: &[&str] = &[
    "as",
    "break",
    "const",
    "continue",
    "crate",
    "else",
    "enum",
    "extern",
    "false",
    "fn",
    "for",
    "if",
    "impl",
    "in",
    "let",
    "loop",
    "match",
    "mod",
    "move",
    "mut",
    "pub",
    "ref",
    "return",
    "self",
    "Self",
    "static",
    "struct",
    "super",
    "trait",
    "true",
    "type",
    "unsafe",
    "use",
    "where",
    "while",
    "async",
    "await",
    "dyn",
    "abstract",
    "become",
    "box",
    "do",
    "final",
    "macro",
    "override",
    "priv",
    "typeof",
    "unsized",
    "virtual",
    "yield",
    "try",
    "gen",
    "macro_rules",
    "union",
    "safe",
    "raw",
];

/// A spec that puts every keyword in every position a name is made for: schema (type and
/// module), property (field), enum value (variant), union member (variant), query and
/// path parameter, operationId (method) and tag (operations module).
pub fn keywords_spec() -> String {
    use serde_json::{json, Map, Value};
    let mut schemas = Map::new();
    let mut paths = Map::new();
    let mut properties = Map::new();
    let mut members = Vec::new();
    let mut params = vec![
        json!({"name": "self", "in": "path", "required": true, "schema": {"type": "string"}}),
        json!({"name": "Self", "in": "path", "required": true, "schema": {"type": "string"}}),
    ];
    for word in RUST_KEYWORDS {
        schemas.insert(
            (*word).to_owned(),
            json!({"type": "object", "required": [word], "properties": {*word: {"type": "string"}}}),
        );
        members.push(json!({"$ref": format!("#/components/schemas/{word}")}));
        properties.insert((*word).to_owned(), json!({"type": "string"}));
        params.push(json!({"name": word, "in": "query", "schema": {"type": "string"}}));
        paths.insert(
            format!("/operations/{word}"),
            json!({"get": {
                "operationId": word,
                "tags": [word],
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"$ref": format!("#/components/schemas/{word}")}}}}}
            }}),
        );
    }
    schemas.insert(
        "Fields".to_owned(),
        json!({"type": "object", "properties": properties}),
    );
    schemas.insert(
        "Words".to_owned(),
        json!({"type": "string", "enum": RUST_KEYWORDS}),
    );
    schemas.insert("Either".to_owned(), json!({"oneOf": members}));
    paths.insert(
        "/parameters/{self}/{Self}".to_owned(),
        json!({"get": {
            "operationId": "parameters",
            "parameters": params,
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Either"}}}}}
        }}),
    );
    let spec = json!({
        "openapi": "3.0.3",
        "info": {"title": "keywords", "version": "1"},
        "paths": Value::Object(paths),
        "components": {"schemas": Value::Object(schemas)},
    });
    spec.to_string()
}
