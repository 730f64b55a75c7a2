//! Paths and operations -> `Operation`s.

use openapiv3::{
    Operation as SpecOperation, Parameter, ParameterData, ParameterSchemaOrContent, PathItem,
    QueryStyle, ReferenceOr, RequestBody, Response, StatusCode,
};

use std::borrow::Cow;

use super::names::{self, Namer};
use super::schema::{self, Context};
use super::Lowerer;
use crate::diagnostics::Pointer;
use crate::ir::{
    Body, BodyEncoding, Direction, Docs, ErrorResponse, Method, Operation, Param, ParamLocation,
    ParamStyle, PathPart, SuccessResponse, TypeRef, Usage,
};

/// Methods the runtime defines on `Client`; an operation may not take their names.
const CLIENT_METHODS: &[&str] = &["new", "builder", "base_url", "execute", "clone", "fmt"];

pub(crate) fn lower_operations(lw: &mut Lowerer) -> Vec<Operation> {
    let doc = lw.doc;
    let mut method_names = Namer::with_reserved(CLIENT_METHODS);
    let mut tag_modules: Vec<(String, String)> = Vec::new();
    let mut operations = Vec::new();
    let paths_pointer = Pointer::root().join("paths");
    for (path, item) in &doc.paths.paths {
        let path_pointer = paths_pointer.join(path);
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { reference } => {
                lw.warning(
                    &path_pointer,
                    format!("path item `$ref` `{reference}` is not supported; the path is skipped"),
                );
                continue;
            }
        };
        for (method, spec_op) in methods(item) {
            let pointer = path_pointer.join(method.as_str().to_ascii_lowercase());
            let rust_name = method_names.claim(&method_name(spec_op, method, path), "_");
            let tag = spec_op.tags.first().cloned();
            let module = tag_module(&mut tag_modules, tag.as_deref());
            let op = lower_operation(
                lw,
                OperationSite {
                    path,
                    item,
                    method,
                    spec_op,
                    pointer,
                    rust_name,
                    module,
                    tag,
                },
            );
            operations.push(op);
        }
    }
    operations
}

fn methods(item: &PathItem) -> Vec<(Method, &SpecOperation)> {
    [
        (Method::Get, &item.get),
        (Method::Put, &item.put),
        (Method::Post, &item.post),
        (Method::Delete, &item.delete),
        (Method::Options, &item.options),
        (Method::Head, &item.head),
        (Method::Patch, &item.patch),
        (Method::Trace, &item.trace),
    ]
    .into_iter()
    .filter_map(|(method, op)| op.as_ref().map(|op| (method, op)))
    .collect()
}

/// `operationId` if present; else the summary without articles; else method and path.
fn method_name(op: &SpecOperation, method: Method, path: &str) -> String {
    if let Some(id) = op
        .operation_id
        .as_deref()
        .filter(|id| !id.trim().is_empty())
    {
        return names::snake(id, "call");
    }
    if let Some(summary) = op.summary.as_deref() {
        let name = names::from_summary(summary);
        if name != "call" {
            return name;
        }
    }
    let words: Vec<String> = path
        .split('/')
        .filter(|segment| !segment.is_empty())
        .map(
            |segment| match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(param) => format!("by {param}"),
                None => segment.to_owned(),
            },
        )
        .collect();
    names::snake(
        &format!(
            "{} {}",
            method.as_str().to_ascii_lowercase(),
            words.join(" ")
        ),
        "call",
    )
}

/// One module per tag, in order of first appearance; untagged operations share one.
fn tag_module(modules: &mut Vec<(String, String)>, tag: Option<&str>) -> String {
    let tag = tag.unwrap_or("default");
    if let Some((_, module)) = modules.iter().find(|(t, _)| t == tag) {
        return module.clone();
    }
    let mut taken = Namer::with_reserved(&["mod"]);
    for (_, module) in modules.iter() {
        taken.claim(module, "");
    }
    let module = taken.claim(&names::module(tag), "_");
    modules.push((tag.to_owned(), module.clone()));
    module
}

struct OperationSite<'a> {
    path: &'a str,
    item: &'a PathItem,
    method: Method,
    spec_op: &'a SpecOperation,
    pointer: Pointer,
    rust_name: String,
    module: String,
    tag: Option<String>,
}

