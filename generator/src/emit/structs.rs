//! Model structs: the definition (`#[non_exhaustive]`, public fields), `new` and the
//! `with_` setters, and the impls a struct needs besides the derives (`Serialize` for
//! types that send explicit `null`s, a redacting `Debug`, and `Deserialize` from
//! `read_object.rs`). Built as syntax trees (`syntax.rs`), not parsed: structs are most
//! of a generated crate.

use proc_macro2::TokenStream;
use quote::quote;
use syn::parse_quote;

use super::docs;
use super::read_object;
use super::syntax::{deprecated, doc, items, list_attribute, path_attribute, public, Holes};
use super::types::{ident, path_type, syn_type, ModelPath};
use crate::format;
use crate::ir::{Direction, Field, Struct, StructTag, TypeDef};
use crate::rust_types::RustType;

thread_local! {
    static METHODS: syn::ItemImpl = parse_quote!(impl __Name {});
    static SETTER: syn::ImplItemFn = parse_quote! {
        pub fn __setter(mut self, value: impl Into<__Value>) -> Self {
            self.__field = Some(__value);
            __forget_null;
            self
        }
    };
    /// What a setter or `new` stores of an argument `impl Into<T>`.
    static INTO: syn::Expr = parse_quote!(__argument.into());
    static BOXED_INTO: syn::Expr = parse_quote!(Box::new(__argument.into()));
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
    static SET: syn::FieldValue = parse_quote!(__field: __value);
    static UNSET: syn::FieldValue = parse_quote!(__field: None);
    pub(super) static NO_NULLS: syn::FieldValue = parse_quote!(explicit_nulls: Default::default());
    static SERIALIZE: syn::Item = parse_quote! {
        impl serde::Serialize for __Name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut object = crate::runtime::codec::ObjectWriter::new(serializer, &self.explicit_nulls)?;
                __entries;
                object.end()
            }
        }
    };
    static WRITE_TAG: syn::Stmt = parse_quote!(object.field("__property", "__value")?;);
    static WRITE_FIELD: syn::Stmt = parse_quote!(object.field("__wire", &self.__member)?;);
    static WRITE_OPTIONAL: syn::Stmt = parse_quote!(object.optional("__wire", &self.__member)?;);
}

/// The struct `def` with the attributes `attrs` (its docs), and its impls. It is
/// `#[non_exhaustive]`, built with `new` (its required fields) and one `with_` setter per
/// optional field, so that a spec adding an optional property breaks no caller. Public
/// fields stay readable and assignable. `types` are the fields' Rust types.
pub(super) fn item(
    def: &TypeDef,
    mut attrs: Vec<syn::Attribute>,
    s: &Struct,
    types: &[RustType],
) -> syn::Result<Vec<format::Item>> {
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
            ty: path_type(&["crate", "runtime", "codec", "ExplicitNulls"], Vec::new()),
        });
    }
    let mut methods: syn::ItemImpl = Holes::new().ident("__Name", &def.name).fill(&METHODS);
    methods.items.push(constructor(s, types, explicit_nulls));
    for (field, ty) in s.fields.iter().zip(types).filter(|(f, _)| !f.required) {
        methods.items.extend(setters(field, ty, explicit_nulls));
    }
    let debug = redacts.then(|| redacting_debug(def, s));
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
    let mut out: Vec<syn::Item> = vec![syn::Item::Struct(syn::ItemStruct {
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
    let (deserialize, read) = read_object::impls(def, s, types, explicit_nulls);
    let mut out: Vec<format::Item> = out.into_iter().map(format::Item::from).collect();
    out.push(deserialize);
    out.push(read.into());
    out.extend(items(quote!(#debug))?.into_iter().map(format::Item::from));
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
            (true, ty) => field(f)
                .expr("__value", stored(ty, &f.rust_name))
                .fill(&SET),
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

/// What a setter or `new` stores of its argument `argument: impl Into<T>`, for a value
/// of type `ty`: the value, boxed where the type is.
fn stored(ty: &RustType, argument: &str) -> syn::Expr {
    let template = match ty {
        RustType::Box(_) => &BOXED_INTO,
        _ => &INTO,
    };
    Holes::new().ident("__argument", argument).fill(template)
}

/// `with_<field>` for an optional field, and on types that can be sent with an explicit
/// `null`, `with_<field>_null` for a nullable one.
fn setters(field: &Field, field_type: &RustType, explicit_nulls: bool) -> Vec<syn::ImplItem> {
    let value_type = field_type.unwrap_option();
    let null_setter = field.null_setter.as_ref().filter(|_| explicit_nulls);
    let wire_name = &field.wire_name;
    let forget_null =
        null_setter.map(|_| Holes::new().string("__wire", wire_name).fill(&FORGET_NULL));
    let mut setter: syn::ImplItemFn = Holes::new()
        .ident("__setter", &field.setter)
        .ident("__field", &field.rust_name)
        .ty("__Value", syn_type(value_type.unboxed(), ModelPath::Bare))
        .expr("__value", stored(value_type, "value"))
        .stmts("__forget_null", forget_null.into_iter().collect())
        .fill(&SETTER);
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
