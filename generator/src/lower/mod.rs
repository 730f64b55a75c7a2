//! Stage 2: `openapiv3` -> IR.
//!
//! Lowering resolves `$ref`s, gives every type and operation its Rust name, maps formats
//! to Rust types and records readOnly/writeOnly on each field. It never stops at the first
//! problem: it returns the IR together with every diagnostic it found, and the caller
//! decides (errors stop the write, warnings do not).

mod all_of;
mod facts;
mod limits;
mod media;
mod naming;
mod object;
mod operation;
mod paging;
mod params;
mod resolve;
mod responses;
mod schema;
mod security;
mod union;
mod webhooks;

use std::collections::HashMap;

use openapiv3::OpenAPI;

use crate::diagnostics::{Diagnostic, Pointer};
use crate::ir::{Api, Docs, Features, TypeDef, TypeId, TypeKind, Usage};
use crate::names::{self, NameBook, Namer, Table};
use naming::{Candidate, Naming};

/// Lowers the document, keeping the names `book` records (`book_text` is the names file
/// it came from, to locate errors in it). Returns the IR, the names file for it, and
/// every diagnostic.
pub fn lower(
    loaded: &crate::load::Loaded,
    book: &NameBook,
    book_text: &str,
) -> (Api, NameBook, Vec<Diagnostic>) {
    let (doc, tree) = (&loaded.document, &loaded.tree);
    let naming = Naming::new(book, book_text);
    let mut lowerer = Lowerer::new(doc, tree, naming, &loaded.hoisted);
    lowerer.declare_components();
    lowerer.lower_components();
    lowerer.check_alias_loops();
    let mut schemes = security::lower_schemes(&mut lowerer);
    let (operations, tag_features) = operation::lower_operations(&mut lowerer, &mut schemes);
    let hidden = operations.iter().any(|op| op.gate.hidden);
    let webhooks = webhooks::lower_webhooks(&mut lowerer);
    let security = schemes.finish(&mut lowerer);
    let Lowerer {
        types,
        mut diagnostics,
        mut naming,
        ..
    } = lowerer;
    let types = types
        .into_iter()
        .map(|t| t.unwrap_or_else(placeholder))
        .collect();
    let mut api = Api {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        description: doc.info.description.clone(),
        servers: doc.servers.iter().map(|s| s.url.clone()).collect(),
        security,
        types,
        operations,
        method_aliases: Vec::new(),
        type_aliases: Vec::new(),
        webhooks,
        features: Features {
            tags: tag_features,
            hidden,
            ..Features::default()
        },
    };
    union::move_tags_into_types(&mut api);
    naming.finish(&mut api, tree);
    diagnostics.append(&mut naming.errors);
    (api, naming.chosen, diagnostics)
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
        key: String::new(),
        request_name: None,
        split: None,
    }
}

/// The state shared by the lowering of schemas and operations.
pub(crate) struct Lowerer<'a> {
    doc: &'a OpenAPI,
    /// The same document untyped, for `$ref`s into places `openapiv3` does not model.
    tree: &'a serde_json::Value,
    /// The arena under construction. Component schemas are declared (`None`) before any
    /// is lowered, so that `$ref`s, including recursive ones, resolve to an id at once.
    types: Vec<Option<TypeDef>>,
    components: HashMap<String, TypeId>,
    naming: Naming<'a>,
    module_names: Namer,
    diagnostics: Vec<Diagnostic>,
    /// How many pointer `$ref`s are being followed inside each other.
    reference_depth: usize,
    /// How many inline schemas are being lowered inside each other.
    inline_depth: usize,
    /// Error bodies of shared responses (`#/components/responses/...`), lowered once.
    pub(crate) shared_error_types: HashMap<String, (Option<crate::ir::TypeRef>, Option<String>)>,
    /// Security scheme names already reported as undefined (reported once each).
    undefined_schemes: std::collections::HashSet<String>,
    /// Component schemas brought in from other files of the spec -> what their type's
    /// name is suggested from (`load/bundle.rs`).
    hoisted: &'a HashMap<String, String>,
}

