//! `src/models/`: one file per schema (with its inline children and split variants).

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::types::{ident, rust_type, ModelPath};
use super::{Artifact, EmittedFile};
use crate::ir::{Api, Direction, Enum, Field, Struct, TypeDef, TypeId, TypeKind, TypeRef, Usage};

pub(crate) fn files(api: &Api) -> Vec<EmittedFile> {
    let mut modules: BTreeMap<&str, Vec<TypeId>> = BTreeMap::new();
    for (index, def) in api.types.iter().enumerate() {
        modules
            .entry(def.module.as_str())
            .or_default()
            .push(TypeId(index as u32));
    }
    let mut files: Vec<EmittedFile> = modules
        .iter()
        .map(|(module, ids)| EmittedFile {
            path: format!("src/models/{module}.rs"),
            artifact: Artifact::Rust(module_file(api, module, ids)),
        })
        .collect();
    let mods = modules.keys().map(|module| ident(module));
    let uses = modules.keys().map(|module| ident(module));
    files.push(EmittedFile {
        path: "src/models/mod.rs".into(),
        artifact: Artifact::Rust(quote! {
            //! Types for the schemas of the API, split into request and response variants
            //! where a schema has readOnly or writeOnly properties.
            #(mod #mods;)*
            #(pub use self::#uses::*;)*
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
    quote! {
        #imports
        #(#items)*
    }
}

fn type_item(api: &Api, id: TypeId) -> TokenStream {
    let def = api.type_def(id);
    match &def.kind {
        TypeKind::Struct(s) => struct_item(api, id, def, s),
        TypeKind::Enum(e) => enum_item(def, e),
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

fn type_docs(def: &TypeDef) -> TokenStream {
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
fn reaches_by_value(api: &Api, from: TypeId, to: TypeId) -> bool {
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

fn enum_item(def: &TypeDef, e: &Enum) -> TokenStream {
    let attrs = type_docs(def);
    let name = ident(&def.name);
    let catch_all = ident(&e.catch_all);
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.rust_name)).collect();
    let wire_values: Vec<_> = e.variants.iter().map(|v| v.wire_value.as_str()).collect();
    let variant_docs = wire_values.iter().map(|value| {
        let text = format!(" `{value}`");
        quote!(#[doc = #text])
    });
    quote! {
        #attrs
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variant_docs #variants,)*
            /// A value this version of the client does not know; kept as received.
            #catch_all(String),
        }

        impl #name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #wire_values,)*
                    Self::#catch_all(value) => value,
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#wire_values => Self::#variants,)*
                    other => Self::#catch_all(other.to_owned()),
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                Ok(Self::from(value.as_ref()))
            }
        }
    }
}
