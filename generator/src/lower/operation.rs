//! Paths and operations -> `Operation`s: method names, tag modules, path templates, and
//! the assembly of an operation from its parameters (`params.rs`), request body
//! (`media.rs`) and responses (`responses.rs`).

use openapiv3::{Operation as SpecOperation, PathItem, ReferenceOr};

use super::media::lower_body;
use super::naming::{feature_name, Candidate};
use super::paging::{self, lower_pagination};
use super::params::lower_params;
use super::responses::{lower_errors, lower_success};
use super::schema::Context;
use super::security::Schemes;
use super::Lowerer;
use crate::diagnostics::Pointer;
use crate::ir::{
    Direction, Gate, Method, Operation, Param, ParamLocation, PathPart, TagFeature, Usage,
};
use crate::names::{self, Namer};

/// The operations, and the features of their tags (empty when there is only one tag).
pub(crate) fn lower_operations(
    lw: &mut Lowerer,
    schemes: &mut Schemes,
) -> (Vec<Operation>, Vec<TagFeature>) {
    let doc = lw.doc;
    let paths_pointer = Pointer::root().join("paths");
    let mut sites = Vec::new();
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
            sites.push((path.as_str(), item, method, spec_op, path_pointer.clone()));
        }
    }
    // Every method name is chosen before any operation is lowered: inline types are
    // named after their operation.
    let candidates: Vec<Candidate> = sites
        .iter()
        .map(|&(path, _, method, spec_op, _)| Candidate {
            key: format!("{} {path}", method.as_str()),
            suggested: method_name(spec_op, method, path),
            fallback: Some(path_name(method, path)),
        })
        .collect();
    let method_names = lw.naming.operations(&candidates);
    let features = tag_features(lw, sites.iter().map(|site| site.3));
    let mut tag_modules: Vec<(String, String)> = Vec::new();
    let operations = sites
        .into_iter()
        .zip(method_names)
        .map(|((path, item, method, spec_op, path_pointer), rust_name)| {
            let tag = spec_op.tags.first().cloned();
            let module = tag_module(&mut tag_modules, tag.as_deref());
            let gate = Gate {
                any: features
                    .iter()
                    .filter(|feature| feature_tags(spec_op).contains(&feature.tag.as_deref()))
                    .map(|feature| feature.name.clone())
                    .collect(),
                hidden: is_hidden(spec_op),
            };
            let site = OperationSite {
                path,
                item,
                method,
                spec_op,
                pointer: path_pointer.join(method.as_str().to_ascii_lowercase()),
                rust_name,
                module,
                tag,
                gate,
            };
            lower_operation(lw, schemes, site)
        })
        .collect();
    (operations, features)
}

/// The tags an operation's feature is chosen by: all of them, `None` for an operation
/// without one (an empty tag counts as none).
fn feature_tags(op: &SpecOperation) -> Vec<Option<&str>> {
    let tags: Vec<Option<&str>> = op
        .tags
        .iter()
        .filter(|tag| !tag.is_empty())
        .map(|tag| Some(tag.as_str()))
        .collect();
    if tags.is_empty() {
        vec![None]
    } else {
        tags
    }
}

/// `x-hidden: true`: an operation the API keeps out of its public docs.
fn is_hidden(op: &SpecOperation) -> bool {
    op.extensions.get("x-hidden") == Some(&serde_json::Value::Bool(true))
}

/// One feature per tag, sorted by name, (and recorded) by the names
/// file; none when all operations share one tag, since its feature would choose nothing.
fn tag_features<'a>(
    lw: &mut Lowerer,
    ops: impl Iterator<Item = &'a SpecOperation>,
) -> Vec<TagFeature> {
    let mut features: Vec<TagFeature> = Vec::new();
    for op in ops {
        for tag in feature_tags(op) {
            match features.iter_mut().find(|f| f.tag.as_deref() == tag) {
                Some(feature) => feature.operations += 1,
                None => features.push(TagFeature {
                    name: String::new(),
                    tag: tag.map(str::to_owned),
                    operations: 1,
                }),
            }
        }
    }
    if features.len() < 2 {
        return Vec::new();
    }
    let candidates: Vec<Candidate> = features
        .iter()
        .map(|feature| Candidate {
            key: feature.tag.clone().unwrap_or_default(),
            suggested: feature_name(feature.tag.as_deref()),
            fallback: None,
        })
        .collect();
    for (feature, name) in features.iter_mut().zip(lw.naming.features(&candidates)) {
        feature.name = name;
    }
    // Listed by name in `Cargo.toml` and the docs, where a reader looks one up.
    features.sort_by(|a, b| a.name.cmp(&b.name));
    features
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
    path_name(method, path)
}

/// The method and path as a name (`get_api_users_by_id`): an operation's own facts, for
/// one without a summary, and for one whose suggested name collides with another's.
fn path_name(method: Method, path: &str) -> String {
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

/// One operation and where it is: its path, path item, method and names.
pub(crate) struct OperationSite<'a> {
    pub path: &'a str,
    pub item: &'a PathItem,
    method: Method,
    spec_op: &'a SpecOperation,
    pub pointer: Pointer,
    rust_name: String,
    module: String,
    tag: Option<String>,
    gate: Gate,
}

fn lower_operation<'a>(
    lw: &mut Lowerer<'a>,
    schemes: &mut Schemes,
    site: OperationSite<'a>,
) -> Operation {
    let SpecOperation {
        tags: _, // the first tag chose the module
        summary,
        description,
        external_docs: _, // not part of the generated API
        operation_id,
        parameters,
        request_body,
        responses,
        callbacks: _, // callbacks are requests the server makes, not the client
        deprecated,
        security,
        servers: _, // the client has one base URL
        extensions,
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
    let security = schemes.operation(lw, security.as_ref(), &site.pointer);
    let pagination = lower_pagination(
        lw,
        paging::Site {
            pointer: &site.pointer,
            method: site.method,
            extensions,
            params: &params,
            response: &response,
        },
    );
    Operation {
        rust_name: site.rust_name,
        operation_id: operation_id.clone(),
        method: site.method,
        path: site.path.to_owned(),
        path_template,
        module: site.module,
        tag: site.tag,
        gate: site.gate,
        pointer: site.pointer.to_string(),
        docs: super::docs(summary.as_ref(), description.as_ref(), None),
        deprecated: *deprecated,
        params,
        body,
        response,
        errors,
        security,
        // Named with the other members once every operation has its method name.
        call_marker: String::new(),
        error_enum: String::new(),
        pagination,
    }
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
