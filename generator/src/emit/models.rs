//! `src/models/`: one file per schema (with its inline children and split variants).

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::types::{ident, rust_type, ModelPath};
use super::{docs, enums};
use super::{Artifact, EmittedFile};
use crate::ir::{Api, Direction, Field, Struct, TypeDef, TypeId, TypeKind, TypeRef, Usage};

pub(crate) fn files(api: &Api) -> Vec<EmittedFile<'_>> {
    let mut modules: BTreeMap<&str, Vec<TypeId>> = BTreeMap::new();
    for (index, def) in api.types.iter().enumerate() {
        modules
            .entry(def.module.as_str())
            .or_default()
            .push(TypeId(index as u32));
    }
    let names: Vec<&str> = modules.keys().copied().collect();
    let mut files: Vec<EmittedFile> = modules
        .into_iter()
        .map(|(module, ids)| EmittedFile {
            path: format!("src/models/{module}.rs"),
            artifact: Artifact::rust(move || module_file(api, module, &ids)),
        })
        .collect();
    files.push(EmittedFile {
        path: "src/models/mod.rs".into(),
        artifact: Artifact::rust(move || {
            let mods = names.iter().map(|module| ident(module));
            let uses = names.iter().map(|module| ident(module));
            quote! {
                //! Types for the schemas of the API, split into request and response variants
                //! where a schema has readOnly or writeOnly properties.
                #(mod #mods;)*
                #(pub use self::#uses::*;)*
            }
        }),
    });
    files
}