fn lower_operation<'a>(lw: &mut Lowerer<'a>, site: OperationSite<'a>) -> Operation {
    let SpecOperation {
        tags: _, // the first tag chose the module
        summary,
        description,
        external_docs: _, // not part of the generated API
        operation_id: _,  // chose the method name
        parameters,
        request_body,
        responses,
        callbacks: _, // callbacks are requests the server makes, not the client
        deprecated,
        security,
        servers: _, // the client has one base URL
        extensions: _,
    } = site.spec_op;
    let type_prefix = names::upper_camel(&site.rust_name, "Call");
    let inline_module = lw.claim_module(&site.rust_name);
    let method_link = format!(
        "[`Client::{0}`](crate::Client::{0})",
        site.rust_name.trim_start_matches("r#")
    );
    let request_ctx = |suffix: &str, pointer: Pointer| Context {
        name: format!("{type_prefix}{suffix}"),
        module: inline_module.clone(),
        usage: Usage::Only(Direction::Request),
        pointer,
        fallback_doc: Some(format!(
            "The {} of {method_link}.",
            if suffix == "Body" {
                "request body"
            } else {
                "parameter"
            }
        )),
    };

    let template = braced_template(site.path);
    let mut params = lower_params(lw, &site, parameters, &template, &request_ctx);
    params.retain(|param| {
        let in_template = template.contains(&format!("{{{}}}", param.wire_name));
        if param.location == ParamLocation::Path && !in_template {
            lw.warning(
                &site.pointer,
                format!(
                    "path parameter `{}` does not appear in the path `{}`; it is not sent",
                    param.wire_name, site.path
                ),
            );
        }
        param.location != ParamLocation::Path || in_template
    });
    let path_template = path_template(lw, &template, &params, &site.pointer);
    let body = request_body.as_ref().and_then(|body| {
        let pointer = site.pointer.join("requestBody");
        lower_body(lw, body, request_ctx("Body", pointer.clone()), pointer)
    });
    let response_ctx = Context {
        name: format!("{type_prefix}Response"),
        module: inline_module.clone(),
        usage: Usage::Only(Direction::Response),
        pointer: site.pointer.join("responses"),
        fallback_doc: Some(format!("The successful response of {method_link}.")),
    };
    let errors = lower_errors(lw, responses, &response_ctx, &method_link);
    let response = lower_success(lw, responses, response_ctx);
    if let Some(requirements) = security {
        lw.check_security_names(requirements, &site.pointer.join("security"));
    }
    let authenticated = match security {
        Some(requirements) => !requirements.is_empty(),
        None => true,
    };
    Operation {
        rust_name: site.rust_name,
        method: site.method,
        path: site.path.to_owned(),
        path_template,
        module: site.module,
        tag: site.tag,
        pointer: site.pointer.to_string(),
        docs: super::docs(summary.as_ref(), description.as_ref(), None),
        deprecated: *deprecated,
        params,
        body,
        response,
        errors,
        authenticated,
    }
}

