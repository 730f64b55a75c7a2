//! Media types and request bodies: which media type of a body is used, how it is
//! encoded, and what `Content-Type` the client sends.

use openapiv3::{ReferenceOr, RequestBody};

use super::schema::{self, Context};
use super::Lowerer;
use crate::diagnostics::Pointer;
use crate::ir::{Body, BodyEncoding, TypeRef};

pub(crate) fn lower_body<'a>(
    lw: &mut Lowerer<'a>,
    body: &'a ReferenceOr<RequestBody>,
    ctx: Context,
    pointer: Pointer,
) -> Option<Body> {
    let body = lw.resolve_item(body, "a request body", &pointer)?;
    // JSON when offered; otherwise the first media type, in the spec's order.
    let chosen = body.content.iter().min_by_key(|(media, _)| !is_json(media));
    let Some((media_type, content)) = chosen else {
        lw.warning(
            &pointer,
            "request body declares no media type; the operation sends no body",
        );
        return None;
    };
    let encoding = body_encoding(media_type);
    let ty = match (encoding, &content.schema) {
        (BodyEncoding::Binary, _) => TypeRef::Binary,
        (BodyEncoding::Text, _) => TypeRef::String,
        (_, Some(schema)) => schema::lower_ref(lw, schema.into(), &ctx),
        (_, None) => TypeRef::Json,
    };
    Some(Body {
        ty,
        required: body.required,
        media_type: concrete_media_type(media_type, encoding),
        encoding,
        docs: super::docs(None, body.description.as_ref(), None),
    })
}

fn body_encoding(media_type: &str) -> BodyEncoding {
    let essence = essence(media_type);
    if is_json(&essence) {
        BodyEncoding::Json
    } else if essence == "application/x-www-form-urlencoded" {
        BodyEncoding::Form
    } else if essence.starts_with("multipart/") {
        BodyEncoding::Multipart
    } else if is_text(&essence) {
        BodyEncoding::Text
    } else {
        BodyEncoding::Binary
    }
}

/// What to send as `Content-Type`: wildcards (`image/*`, `*/*`) say nothing a server can use.
fn concrete_media_type(media_type: &str, encoding: BodyEncoding) -> String {
    let essence = essence(media_type);
    match encoding {
        BodyEncoding::Binary if essence.contains('*') => "application/octet-stream".to_owned(),
        BodyEncoding::Text if essence.contains('*') => "text/plain".to_owned(),
        BodyEncoding::Multipart => "multipart/form-data".to_owned(),
        _ => essence,
    }
}

pub(crate) fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

pub(crate) fn is_text(essence: &str) -> bool {
    essence.starts_with("text/") || essence == "application/xml" || essence.ends_with("+xml")
}

pub(crate) fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/json" || essence.ends_with("+json")
}
