//! Each operation's error enum (`operations::<Operation>Error`), which its
//! `Call::typed_errors` fails with: a variant per declared error response, with the body
//! decoded, then `Undeclared` and `Failed`. The sorting itself is the runtime's
//! (`runtime/src/runtime/declared.rs`); an operation adds one `match` on the status.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs;
use super::types::{ident, rust_type, ModelPath};
use crate::ir::{Api, ErrorResponse, ErrorStatuses, Operation};

/// The enum, its `DeclaredErrors` impl on the operation's marker, and its `From<Error>`,
/// `Display` and `Error` impls, each behind `cfg` (the operation's, where it needs one).
pub(crate) fn error_enum(api: &Api, op: &Operation, cfg: Option<&TokenStream>) -> TokenStream {
    let name = ident(&op.error_enum);
    let marker = ident(&op.call_marker);
    let method = op.rust_name.trim_start_matches("r#");
    let doc = docs::lines_to_attrs(&docs::wrapped(&[
        format!("The answers of [`Client::{method}`](crate::Client::{method}) other than a success, as [`Call::typed_errors`](crate::Call::typed_errors) gives them: one variant per error response the spec declares, with its body decoded, then any other answer outside 2xx (`Undeclared`) and the failures without an answer to sort (`Failed`)."),
        String::new(),
        "Non-exhaustive: a response the spec declares later is a new variant (those answers arrive as `Undeclared` until then).".to_owned(),
    ]));
    let declared: Vec<TokenStream> = op
        .errors
        .iter()
        .map(|error| {
            let variant = ident(&error.variant);
            let body = match &error.ty {
                Some(ty) => rust_type(api, ty, ModelPath::Qualified),
                None => quote!(String),
            };
            let docs = variant_docs(error);
            quote! {
                #docs
                #variant(Box<crate::Response<#body>>),
            }
        })
        .collect();
    let status_arms = op.errors.iter().map(|error| {
        let variant = ident(&error.variant);
        quote!(Self::#variant(answer) => Some(answer.status),)
    });
    let from = sort(op);
    quote! {
        #doc
        #cfg
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#declared)*
            /// An answer outside 2xx that the spec does not declare for this operation, whole.
            Undeclared(Box<crate::ApiError>),
            /// No answer to sort: the call failed otherwise (transport, timeout, missing
            /// credentials, a body that does not match its schema).
            Failed(crate::Error),
        }

        #cfg
        impl #name {
            /// The HTTP status, when the server answered.
            pub fn status(&self) -> Option<reqwest::StatusCode> {
                match self {
                    #(#status_arms)*
                    Self::Undeclared(answer) => Some(answer.status),
                    Self::Failed(error) => error.status(),
                }
            }
        }

        #cfg
        impl crate::DeclaredErrors for #marker {
            type Error = #name;
        }

        #cfg
        impl From<crate::Error> for #name {
            fn from(error: crate::Error) -> Self {
                #from
            }
        }

        #cfg
        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    Self::Failed(error) => error.fmt(f),
                    _ => crate::runtime::declared::describe(f, self.status()),
                }
            }
        }

        #cfg
        impl std::error::Error for #name {}
    }
}

/// `From<Error>`'s body: a `match` on the status whose arms run from the most specific
/// response to `default`.
fn sort(op: &Operation) -> TokenStream {
    if op.errors.is_empty() {
        return quote!(crate::runtime::declared::sort(
            error,
            Self::Failed,
            Self::Undeclared
        ));
    }
    let mut errors: Vec<&ErrorResponse> = op.errors.iter().collect();
    errors.sort_by_key(|error| error.statuses());
    // `default` alone: every answer is its, and a `match` of one arm is no match.
    if let [only] = errors.as_slice() {
        if only.statuses() == ErrorStatuses::Default {
            let variant = ident(&only.variant);
            let decode = decode_function(only);
            return quote! {
                crate::runtime::declared::sort(
                    error,
                    Self::Failed,
                    |answer| crate::runtime::declared::#decode(*answer, Self::#variant),
                )
            };
        }
    }
    let mut arms: Vec<TokenStream> = errors
        .iter()
        .map(|error| {
            let variant = ident(&error.variant);
            let pattern = match error.statuses() {
                ErrorStatuses::Code(code) => {
                    let code = Literal::u16_unsuffixed(code);
                    quote!(#code)
                }
                ErrorStatuses::Range(first) => {
                    let last = Literal::u16_unsuffixed(first + 99);
                    let first = Literal::u16_unsuffixed(first);
                    quote!(#first..=#last)
                }
                ErrorStatuses::Default => quote!(_),
            };
            let decode = decode_function(error);
            quote!(#pattern => crate::runtime::declared::#decode(*answer, Self::#variant),)
        })
        .collect();
    if !errors
        .iter()
        .any(|error| error.statuses() == ErrorStatuses::Default)
    {
        arms.push(quote!(_ => Self::Undeclared(answer),));
    }
    quote! {
        crate::runtime::declared::sort(error, Self::Failed, |answer| match answer.status.as_u16() {
            #(#arms)*
        })
    }
}

/// The runtime's function that makes the variant's body: `json` with a schema, else `text`.
fn decode_function(error: &ErrorResponse) -> TokenStream {
    match error.ty {
        Some(_) => quote!(json),
        None => quote!(text),
    }
}

/// "`422`: Invalid item", from the status and the response's description.
fn variant_docs(error: &ErrorResponse) -> TokenStream {
    let body = match error.ty {
        Some(_) => "",
        None => " (no JSON schema: the body as text)",
    };
    let status = format!("`{}`", error.status);
    let text = match &error.description {
        Some(description) => format!("{status}{body}: {description}"),
        None => format!("{status}{body}."),
    };
    docs::lines_to_attrs(&docs::sanitize(&text))
}