fn lower_params<'a>(
    lw: &mut Lowerer<'a>,
    site: &OperationSite<'a>,
    operation_params: &'a [ReferenceOr<Parameter>],
    template: &str,
    ctx: &dyn Fn(&str, Pointer) -> Context,
) -> Vec<Param> {
    // Path-level parameters apply to every operation unless the operation redefines them.
    let path_level = site.item.parameters.iter().enumerate().map(|(i, p)| {
        (
            p,
            Pointer::root()
                .join("paths")
                .join(site.path)
                .join("parameters")
                .join(i),
        )
    });
    let op_level = operation_params
        .iter()
        .enumerate()
        .map(|(i, p)| (p, site.pointer.join("parameters").join(i)));
    let mut resolved: Vec<(Cow<'a, Parameter>, Pointer)> = Vec::new();
    for (param, pointer) in path_level.chain(op_level) {
        let Some(param) = lw.resolve_item(param, "a parameter", &pointer) else {
            continue;
        };
        let data = param.parameter_data_ref();
        resolved.retain(|(p, _)| {
            let other = p.parameter_data_ref();
            !(other.name == data.name
                && std::mem::discriminant(p.as_ref()) == std::mem::discriminant(param.as_ref()))
        });
        resolved.push((param, pointer));
    }
    let mut param_names = Namer::with_reserved(&["body", "params", "self_"]);
    let mut params: Vec<Param> = resolved
        .into_iter()
        .filter_map(|(param, pointer)| {
            let (location, style) = match param.as_ref() {
                Parameter::Path { .. } => (ParamLocation::Path, ParamStyle::Simple),
                Parameter::Query { style, parameter_data, .. } => {
                    let explode = parameter_data.explode.unwrap_or(true);
                    let style = match style {
                        QueryStyle::Form => ParamStyle::Form { explode },
                        QueryStyle::DeepObject => ParamStyle::DeepObject,
                        QueryStyle::SpaceDelimited | QueryStyle::PipeDelimited => {
                            lw.warning(&pointer, format!("query style `{style:?}` is not supported; sending it as `form`"));
                            ParamStyle::Form { explode }
                        }
                    };
                    (ParamLocation::Query, style)
                }
                Parameter::Header { .. } => (ParamLocation::Header, ParamStyle::Simple),
                Parameter::Cookie { .. } => {
                    lw.warning(&pointer, "cookie parameters are not supported; the parameter is not sent");
                    return None;
                }
            };
            let ParameterData { name, description, required, deprecated, format, example, .. } =
                param.parameter_data_ref();
            let ty = match format {
                ParameterSchemaOrContent::Schema(schema) => {
                    let ty = schema::lower_ref(lw, schema.into(), &ctx(&names::upper_camel(name, "Param"), pointer.join("schema")));
                    // A parameter cannot carry `null`: nullability of items means nothing here.
                    strip_nullable(ty)
                }
                ParameterSchemaOrContent::Content(_) => {
                    lw.warning(&pointer, "parameters with `content` are not supported; sending the value as a string");
                    TypeRef::String
                }
            };
            Some(Param {
                wire_name: name.clone(),
                rust_name: param_names.claim(&names::snake(name, "param"), "_"),
                location,
                ty,
                required: *required || location == ParamLocation::Path,
                style,
                docs: super::docs(None, description.as_ref(), example.as_ref()),
                deprecated: deprecated.unwrap_or(false),
            })
        })
        .collect();
    // Hand-written specs often leave a path parameter undeclared; its name in the
    // template is all the client needs to fill it in.
    for name in template
        .split('{')
        .skip(1)
        .filter_map(|piece| piece.split_once('}'))
        .map(|(name, _)| name)
    {
        let declared = params
            .iter()
            .any(|p| p.location == ParamLocation::Path && p.wire_name == name);
        if declared || name.is_empty() {
            continue;
        }
        lw.warning(
            &site.pointer,
            format!("path template names `{{{name}}}` but no path parameter `{name}` is declared; it is generated as a required string"),
        );
        params.push(Param {
            wire_name: name.to_owned(),
            rust_name: param_names.claim(&names::snake(name, "param"), "_"),
            location: ParamLocation::Path,
            ty: TypeRef::String,
            required: true,
            style: ParamStyle::Simple,
            docs: Docs::default(),
            deprecated: false,
        });
    }
    params
}

/// The path with Express-style segments (`/users/:id`) written as OpenAPI's `{id}`.
fn braced_template(path: &str) -> String {
    path.split('/')
        .map(|segment| match segment.strip_prefix(':') {
            Some(name) if !name.is_empty() => format!("{{{name}}}"),
            _ => segment.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Splits `/api/items/{item_id}` into literals and parameters. `lower_params` has added
/// the parameters the spec leaves undeclared, so only an unnamed `{}` is left without
/// one: an error, since the client could never fill it in.
fn path_template(
    lw: &mut Lowerer,
    path: &str,
    params: &[Param],
    pointer: &Pointer,
) -> Vec<PathPart> {
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        if open > 0 {
            parts.push(PathPart::Literal(rest[..open].to_owned()));
        }
        let name = &rest[open + 1..close];
        match params
            .iter()
            .position(|p| p.location == ParamLocation::Path && p.wire_name == name)
        {
            Some(index) => parts.push(PathPart::Param(index)),
            None => lw.error(
                pointer,
                format!(
                    "path template names `{{{name}}}` but no path parameter `{name}` is declared"
                ),
            ),
        }
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal(rest.to_owned()));
    }
    parts
}

fn lower_body<'a>(
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

fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

fn is_text(essence: &str) -> bool {
    essence.starts_with("text/") || essence == "application/xml" || essence.ends_with("+xml")
}

fn strip_nullable(ty: TypeRef) -> TypeRef {
    match ty {
        TypeRef::Nullable(inner) => strip_nullable(*inner),
        TypeRef::List(inner) => TypeRef::List(Box::new(strip_nullable(*inner))),
        other => other,
    }
}

fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/json" || essence.ends_with("+json")
}

/// Non-2xx responses with a JSON schema; named `<Operation>Error<Status>` when inline.
fn lower_errors<'a>(
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
        // A shared response (`$ref: '#/components/responses/NotFound'`) is one type, named
        // after the component, however many operations use it.
        if let ReferenceOr::Reference { reference } = response {
            if let Some(ty) = lw.shared_error_types.get(reference) {
                errors.push(ErrorResponse {
                    status,
                    ty: ty.clone(),
                });
                continue;
            }
        }
        let pointer = ctx.pointer.join(&status);
        let Some(resolved) = lw.resolve_item(response, "a response", &pointer) else {
            continue;
        };
        let Some((media_type, content)) = resolved.content.iter().find(|(media, _)| is_json(media))
        else {
            continue;
        };
        let Some(schema) = &content.schema else {
            continue;
        };
        let error_ctx = match response {
            ReferenceOr::Reference { reference } => {
                let name =
                    names::upper_camel(reference.rsplit('/').next().unwrap_or_default(), "Error");
                Context {
                    module: lw.claim_module(&name),
                    name,
                    usage: Usage::Only(Direction::Response),
                    pointer: Pointer::from_ref(reference)
                        .unwrap_or_else(Pointer::root)
                        .join("content")
                        .join(media_type)
                        .join("schema"),
                    fallback_doc: Some(resolved.description.clone()).filter(|d| !d.is_empty()),
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
        let ty = schema::lower_ref(lw, schema.into(), &error_ctx);
        if let ReferenceOr::Reference { reference } = response {
            lw.shared_error_types.insert(reference.clone(), ty.clone());
        }
        errors.push(ErrorResponse { status, ty });
    }
    errors
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
fn lower_success(
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