fn module_file(api: &Api, module: &str, ids: &[TypeId]) -> TokenStream {
    let mut imports = BTreeSet::new();
    for id in ids {
        for ty in api.type_def(*id).kind.type_refs() {
            ty.for_each_named(&mut |target| {
                let target = api.type_def(target);
                if target.module != module {
                    imports.insert(target.name.clone());
                }
            });
        }
    }
    let imports = imports.iter().map(|name| ident(name));
    let imports = if imports.len() == 0 {
        quote!()
    } else {
        quote!(use super::{#(#imports),*};)
    };
    let items = ids.iter().map(|id| type_item(api, *id));
    let allow_deprecated = ids
        .iter()
        .any(|id| mentions_deprecated(api, *id))
        .then(allow_deprecated);
    quote! {
        #allow_deprecated
        #imports
        #(#items)*
    }
}

fn type_item(api: &Api, id: TypeId) -> TokenStream {
    let def = api.type_def(id);
    match &def.kind {
        TypeKind::Struct(s) => struct_item(api, id, def, s),
        TypeKind::Enum(e) => enums::string_enum(def, type_docs(def), e),
        TypeKind::Union(u) => enums::union(api, id, def, type_docs(def), u),
        TypeKind::Alias(target) => {
            let attrs = type_docs(def);
            let name = ident(&def.name);
            let target = rust_type(api, target, ModelPath::Bare);
            quote! {
                #attrs
                pub type #name = #target;
            }
        }
    }
}

/// The crate's own code (derives, impls, fields) may use what the spec deprecates; only
/// callers should hear about it.
pub(crate) fn allow_deprecated() -> TokenStream {
    quote!(#![allow(deprecated)])
}

/// Whether the definition of `id` is deprecated, has deprecated fields, or refers to a
/// deprecated type.
fn mentions_deprecated(api: &Api, id: TypeId) -> bool {
    let def = api.type_def(id);
    let mut found = def.deprecated;
    if let TypeKind::Struct(s) = &def.kind {
        found |= s.fields.iter().any(|f| f.deprecated);
    }
    for ty in def.kind.type_refs() {
        ty.for_each_named(&mut |target| found |= api.type_def(target).deprecated);
    }
    found
}

pub(crate) fn type_docs(def: &TypeDef) -> TokenStream {
    let side = match def.usage {
        Usage::Both => None,
        Usage::Only(Direction::Request) => {
            Some("Sent in requests: readOnly properties are left out.".to_owned())
        }
        Usage::Only(Direction::Response) => {
            Some("Received in responses: writeOnly properties are left out.".to_owned())
        }
    };
    let extra: Vec<String> = side.into_iter().collect();
    let deprecated = def.deprecated.then(|| quote!(#[deprecated]));
    let docs = docs::attrs(&def.docs, &extra);
    quote!(#docs #deprecated)
}

fn struct_item(api: &Api, id: TypeId, def: &TypeDef, s: &Struct) -> TokenStream {
    let attrs = type_docs(def);
    let name = ident(&def.name);
    let redacts = s.fields.iter().any(|f| f.sensitive);
    let all_optional = s.fields.iter().all(|f| !f.required);
    let mut derives = vec![quote!(Clone)];
    if !redacts {
        derives.push(quote!(Debug));
    }
    if all_optional {
        derives.push(quote!(Default));
    }
    derives.extend([
        quote!(PartialEq),
        quote!(serde::Serialize),
        quote!(serde::Deserialize),
    ]);
    let fields = s
        .fields
        .iter()
        .map(|field| field_item(api, id, def.usage, field));
    let debug = redacts.then(|| redacting_debug(def, s));
    quote! {
        #attrs
        #[derive(#(#derives),*)]
        pub struct #name {
            #(#fields,)*
        }
        #debug
    }
}

fn field_item(api: &Api, owner: TypeId, usage: Usage, field: &Field) -> TokenStream {
    let mut serde_args = Vec::new();
    let wire_name = &field.wire_name;
    if field.rust_name.trim_start_matches("r#") != wire_name {
        serde_args.push(quote!(rename = #wire_name));
    }
    let mut ty = rust_type(api, &field.ty, ModelPath::Bare);
    if let TypeRef::Named(target) = field.ty {
        if reaches_by_value(api, target, owner) {
            ty = quote!(Box<#ty>);
        }
    }
    // The value mapping of design.md: required -> T; optional -> Option<T>, omitted when
    // None; nullable -> Option<T>. A request must be able to send an explicit `null` for
    // an optional nullable field, distinct from leaving it out: Option<Option<T>>.
    let ty = match (field.required, field.nullable) {
        (true, false) => ty,
        (true, true) => quote!(Option<#ty>),
        (false, false) => {
            serde_args.push(quote!(default, skip_serializing_if = "Option::is_none"));
            quote!(Option<#ty>)
        }
        (false, true) if usage.includes(Direction::Request) => {
            serde_args.push(quote!(
                default,
                skip_serializing_if = "Option::is_none",
                deserialize_with = "crate::codec::nullable"
            ));
            quote!(Option<Option<#ty>>)
        }
        (false, true) => {
            serde_args.push(quote!(default, skip_serializing_if = "Option::is_none"));
            quote!(Option<#ty>)
        }
    };
    let serde = (!serde_args.is_empty()).then(|| quote!(#[serde(#(#serde_args),*)]));
    let docs = docs::attrs(&field.docs, &[]);
    let deprecated = field.deprecated.then(|| quote!(#[deprecated]));
    let name = ident(&field.rust_name);
    quote! {
        #docs
        #deprecated
        #serde
        pub #name: #ty
    }
}

/// Whether `from` contains `to` without indirection (a field that is not a list or map),
/// so that a field of type `from` inside `to` needs a `Box`.
pub(crate) fn reaches_by_value(api: &Api, from: TypeId, to: TypeId) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from];
    while let Some(id) = stack.pop() {
        if id == to {
            return true;
        }
        if !seen.insert(id) {
            continue;
        }
        match &api.type_def(id).kind {
            TypeKind::Struct(s) => stack.extend(s.fields.iter().filter_map(|f| match f.ty {
                TypeRef::Named(target) => Some(target),
                _ => None,
            })),
            TypeKind::Union(u) => stack.extend(u.variants.iter().filter_map(|v| match v.ty {
                TypeRef::Named(target) => Some(target),
                _ => None,
            })),
            TypeKind::Alias(TypeRef::Named(target)) => stack.push(*target),
            TypeKind::Alias(_) | TypeKind::Enum(_) => {}
        }
    }
    false
}

/// `Debug` that prints credentials as `<redacted>`.
fn redacting_debug(def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let name_text = &def.name;
    let fields = s.fields.iter().map(|field| {
        let label = field.rust_name.trim_start_matches("r#");
        let member = ident(&field.rust_name);
        if field.sensitive {
            quote!(.field(#label, &"<redacted>"))
        } else {
            quote!(.field(#label, &self.#member))
        }
    });
    quote! {
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#name_text)
                    #(#fields)*
                    .finish()
            }
        }
    }
}
