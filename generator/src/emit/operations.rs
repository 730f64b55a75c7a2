//! `src/operations/`: one file per tag, each an `impl Client` block with one async method
//! per operation, and the `<Name>Params` structs for optional parameters.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs;
use super::types::{ident, rust_type, ModelPath};
use super::{Artifact, EmittedFile};
use crate::ir::{Api, Operation, Param, ParamLocation, PathPart, SuccessResponse, TypeRef};

pub(crate) fn files(api: &Api) -> Vec<EmittedFile> {
    let mut modules: BTreeMap<&str, Vec<&Operation>> = BTreeMap::new();
    for op in &api.operations {
        modules.entry(op.module.as_str()).or_default().push(op);
    }
    let mut files: Vec<EmittedFile> = modules
        .iter()
        .map(|(module, ops)| EmittedFile {
            path: format!("src/operations/{module}.rs"),
            artifact: Artifact::Rust(module_file(api, ops)),
        })
        .collect();
    let mods = modules.keys().map(|module| ident(module));
    // Only modules with params structs export anything; the rest are `impl Client` blocks.
    let uses = modules
        .iter()
        .filter(|(_, ops)| ops.iter().any(|op| op.has_optional_params()))
        .map(|(module, _)| ident(module));
    files.push(EmittedFile {
        path: "src/operations/mod.rs".into(),
        artifact: Artifact::Rust(quote! {
            //! The API's operations as methods on [`Client`](crate::Client), grouped by tag,
            //! and the structs that carry their optional parameters.
            #(mod #mods;)*
            #(pub use self::#uses::*;)*
        }),
    });
    files
}

