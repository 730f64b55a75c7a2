//! `src/models/`: one file per schema (with its inline children and split variants).

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;
use syn::parse_quote;

use super::syntax::{attribute, doc, items, Holes};
use super::types::{allow_deprecated, ident, syn_type, tokens, ModelPath};
use super::EmittedFile;
use super::{docs, enums, read_object};
use crate::ir::{Api, Direction, Field, Struct, StructTag, TypeDef, TypeId, TypeKind, Usage};
use crate::rust_types::{RustType, RustTypes};

thread_local! {
    static METHODS: syn::ItemImpl = parse_quote!(impl __Name {});
    static SETTER: syn::ImplItemFn = parse_quote! {
        pub fn __setter(mut self, value: impl Into<__Value>) -> Self {
            self.__field = Some(value.into());
            __forget_null;
            self
        }
    };
    static BOXED_SETTER: syn::ImplItemFn = parse_quote! {
        pub fn __setter(mut self, value: impl Into<__Value>) -> Self {
            self.__field = Some(Box::new(value.into()));
            __forget_null;
            self
        }
    };
    static FORGET_NULL: syn::Stmt = parse_quote!(self.explicit_nulls.remove("__wire"););
}

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
) -> syn::Result<syn::File> {
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
    let mut file: syn::File = syn::parse2(quote! {
        #allow_deprecated
        #imports
    })?;
    for id in ids {
        file.items.extend(type_item(api, types.members(*id), *id)?);
    }
    file.items.extend(items(quote!(#(#aliases)*))?);
    Ok(file)
}

/// The items of type `id`, whose members have the Rust types `types`.
fn type_item(api: &Api, types: &[RustType], id: TypeId) -> syn::Result<Vec<syn::Item>> {
    let def = api.type_def(id);
    items(match &def.kind {
        TypeKind::Struct(s) => return struct_item(api, types, def, s),
        TypeKind::Enum(e) => enums::string_enum(def, type_docs(api, def), e),
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
    let extra: Vec<String> = split_docs(api, def)
        .into_iter()
        .chain(tag_docs(def))
        .collect();
    let deprecated = def.deprecated.then(|| quote!(#[deprecated]));
    let docs = docs::attrs(&def.docs, &extra);
    quote!(#docs #deprecated)
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

/// A struct: `#[non_exhaustive]`, built with `new` (its required fields) and one `with_`
/// setter per optional field, so that a spec adding an optional property breaks no
/// caller. Public fields stay readable and assignable.
fn struct_item(
    api: &Api,
    types: &[RustType],
    def: &TypeDef,
    s: &Struct,
) -> syn::Result<Vec<syn::Item>> {
    let attrs = type_docs(api, def);
    let name = ident(&def.name);
    let redacts = s.fields.iter().any(|f| f.sensitive);
    let all_optional = s.fields.iter().all(|f| !f.required);
    let explicit_nulls = sends_explicit_nulls(def, s);
    let mut derives = vec![quote!(Clone)];
    if !redacts {
        derives.push(quote!(Debug));
    }
    if all_optional {
        derives.push(quote!(Default));
    }
    derives.push(quote!(PartialEq));
    // `Serialize` is derived unless explicit nulls need their own; `Deserialize` is
    // written out (`read_object.rs`).
    if !explicit_nulls {
        derives.push(quote!(serde::Serialize));
    }
    let fields = s
        .fields
        .iter()
        .zip(types)
        .map(|(field, ty)| field_item(field, ty, !explicit_nulls));
    let nulls_field = explicit_nulls.then(|| {
        quote! {
            /// Optional fields a request sends as an explicit `null`.
            explicit_nulls: crate::codec::ExplicitNulls
        }
    });
    let mut methods: syn::ItemImpl = Holes::new().ident("__Name", &def.name).fill(&METHODS);
    methods
        .items
        .push(syn::parse2(constructor(s, types, explicit_nulls))?);
    for (field, ty) in s.fields.iter().zip(types).filter(|(f, _)| !f.required) {
        methods.items.extend(setters(field, ty, explicit_nulls)?);
    }
    let serialize = explicit_nulls.then(|| serialize_with_nulls(def, s));
    let debug = redacts.then(|| redacting_debug(def, s));
    // The derive writes a struct's tag as its first entry (serde's internally tagged
    // struct, the value given as the serialized name) and ignores it when reading.
    let tag = s
        .tag
        .as_ref()
        .filter(|_| !explicit_nulls)
        .map(|StructTag { property, value }| quote!(#[serde(tag = #property, rename(serialize = #value))]));
    let mut out = items(quote! {
        #attrs
        #[derive(#(#derives),*)]
        #tag
        #[non_exhaustive]
        pub struct #name {
            #(#fields,)*
            #nulls_field
        }
    })?;
    out.push(syn::Item::Impl(methods));
    out.extend(items(quote!(#serialize))?);
    out.extend(read_object::impls(def, s, types, explicit_nulls));
    out.extend(items(quote!(#debug))?);
    Ok(out)
}

/// Whether values of this type can be sent with an optional field set to `null`.
fn sends_explicit_nulls(def: &TypeDef, s: &Struct) -> bool {
    def.usage.includes(Direction::Request) && s.fields.iter().any(|f| f.null_setter.is_some())
}

fn field_item(field: &Field, rust_type: &RustType, derives_serialize: bool) -> TokenStream {
    let mut serde_args = Vec::new();
    let wire_name = &field.wire_name;
    if field.rust_name.trim_start_matches("r#") != wire_name {
        serde_args.push(quote!(rename = #wire_name));
    }
    // An absent optional field is not sent.
    if !field.required {
        serde_args.push(quote!(skip_serializing_if = "Option::is_none"));
    }
    let ty = tokens(rust_type, ModelPath::Bare);
    let serde =
        (derives_serialize && !serde_args.is_empty()).then(|| quote!(#[serde(#(#serde_args),*)]));
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

/// `new` takes the required fields in the alphabetical order of their names, so that a
/// spec listing its properties in another order does not swap two arguments of one type.
fn constructor(s: &Struct, types: &[RustType], explicit_nulls: bool) -> TokenStream {
    let mut required: Vec<(&Field, &RustType)> = s
        .fields
        .iter()
        .zip(types)
        .filter(|(f, _)| f.required)
        .collect();
    required.sort_by(|(a, _), (b, _)| {
        a.rust_name
            .trim_start_matches("r#")
            .cmp(b.rust_name.trim_start_matches("r#"))
    });
    let args = required.iter().map(|(field, ty)| {
        let name = ident(&field.rust_name);
        let ty = tokens(ty.unboxed(), ModelPath::Bare);
        quote!(#name: impl Into<#ty>)
    });
    let inits = s.fields.iter().zip(types).map(|(field, ty)| {
        let name = ident(&field.rust_name);
        if !field.required {
            return quote!(#name: None);
        }
        let value = boxed_if_needed(ty, quote!(#name.into()));
        quote!(#name: #value)
    });
    let nulls = explicit_nulls.then(|| quote!(explicit_nulls: Default::default(),));
    let many = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let doc = if required.is_empty() {
        " A value with no field set; set them with the `with_` methods."
    } else {
        " A value with its required fields; set optional ones with the `with_` methods."
    };
    quote! {
        #[doc = #doc]
        #many
        pub fn new(#(#args),*) -> Self {
            Self {
                #(#inits,)*
                #nulls
            }
        }
    }
}

/// `with_<field>` for an optional field, and on types that can be sent with an explicit
/// `null`, `with_<field>_null` for a nullable one.
fn setters(
    field: &Field,
    field_type: &RustType,
    explicit_nulls: bool,
) -> syn::Result<Vec<syn::ImplItem>> {
    let value_type = field_type.unwrap_option();
    let template = match value_type {
        RustType::Box(_) => &BOXED_SETTER,
        _ => &SETTER,
    };
    let null_setter = field.null_setter.as_ref().filter(|_| explicit_nulls);
    let wire_name = &field.wire_name;
    let forget_null =
        null_setter.map(|_| Holes::new().string("__wire", wire_name).fill(&FORGET_NULL));
    let mut setter: syn::ImplItemFn = Holes::new()
        .ident("__setter", &field.setter)
        .ident("__field", &field.rust_name)
        .ty("__Value", syn_type(value_type.unboxed(), ModelPath::Bare))
        .stmts("__forget_null", forget_null.into_iter().collect())
        .fill(template);
    setter.attrs.push(doc(&format!(
        " Sets `{}`.",
        field.rust_name.trim_start_matches("r#")
    )));
    if field.deprecated {
        setter
            .attrs
            .push(attribute(syn::Path::from(ident("deprecated")).into()));
    }
    let mut methods = vec![syn::ImplItem::Fn(setter)];
    if let Some(null_setter) = null_setter {
        let name = ident(&field.rust_name);
        let null_setter = ident(null_setter);
        let doc = format!(" Sends `{wire_name}` as an explicit `null` (the spec allows it).");
        methods.push(syn::parse2(quote! {
            #[doc = #doc]
            pub fn #null_setter(mut self) -> Self {
                self.#name = None;
                self.explicit_nulls.insert(#wire_name);
                self
            }
        })?);
    }
    Ok(methods)
}

fn boxed_if_needed(ty: &RustType, value: TokenStream) -> TokenStream {
    match ty {
        RustType::Box(_) => quote!(Box::new(#value)),
        _ => value,
    }
}

/// `Serialize` for a type that can send explicit `null`s: the derive cannot see which
/// absent fields are meant as `null`.
fn serialize_with_nulls(def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let entries = s.fields.iter().map(|field| {
        let wire_name = &field.wire_name;
        let member = ident(&field.rust_name);
        if field.required {
            quote!(object.field(#wire_name, &self.#member)?;)
        } else {
            quote!(object.optional(#wire_name, &self.#member)?;)
        }
    });
    let tag = s
        .tag
        .as_ref()
        .map(|StructTag { property, value }| quote!(object.field(#property, #value)?;));
    quote! {
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut object = crate::codec::ObjectWriter::new(serializer, &self.explicit_nulls)?;
                #tag
                #(#entries)*
                object.end()
            }
        }
    }
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
