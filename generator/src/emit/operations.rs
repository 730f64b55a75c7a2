//! `src/operations/`: one file per tag, each an `impl Client` block with one method per
//! operation (its arguments and request steps from `request.rs`), and per operation the
//! marker type of its `Call` with the setters of its optional parameters, and its error
//! enum (`errors.rs`).

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::credentials;
use super::docs;
use super::errors;
use super::paging;
use super::request::{argument_type, arguments, body_step, param_step, path_chain};
use super::syntax::items;
use super::types::{cfg, cfg_attribute, ident, rust_type, ModelPath};
use super::EmittedFile;
use crate::ir::{Api, Docs, Gate, Operation, ParamLocation, SuccessResponse, TypeRef};
use crate::rust_types::RustType;

/// `lib_name` is the crate's library name, which the doc examples use.
pub(crate) fn files<'a>(api: &'a Api, lib_name: &str) -> Vec<EmittedFile<'a>> {
    let mut modules: BTreeMap<&str, Vec<&Operation>> = BTreeMap::new();
    for op in &api.operations {
        modules.entry(op.module.as_str()).or_default().push(op);
    }
    const DOC: &[&str] = &[
        " The API's operations as methods on [`Client`](crate::Client), grouped by tag,",
        " and the marker type of each operation's [`Call`](crate::Call), whose",
        " methods set the operation's optional parameters.",
    ];
    let lib_name = lib_name.to_owned();
    super::folder(
        "operations",
        DOC,
        modules,
        &api.features.operations,
        move |_, ops: &Vec<&Operation>| module_file(api, ops, &lib_name),
    )
}

