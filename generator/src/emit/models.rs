//! `src/models/`: one file per schema (with its inline children and split variants).

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;
use syn::parse_quote;

use super::syntax::{deprecated, doc, items, list_attribute, path_attribute, public, Holes};
use super::types::{allow_deprecated, ident, path_type, syn_type, tokens, ModelPath};
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
    static NULL_SETTER: syn::ImplItemFn = parse_quote! {
        pub fn __null_setter(mut self) -> Self {
            self.__field = None;
            self.explicit_nulls.insert("__wire");
            self
        }
    };
    static FORGET_NULL: syn::Stmt = parse_quote!(self.explicit_nulls.remove("__wire"););
    static NEW: syn::ImplItemFn = parse_quote! {
        pub fn new(__args: ()) -> Self {
            Self { __inits }
        }
    };
    static ARGUMENT: syn::FnArg = parse_quote!(__field: impl Into<__Value>);
    static ARGUMENT_VALUE: syn::FieldValue = parse_quote!(__field: __field.into());
    static BOXED_ARGUMENT_VALUE: syn::FieldValue = parse_quote!(__field: Box::new(__field.into()));
    static UNSET: syn::FieldValue = parse_quote!(__field: None);
    pub(super) static NO_NULLS: syn::FieldValue = parse_quote!(explicit_nulls: Default::default());
    static SERIALIZE: syn::Item = parse_quote! {
        impl serde::Serialize for __Name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut object = crate::codec::ObjectWriter::new(serializer, &self.explicit_nulls)?;
                __entries;
                object.end()
            }
        }
    };
    static WRITE_TAG: syn::Stmt = parse_quote!(object.field("__property", "__value")?;);
    static WRITE_FIELD: syn::Stmt = parse_quote!(object.field("__wire", &self.__member)?;);
    static WRITE_OPTIONAL: syn::Stmt = parse_quote!(object.optional("__wire", &self.__member)?;);
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
        TypeKind::Enum(e) => return Ok(enums::string_enum(def, type_attrs(api, def), e).into()),
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
    let attrs = type_attrs(api, def);
    quote!(#(#attrs)*)
}

