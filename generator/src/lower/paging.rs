//! Paginated list operations: which ones stream every page, and how a page leads to the
//! next (`ir::Pagination`), read from an operation's lowered parameters and 2xx response.
//!
//! Detection is conservative, because a wrong stream is worse than none: a `GET` whose
//! response is an object with exactly one array property (the items) is paginated when
//! exactly one of these shapes fits, looking at the response's own properties and those of
//! its object properties (`_meta`), and never at the operation's name:
//! - a string `next_url` (or `nextUrl`, `next_page_url`): the next page's URL (`NextUrl`);
//! - a boolean `has_more` (or `hasMore`) and an integer query parameter `offset`: the
//!   offset grows by each page's item count (`Offset`);
//! - a boolean `has_more`, a numeric `page` next to it, and an integer query parameter
//!   `page`: the next page is the page's own number plus one (`PageNumber`).
//!
//! Anything else (two arrays, two next URLs, a `limit` with no sign of a next page) is not
//! paginated. An API whose lists look different says so with an extension on the
//! operation, shaped like Speakeasy's `x-speakeasy-pagination`, which a user can add
//! through an OpenAPI Overlay when the spec is not theirs:
//!
//! ```yaml
//! x-heron-codegen-pagination:
//!   type: offsetLimit          # url | page | offsetLimit
//!   inputs:                    # query parameters; `limit` only documents the page size
//!     - {name: skip, in: parameters, type: offset}   # `page` for type page
//!     - {name: take, in: parameters, type: limit}
//!   outputs:                   # JSONPath into the response: `$` then `.name`s
//!     results: $.data.items    # required: the array of items
//!     nextUrl: $.links.next    # type url
//!     hasMore: $.more          # types page and offsetLimit
//!     page: $.page             # type page: the page's own number
//! ```
//!
//! `x-heron-codegen-pagination: false` turns detection off for an operation. Content the
//! runtime cannot follow (a cursor, an input in the body, a path that is not in the
//! response) is an error located at the extension, since the user asked for something the
//! client would not do.
//!
//! The extension used to be called `x-pagination`, a name other tools use for shapes of
//! their own. That name is still read when its content has this shape (`false`, or an
//! object with a `type` and no keys but `type`, `inputs` and `outputs`); any other content
//! belongs to another tool and is ignored with a warning, never refused.

use serde_json::Value;

use super::Lowerer;
use crate::diagnostics::Pointer;
use crate::ir::{
    Field, Method, Pagination, PagingSource, PagingStyle, Param, ParamLocation, Struct,
    SuccessResponse, TypeKind, TypeRef,
};

pub(crate) const EXTENSION: &str = "x-heron-codegen-pagination";
/// The extension's first name, read when its content has our shape.
const LEGACY_EXTENSION: &str = "x-pagination";

/// Property names that hold the next page's URL.
const NEXT_URL: &[&str] = &["next_url", "nextUrl", "next_page_url"];
/// Property names of the flag that says another page follows.
const HAS_MORE: &[&str] = &["has_more", "hasMore"];
/// Integer query parameters that set a page's size.
const PAGE_SIZE: &[&str] = &["limit", "per_page", "page_size", "pageSize"];

/// What pagination needs to know about one lowered operation.
pub(crate) struct Site<'a> {
    pub pointer: &'a Pointer,
    pub method: Method,
    /// The operation's extensions (`x-...`), where the pagination extension may be.
    pub extensions: &'a indexmap::IndexMap<String, Value>,
    pub params: &'a [Param],
    pub response: &'a SuccessResponse,
}

