//! `src/models/`: one file per schema (with its inline children and split variants).

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::syntax::{deprecated, items};
use super::types::{allow_deprecated, ident, tokens, ModelPath};
use super::EmittedFile;
use super::{docs, enums, structs};
use crate::format;
use crate::ir::{Api, Direction, Struct, TypeDef, TypeId, TypeKind, Usage};
use crate::rust_types::{RustType, RustTypes};

pub(crate) fn files<'a>(api: &'a Api, types: &'a RustTypes) -> Vec<EmittedFile<'a>> {
    let mut modules: BTreeMap<&str, Vec<TypeId>> = BTreeMap::new();
    for (index, def) in api.types.iter().enumerate() {
        modules
            .entry(def.module.as_str())
            .or_default()
            .push(TypeId(index as u32));
    }
    const DOC: &[&str] = &[
        " Types for the schemas of the API, split into request and response variants",
        " where a schema has readOnly or writeOnly properties.",
    ];
    super::folder(
        "models",
        DOC,
        modules,
        &api.features.models,
        move |module, ids: &Vec<TypeId>| module_file(api, types, module, ids),
    )
}

fn module_file(
    api: &Api,
    types: &RustTypes,
    module: &str,
    ids: &[TypeId],
) -> syn::Result<format::RustFile> {
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
    // Old names kept for a release (the names file's `[type_aliases]`), beside their type.
    let aliases = api
        .type_aliases
        .iter()
        .filter(|(_, new)| ids.iter().any(|id| api.type_def(*id).name == *new))
        .map(|(old, new)| {
            let old_name = ident(old);
            let name = ident(new);
            let note = format!("renamed to `{new}`");
            let doc = format!(" The old name of [`{new}`].");
            quote! {
                #[doc = #doc]
                #[deprecated(note = #note)]
                pub type #old_name = #name;
            }
        });
    let allow_deprecated = ids
        .iter()
        .any(|id| mentions_deprecated(api, *id))
        .then(allow_deprecated);
    let header: syn::File = syn::parse2(quote! {
        #allow_deprecated
        #imports
    })?;
    let mut file: format::RustFile = header.into();
    for id in ids {
        file.items.extend(type_item(api, types.members(*id), *id)?);
    }
    let aliases = items(quote!(#(#aliases)*))?;
    file.items
        .extend(aliases.into_iter().map(format::Item::from));
    Ok(file)
}

/// The items of type `id`, whose members have the Rust types `types`.
fn type_item(api: &Api, types: &[RustType], id: TypeId) -> syn::Result<Vec<format::Item>> {
    let def = api.type_def(id);
    let trees = |items: Vec<syn::Item>| items.into_iter().map(format::Item::from).collect();
    items(match &def.kind {
        TypeKind::Struct(s) => return structs::item(def, &type_attrs_text(api, def), s, types),
        TypeKind::Enum(e) => {
            let items = enums::string_enum(&def.name, &type_attrs_text(api, def), e)?;
            return Ok(items.into());
        }
        TypeKind::Union(u) => enums::union(types, def, type_docs(api, def), u),
        TypeKind::Alias(_) => {
            let attrs = type_docs(api, def);
            let name = ident(&def.name);
            let target = types.first().map(|target| tokens(target, ModelPath::Bare));
            quote! {
                #attrs
                pub type #name = #target;
            }
        }
    })
    .map(trees)
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

pub(crate) fn type_docs(api: &Api, def: &TypeDef) -> TokenStream {
    let attrs = type_attrs(api, def);
    quote!(#(#attrs)*)
}

/// A type's docs, and `#[deprecated]` when the spec says so.
pub(super) fn type_attrs(api: &Api, def: &TypeDef) -> Vec<syn::Attribute> {
    let mut attrs = docs::attributes(&def.docs, &extra_docs(api, def));
    attrs.extend(def.deprecated.then(deprecated));
    attrs
}

/// [`type_attrs`] written out, a line each.
fn type_attrs_text(api: &Api, def: &TypeDef) -> String {
    let mut out = String::new();
    docs::write_comments(&mut out, "", &def.docs, &extra_docs(api, def));
    if def.deprecated {
        out.push_str("#[deprecated]\n");
    }
    out
}

/// What a type's docs say besides the spec's text.
fn extra_docs(api: &Api, def: &TypeDef) -> Vec<String> {
    split_docs(api, def)
        .into_iter()
        .chain(tag_docs(def))
        .collect()
}

/// The tag a struct owns (see [`StructTag`]), which its fields do not show.
fn tag_docs(def: &TypeDef) -> Option<String> {
    let TypeKind::Struct(Struct { tag: Some(tag), .. }) = &def.kind else {
        return None;
    };
    Some(format!(
        "Always sent with `\"{}\": \"{}\"`, the tag that selects it in a union.",
        tag.property, tag.value
    ))
}

/// What the read/write split left out of this side, and where the other side is. Said
/// only where the split removed something.
fn split_docs(api: &Api, def: &TypeDef) -> Option<String> {
    let split = def.split.as_ref()?;
    if split.left_out.is_empty() {
        return None;
    }
    let properties = split
        .left_out
        .iter()
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let counterpart = split.counterpart.map(|id| &api.type_def(id).name);
    Some(match (def.usage, counterpart) {
        (Usage::Only(Direction::Request), Some(other)) => format!(
            "Sent in requests: leaves out the readOnly {properties}, which only [`{other}`] (received in responses) has."
        ),
        (Usage::Only(Direction::Response), Some(other)) => format!(
            "Received in responses: leaves out the writeOnly {properties}, which only [`{other}`] (sent in requests) has."
        ),
        (Usage::Only(Direction::Request), None) => {
            format!("Sent in requests: leaves out the readOnly {properties}.")
        }
        (Usage::Only(Direction::Response) | Usage::Both, None) | (Usage::Both, Some(_)) => {
            format!("Received in responses: leaves out the writeOnly {properties}.")
        }
    })
}