impl<'a> Lowerer<'a> {
    fn new(
        doc: &'a OpenAPI,
        tree: &'a serde_json::Value,
        naming: Naming<'a>,
        hoisted: &'a HashMap<String, String>,
    ) -> Lowerer<'a> {
        Lowerer {
            doc,
            tree,
            types: Vec::new(),
            components: HashMap::new(),
            naming,
            module_names: Namer::with_reserved(&["mod"]),
            diagnostics: Vec::new(),
            reference_depth: 0,
            shared_error_types: HashMap::new(),
            inline_depth: 0,
            undefined_schemes: std::collections::HashSet::new(),
            hoisted,
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
        let candidates: Vec<Candidate> = components
            .schemas
            .keys()
            .map(|name| Candidate {
                key: schemas_pointer.join(name).to_string(),
                suggested: names::upper_camel(self.hoisted.get(name).unwrap_or(name), "Schema"),
                fallback: None,
            })
            .collect();
        let type_names = self.naming.types(&candidates, Table::Types);
        for ((name, schema), type_name) in components.schemas.iter().zip(type_names) {
            let Some(&id) = self.components.get(name) else {
                continue;
            };
            let module = self.module_names.claim(&names::module(&type_name), "");
            let context = schema::Context {
                name: type_name,
                module,
                usage: Usage::Both,
                pointer: schemas_pointer.join(name),
                fallback_doc: None,
            };
            let def = schema::lower_named(self, schema, context);
            if let Some(slot) = self.types.get_mut(id.index()) {
                *slot = Some(def);
            }
        }
    }

    /// `A: {$ref: B}` with `B: {$ref: A}` names no type at all: report every such loop,
    /// with the schemas it goes through. (Loops through a property are fine: they are
    /// recursive types.)
    fn check_alias_loops(&mut self) {
        let mut reported = std::collections::HashSet::new();
        for start in 0..self.types.len() {
            let mut chain: Vec<TypeId> = Vec::new();
            let mut current = TypeId(start as u32);
            loop {
                if let Some(position) = chain.iter().position(|id| *id == current) {
                    let cycle = chain.split_off(position);
                    let mut members: Vec<TypeId> = cycle.clone();
                    members.sort();
                    if reported.insert(members) {
                        self.report_alias_loop(&cycle);
                    }
                    break;
                }
                chain.push(current);
                let next = match self.types.get(current.index()) {
                    Some(Some(TypeDef {
                        kind: TypeKind::Alias(crate::ir::TypeRef::Named(next)),
                        ..
                    })) => *next,
                    _ => break,
                };
                current = next;
            }
        }
    }

    fn report_alias_loop(&mut self, cycle: &[TypeId]) {
        let pointers: Vec<String> = cycle
            .iter()
            .chain(cycle.first())
            .filter_map(|id| {
                self.types
                    .get(id.index())?
                    .as_ref()
                    .map(|def| format!("`{}`", def.pointer))
            })
            .collect();
        let Some(Some(first)) = cycle.first().and_then(|id| self.types.get(id.index())) else {
            return;
        };
        let location = Diagnostic::error(
            crate::diagnostics::Location::Pointer(first.pointer.clone()),
            format!(
                "`$ref` loop with nothing in between: {}",
                pointers.join(" -> ")
            ),
        );
        self.diagnostics.push(location);
    }

    /// Adds a type to the arena under a fresh unique name derived from `proposed`.
    /// Adds an inline type under the name its place suggests; `Naming::finish` gives it
    /// its final name.
    pub(crate) fn add_type(&mut self, def: TypeDef) -> TypeId {
        let id = TypeId(self.types.len() as u32);
        self.types.push(Some(def));
        id
    }

    pub(crate) fn claim_module(&mut self, proposed: &str) -> String {
        self.module_names.claim(&names::module(proposed), "")
    }

    /// Guards pointer `$ref`s that lead back to themselves; false when too deep.
    pub(crate) fn enter_reference(&mut self) -> bool {
        self.reference_depth += 1;
        if self.reference_depth > limits::REFERENCE_DEPTH {
            self.reference_depth -= 1;
            return false;
        }
        true
    }

    /// Guards inline schemas nested without end; false when too deep.
    pub(crate) fn enter_inline(&mut self) -> bool {
        if self.inline_depth >= limits::INLINE_DEPTH {
            return false;
        }
        self.inline_depth += 1;
        true
    }

    pub(crate) fn leave_inline(&mut self) {
        self.inline_depth = self.inline_depth.saturating_sub(1);
    }

    pub(crate) fn leave_reference(&mut self) {
        self.reference_depth = self.reference_depth.saturating_sub(1);
    }

    /// Warns (once per name) about a security scheme that is required but not defined.
    pub(crate) fn check_security_name(&mut self, name: &str, pointer: &Pointer) {
        let defined = self
            .tree
            .get("components")
            .and_then(|components| components.get("securitySchemes"))
            .and_then(|schemes| schemes.get(name))
            .is_some();
        if !defined && self.undefined_schemes.insert(name.to_owned()) {
            self.warning(
                pointer,
                format!(
                    "security scheme `{name}` is required but never defined in \
                     `components.securitySchemes`; the client sends no credentials for it \
                     (where nothing else is required, it sends the top-level `security`'s)"
                ),
            );
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

    /// Reports that the schema at `pointer` became `serde_json::Value`, and why.
    pub(crate) fn fallback(&mut self, pointer: &Pointer, why: &str) {
        self.diagnostics
            .push(Diagnostic::value_fallback(pointer.location(), why));
    }
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