pub(crate) fn lower_pagination(lw: &mut Lowerer, site: Site) -> Option<Pagination> {
    let (extension, at) = match extension(lw, &site) {
        Some((extension, name)) => (Some(extension), site.pointer.join(name)),
        None => (None, site.pointer.join(EXTENSION)),
    };
    let body = match site.response {
        SuccessResponse::Json(body) => Some(body),
        SuccessResponse::Empty | SuccessResponse::Bytes | SuccessResponse::Text => None,
    };
    match (extension, body) {
        (Some(Value::Bool(false)), _) => None,
        (Some(_), None) => {
            lw.error(&at, "the operation returns no JSON body to paginate");
            None
        }
        (Some(config), Some(body)) => match from_extension(lw, config, &at, site.params, body) {
            Ok(pagination) => Some(pagination),
            Err((pointer, message)) => {
                lw.error(&pointer, message);
                None
            }
        },
        (None, Some(body)) if site.method == Method::Get => detect(lw, site.params, body),
        (None, _) => None,
    }
}

/// The operation's pagination extension and its name: ours, else the legacy name when its
/// content has our shape (another tool's `x-pagination` is ignored with a warning).
fn extension<'s>(lw: &mut Lowerer, site: &Site<'s>) -> Option<(&'s Value, &'static str)> {
    if let Some(ours) = site.extensions.get(EXTENSION) {
        return Some((ours, EXTENSION));
    }
    let legacy = site.extensions.get(LEGACY_EXTENSION)?;
    let ours = match legacy {
        Value::Bool(false) => true,
        Value::Object(config) => {
            config.get("type").is_some_and(Value::is_string)
                && config
                    .keys()
                    .all(|key| matches!(key.as_str(), "type" | "inputs" | "outputs"))
        }
        _ => false,
    };
    if ours {
        return Some((legacy, LEGACY_EXTENSION));
    }
    lw.warning(
        &site.pointer.join(LEGACY_EXTENSION),
        format!(
            "`{LEGACY_EXTENSION}` is not in heron-codegen's shape (another tool's extension?); \
             ignored: say how this operation pages with `{EXTENSION}`"
        ),
    );
    None
}

/// The shape a response has to have, or no pagination.
fn detect(lw: &Lowerer, params: &[Param], body: &TypeRef) -> Option<Pagination> {
    let root = struct_of(lw, body)?;
    let (items, item) = only_list(root)?;
    let signals = signals(lw, root);
    let next_urls = matching(&signals, NEXT_URL, |ty| *ty == TypeRef::String);
    let has_more = matching(&signals, HAS_MORE, |ty| *ty == TypeRef::Boolean);
    let offset = integer_query(params, "offset");
    let page = integer_query(params, "page");
    let style = match (next_urls.as_slice(), has_more.as_slice(), offset, page) {
        ([next_url], [], _, _) => PagingStyle::NextUrl {
            next_url: next_url.clone(),
        },
        ([], [has_more], Some(offset), None) => PagingStyle::Offset {
            param: offset.to_owned(),
            has_more: has_more.clone(),
        },
        ([], [has_more], None, Some(param)) => {
            // The page's own number sits next to the flag (`_meta.page`).
            let parent = has_more.rsplit_once('/').map_or("", |(parent, _)| parent);
            let number = format!("{parent}/page");
            let numeric = |ty: &TypeRef| matches!(ty, TypeRef::Integer(_) | TypeRef::Number);
            signals
                .iter()
                .find(|(pointer, field)| *pointer == number && numeric(&field.ty))?;
            PagingStyle::PageNumber {
                param: param.to_owned(),
                page: number,
                has_more: has_more.clone(),
            }
        }
        _ => return None,
    };
    Some(pagination(
        style,
        items,
        item,
        params,
        PagingSource::Detected,
    ))
}

fn pagination(
    style: PagingStyle,
    items: String,
    item: TypeRef,
    params: &[Param],
    source: PagingSource,
) -> Pagination {
    let page_size = PAGE_SIZE
        .iter()
        .find_map(|name| integer_query(params, name))
        .map(str::to_owned);
    Pagination {
        style,
        items,
        item,
        page_size,
        source,
        // Named with the other members once every operation has its method name.
        pages_method: String::new(),
        items_method: String::new(),
    }
}