/// A type's docs, and `#[deprecated]` when the spec says so.
fn type_attrs(api: &Api, def: &TypeDef) -> Vec<syn::Attribute> {
    let extra: Vec<String> = split_docs(api, def)
        .into_iter()
        .chain(tag_docs(def))
        .collect();
    let mut attrs = docs::attributes(&def.docs, &extra);
    attrs.extend(def.deprecated.then(deprecated));
    attrs
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
    let mut fields: Vec<syn::Field> = s
        .fields
        .iter()
        .zip(types)
        .map(|(field, ty)| field_item(field, ty, !explicit_nulls))
        .collect();
    if explicit_nulls {
        fields.push(syn::Field {
            attrs: vec![doc(
                " Optional fields a request sends as an explicit `null`.",
            )],
            vis: syn::Visibility::Inherited,
            mutability: syn::FieldMutability::None,
            ident: Some(ident("explicit_nulls")),
            colon_token: Some(Default::default()),
            ty: path_type(&["crate", "codec", "ExplicitNulls"], Vec::new()),
        });
    }
    let mut methods: syn::ItemImpl = Holes::new().ident("__Name", &def.name).fill(&METHODS);
    methods.items.push(constructor(s, types, explicit_nulls));
    for (field, ty) in s.fields.iter().zip(types).filter(|(f, _)| !f.required) {
        methods.items.extend(setters(field, ty, explicit_nulls));
    }
    let debug = redacts.then(|| redacting_debug(def, s));
    let mut attrs = type_attrs(api, def);
    attrs.push(list_attribute("derive", quote!(#(#derives),*)));
    // The derive writes a struct's tag as its first entry (serde's internally tagged
    // struct, the value given as the serialized name) and ignores it when reading.
    if let (Some(StructTag { property, value }), false) = (&s.tag, explicit_nulls) {
        attrs.push(list_attribute(
            "serde",
            quote!(tag = #property, rename(serialize = #value)),
        ));
    }
    attrs.push(path_attribute("non_exhaustive"));
    let mut out = vec![syn::Item::Struct(syn::ItemStruct {
        attrs,
        vis: public(),
        struct_token: Default::default(),
        ident: ident(&def.name),
        generics: Default::default(),
        fields: syn::Fields::Named(syn::FieldsNamed {
            brace_token: Default::default(),
            named: fields.into_iter().collect(),
        }),
        semi_token: None,
    })];
    out.push(syn::Item::Impl(methods));
    if explicit_nulls {
        out.push(serialize_with_nulls(def, s));
    }
    out.extend(read_object::impls(def, s, types, explicit_nulls));
    out.extend(items(quote!(#debug))?);
    Ok(out)
}

/// Whether values of this type can be sent with an optional field set to `null`.
fn sends_explicit_nulls(def: &TypeDef, s: &Struct) -> bool {
    def.usage.includes(Direction::Request) && s.fields.iter().any(|f| f.null_setter.is_some())
}

fn field_item(field: &Field, rust_type: &RustType, derives_serialize: bool) -> syn::Field {
    let mut serde_args = Vec::new();
    let wire_name = &field.wire_name;
    if field.rust_name.trim_start_matches("r#") != wire_name {
        serde_args.push(quote!(rename = #wire_name));
    }
    // An absent optional field is not sent.
    if !field.required {
        serde_args.push(quote!(skip_serializing_if = "Option::is_none"));
    }
    let mut attrs = docs::attributes(&field.docs, &[]);
    attrs.extend(field.deprecated.then(deprecated));
    if derives_serialize && !serde_args.is_empty() {
        attrs.push(list_attribute("serde", quote!(#(#serde_args),*)));
    }
    syn::Field {
        attrs,
        vis: public(),
        mutability: syn::FieldMutability::None,
        ident: Some(ident(&field.rust_name)),
        colon_token: Some(Default::default()),
        ty: syn_type(rust_type, ModelPath::Bare),
    }
}

/// `new` takes the required fields in the alphabetical order of their names, so that a
/// spec listing its properties in another order does not swap two arguments of one type.
fn constructor(s: &Struct, types: &[RustType], explicit_nulls: bool) -> syn::ImplItem {
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
    let field = |field: &Field| Holes::new().ident("__field", &field.rust_name);
    let args = required.iter().map(|(f, ty)| {
        field(f)
            .ty("__Value", syn_type(ty.unboxed(), ModelPath::Bare))
            .fill(&ARGUMENT)
    });
    let mut inits: Vec<syn::FieldValue> = s
        .fields
        .iter()
        .zip(types)
        .map(|(f, ty)| match (f.required, ty) {
            (false, _) => field(f).fill(&UNSET),
            (true, RustType::Box(_)) => field(f).fill(&BOXED_ARGUMENT_VALUE),
            (true, _) => field(f).fill(&ARGUMENT_VALUE),
        })
        .collect();
    if explicit_nulls {
        inits.push(Holes::new().fill(&NO_NULLS));
    }
    let doc_text = if required.is_empty() {
        " A value with no field set; set them with the `with_` methods."
    } else {
        " A value with its required fields; set optional ones with the `with_` methods."
    };
    let mut new: syn::ImplItemFn = Holes::new()
        .args("__args", args.collect())
        .fields("__inits", inits)
        .fill(&NEW);
    new.attrs.push(doc(doc_text));
    if required.len() > 7 {
        new.attrs
            .push(list_attribute("allow", quote!(clippy::too_many_arguments)));
    }
    syn::ImplItem::Fn(new)
}

/// `with_<field>` for an optional field, and on types that can be sent with an explicit
/// `null`, `with_<field>_null` for a nullable one.
fn setters(field: &Field, field_type: &RustType, explicit_nulls: bool) -> Vec<syn::ImplItem> {
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
    setter.attrs.extend(field.deprecated.then(deprecated));
    let mut methods = vec![syn::ImplItem::Fn(setter)];
    if let Some(null_setter) = null_setter {
        let mut method: syn::ImplItemFn = Holes::new()
            .ident("__null_setter", null_setter)
            .ident("__field", &field.rust_name)
            .string("__wire", wire_name)
            .fill(&NULL_SETTER);
        method.attrs.push(doc(&format!(
            " Sends `{wire_name}` as an explicit `null` (the spec allows it)."
        )));
        methods.push(syn::ImplItem::Fn(method));
    }
    methods
}

/// `Serialize` for a type that can send explicit `null`s: the derive cannot see which
/// absent fields are meant as `null`.
fn serialize_with_nulls(def: &TypeDef, s: &Struct) -> syn::Item {
    let tag = s.tag.as_ref().map(|StructTag { property, value }| {
        Holes::new()
            .string("__property", property)
            .string("__value", value)
            .fill(&WRITE_TAG)
    });
    let entries = s.fields.iter().map(|field| {
        let template = if field.required {
            &WRITE_FIELD
        } else {
            &WRITE_OPTIONAL
        };
        Holes::new()
            .string("__wire", &field.wire_name)
            .ident("__member", &field.rust_name)
            .fill(template)
    });
    Holes::new()
        .ident("__Name", &def.name)
        .stmts("__entries", tag.into_iter().chain(entries).collect())
        .fill(&SERIALIZE)
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
