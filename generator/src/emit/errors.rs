//! Each operation's error enum (`operations::<Operation>Error`), which its
//! `Call::typed_errors` fails with: a variant per declared error response, with the body
//! decoded, then `Undeclared` and `Failed`. The sorting itself is the runtime's
//! (`runtime/src/runtime/declared.rs`); an operation adds one `match` on the status.
//!
//! Every operation has one, all of the same shape, so they are built from templates
//! (`syntax.rs`) rather than parsed from tokens.

use proc_macro2::Span;
use syn::parse_quote;

use super::docs;
use super::syntax::Holes;
use super::types::{ident, path_type, syn_type, ModelPath};
use crate::format;
use crate::ir::{Api, ErrorResponse, ErrorStatuses, Operation};
use crate::rust_types::RustType;

thread_local! {
    static ENUM: syn::ItemEnum = parse_quote! {
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum __Name {
            /// An answer outside 2xx that the spec does not declare for this operation, whole.
            Undeclared(Box<crate::ApiError>),
            /// No answer to sort: the call failed otherwise (transport, timeout, missing
            /// credentials, a body that does not match its schema).
            Failed(crate::Error),
        }
    };
    static DECLARED_BODY: syn::Type = parse_quote!(Box<crate::Response<__Body>>);
    static STATUS: syn::Item = parse_quote! {
        impl __Name {
            /// The HTTP status, when the server answered.
            pub fn status(&self) -> Option<reqwest::StatusCode> {
                match self {
                    __declared => {}
                    Self::Undeclared(answer) => Some(answer.status),
                    Self::Failed(error) => error.status(),
                }
            }
        }
    };
    static STATUS_ARM: syn::Arm = parse_quote!(Self::__Variant(answer) => Some(answer.status),);
    static DECLARED_ERRORS: syn::Item = parse_quote! {
        impl crate::DeclaredErrors for __Marker {
            type Error = __Name;
        }
    };
    static FROM: syn::Item = parse_quote! {
        impl From<crate::Error> for __Name {
            fn from(error: crate::Error) -> Self {
                __sort
            }
        }
    };
    static DISPLAY: syn::Item = parse_quote! {
        impl std::fmt::Display for __Name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    Self::Failed(error) => error.fmt(f),
                    _ => crate::runtime::declared::describe(f, self.status()),
                }
            }
        }
    };
    static ERROR: syn::Item = parse_quote!(impl std::error::Error for __Name {});
    static SORT_NONE: syn::Expr = parse_quote!(crate::runtime::declared::sort(
        error,
        Self::Failed,
        Self::Undeclared
    ));
    static SORT_DEFAULT: syn::Expr = parse_quote! {
        crate::runtime::declared::sort(
            error,
            Self::Failed,
            |answer| crate::runtime::declared::__decode(*answer, Self::__Variant),
        )
    };
    static SORT_BY_STATUS: syn::Expr = parse_quote! {
        crate::runtime::declared::sort(error, Self::Failed, |answer| match answer.status.as_u16() {
            __arms => {}
        })
    };
    /// A declared response's arm; its pattern (`_` here) is the response's statuses.
    static SORT_ARM: syn::Arm =
        parse_quote!(_ => crate::runtime::declared::__decode(*answer, Self::__Variant),);
    static SORT_UNDECLARED: syn::Arm = parse_quote!(_ => Self::Undeclared(answer),);
}