fn module_file(api: &Api, ops: &[&Operation], lib_name: &str) -> syn::Result<syn::File> {
    // The module is compiled when one of its operations is; an operation (or the
    // `models` import) that needs more than that carries its own `cfg`.
    let module_gates = Gate::simplest(ops.iter().map(|op| &op.gate));
    let covered = |gates: &[Gate]| {
        module_gates
            .iter()
            .all(|outer| gates.iter().any(|inner| outer.implies(inner)))
    };
    let narrower = |gates: &[Gate]| if covered(gates) { None } else { cfg(gates) };
    let op_cfg = |op: &Operation| narrower(std::slice::from_ref(&op.gate));
    let op_cfg_attribute = |op: &Operation| {
        let gates = std::slice::from_ref(&op.gate);
        if covered(gates) {
            None
        } else {
            cfg_attribute(gates)
        }
    };
    let model_gates: Vec<Gate> = ops
        .iter()
        .filter(|op| mentions_models(op))
        .map(|op| op.gate.clone())
        .collect();
    let imports = match (model_gates.is_empty(), narrower(&model_gates)) {
        (true, _) => quote!(
            use crate::Client;
        ),
        (false, None) => quote!(
            use crate::{models, Client};
        ),
        (false, Some(cfg)) => quote! {
            use crate::Client;
            #cfg
            use crate::models;
        },
    };
    let markers = ops.iter().map(|op| {
        let cfg = op_cfg(op);
        let marker = marker(op);
        quote!(#cfg #marker)
    });
    let methods = ops.iter().map(|op| {
        let cfg = op_cfg(op);
        let method = method(api, op);
        quote!(#cfg #method)
    });
    let aliases = api.method_aliases.iter().filter_map(|(old, new)| {
        let op = ops.iter().find(|op| op.rust_name == *new)?;
        let cfg = op_cfg(op);
        let alias = alias(api, op, old);
        Some(quote!(#cfg #alias))
    });
    let error_aliases = api.method_aliases.iter().filter_map(|(old, new)| {
        let op = ops.iter().find(|op| op.rust_name == *new)?;
        let cfg = op_cfg(op);
        let alias = error_enum_alias(op, old)?;
        Some(quote!(#cfg #alias))
    });
    let setters = ops.iter().filter(|op| op.has_optional_params()).map(|op| {
        let cfg = op_cfg(op);
        let setters = param_setters(api, op);
        quote!(#cfg #setters)
    });
    let streams = ops.iter().filter_map(|op| {
        let pagination = op.pagination.as_ref()?;
        let cfg = op_cfg(op);
        let streams = paging::streams(api, op, pagination, lib_name);
        Some(quote!(#cfg #streams))
    });
    let paginated_gates: Vec<Gate> = ops
        .iter()
        .filter(|op| op.pagination.is_some())
        .map(|op| op.gate.clone())
        .collect();
    let paging_imports = (!paginated_gates.is_empty()).then(|| {
        let cfg = narrower(&paginated_gates);
        quote!(
            #cfg
            use crate::runtime::paging::{Items, Pages, Pagination, Paging};
        )
    });
    let security_gates: Vec<Gate> = ops
        .iter()
        .filter(|op| credentials::names_schemes(api, op))
        .map(|op| op.gate.clone())
        .collect();
    let security_import = (!security_gates.is_empty()).then(|| {
        let cfg = narrower(&security_gates);
        quote!(#cfg use crate::credentials::{self, Need};)
    });
    let allow_deprecated = ops
        .iter()
        .any(|op| mentions_deprecated(api, op))
        .then(super::types::allow_deprecated);
    let mut file: syn::File = syn::parse2(quote! {
        #allow_deprecated
        use reqwest::Method;

        #paging_imports
        use crate::runtime::request::{Call, Request};
        #imports
        #security_import

        #(#markers)*

        impl Client {
            #(#methods)*
            #(#aliases)*
        }

        #(#setters)*
        #(#streams)*
    })?;
    for op in ops {
        let cfg = op_cfg_attribute(op);
        file.items.extend(errors::error_enum(api, op, cfg.as_ref()));
    }
    file.items.extend(items(quote!(#(#error_aliases)*))?);
    Ok(file)
}

/// The type that tells one operation's `Call` from another's: it carries the setters of
/// the operation's optional parameters. Uninhabited: it only ever appears as a type.
fn marker(op: &Operation) -> TokenStream {
    let name = ident(&op.call_marker);
    let mut members = Vec::new();
    if op.has_optional_params() {
        members.push("its `with_` methods set the optional parameters".to_owned());
    }
    if let Some(pagination) = &op.pagination {
        members.push(format!(
            "`{}` and `{}` stream every page and every item",
            pagination.pages_method, pagination.items_method
        ));
    }
    let doc = format!(
        "Marks the [`Call`] of [`Client::{}`]{}.",
        op.rust_name.trim_start_matches("r#"),
        match members.is_empty() {
            true => String::new(),
            false => format!(": {}", members.join("; ")),
        }
    );
    let doc = docs::lines_to_attrs(&docs::wrapped(&[doc]));
    quote! {
        #doc
        pub enum #name {}
    }
}

/// Whether an operation's parameters or types are deprecated (its own deprecation only
/// warns its callers).
fn mentions_deprecated(api: &Api, op: &Operation) -> bool {
    let mut found = op.params.iter().any(|p| p.deprecated);
    for ty in signature_types(op) {
        ty.for_each_named(&mut |id| found |= api.type_def(id).deprecated);
    }
    found
}

fn mentions_models(op: &Operation) -> bool {
    let mut found = false;
    for ty in signature_types(op) {
        ty.for_each_named(&mut |_| found = true);
    }
    found
}

/// The types in an operation's method signature and its error enum.
fn signature_types(op: &Operation) -> impl Iterator<Item = &TypeRef> {
    let response = match &op.response {
        SuccessResponse::Json(ty) => Some(ty),
        SuccessResponse::Empty | SuccessResponse::Bytes | SuccessResponse::Text => None,
    };
    op.params
        .iter()
        .map(|p| &p.ty)
        .chain(op.body.as_ref().map(|b| &b.ty))
        .chain(response)
        .chain(op.errors.iter().filter_map(|error| error.ty.as_ref()))
}

fn method(api: &Api, op: &Operation) -> TokenStream {
    let route = format!("`{} {}`", op.method.as_str(), op.path);
    let mut extra = vec![route];
    extra.extend(error_docs(api, op));
    let docs = docs::attrs(&op.docs, &extra);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let name = ident(&op.rust_name);
    let Signature {
        args,
        output,
        allow_complex,
        ..
    } = signature(api, op);

    let method = format_ident!("{}", op.method.as_str());
    let operation = op.rust_name.trim_start_matches("r#");
    let template = &op.path;
    let mut chain = path_chain(api, op);
    if op.security != api.security.default {
        let indices = credentials::index_names(&api.security);
        let requirement = credentials::requirement(&api.security, &op.security, &indices, true);
        chain.push(quote!(.security(#requirement)));
    }
    chain.extend(
        op.params
            .iter()
            .filter(|param| param.required)
            .filter_map(|param| param_step(api, param)),
    );
    chain.extend(op.body.as_ref().map(|body| body_step(api, body)));
    let call = match &op.response {
        SuccessResponse::Empty => quote!(call_empty),
        SuccessResponse::Json(_) => quote!(call),
        SuccessResponse::Bytes => quote!(call_bytes),
        SuccessResponse::Text => quote!(call_text),
    };
    quote! {
        #docs
        #deprecated
        #allow_complex
        pub fn #name(&self, #(#args),*) -> #output {
            let request = Request::new(#operation, Method::#method, #template) #(#chain)*;
            self.#call(request)
        }
    }
}

/// An operation's old name, kept for a release (the names file's `[operation_aliases]`):
/// the same method under the old name, deprecated.
fn alias(api: &Api, op: &Operation, old: &str) -> TokenStream {
    let Signature {
        args,
        output,
        forwarded,
        allow_complex,
    } = signature(api, op);
    let old_name = ident(old);
    let name = ident(&op.rust_name);
    let note = format!("renamed to `{}`", op.rust_name.trim_start_matches("r#"));
    let doc = format!(
        " The old name of [`Client::{}`].",
        op.rust_name.trim_start_matches("r#")
    );
    quote! {
        #[doc = #doc]
        #[deprecated(note = #note)]
        #allow_complex
        pub fn #old_name(&self, #(#args),*) -> #output {
            self.#name(#(#forwarded),*)
        }
    }
}

/// The old name of a renamed operation's error enum, which callers name in patterns:
/// kept with the old method (an alias of an enum works in patterns too).
fn error_enum_alias(op: &Operation, old: &str) -> Option<TokenStream> {
    let old_name = format!("{}Error", crate::names::upper_camel(old, "Call"));
    if old_name == op.error_enum {
        return None;
    }
    let note = format!("renamed to `{}`", op.error_enum);
    let doc = format!(" The old name of [`{}`].", op.error_enum);
    let (old_name, name) = (ident(&old_name), ident(&op.error_enum));
    Some(quote! {
        #[doc = #doc]
        #[deprecated(note = #note)]
        pub type #old_name = #name;
    })
}

/// What a method takes and returns.
struct Signature {
    args: Vec<TokenStream>,
    output: TokenStream,
    /// `#[allow(clippy::type_complexity)]` where the call's type nests the spec's
    /// response type deeply (`Call<'_, Vec<BTreeMap<String, Value>>, _>`): it is the
    /// spec's type, spelled out once.
    allow_complex: Option<TokenStream>,
    /// The argument names, to pass them on.
    forwarded: Vec<proc_macro2::Ident>,
}

/// Required parameters in spec order, then the body; the `Call` of the operation.
fn signature(api: &Api, op: &Operation) -> Signature {
    let (args, forwarded) = arguments(api, op)
        .into_iter()
        .map(|(name, ty)| {
            let name = ident(&name);
            (quote!(#name: #ty), name)
        })
        .unzip();
    let output = match &op.response {
        SuccessResponse::Empty => quote!(()),
        SuccessResponse::Json(ty) => rust_type(api, ty, ModelPath::Qualified),
        SuccessResponse::Bytes => quote!(Vec<u8>),
        SuccessResponse::Text => quote!(String),
    };
    let marker = ident(&op.call_marker);
    let nesting = match &op.response {
        SuccessResponse::Json(ty) => RustType::of(api, ty).nesting(),
        SuccessResponse::Empty | SuccessResponse::Bytes | SuccessResponse::Text => 0,
    };
    Signature {
        args,
        output: quote!(Call<'_, #output, #marker>),
        forwarded,
        allow_complex: (nesting >= 2).then(|| quote!(#[allow(clippy::type_complexity)])),
    }
}

/// One `with_` method per optional parameter on the operation's `Call`. Setting one twice
/// keeps the last value.
fn param_setters(api: &Api, op: &Operation) -> TokenStream {
    let marker = ident(&op.call_marker);
    let setters = op.params.iter().filter(|p| !p.required).map(|param| {
        // Every setter says what it sets, whether the spec describes the parameter or not.
        let place = match param.location {
            ParamLocation::Query => "query parameter",
            ParamLocation::Header => "header",
            ParamLocation::Path => "path parameter",
        };
        let what = Docs {
            summary: Some(format!("Sets the `{}` {place}.", param.wire_name)),
            ..param.docs.clone()
        };
        let what = match &param.docs.summary {
            Some(summary) => Docs {
                description: Some(match &param.docs.description {
                    Some(description) => format!("{summary}\n\n{description}"),
                    None => summary.clone(),
                }),
                ..what
            },
            None => what,
        };
        let docs = docs::attrs(&what, &[]);
        let deprecated = param.deprecated.then(|| quote!(#[deprecated]));
        let setter = ident(&param.setter);
        let name = ident(&param.rust_name);
        let ty = argument_type(api, &param.ty);
        let wire_name = &param.wire_name;
        let step = param_step(api, param);
        quote! {
            #docs
            #deprecated
            pub fn #setter(self, #name: #ty) -> Self {
                self.param(#wire_name, |request| request #step)
            }
        }
    });
    quote! {
        impl<T> Call<'_, T, #marker> {
            #(#setters)*
        }
    }
}

/// The error responses the spec declares, and where callers find them decoded.
fn error_docs(api: &Api, op: &Operation) -> Option<String> {
    if op.errors.is_empty() {
        return None;
    }
    let entries: Vec<String> = op
        .errors
        .iter()
        .map(|error| match &error.ty {
            Some(TypeRef::Named(id)) => {
                let name = &api.type_def(*id).name;
                format!("`{}`: [`{name}`](crate::models::{name})", error.status)
            }
            Some(_) => format!("`{}`: JSON", error.status),
            None => format!("`{}`", error.status),
        })
        .collect();
    Some(format!(
        "Error responses the spec declares: {}. [`Call::typed_errors`] sorts them into [`{}`].",
        entries.join(", "),
        op.error_enum
    ))
}
