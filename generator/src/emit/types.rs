//! Rust spellings of IR types.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{Api, IntegerWidth, TypeRef};

/// How a file refers to model types: by bare name inside `models`, as `models::Name`
/// from the operation files.
#[derive(Clone, Copy)]
pub(crate) enum ModelPath {
    Bare,
    Qualified,
}

pub(crate) fn rust_type(api: &Api, ty: &TypeRef, path: ModelPath) -> TokenStream {
    match ty {
        TypeRef::Named(id) => {
            let name = ident(&api.type_def(*id).name);
            match path {
                ModelPath::Bare => quote!(#name),
                ModelPath::Qualified => quote!(models::#name),
            }
        }
        TypeRef::String => quote!(String),
        TypeRef::Integer(IntegerWidth::I32) => quote!(i32),
        TypeRef::Integer(IntegerWidth::I64) => quote!(i64),
        TypeRef::Number => quote!(f64),
        TypeRef::Boolean => quote!(bool),
        TypeRef::DateTime => quote!(crate::Timestamp),
        TypeRef::Date => quote!(chrono::NaiveDate),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::Binary => quote!(crate::File),
        TypeRef::List(inner) => {
            let inner = rust_type(api, inner, path);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = rust_type(api, inner, path);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        TypeRef::Nullable(inner) => {
            let inner = rust_type(api, inner, path);
            quote!(Option<#inner>)
        }
    }
}

/// An identifier from a name chosen in lowering (which may be a raw identifier).
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => format_ident!("{}", name),
    }
}
