//! What several emitters share: Rust spellings of types and identifiers, and the
//! attributes every generated file may need.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{Api, TypeRef};
use crate::rust_types::RustType;

/// How a file refers to model types: by bare name inside `models`, as `models::Name`
/// from the operation files.
#[derive(Clone, Copy)]
pub(crate) enum ModelPath {
    Bare,
    Qualified,
}

pub(crate) fn rust_type(api: &Api, ty: &TypeRef, path: ModelPath) -> TokenStream {
    tokens(&RustType::of(api, ty), path)
}

/// The tokens of a type decided in [`crate::rust_types`].
pub(crate) fn tokens(ty: &RustType, path: ModelPath) -> TokenStream {
    match ty {
        RustType::Model(name) => {
            let name = ident(name);
            match path {
                ModelPath::Bare => quote!(#name),
                ModelPath::Qualified => quote!(models::#name),
            }
        }
        RustType::Path(text) => {
            let segments = text.split("::").map(|segment| format_ident!("{segment}"));
            quote!(#(#segments)::*)
        }
        RustType::Vec(inner) => {
            let inner = tokens(inner, path);
            quote!(Vec<#inner>)
        }
        RustType::Map(inner) => {
            let inner = tokens(inner, path);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        RustType::Option(inner) => {
            let inner = tokens(inner, path);
            quote!(Option<#inner>)
        }
        RustType::Box(inner) => {
            let inner = tokens(inner, path);
            quote!(Box<#inner>)
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

/// The crate's own code (derives, impls, fields) may use what the spec deprecates; only
/// callers should hear about it.
pub(crate) fn allow_deprecated() -> TokenStream {
    quote!(#![allow(deprecated)])
}
