//! `src/operations/`: one file per tag, each an `impl Client` block with one method per
//! operation (its arguments and request steps from `request.rs`), and per operation the
//! marker type of its `Call` with the setters of its optional parameters, and its error
//! enum (`errors.rs`).

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;
use syn::parse_quote;

use super::credentials;
use super::docs;
use super::errors;
use super::paging;
use super::request::{argument_type, arguments, body_step, chain, param_step, path_chain, Step};
use super::syntax::{deprecated, doc, items, list_attribute, method_call, path_expr, Holes};
use super::types::{
    cfg_attribute, cfg_text, ident, parse_attribute, path_type, syn_type, ModelPath,
};
use super::EmittedFile;
use crate::format::{self, Layout};
use crate::ir::{Api, Docs, Gate, Operation, ParamLocation, SuccessResponse, TypeRef};
use crate::rust_types::RustType;

thread_local! {
    static MARKER: syn::ItemEnum = parse_quote!(pub enum __Name {});
    static CLIENT: syn::ItemImpl = parse_quote!(impl Client {});
    static NEW_REQUEST: syn::Expr =
        parse_quote!(Request::new("__operation", Method::__METHOD, "__template"));
    static METHOD: syn::ImplItemFn = parse_quote! {
        pub fn __name(&self, __args: ()) -> Call<'_, __Response, __Marker> {
            let request = __request;
            self.__call(request)
        }
    };
    static ALIAS: syn::ImplItemFn = parse_quote! {
        pub fn __old(&self, __args: ()) -> Call<'_, __Response, __Marker> {
            __forward
        }
    };
    static ARGUMENT: syn::FnArg = parse_quote!(__name: __Type);
    static SETTERS: syn::ItemImpl = parse_quote!(impl<T> Call<'_, T, __Marker> {});
    static SETTER: syn::ImplItemFn = parse_quote! {
        pub fn __setter(self, __name: __Type) -> Self {
            self.param("__wire", |request| __step)
        }
    };
}

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

