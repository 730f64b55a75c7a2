//! Stage 2: `openapiv3` -> IR.
//!
//! Lowering resolves `$ref`s, gives every type and operation its Rust name, maps formats
//! to Rust types and records readOnly/writeOnly on each field. It never stops at the first
//! problem: it returns the IR together with every diagnostic it found, and the caller
//! decides (errors stop the write, warnings do not).

mod names;
mod operation;
mod schema;

use std::collections::HashMap;

use openapiv3::{OpenAPI, ReferenceOr, SecurityScheme};

use crate::diagnostics::{Diagnostic, Pointer};
use crate::ir::{Api, Auth, Docs, TypeDef, TypeId, TypeKind, Usage};
pub use names::Namer;

/// `UpperCamelCase` of a Rust snake_case name (for names derived from method names).
pub fn upper_camel(name: &str) -> String {
    names::upper_camel(name, "Call")
}

pub fn lower(doc: &OpenAPI) -> (Api, Vec<Diagnostic>) {
    let mut lowerer = Lowerer::new(doc);
    lowerer.declare_components();
    lowerer.lower_components();
    let operations = operation::lower_operations(&mut lowerer);
    let auth = lowerer.auth();
    let Lowerer {
        types, diagnostics, ..
    } = lowerer;
    let types = types
        .into_iter()
        .map(|t| t.unwrap_or_else(placeholder))
        .collect();
    let api = Api {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        description: doc.info.description.clone(),
        servers: doc.servers.iter().map(|s| s.url.clone()).collect(),
        auth,
        types,
        operations,
    };
    (api, diagnostics)
}

/// A declared type whose lowering failed with an error; it is never emitted because
/// errors stop the pipeline, but the arena must stay dense.
fn placeholder() -> TypeDef {
    TypeDef {
        name: String::new(),
        module: String::new(),
        pointer: String::new(),
        docs: Docs::default(),
        deprecated: false,
        origin: crate::ir::Origin::Component,
        usage: Usage::Both,
        kind: TypeKind::Alias(crate::ir::TypeRef::Json),
    }
}

/// The state shared by the lowering of schemas and operations.
pub(crate) struct Lowerer<'a> {
    doc: &'a OpenAPI,
    /// The arena under construction. Component schemas are declared (`None`) before any
    /// is lowered, so that `$ref`s, including recursive ones, resolve to an id at once.
    types: Vec<Option<TypeDef>>,
    components: HashMap<String, TypeId>,
    type_names: Namer,
    module_names: Namer,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Lowerer<'a> {
    fn new(doc: &'a OpenAPI) -> Lowerer<'a> {
        Lowerer {
            doc,
            types: Vec::new(),
            components: HashMap::new(),
            type_names: Namer::with_reserved(names::RESERVED_TYPE_NAMES),
            module_names: Namer::with_reserved(&["mod"]),
            diagnostics: Vec::new(),
        }
    }

    fn declare_components(&mut self) {
        let Some(components) = &self.doc.components else {
            return;
        };
        for name in components.schemas.keys() {
            let id = TypeId(self.types.len() as u32);
            self.types.push(None);
            self.components.insert(name.clone(), id);
        }
    }

    fn lower_components(&mut self) {
        let Some(components) = &self.doc.components else {
            return;
        };
        let schemas_pointer = Pointer::root().join("components").join("schemas");
        for (name, schema) in &components.schemas {
            let id = self.components[name];
            let type_name = self
                .type_names
                .claim(&names::upper_camel(name, "Schema"), "");
            let module = self.module_names.claim(&names::module(&type_name), "");
            let context = schema::Context {
                name: type_name,
                module,
                usage: Usage::Both,
                pointer: schemas_pointer.join(name),
                fallback_doc: None,
            };
            let def = schema::lower_named(self, schema, context);
            self.types[id.index()] = Some(def);
        }
    }

    /// Adds a type to the arena under a fresh unique name derived from `proposed`.
    pub(crate) fn add_type(&mut self, mut def: TypeDef) -> TypeId {
        def.name = self.type_names.claim(&def.name, "");
        let id = TypeId(self.types.len() as u32);
        self.types.push(Some(def));
        id
    }

    pub(crate) fn claim_module(&mut self, proposed: &str) -> String {
        self.module_names.claim(&names::module(proposed), "")
    }

    pub(crate) fn component_id(&self, reference: &str) -> Option<TypeId> {
        let name = reference.strip_prefix("#/components/schemas/")?;
        self.components.get(&unescape_pointer_token(name)).copied()
    }

    /// The schema a `$ref` points at, for reading its facts (readOnly, nullable, docs).
    pub(crate) fn resolve_schema(&self, reference: &str) -> Option<&'a openapiv3::Schema> {
        let name = unescape_pointer_token(reference.strip_prefix("#/components/schemas/")?);
        match self.doc.components.as_ref()?.schemas.get(&name)? {
            ReferenceOr::Item(schema) => Some(schema),
            ReferenceOr::Reference { reference } => self.resolve_schema(reference),
        }
    }

    pub(crate) fn error(&mut self, pointer: &Pointer, message: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::error(pointer.location(), message));
    }

    pub(crate) fn warning(&mut self, pointer: &Pointer, message: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::warning(pointer.location(), message));
    }

    /// The credential the client sends: the first scheme of the top-level `security`
    /// (or, without one, the first declared scheme) that the runtime supports.
    fn auth(&mut self) -> Auth {
        let Some(components) = &self.doc.components else {
            return Auth::None;
        };
        let schemes_pointer = Pointer::root().join("components").join("securitySchemes");
        let required: Vec<&String> = match &self.doc.security {
            Some(requirements) => requirements.iter().flat_map(|r| r.keys()).collect(),
            None => components.security_schemes.keys().collect(),
        };
        for name in required {
            let pointer = schemes_pointer.join(name);
            match components.security_schemes.get(name) {
                Some(ReferenceOr::Item(scheme)) => {
                    if let Some(auth) = supported_auth(scheme) {
                        return auth;
                    }
                    self.warning(&pointer, format!("security scheme `{name}` is not supported; the client sends no credentials for it"));
                }
                Some(ReferenceOr::Reference { reference }) => self.warning(
                    &pointer,
                    format!("security scheme `{name}` is a `$ref` to `{reference}`, which is not supported"),
                ),
                None => self.warning(
                    &Pointer::root().join("security"),
                    format!("security scheme `{name}` is required but never defined in `components.securitySchemes`"),
                ),
            }
        }
        Auth::None
    }
}

fn supported_auth(scheme: &SecurityScheme) -> Option<Auth> {
    match scheme {
        SecurityScheme::APIKey {
            location: openapiv3::APIKeyLocation::Header,
            name,
            ..
        } => Some(Auth::ApiKeyHeader(name.clone())),
        SecurityScheme::APIKey {
            location: openapiv3::APIKeyLocation::Query,
            name,
            ..
        } => Some(Auth::ApiKeyQuery(name.clone())),
        SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("bearer") => {
            Some(Auth::Bearer)
        }
        _ => None,
    }
}

fn unescape_pointer_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Docs from a description and an example value.
pub(crate) fn docs(
    summary: Option<&String>,
    description: Option<&String>,
    example: Option<&serde_json::Value>,
) -> Docs {
    Docs {
        summary: summary.filter(|s| !s.trim().is_empty()).cloned(),
        description: description.filter(|s| !s.trim().is_empty()).cloned(),
        example: example.map(|value| value.to_string()),
    }
}
