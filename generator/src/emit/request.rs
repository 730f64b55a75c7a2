//! An operation's request: the arguments its method takes (required parameters, then the
//! body) and the steps that put each on the runtime's `Request` (path segments, query and
//! header parameters, the body in its encoding). The operations emitter writes the
//! methods and setters; the paging emitter forwards the same arguments. Built as syntax
//! trees: every operation has a request, so parsing them was a good part of emission.

use super::syntax::{boolean, call, field, method_call, path_expr, reference, string};
use super::types::{path_type, reference_type, slice_type, syn_type, ModelPath};
use crate::ir::{
    Api, Body, BodyEncoding, Operation, Param, ParamLocation, ParamStyle, PathPart, TypeKind,
    TypeRef,
};
use crate::rust_types::RustType;

/// One call on a `Request` (or a multipart form): `.query("limit", limit)`.
pub(super) struct Step {
    method: &'static str,
    args: Vec<syn::Expr>,
}

impl Step {
    /// `.security(requirement)`: an operation's own credentials, where they are not the
    /// API's.
    pub(super) fn security(requirement: syn::Expr) -> Step {
        Step {
            method: "security",
            args: vec![requirement],
        }
    }
}

/// `receiver` with `steps` called on it in turn.
pub(super) fn chain(receiver: syn::Expr, steps: impl IntoIterator<Item = Step>) -> syn::Expr {
    steps.into_iter().fold(receiver, |receiver, step| {
        method_call(receiver, step.method, step.args)
    })
}