/// The struct a response type is, through aliases.
fn struct_of<'l>(lw: &'l Lowerer, ty: &TypeRef) -> Option<&'l Struct> {
    let mut ty = ty;
    // Alias loops are reported elsewhere; a chain longer than this is one.
    for _ in 0..super::limits::REFERENCE_CHAIN {
        let TypeRef::Named(id) = ty else {
            return None;
        };
        match &lw.types.get(id.index())?.as_ref()?.kind {
            TypeKind::Struct(s) => return Some(s),
            TypeKind::Alias(target) => ty = target,
            TypeKind::Enum(_) | TypeKind::Union(_) => return None,
        }
    }
    None
}

/// The pointer and item type of a struct's one array property; `None` for none or several.
fn only_list(root: &Struct) -> Option<(String, TypeRef)> {
    let mut lists = root.fields.iter().filter_map(|field| match &field.ty {
        TypeRef::List(item) => Some((pointer_to(&[&field.wire_name]), (**item).clone())),
        _ => None,
    });
    let only = lists.next()?;
    lists.next().is_none().then_some(only)
}

/// The response's own properties and those of its object properties, with their pointers.
fn signals<'l>(lw: &'l Lowerer, root: &'l Struct) -> Vec<(String, &'l Field)> {
    let mut found = Vec::new();
    for field in &root.fields {
        found.push((pointer_to(&[&field.wire_name]), field));
        for inner in struct_of(lw, &field.ty).map_or(&[][..], |s| &s.fields) {
            found.push((pointer_to(&[&field.wire_name, &inner.wire_name]), inner));
        }
    }
    found
}

fn matching(
    signals: &[(String, &Field)],
    names: &[&str],
    typed: impl Fn(&TypeRef) -> bool,
) -> Vec<String> {
    signals
        .iter()
        .filter(|(_, field)| names.contains(&field.wire_name.as_str()) && typed(&field.ty))
        .map(|(pointer, _)| pointer.clone())
        .collect()
}

fn integer_query<'p>(params: &'p [Param], name: &str) -> Option<&'p str> {
    params
        .iter()
        .find(|p| {
            p.location == ParamLocation::Query
                && p.wire_name == name
                && matches!(p.ty, TypeRef::Integer(_))
        })
        .map(|p| p.wire_name.as_str())
}

/// A JSON pointer from property names, escaped as RFC 6901 says.
fn pointer_to(names: &[&str]) -> String {
    names
        .iter()
        .map(|name| format!("/{}", name.replace('~', "~0").replace('/', "~1")))
        .collect()
}

/// A problem with the extension: where it is and what is wrong.
type Invalid = (Pointer, String);