fn module_file(api: &Api, ops: &[&Operation]) -> TokenStream {
    let uses_models = ops.iter().any(|op| mentions_models(op));
    let uses_codec = ops.iter().flat_map(|op| &op.params).any(|p| {
        p.location != ParamLocation::Path && !is_display(&p.ty) && !matches!(p.ty, TypeRef::List(_))
    });
    let mut crate_items = Vec::new();
    if uses_codec {
        crate_items.push(quote!(codec));
    }
    if uses_models {
        crate_items.push(quote!(models));
    }
    crate_items.push(quote!(Client));
    let params_structs = ops
        .iter()
        .filter(|op| op.has_optional_params())
        .map(|op| params_struct(api, op));
    let methods = ops.iter().map(|op| method(api, op));
    quote! {
        use reqwest::Method;

        use crate::request::{Call, Request};
        use crate::{#(#crate_items),*};

        #(#params_structs)*

        #(#methods)*
    }
}

fn mentions_models(op: &Operation) -> bool {
    let mut found = false;
    let mut visit = |_| found = true;
    for param in &op.params {
        param.ty.for_each_named(&mut visit);
    }
    if let Some(body) = &op.body {
        body.ty.for_each_named(&mut visit);
    }
    if let SuccessResponse::Json(ty) = &op.response {
        ty.for_each_named(&mut visit);
    }
    found
}

fn params_struct_name(op: &Operation) -> proc_macro2::Ident {
    format_ident!("{}Params", crate::lower::upper_camel(&op.rust_name))
}

fn params_struct(api: &Api, op: &Operation) -> TokenStream {
    let name = params_struct_name(op);
    let doc = format!(
        " Optional parameters of [`Client::{}`].",
        op.rust_name.trim_start_matches("r#")
    );
    let fields = op.params.iter().filter(|p| !p.required).map(|param| {
        let docs = docs::attrs(&param.docs, &[]);
        let deprecated = param.deprecated.then(|| quote!(#[deprecated]));
        let field = ident(&param.rust_name);
        let ty = rust_type(api, &param.ty, ModelPath::Qualified);
        quote! {
            #docs
            #deprecated
            pub #field: Option<#ty>
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct #name {
            #(#fields,)*
        }
    }
}

fn method(api: &Api, op: &Operation) -> TokenStream {
    let route = format!("`{} {}`", op.method.as_str(), op.path);
    let docs = docs::attrs(&op.docs, &[route]);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let name = ident(&op.rust_name);

    let mut args = Vec::new();
    for param in op.params.iter().filter(|p| p.required) {
        let arg = ident(&param.rust_name);
        let ty = argument_type(api, &param.ty);
        args.push(quote!(#arg: #ty));
    }
    if let Some(body) = &op.body {
        let ty = rust_type(api, &body.ty, ModelPath::Qualified);
        args.push(if body.required {
            quote!(body: &#ty)
        } else {
            quote!(body: Option<&#ty>)
        });
    }
    if op.has_optional_params() {
        let params = params_struct_name(op);
        args.push(quote!(params: &#params));
    }

    let method = format_ident!("{}", op.method.as_str());
    let mut chain = path_chain(op);
    if !op.authenticated {
        chain.push(quote!(.without_auth()));
    }
    chain.extend(op.params.iter().filter_map(param_step));
    match &op.body {
        Some(body) if body.required => chain.push(quote!(.json(body))),
        Some(_) => chain.push(quote!(.json_opt(body))),
        None => {}
    }
    let (output, call) = match &op.response {
        SuccessResponse::Empty => (quote!(()), quote!(call_empty)),
        SuccessResponse::Json(ty) => (rust_type(api, ty, ModelPath::Qualified), quote!(call)),
    };
    quote! {
        impl Client {
            #docs
            #deprecated
            pub fn #name(&self, #(#args),*) -> Call<'_, #output> {
                let request = Request::new(Method::#method) #(#chain)*;
                self.#call(request)
            }
        }
    }
}

/// `.path("/api/items/").path_param("item_id", item_id)`: literals as they are, each
/// parameter percent-encoded as one segment.
fn path_chain(op: &Operation) -> Vec<TokenStream> {
    op.path_template
        .iter()
        .map(|part| match part {
            PathPart::Literal(text) => quote!(.path(#text)),
            PathPart::Param(index) => {
                let param = &op.params[*index];
                let wire_name = &param.wire_name;
                let arg = ident(&param.rust_name);
                quote!(.path_param(#wire_name, #arg))
            }
        })
        .collect()
}

/// The builder step that adds a query or header parameter; path parameters are already
/// in the path.
fn param_step(param: &Param) -> Option<TokenStream> {
    let wire_name = &param.wire_name;
    let name = ident(&param.rust_name);
    let list = matches!(param.ty, TypeRef::List(_));
    let explode = param.explode;
    let (method, list_method) = match param.location {
        ParamLocation::Path => return None,
        ParamLocation::Query => ("query", Some("query_list")),
        ParamLocation::Header => ("header", None),
    };
    let step = match (param.required, list_method.filter(|_| list)) {
        (true, Some(list_method)) => {
            let list_method = format_ident!("{list_method}");
            quote!(.#list_method(#wire_name, #name, #explode))
        }
        (false, Some(list_method)) => {
            let list_method = format_ident!("{list_method}_opt");
            quote!(.#list_method(#wire_name, params.#name.as_deref(), #explode))
        }
        (true, None) => {
            let method = format_ident!("{method}");
            let value = if is_display(&param.ty) {
                quote!(#name)
            } else {
                quote!(codec::json_text(#name))
            };
            quote!(.#method(#wire_name, #value))
        }
        (false, None) => {
            let method = format_ident!("{method}_opt");
            let value = if is_display(&param.ty) {
                quote!(params.#name.as_ref())
            } else {
                quote!(params.#name.as_ref().map(codec::json_text).as_deref())
            };
            quote!(.#method(#wire_name, #value))
        }
    };
    Some(step)
}

/// Required parameters are arguments: strings by reference, scalars by value.
fn argument_type(api: &Api, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(&str),
        TypeRef::Integer(_)
        | TypeRef::Number
        | TypeRef::Boolean
        | TypeRef::DateTime
        | TypeRef::Date => rust_type(api, ty, ModelPath::Qualified),
        TypeRef::List(inner) => {
            let inner = rust_type(api, inner, ModelPath::Qualified);
            quote!(&[#inner])
        }
        TypeRef::Named(_) | TypeRef::Json | TypeRef::Map(_) | TypeRef::Nullable(_) => {
            let ty = rust_type(api, ty, ModelPath::Qualified);
            quote!(&#ty)
        }
    }
}

/// Types whose `Display` is their wire form (generated enums print their wire value).
fn is_display(ty: &TypeRef) -> bool {
    matches!(
        ty,
        TypeRef::String
            | TypeRef::Integer(_)
            | TypeRef::Number
            | TypeRef::Boolean
            | TypeRef::DateTime
            | TypeRef::Date
            | TypeRef::Named(_)
    )
}