/// A method's arguments, as names and types: required parameters in spec order, then the
/// body.
pub(super) fn arguments(api: &Api, op: &Operation) -> Vec<(String, syn::Type)> {
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
pub(super) fn path_chain(api: &Api, op: &Operation) -> Vec<Step> {
    op.path_template
        .iter()
        .filter_map(|part| match part {
            PathPart::Literal(text) => Some(Step {
                method: "path",
                args: vec![string(text)],
            }),
            PathPart::Param(index) => {
                let param = op.params.get(*index)?;
                Some(Step {
                    method: "path_param",
                    args: vec![string(&param.wire_name), wire_value(api, param)],
                })
            }
        })
        .collect()
}

/// The argument of the same name as the parameter, as it goes on the wire: as it displays,
/// or as JSON text (objects and arrays of objects).
fn wire_value(api: &Api, param: &Param) -> syn::Expr {
    let value = path_expr(&[&param.rust_name]);
    if is_display(api, &param.ty) {
        value
    } else {
        call(&["crate", "runtime", "codec", "json_text"], vec![value])
    }
}

/// The request step that adds a query or header parameter from the argument of the same
/// name; path parameters are already in the path.
pub(super) fn param_step(api: &Api, param: &Param) -> Option<Step> {
    let wire_name = string(&param.wire_name);
    let value = || path_expr(&[&param.rust_name]);
    let list_element_display = matches!(&param.ty, TypeRef::List(inner) if is_display(api, inner));
    let step = match (param.location, param.style) {
        (ParamLocation::Path, _) => return None,
        (ParamLocation::Query, ParamStyle::DeepObject) => Step {
            method: "query_deep_object",
            args: vec![wire_name, value()],
        },
        (ParamLocation::Query, ParamStyle::Form { explode }) if list_element_display => Step {
            method: "query_list",
            args: vec![wire_name, value(), boolean(explode)],
        },
        (location, _) => Step {
            method: match location {
                ParamLocation::Header => "header",
                ParamLocation::Query | ParamLocation::Path => "query",
            },
            args: vec![wire_name, wire_value(api, param)],
        },
    };
    Some(step)
}

/// The type of the `body` argument.
fn body_argument(api: &Api, body: &Body) -> syn::Type {
    let ty = || syn_type(&RustType::of(api, &body.ty), ModelPath::Qualified);
    match body.encoding {
        BodyEncoding::Binary => reference_type(slice_type(path_type(&["u8"], Vec::new()))),
        BodyEncoding::Text => reference_type(path_type(&["str"], Vec::new())),
        // An upload without its parts means nothing: multipart bodies are always taken.
        BodyEncoding::Multipart => reference_type(ty()),
        BodyEncoding::Json | BodyEncoding::Form => match body.required {
            true => reference_type(ty()),
            false => path_type(&["Option"], vec![reference_type(ty())]),
        },
    }
}

pub(super) fn body_step(api: &Api, body: &Body) -> Step {
    let body_arg = || path_expr(&["body"]);
    let (method, args) = match (body.encoding, body.required) {
        (BodyEncoding::Json, true) => ("json", vec![body_arg()]),
        (BodyEncoding::Json, false) => ("json_opt", vec![body_arg()]),
        (BodyEncoding::Form, true) => ("form", vec![body_arg()]),
        (BodyEncoding::Form, false) => ("form_opt", vec![body_arg()]),
        (BodyEncoding::Binary, _) => ("raw", vec![string(&body.media_type), body_arg()]),
        (BodyEncoding::Text, _) => (
            "raw",
            vec![
                string(&body.media_type),
                method_call(body_arg(), "as_bytes", Vec::new()),
            ],
        ),
        (BodyEncoding::Multipart, _) => {
            let form = call(
                &["crate", "runtime", "multipart", "Multipart", "new"],
                Vec::new(),
            );
            (
                "multipart",
                vec![chain(form, multipart_parts(api, &body.ty))],
            )
        }
    };
    Step { method, args }
}

/// One part per property of the body struct: files for `format: binary`, text for
/// scalars, JSON for the rest. A body the spec gives no properties for is sent field by
/// field as it serializes.
fn multipart_parts(api: &Api, ty: &TypeRef) -> Vec<Step> {
    let whole = || {
        vec![Step {
            method: "fields",
            args: vec![path_expr(&["body"])],
        }]
    };
    let TypeRef::Named(id) = ty else {
        return whole();
    };
    let def = api.type_def(*id);
    let TypeKind::Struct(s) = &def.kind else {
        return whole();
    };
    s.fields
        .iter()
        .map(|body_field| {
            let member = || field(path_expr(&["body"]), &body_field.rust_name);
            let optional = !body_field.required || body_field.nullable;
            // The method for a value, and for an `Option` of one.
            let ((method, optional_method), element_is_list) = match &body_field.ty {
                TypeRef::Binary => (("file", "file_opt"), false),
                TypeRef::List(inner) if **inner == TypeRef::Binary => {
                    (("files", "files_opt"), true)
                }
                TypeRef::List(inner) if is_display(api, inner) => (("texts", "texts_opt"), true),
                ty if is_display(api, ty) => (("text", "text_opt"), false),
                _ => (("json", "json_opt"), false),
            };
            let wire_name = string(&body_field.wire_name);
            if optional {
                // `Option<&T>` for the `_opt` methods; lists as `Option<&[T]>`.
                let borrow = if element_is_list {
                    "as_deref"
                } else {
                    "as_ref"
                };
                Step {
                    method: optional_method,
                    args: vec![wire_name, method_call(member(), borrow, Vec::new())],
                }
            } else {
                Step {
                    method,
                    args: vec![wire_name, reference(member())],
                }
            }
        })
        .collect()
}

/// Required parameters are arguments: strings by reference, scalars by value.
pub(super) fn argument_type(api: &Api, ty: &TypeRef) -> syn::Type {
    let rust_type = |ty: &TypeRef| syn_type(&RustType::of(api, ty), ModelPath::Qualified);
    match ty {
        TypeRef::String => reference_type(path_type(&["str"], Vec::new())),
        TypeRef::Integer(_)
        | TypeRef::Number
        | TypeRef::Boolean
        | TypeRef::DateTime
        | TypeRef::Date => rust_type(ty),
        TypeRef::List(inner) => reference_type(slice_type(rust_type(inner))),
        TypeRef::Named(_)
        | TypeRef::Json
        | TypeRef::Map(_)
        | TypeRef::Nullable(_)
        | TypeRef::Binary => reference_type(rust_type(ty)),
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
