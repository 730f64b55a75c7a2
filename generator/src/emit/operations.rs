//! `src/operations/`: one file per tag, each an `impl Client` block with one async method
//! per operation, and the `<Name>Params` structs for optional parameters.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs;
use super::types::{ident, rust_type, ModelPath};
use super::{Artifact, EmittedFile};
use crate::ir::{Api, Method, Operation, Param, ParamLocation, PathPart, SuccessResponse, TypeRef};

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
    let uses_codec = ops
        .iter()
        .any(|op| op.params_in(ParamLocation::Path).next().is_some());
    let mut crate_items = Vec::new();
    if uses_codec {
        crate_items.push(quote!(codec));
    }
    if uses_models {
        crate_items.push(quote!(models));
    }
    crate_items.extend([quote!(Client), quote!(Error)]);
    let params_structs = ops
        .iter()
        .filter(|op| op.has_optional_params())
        .map(|op| params_struct(api, op));
    let methods = ops.iter().map(|op| method(api, op));
    quote! {
        use reqwest::Method;

        use crate::client::Request;
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
    let required = op.params.iter().filter(|p| p.required);
    for param in required.clone() {
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

    let (segments, path) = path_expression(op);
    let method = method_token(op.method);
    let mut steps = Vec::new();
    if !op.authenticated {
        steps.push(quote!(let request = request.without_auth();));
    }
    for param in required {
        let arg = ident(&param.rust_name);
        if let Some(add) = add_param(param, quote!(#arg)) {
            steps.push(quote!(let request = #add;));
        }
    }
    for param in op.params.iter().filter(|p| !p.required) {
        let field = ident(&param.rust_name);
        if let Some(add) = add_param(param, quote!(value)) {
            steps.push(quote! {
                let request = match &params.#field {
                    Some(value) => #add,
                    None => request,
                };
            });
        }
    }
    match &op.body {
        Some(body) if body.required => steps.push(quote!(let request = request.json(body)?;)),
        Some(_) => steps.push(quote! {
            let request = match body {
                Some(body) => request.json(body)?,
                None => request,
            };
        }),
        None => {}
    }
    let (output, execute) = match &op.response {
        SuccessResponse::Empty => (quote!(()), quote!(self.execute_empty(request).await)),
        SuccessResponse::Json(ty) => (
            rust_type(api, ty, ModelPath::Qualified),
            quote!(self.execute(request).await),
        ),
    };
    quote! {
        impl Client {
            #docs
            #deprecated
            pub async fn #name(&self, #(#args),*) -> Result<#output, Error> {
                #(#segments)*
                let request = Request::new(Method::#method, #path);
                #(#steps)*
                #execute
            }
        }
    }
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

/// The expression that adds parameter `value` to `request`; `None` for path parameters,
/// which are already in the path.
fn add_param(param: &Param, value: TokenStream) -> Option<TokenStream> {
    let wire_name = &param.wire_name;
    let as_json = quote!(serde_json::to_string(#value).map_err(Error::Encode)?);
    Some(match (param.location, &param.ty) {
        (ParamLocation::Path, _) => return None,
        (ParamLocation::Query, TypeRef::List(_)) => {
            let explode = param.explode;
            quote!(request.query_list(#wire_name, #value, #explode))
        }
        (ParamLocation::Query, ty) if is_display(ty) => quote!(request.query(#wire_name, #value)),
        (ParamLocation::Query, _) => quote!(request.query(#wire_name, #as_json)),
        (ParamLocation::Header, ty) if is_display(ty) => quote!(request.header(#wire_name, #value)),
        (ParamLocation::Header, _) => quote!(request.header(#wire_name, #as_json)),
    })
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

/// The statements that percent-encode each path parameter, and the path expression:
/// `format!("/api/items/{item_id}")`, or a plain string when there are no parameters.
fn path_expression(op: &Operation) -> (Vec<TokenStream>, TokenStream) {
    let mut template = String::new();
    let mut segments = Vec::new();
    for part in &op.path_template {
        match part {
            PathPart::Literal(text) => {
                template.push_str(&text.replace('{', "{{").replace('}', "}}"))
            }
            PathPart::Param(index) => {
                let param = &op.params[*index];
                let wire_name = &param.wire_name;
                let arg = ident(&param.rust_name);
                // Format strings cannot capture raw identifiers such as `r#type`.
                let binding = match param.rust_name.strip_prefix("r#") {
                    Some(raw) => format!("{raw}_segment"),
                    None => param.rust_name.clone(),
                };
                let binding_ident = ident(&binding);
                let text = match param.ty {
                    TypeRef::String => quote!(#arg),
                    _ => quote!(&#arg.to_string()),
                };
                segments
                    .push(quote!(let #binding_ident = codec::path_segment(#wire_name, #text)?;));
                template.push_str(&format!("{{{binding}}}"));
            }
        }
    }
    if segments.is_empty() {
        let literal = template.replace("{{", "{").replace("}}", "}");
        (segments, quote!(#literal.to_owned()))
    } else {
        (segments, quote!(format!(#template)))
    }
}

fn method_token(method: Method) -> proc_macro2::Ident {
    format_ident!("{}", method.as_str())
}
