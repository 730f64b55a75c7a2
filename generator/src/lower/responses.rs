//! Responses -> what a call returns (the first 2xx) and the error answers it declares
//! (every other status, with the type of its JSON body when it has a schema).

use std::borrow::Cow;

use openapiv3::{ReferenceOr, RequestBody, Response, StatusCode};

use super::media::{essence, is_json, is_text};
use super::schema::{self, Context};
use super::Lowerer;
use crate::diagnostics::Pointer;
use crate::ir::{Direction, ErrorResponse, SuccessResponse, TypeRef, Usage};
use crate::names;

/// Every non-2xx response (`default` last), each with the type of its JSON body when it
/// has a schema; inline bodies are named `<Operation>Error<Status>`.
pub(crate) fn lower_errors<'a>(
    lw: &mut Lowerer<'a>,
    responses: &'a openapiv3::Responses,
    ctx: &Context,
    method_link: &str,
) -> Vec<ErrorResponse> {
    let statuses = responses
        .responses
        .iter()
        .filter(|(status, _)| !matches!(status, StatusCode::Code(200..=299) | StatusCode::Range(2)))
        .map(|(status, response)| (status.to_string(), response))
        .chain(
            responses
                .default
                .iter()
                .map(|response| ("default".to_owned(), response)),
        );
    let mut errors = Vec::new();
    for (status, response) in statuses {
        let variant = variant_name(&status);
        // A shared response (`$ref: '#/components/responses/NotFound'`) is one type, named
        // after the component, however many operations use it.
        if let ReferenceOr::Reference { reference } = response {
            if let Some((ty, description)) = lw.shared_error_types.get(reference) {
                errors.push(ErrorResponse {
                    status,
                    variant,
                    ty: ty.clone(),
                    description: description.clone(),
                });
                continue;
            }
        }
        let pointer = ctx.pointer.join(&status);
        let Some(resolved) = lw.resolve_item(response, "a response", &pointer) else {
            continue;
        };
        let description = Some(resolved.description.clone()).filter(|d| !d.trim().is_empty());
        let json_schema = resolved
            .content
            .iter()
            .find(|(media, _)| is_json(media))
            .and_then(|(media, content)| Some((media, content.schema.as_ref()?)));
        let ty = json_schema.map(|(media_type, schema)| {
            let error_ctx = match response {
                ReferenceOr::Reference { reference } => {
                    let name = names::upper_camel(
                        reference.rsplit('/').next().unwrap_or_default(),
                        "Error",
                    );
                    Context {
                        module: lw.claim_module(&name),
                        name,
                        usage: Usage::Only(Direction::Response),
                        pointer: Pointer::from_ref(reference)
                            .unwrap_or_else(Pointer::root)
                            .join("content")
                            .join(media_type)
                            .join("schema"),
                        fallback_doc: description.clone(),
                    }
                }
                ReferenceOr::Item(_) => Context {
                    name: format!(
                        "{}Error{}",
                        ctx.name.trim_end_matches("Response"),
                        status_suffix(&status)
                    ),
                    pointer: pointer.join("content").join(media_type).join("schema"),
                    fallback_doc: Some(format!("The `{status}` error body of {method_link}.")),
                    ..ctx.clone()
                },
            };
            schema::lower_ref(lw, schema.into(), &error_ctx)
        });
        if let ReferenceOr::Reference { reference } = response {
            lw.shared_error_types
                .insert(reference.clone(), (ty.clone(), description.clone()));
        }
        errors.push(ErrorResponse {
            status,
            variant,
            ty,
            description,
        });
    }
    errors
}

/// The error enum's variant for a status: `Status404`, `Status4xx`, `Default`. Derived
/// from the status alone, so a variant's name never depends on the other responses.
fn variant_name(status: &str) -> String {
    if status.starts_with(|c: char| c.is_ascii_digit()) {
        let digits: String = status.chars().filter(char::is_ascii_alphanumeric).collect();
        format!("Status{}", digits.to_ascii_lowercase())
    } else {
        "Default".to_owned()
    }
}

/// `422` and `4XX` as they are, `default` as `Default`.
fn status_suffix(status: &str) -> String {
    if status.starts_with(|c: char| c.is_ascii_digit()) {
        status.chars().filter(char::is_ascii_alphanumeric).collect()
    } else {
        names::upper_camel(status, "Status")
    }
}

/// The first 2xx response decides what a call returns.
pub(crate) fn lower_success(
    lw: &mut Lowerer,
    responses: &openapiv3::Responses,
    ctx: Context,
) -> SuccessResponse {
    let mut success: Vec<(&StatusCode, &ReferenceOr<Response>)> = responses
        .responses
        .iter()
        .filter(|(status, _)| match status {
            StatusCode::Code(code) => (200..300).contains(code),
            StatusCode::Range(range) => *range == 2,
        })
        .collect();
    success.sort_by_key(|(status, _)| match status {
        StatusCode::Code(code) => *code,
        StatusCode::Range(_) => 299,
    });
    let Some((status, response)) = success.first() else {
        return SuccessResponse::Empty;
    };
    // 204 and 205 have no body by HTTP's definition (RFC 9110 15.3.5, 15.3.6), whatever
    // content the spec lists for them.
    if matches!(status, StatusCode::Code(204 | 205)) {
        return SuccessResponse::Empty;
    }
    let pointer = ctx.pointer.join(status);
    let response = match response {
        ReferenceOr::Item(response) => Cow::Borrowed(response),
        // Some specs point a response at a request body; its content is what counts.
        ReferenceOr::Reference { reference } => match lw.deserialize_at::<Response>(reference) {
            Some(response) => Cow::Owned(response),
            None => match lw.deserialize_at::<RequestBody>(reference) {
                Some(body) => Cow::Owned(Response {
                    content: body.content,
                    ..Response::default()
                }),
                None => {
                    lw.error(
                        &pointer,
                        format!("`$ref` target `{reference}` does not exist or is not a response"),
                    );
                    return SuccessResponse::Empty;
                }
            },
        },
    };
    if response.content.is_empty() {
        return SuccessResponse::Empty;
    }
    let Some((media_type, content)) = response.content.iter().find(|(media, _)| is_json(media))
    else {
        let text = response
            .content
            .keys()
            .all(|media| is_text(&essence(media)));
        return if text {
            SuccessResponse::Text
        } else {
            SuccessResponse::Bytes
        };
    };
    match &content.schema {
        Some(schema) => {
            let ctx = Context {
                pointer: pointer.join("content").join(media_type).join("schema"),
                ..ctx
            };
            SuccessResponse::Json(schema::lower_ref(lw, schema.into(), &ctx))
        }
        None => SuccessResponse::Json(TypeRef::Json),
    }
}