fn module_file(api: &Api, ops: &[&Operation], lib_name: &str) -> syn::Result<format::RustFile> {
    // The module is compiled when one of its operations is; an operation (or the
    // `models` import) that needs more than that carries its own `cfg`.
    let module_gates = Gate::simplest(ops.iter().map(|op| &op.gate));
    let covered = |gates: &[Gate]| {
        module_gates
            .iter()
            .all(|outer| gates.iter().any(|inner| outer.implies(inner)))
    };
    let narrower = |gates: &[Gate]| {
        if covered(gates) {
            Ok(None)
        } else {
            cfg_attribute(gates)
        }
    };
    // Each operation's own `cfg`, where the module's is not enough, in `ops`' order, as
    // text (for the error enums) and as an attribute.
    let op_cfg_texts: Vec<Option<String>> = ops
        .iter()
        .map(|op| {
            let gates = std::slice::from_ref(&op.gate);
            cfg_text(gates, Layout::Prettyplease).filter(|_| !covered(gates))
        })
        .collect();
    let op_cfgs: Vec<Option<syn::Attribute>> = op_cfg_texts
        .iter()
        .map(|text| parse_attribute(text.as_deref()))
        .collect::<syn::Result<_>>()?;
    // The operation `api.method_aliases` renames `name` to, if it is in this module.
    let renamed = |name: &str| {
        ops.iter()
            .zip(&op_cfgs)
            .find(|(op, _)| op.rust_name == name)
    };
    let model_gates: Vec<Gate> = ops
        .iter()
        .filter(|op| mentions_models(op))
        .map(|op| op.gate.clone())
        .collect();
    let imports = match (model_gates.is_empty(), narrower(&model_gates)?) {
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
    let paginated_gates: Vec<Gate> = ops
        .iter()
        .filter(|op| op.pagination.is_some())
        .map(|op| op.gate.clone())
        .collect();
    let paging_imports = match paginated_gates.is_empty() {
        true => None,
        false => {
            let cfg = narrower(&paginated_gates)?;
            Some(quote!(
                #cfg
                use crate::runtime::paging::{Items, Pages, Pagination, Paging};
            ))
        }
    };
    let security_gates: Vec<Gate> = ops
        .iter()
        .filter(|op| credentials::names_schemes(api, op))
        .map(|op| op.gate.clone())
        .collect();
    let security_import = match security_gates.is_empty() {
        true => None,
        false => {
            let cfg = narrower(&security_gates)?;
            Some(quote!(#cfg use crate::credentials::{self, Need};))
        }
    };
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
    })?;
    // Each operation's part of the file behind its own `cfg`.
    let gate = |attrs: &mut Vec<syn::Attribute>, cfg: &Option<syn::Attribute>| {
        attrs.splice(0..0, cfg.iter().cloned());
    };
    for (op, cfg) in ops.iter().zip(&op_cfgs) {
        let mut marker = marker(op);
        gate(&mut marker.attrs, cfg);
        file.items.push(syn::Item::Enum(marker));
    }
    let mut client: syn::ItemImpl = Holes::new().fill(&CLIENT);
    for (op, cfg) in ops.iter().zip(&op_cfgs) {
        let mut method = method(api, op)?;
        gate(&mut method.attrs, cfg);
        client.items.push(syn::ImplItem::Fn(method));
    }
    for (old, new) in &api.method_aliases {
        if let Some((op, cfg)) = renamed(new) {
            let mut alias = alias(api, op, old);
            gate(&mut alias.attrs, cfg);
            client.items.push(syn::ImplItem::Fn(alias));
        }
    }
    file.items.push(syn::Item::Impl(client));
    for (op, cfg) in ops.iter().zip(&op_cfgs) {
        if op.has_optional_params() {
            let mut setters = param_setters(api, op);
            gate(&mut setters.attrs, cfg);
            file.items.push(syn::Item::Impl(setters));
        }
    }
    let streams = ops.iter().zip(&op_cfgs).filter_map(|(op, cfg)| {
        let pagination = op.pagination.as_ref()?;
        let streams = paging::streams(api, op, pagination, lib_name);
        Some(quote!(#cfg #streams))
    });
    file.items.extend(items(quote!(#(#streams)*))?);
    let mut file: format::RustFile = file.into();
    for (op, cfg) in ops.iter().zip(&op_cfg_texts) {
        file.items
            .extend(errors::error_enum(api, op, cfg.as_deref())?);
    }
    let error_aliases = api.method_aliases.iter().filter_map(|(old, new)| {
        let (op, cfg) = renamed(new)?;
        let alias = error_enum_alias(op, old)?;
        Some(quote!(#cfg #alias))
    });
    let error_aliases = items(quote!(#(#error_aliases)*))?;
    file.items
        .extend(error_aliases.into_iter().map(format::Item::from));
    Ok(file)
}

/// The type that tells one operation's `Call` from another's: it carries the setters of
/// the operation's optional parameters. Uninhabited: it only ever appears as a type.
fn marker(op: &Operation) -> syn::ItemEnum {
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
    let mut marker: syn::ItemEnum = Holes::new().ident("__Name", &op.call_marker).fill(&MARKER);
    marker.attrs = docs::line_attributes(&docs::wrapped(&[doc]));
    marker
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

fn method(api: &Api, op: &Operation) -> syn::Result<syn::ImplItemFn> {
    let route = format!("`{} {}`", op.method.as_str(), op.path);
    let mut extra = vec![route];
    extra.extend(error_docs(api, op));
    let Signature {
        args,
        response,
        allow_complex,
        ..
    } = signature(api, op);

    let mut steps = path_chain(api, op);
    if op.security != api.security.default {
        let indices = credentials::index_names(&api.security);
        let requirement = credentials::requirement(&api.security, &op.security, &indices, true);
        steps.push(Step::security(syn::parse2(requirement)?));
    }
    steps.extend(
        op.params
            .iter()
            .filter(|param| param.required)
            .filter_map(|param| param_step(api, param)),
    );
    steps.extend(op.body.as_ref().map(|body| body_step(api, body)));
    let request = Holes::new()
        .string("__operation", op.rust_name.trim_start_matches("r#"))
        .ident("__METHOD", op.method.as_str())
        .string("__template", &op.path)
        .fill(&NEW_REQUEST);
    let call = match &op.response {
        SuccessResponse::Empty => "call_empty",
        SuccessResponse::Json(_) => "call",
        SuccessResponse::Bytes => "call_bytes",
        SuccessResponse::Text => "call_text",
    };
    let mut method: syn::ImplItemFn = Holes::new()
        .ident("__name", &op.rust_name)
        .args("__args", args)
        .ty("__Response", response)
        .ident("__Marker", &op.call_marker)
        .expr("__request", chain(request, steps))
        .ident("__call", call)
        .fill(&METHOD);
    method.attrs = docs::attributes(&op.docs, &extra);
    method.attrs.extend(op.deprecated.then(deprecated));
    method.attrs.extend(allow_complex);
    Ok(method)
}

/// An operation's old name, kept for a release (the names file's `[operation_aliases]`):
/// the same method under the old name, deprecated.
fn alias(api: &Api, op: &Operation, old: &str) -> syn::ImplItemFn {
    let Signature {
        args,
        response,
        forwarded,
        allow_complex,
    } = signature(api, op);
    let new_name = op.rust_name.trim_start_matches("r#");
    let note = format!("renamed to `{new_name}`");
    let forward = method_call(path_expr(&["self"]), &op.rust_name, forwarded);
    let mut alias: syn::ImplItemFn = Holes::new()
        .ident("__old", old)
        .args("__args", args)
        .ty("__Response", response)
        .ident("__Marker", &op.call_marker)
        .expr("__forward", forward)
        .fill(&ALIAS);
    alias.attrs = vec![
        doc(&format!(" The old name of [`Client::{new_name}`].")),
        list_attribute("deprecated", quote!(note = #note)),
    ];
    alias.attrs.extend(allow_complex);
    alias
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
    args: Vec<syn::FnArg>,
    /// The type its `Call` gives on success.
    response: syn::Type,
    /// `#[allow(clippy::type_complexity)]` where the call's type nests the spec's
    /// response type deeply (`Call<'_, Vec<BTreeMap<String, Value>>, _>`): it is the
    /// spec's type, spelled out once.
    allow_complex: Option<syn::Attribute>,
    /// The arguments, to pass them on.
    forwarded: Vec<syn::Expr>,
}

/// Required parameters in spec order, then the body; the `Call` of the operation.
fn signature(api: &Api, op: &Operation) -> Signature {
    let (args, forwarded) = arguments(api, op)
        .into_iter()
        .map(|(name, ty)| {
            let arg = Holes::new()
                .ident("__name", &name)
                .ty("__Type", ty)
                .fill(&ARGUMENT);
            (arg, path_expr(&[&name]))
        })
        .unzip();
    let (response, nesting) = match &op.response {
        SuccessResponse::Empty => (unit(), 0),
        SuccessResponse::Json(ty) => {
            let ty = RustType::of(api, ty);
            (syn_type(&ty, ModelPath::Qualified), ty.nesting())
        }
        SuccessResponse::Bytes => (path_type(&["Vec"], vec![path_type(&["u8"], Vec::new())]), 0),
        SuccessResponse::Text => (path_type(&["String"], Vec::new()), 0),
    };
    Signature {
        args,
        response,
        forwarded,
        allow_complex: (nesting >= 2)
            .then(|| list_attribute("allow", quote!(clippy::type_complexity))),
    }
}

/// `()`.
fn unit() -> syn::Type {
    syn::Type::Tuple(syn::TypeTuple {
        paren_token: Default::default(),
        elems: Default::default(),
    })
}

/// One `with_` method per optional parameter on the operation's `Call`. Setting one twice
/// keeps the last value.
fn param_setters(api: &Api, op: &Operation) -> syn::ItemImpl {
    let mut setters: syn::ItemImpl = Holes::new()
        .ident("__Marker", &op.call_marker)
        .fill(&SETTERS);
    for param in op.params.iter().filter(|p| !p.required) {
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
        let step = chain(path_expr(&["request"]), param_step(api, param));
        let mut setter: syn::ImplItemFn = Holes::new()
            .ident("__setter", &param.setter)
            .ident("__name", &param.rust_name)
            .ty("__Type", argument_type(api, &param.ty))
            .string("__wire", &param.wire_name)
            .expr("__step", step)
            .fill(&SETTER);
        setter.attrs = docs::attributes(&what, &[]);
        setter.attrs.extend(param.deprecated.then(deprecated));
        setters.items.push(syn::ImplItem::Fn(setter));
    }
    setters
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