fn from_extension(
    lw: &Lowerer,
    config: &Value,
    at: &Pointer,
    params: &[Param],
    body: &TypeRef,
) -> Result<Pagination, Invalid> {
    let Value::Object(config) = config else {
        return Err((at.clone(), "expected an object or `false`".to_owned()));
    };
    let kind = match config.get("type") {
        Some(Value::String(kind)) => kind.as_str(),
        _ => {
            return Err((
                at.join("type"),
                "expected `url`, `page` or `offsetLimit`".into(),
            ))
        }
    };
    let inputs = inputs(config.get("inputs"), &at.join("inputs"), params)?;
    let outputs_at = at.join("outputs");
    let outputs = match config.get("outputs") {
        Some(Value::Object(outputs)) => outputs,
        _ => return Err((outputs_at, "expected an object with `results`".to_owned())),
    };
    // Each output, as a JSON pointer to a property the response has.
    let output = |name: &str| -> Result<(String, &Field), Invalid> {
        let pointer = outputs_at.join(name);
        let path = match outputs.get(name) {
            Some(Value::String(path)) => path,
            Some(_) => return Err((pointer, "expected a JSONPath such as `$.data`".into())),
            None => return Err((outputs_at.clone(), format!("`{name}` is missing"))),
        };
        property_at(lw, body, path).map_err(|message| (pointer, message))
    };
    let input = |role: &str| -> Result<String, Invalid> {
        inputs
            .iter()
            .find(|(_, r)| r == role)
            .map(|(name, _)| name.clone())
            .ok_or_else(|| (at.join("inputs"), format!("no input of type `{role}`")))
    };
    let style = match kind {
        "url" => PagingStyle::NextUrl {
            next_url: output("nextUrl")?.0,
        },
        "page" => PagingStyle::PageNumber {
            param: input("page")?,
            page: output("page")?.0,
            has_more: output("hasMore")?.0,
        },
        "offsetLimit" => PagingStyle::Offset {
            param: input("offset")?,
            has_more: output("hasMore")?.0,
        },
        "cursor" => {
            return Err((
                at.join("type"),
                "cursor pagination is not supported: the client follows next URLs, page numbers and offsets".into(),
            ))
        }
        other => {
            return Err((
                at.join("type"),
                format!("expected `url`, `page` or `offsetLimit`, found `{other}`"),
            ))
        }
    };
    let (items, results) = output("results")?;
    let TypeRef::List(item) = &results.ty else {
        return Err((
            outputs_at.join("results"),
            "expected the path of an array of items".into(),
        ));
    };
    let mut pagination = pagination(
        style,
        items,
        (**item).clone(),
        params,
        PagingSource::Extension,
    );
    if let Some((limit, _)) = inputs.iter().find(|(_, role)| role == "limit") {
        pagination.page_size = Some(limit.clone());
    }
    Ok(pagination)
}

/// The `inputs` list as (query parameter, role) pairs, each checked against the operation.
fn inputs(
    inputs: Option<&Value>,
    at: &Pointer,
    params: &[Param],
) -> Result<Vec<(String, String)>, Invalid> {
    let list = match inputs {
        None => return Ok(Vec::new()),
        Some(Value::Array(list)) => list,
        Some(_) => return Err((at.clone(), "expected a list".to_owned())),
    };
    list.iter()
        .enumerate()
        .map(|(index, input)| {
            let at = at.join(index);
            let text = |key: &str| input.get(key).and_then(Value::as_str);
            let (Some(name), Some(role)) = (text("name"), text("type")) else {
                return Err((at, "expected `name` and `type` strings".to_owned()));
            };
            if !matches!(text("in"), None | Some("parameters")) {
                return Err((
                    at.join("in"),
                    "only query parameters (`in: parameters`) are supported".into(),
                ));
            }
            if !matches!(role, "page" | "offset" | "limit") {
                return Err((
                    at.join("type"),
                    format!("expected `page`, `offset` or `limit`, found `{role}`"),
                ));
            }
            if integer_query(params, name).is_none() {
                return Err((
                    at.join("name"),
                    format!("the operation has no integer query parameter `{name}`"),
                ));
            }
            Ok((name.to_owned(), role.to_owned()))
        })
        .collect()
}

/// The JSON pointer of a `$.a.b` path and the property it names in the response.
fn property_at<'l>(
    lw: &'l Lowerer,
    body: &TypeRef,
    path: &str,
) -> Result<(String, &'l Field), String> {
    let Some(rest) = path.strip_prefix("$.") else {
        return Err(format!(
            "expected a JSONPath such as `$.data`, found `{path}`"
        ));
    };
    let names: Vec<&str> = rest.split('.').collect();
    let mut ty = body.clone();
    let mut found = None;
    for name in &names {
        let field = struct_of(lw, &ty)
            .and_then(|s| s.fields.iter().find(|f| f.wire_name == *name))
            .ok_or_else(|| format!("`{path}` names no property of the response (`{name}`)"))?;
        ty = field.ty.clone();
        found = Some(field);
    }
    let field = found.ok_or_else(|| format!("`{path}` names no property"))?;
    Ok((pointer_to(&names), field))
}