/// The enum, its `DeclaredErrors` impl on the operation's marker, and its `From<Error>`,
/// `Display` and `Error` impls, each behind `cfg` (the operation's, where it needs one).
pub(crate) fn error_enum(
    api: &Api,
    op: &Operation,
    cfg: Option<&syn::Attribute>,
) -> Vec<format::Item> {
    let method = op.rust_name.trim_start_matches("r#");
    let doc = docs::line_attributes(&docs::wrapped(&[
        format!("The answers of [`Client::{method}`](crate::Client::{method}) other than a success, as [`Call::typed_errors`](crate::Call::typed_errors) gives them: one variant per error response the spec declares, with its body decoded, then any other answer outside 2xx (`Undeclared`) and the failures without an answer to sort (`Failed`)."),
        String::new(),
        "Non-exhaustive: a response the spec declares later is a new variant (those answers arrive as `Undeclared` until then).".to_owned(),
    ]));
    let named = || Holes::new().ident("__Name", &op.error_enum);
    let mut enum_item = named().fill(&ENUM);
    let declared = op.errors.iter().map(|error| declared_variant(api, error));
    enum_item.variants = declared
        .chain(std::mem::take(&mut enum_item.variants))
        .collect();
    enum_item
        .attrs
        .splice(0..0, doc.into_iter().chain(cfg.cloned()));
    let status_arms = op
        .errors
        .iter()
        .map(|error| {
            Holes::new()
                .ident("__Variant", &error.variant)
                .fill(&STATUS_ARM)
        })
        .collect();
    // Each impl behind the operation's own `cfg` where it has one. The impls every
    // operation has alike are written out as text where it has none and they fit the
    // margin (the `cfg` line is left to prettyplease).
    let gated = |mut item: syn::Item| {
        if let (Some(cfg), syn::Item::Impl(item)) = (cfg, &mut item) {
            item.attrs.insert(0, cfg.clone());
        }
        format::Item::from(item)
    };
    let alike = |text: String, tree: &dyn Fn() -> syn::Item| match cfg {
        None => format::laid_out(text).unwrap_or_else(|| tree().into()),
        Some(_) => gated(tree()),
    };
    let (name, marker) = (&op.error_enum, &op.call_marker);
    vec![
        syn::Item::Enum(enum_item).into(),
        gated(named().arms("__declared", status_arms).fill(&STATUS)),
        alike(declared_errors(marker, name), &|| {
            named().ident("__Marker", marker).fill(&DECLARED_ERRORS)
        }),
        gated(named().expr("__sort", sort(op)).fill(&FROM)),
        alike(display(name), &|| named().fill(&DISPLAY)),
        alike(error(name), &|| named().fill(&ERROR)),
    ]
}

/// [`DECLARED_ERRORS`] as text.
fn declared_errors(marker: &str, name: &str) -> String {
    format!("impl crate::DeclaredErrors for {marker} {{\n    type Error = {name};\n}}\n")
}

/// [`DISPLAY`] as text.
fn display(name: &str) -> String {
    format!(
        "impl std::fmt::Display for {name} {{
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {{
        match self {{
            Self::Failed(error) => error.fmt(f),
            _ => crate::runtime::declared::describe(f, self.status()),
        }}
    }}
}}
"
    )
}

/// [`ERROR`] as text.
fn error(name: &str) -> String {
    format!("impl std::error::Error for {name} {{}}\n")
}

/// `Status(Box<crate::Response<Body>>)`, with the response's docs.
fn declared_variant(api: &Api, error: &ErrorResponse) -> syn::Variant {
    let body = match &error.ty {
        Some(ty) => syn_type(&RustType::of(api, ty), ModelPath::Qualified),
        None => path_type(&["String"], Vec::new()),
    };
    let field = syn::Field {
        attrs: Vec::new(),
        vis: syn::Visibility::Inherited,
        mutability: syn::FieldMutability::None,
        ident: None,
        colon_token: None,
        ty: Holes::new().ty("__Body", body).fill(&DECLARED_BODY),
    };
    syn::Variant {
        attrs: variant_docs(error),
        ident: ident(&error.variant),
        fields: syn::Fields::Unnamed(syn::FieldsUnnamed {
            paren_token: Default::default(),
            unnamed: std::iter::once(field).collect(),
        }),
        discriminant: None,
    }
}

