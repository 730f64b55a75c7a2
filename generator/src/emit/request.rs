//! An operation's request: the arguments its method takes (required parameters, then the
//! body) and the steps that put each on the runtime's `Request` (path segments, query and
//! header parameters, the body in its encoding). The operations emitter writes the
//! methods and setters; the paging emitter forwards the same arguments.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::types::{ident, rust_type, ModelPath};
use crate::ir::{
    Api, Body, BodyEncoding, Operation, Param, ParamLocation, ParamStyle, PathPart, TypeKind,
    TypeRef,
};

/// A method's arguments, as names and types: required parameters in spec order, then the
/// body.
pub(super) fn arguments(api: &Api, op: &Operation) -> Vec<(String, TokenStream)> {
    op.params
        .iter()
        .filter(|p| p.required)
        .map(|p| (p.rust_name.clone(), argument_type(api, &p.ty)))
        .chain(
            op.body
                .as_ref()
                .map(|body| ("body".to_owned(), body_argument(api, body))),
        )
        .collect()
}

/// `.path("/api/items/").path_param("item_id", item_id)`: literals as they are, each
/// parameter percent-encoded as one segment.
pub(super) fn path_chain(api: &Api, op: &Operation) -> Vec<TokenStream> {
    op.path_template
        .iter()
        .map(|part| match part {
            PathPart::Literal(text) => quote!(.path(#text)),
            PathPart::Param(index) => {
                let Some(param) = op.params.get(*index) else {
                    return quote!();
                };
                let wire_name = &param.wire_name;
                let arg = ident(&param.rust_name);
                let value = if is_display(api, &param.ty) {
                    quote!(#arg)
                } else {
                    quote!(crate::runtime::codec::json_text(#arg))
                };
                quote!(.path_param(#wire_name, #value))
            }
        })
        .collect()
}

/// The request step that adds a query or header parameter from the argument of the same
/// name; path parameters are already in the path.
pub(super) fn param_step(api: &Api, param: &Param) -> Option<TokenStream> {
    let wire_name = &param.wire_name;
    let value = ident(&param.rust_name);
    let list_element_display = matches!(&param.ty, TypeRef::List(inner) if is_display(api, inner));
    let step = match (param.location, param.style) {
        (ParamLocation::Path, _) => return None,
        (ParamLocation::Query, ParamStyle::DeepObject) => {
            quote!(.query_deep_object(#wire_name, #value))
        }
        (ParamLocation::Query, ParamStyle::Form { explode }) if list_element_display => {
            quote!(.query_list(#wire_name, #value, #explode))
        }
        (location, _) => {
            let method = match location {
                ParamLocation::Header => quote!(header),
                ParamLocation::Query | ParamLocation::Path => quote!(query),
            };
            // Objects and arrays of objects travel as JSON text.
            let value = if is_display(api, &param.ty) {
                quote!(#value)
            } else {
                quote!(crate::runtime::codec::json_text(#value))
            };
            quote!(.#method(#wire_name, #value))
        }
    };
    Some(step)
}

/// The type of the `body` argument.
fn body_argument(api: &Api, body: &Body) -> TokenStream {
    match body.encoding {
        BodyEncoding::Binary => quote!(&[u8]),
        BodyEncoding::Text => quote!(&str),
        // An upload without its parts means nothing: multipart bodies are always taken.
        BodyEncoding::Multipart => {
            let ty = rust_type(api, &body.ty, ModelPath::Qualified);
            quote!(&#ty)
        }
        BodyEncoding::Json | BodyEncoding::Form => {
            let ty = rust_type(api, &body.ty, ModelPath::Qualified);
            if body.required {
                quote!(&#ty)
            } else {
                quote!(Option<&#ty>)
            }
        }
    }
}

pub(super) fn body_step(api: &Api, body: &Body) -> TokenStream {
    let media_type = &body.media_type;
    match (body.encoding, body.required) {
        (BodyEncoding::Json, true) => quote!(.json(body)),
        (BodyEncoding::Json, false) => quote!(.json_opt(body)),
        (BodyEncoding::Form, true) => quote!(.form(body)),
        (BodyEncoding::Form, false) => quote!(.form_opt(body)),
        (BodyEncoding::Binary, _) => quote!(.raw(#media_type, body)),
        (BodyEncoding::Text, _) => quote!(.raw(#media_type, body.as_bytes())),
        (BodyEncoding::Multipart, _) => {
            let parts = multipart_parts(api, &body.ty);
            quote!(.multipart(crate::runtime::multipart::Multipart::new() #(#parts)*))
        }
    }
}

/// One part per property of the body struct: files for `format: binary`, text for
/// scalars, JSON for the rest. A body the spec gives no properties for is sent field by
/// field as it serializes.
fn multipart_parts(api: &Api, ty: &TypeRef) -> Vec<TokenStream> {
    let TypeRef::Named(id) = ty else {
        return vec![quote!(.fields(body))];
    };
    let def = api.type_def(*id);
    let TypeKind::Struct(s) = &def.kind else {
        return vec![quote!(.fields(body))];
    };
    s.fields
        .iter()
        .map(|field| {
            let wire_name = &field.wire_name;
            let member = ident(&field.rust_name);
            let optional = !field.required || field.nullable;
            let (method, element_is_list) = match &field.ty {
                TypeRef::Binary => ("file", false),
                TypeRef::List(inner) if **inner == TypeRef::Binary => ("files", true),
                TypeRef::List(inner) if is_display(api, inner) => ("texts", true),
                ty if is_display(api, ty) => ("text", false),
                _ => ("json", false),
            };
            // `Option<&T>` for the `_opt` methods; lists as `Option<&[T]>`.
            let option = if element_is_list {
                quote!(body.#member.as_deref())
            } else {
                quote!(body.#member.as_ref())
            };
            if optional {
                let method = format_ident!("{method}_opt");
                quote!(.#method(#wire_name, #option))
            } else {
                let method = format_ident!("{method}");
                quote!(.#method(#wire_name, &body.#member))
            }
        })
        .collect()
}

/// Required parameters are arguments: strings by reference, scalars by value.
pub(super) fn argument_type(api: &Api, ty: &TypeRef) -> TokenStream {
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
        TypeRef::Named(_)
        | TypeRef::Json
        | TypeRef::Map(_)
        | TypeRef::Nullable(_)
        | TypeRef::Binary => {
            let ty = rust_type(api, ty, ModelPath::Qualified);
            quote!(&#ty)
        }
    }
}

/// Types whose `Display` is their wire form (generated enums print their wire value).
fn is_display(api: &Api, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::String
        | TypeRef::Integer(_)
        | TypeRef::Number
        | TypeRef::Boolean
        | TypeRef::DateTime
        | TypeRef::Date => true,
        TypeRef::Named(id) => match &api.type_def(*id).kind {
            TypeKind::Enum(_) => true,
            TypeKind::Alias(target) => is_display(api, target),
            TypeKind::Struct(_) | TypeKind::Union(_) => false,
        },
        TypeRef::Json
        | TypeRef::Binary
        | TypeRef::List(_)
        | TypeRef::Map(_)
        | TypeRef::Nullable(_) => false,
    }
}
