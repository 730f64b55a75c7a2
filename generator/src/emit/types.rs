//! What several emitters share: Rust spellings of types and identifiers, and the
//! attributes every generated file may need.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{Api, Gate, TypeRef, HIDDEN_FEATURE};
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

/// The `#[cfg(..)]` of an item compiled when one of `gates` is open (`features.rs`);
/// nothing for one always compiled.
pub(crate) fn cfg(gates: &[Gate]) -> Option<TokenStream> {
    let gates = Gate::simplest(gates);
    let conditions: Option<Vec<TokenStream>> = gates.iter().map(condition).collect();
    match conditions?.as_slice() {
        [] => None,
        [one] => Some(quote!(#[cfg(#one)])),
        many => Some(quote!(#[cfg(any(#(#many),*))])),
    }
}

/// The condition under which `gate` is open; `None` if it always is.
fn condition(gate: &Gate) -> Option<TokenStream> {
    let features: Vec<TokenStream> = gate
        .any
        .iter()
        .map(|feature| quote!(feature = #feature))
        .collect();
    let tags = match features.as_slice() {
        [] => None,
        [one] => Some(one.clone()),
        many => Some(quote!(any(#(#many),*))),
    };
    match (tags, gate.hidden) {
        (None, false) => None,
        (None, true) => Some(quote!(feature = #HIDDEN_FEATURE)),
        (Some(tags), false) => Some(tags),
        (Some(tags), true) => Some(quote!(all(feature = #HIDDEN_FEATURE, #tags))),
    }
}