/// `From<Error>`'s body: a `match` on the status whose arms run from the most specific
/// response to `default`.
fn sort(op: &Operation) -> syn::Expr {
    if op.errors.is_empty() {
        return Holes::new().fill(&SORT_NONE);
    }
    let mut errors: Vec<&ErrorResponse> = op.errors.iter().collect();
    errors.sort_by_key(|error| error.statuses());
    let decoding = |error: &ErrorResponse| {
        Holes::new()
            .ident("__decode", decode_function(error))
            .ident("__Variant", &error.variant)
    };
    // `default` alone: every answer is its, and a `match` of one arm is no match.
    if let [only] = errors.as_slice() {
        if only.statuses() == ErrorStatuses::Default {
            return decoding(only).fill(&SORT_DEFAULT);
        }
    }
    let mut arms: Vec<syn::Arm> = errors
        .iter()
        .map(|error| {
            let mut arm = decoding(error).fill(&SORT_ARM);
            match error.statuses() {
                ErrorStatuses::Code(code) => arm.pat = status(code),
                ErrorStatuses::Range(first) => {
                    arm.pat = syn::Pat::Range(syn::PatRange {
                        attrs: Vec::new(),
                        start: Some(Box::new(syn::Expr::Lit(status_literal(first)))),
                        limits: syn::RangeLimits::Closed(Default::default()),
                        end: Some(Box::new(syn::Expr::Lit(status_literal(first + 99)))),
                    });
                }
                ErrorStatuses::Default => {}
            }
            arm
        })
        .collect();
    if !errors
        .iter()
        .any(|error| error.statuses() == ErrorStatuses::Default)
    {
        arms.push(Holes::new().fill(&SORT_UNDECLARED));
    }
    Holes::new().arms("__arms", arms).fill(&SORT_BY_STATUS)
}

/// The pattern `404`.
fn status(code: u16) -> syn::Pat {
    syn::Pat::Lit(status_literal(code))
}

/// `404` as an expression: an end of a range of statuses.
fn status_literal(code: u16) -> syn::ExprLit {
    syn::ExprLit {
        attrs: Vec::new(),
        lit: syn::Lit::Int(syn::LitInt::new(&code.to_string(), Span::call_site())),
    }
}

/// The runtime's function that makes the variant's body: `json` with a schema, else `text`.
fn decode_function(error: &ErrorResponse) -> &'static str {
    match error.ty {
        Some(_) => "json",
        None => "text",
    }
}

/// "`422`: Invalid item", from the status and the response's description.
fn variant_docs(error: &ErrorResponse) -> Vec<syn::Attribute> {
    let body = match error.ty {
        Some(_) => "",
        None => " (no JSON schema: the body as text)",
    };
    let status = format!("`{}`", error.status);
    let text = match &error.description {
        Some(description) => format!("{status}{body}: {description}"),
        None => format!("{status}{body}."),
    };
    docs::line_attributes(&docs::sanitize(&text))
}

#[cfg(test)]
mod tests {
    use super::{declared_errors, display, error, DECLARED_ERRORS, DISPLAY, ERROR};
    use crate::emit::syntax::{Holes, Template};
    use crate::format::{self, assert_laid_out_as_printed, Item};

    /// `text` where it fits the margin, else the tree, as `error_enum` chooses.
    fn shape(text: String, tree: syn::Item) -> Item {
        format::laid_out(text).unwrap_or(Item::Tree(tree))
    }

    fn tree(template: &'static Template<syn::Item>, name: &str, marker: &str) -> syn::Item {
        Holes::new()
            .ident("__Name", name)
            .ident("__Marker", marker)
            .fill(template)
    }

    /// An impl named only by the enum, written as `text` gives it.
    fn check_named(text: fn(&str) -> String, template: &'static Template<syn::Item>) {
        assert_laid_out_as_printed(
            |name| shape(text(name), tree(template, name, name)),
            |name| tree(template, name, name),
        );
    }

    #[test]
    fn error_impls_are_laid_out_as_prettyplease_lays_them_out() {
        check_named(display, &DISPLAY);
        check_named(error, &ERROR);
        // The marker's line and the enum's line reach the margin apart.
        for marker in [None, Some("M")] {
            let marker = |name: &str| marker.unwrap_or(name).to_owned();
            assert_laid_out_as_printed(
                |name| {
                    let tree = tree(&DECLARED_ERRORS, name, &marker(name));
                    shape(declared_errors(&marker(name), name), tree)
                },
                |name| tree(&DECLARED_ERRORS, name, &marker(name)),
            );
        }
    }
}
