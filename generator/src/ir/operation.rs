//! Operations: their parameters, bodies, responses and pagination.

use super::{Docs, Gate, Requirement, TypeRef};

#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// The method name on `Client`, snake_case and unique.
    pub rust_name: String,
    /// The spec's `operationId`, if it has one (the names file may keep another name).
    pub operation_id: Option<String>,
    pub method: Method,
    /// The path template as the spec writes it, e.g. `/api/integration_links/{item_id}`.
    pub path: String,
    pub path_template: Vec<PathPart>,
    /// File stem under `src/operations/` (from the first tag).
    pub module: String,
    pub tag: Option<String>,
    /// When the operation is compiled: the features of all its tags, and `hidden` for an
    /// operation the spec marks `x-hidden`.
    pub gate: Gate,
    pub pointer: String,
    pub docs: Docs,
    pub deprecated: bool,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub response: SuccessResponse,
    /// The non-2xx responses the spec declares, in the spec's order (`default` last).
    pub errors: Vec<ErrorResponse>,
    /// The enum (in `operations`) of the answers that are not a success: a variant per
    /// declared error response, and the undeclared answers and other failures.
    pub error_enum: String,
    /// The credentials the operation needs (`security`, its own or the API's).
    pub security: Requirement,
    /// The marker type (in `operations`) that the operation's `Call` carries: optional
    /// parameters are methods of `Call<'_, Output, Marker>`, so adding one never changes
    /// the method's signature.
    pub call_marker: String,
    /// How to walk every page, for a paginated list operation (`lower/paging.rs`).
    pub pagination: Option<Pagination>,
}

/// A paginated list operation: how one page leads to the next, where a page keeps its
/// items, and the methods of its `Call` that stream them.
#[derive(Clone, Debug, PartialEq)]
pub struct Pagination {
    pub style: PagingStyle,
    /// JSON pointer of the items array in a page's body, e.g. `/end_users`.
    pub items: String,
    /// The type of one item.
    pub item: TypeRef,
    /// The query parameter that sets a page's size, when the operation has one (`limit`,
    /// `per_page`): the methods' docs point callers at it.
    pub page_size: Option<String>,
    /// Whether the spec asked for it (the `x-heron-codegen-pagination` extension) or lowering saw it.
    pub source: PagingSource,
    /// The method of the operation's `Call` that streams every page.
    pub pages_method: String,
    /// The method of the operation's `Call` that streams every item.
    pub items_method: String,
}

/// How one page names the next; each is one of the runtime's `Paging` styles. Pointers
/// are JSON pointers into a page's body, parameters are query parameters' wire names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PagingStyle {
    /// The page gives the next page's URL; absent, null or empty ends.
    NextUrl { next_url: String },
    /// `param` numbers pages: the next is the page's own number (at `page`) plus one,
    /// while the flag at `has_more` is true.
    PageNumber {
        param: String,
        page: String,
        has_more: String,
    },
    /// `param` skips items: it grows by each page's item count, while the flag at
    /// `has_more` is true.
    Offset { param: String, has_more: String },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PagingSource {
    Detected,
    Extension,
}

impl Operation {
    pub fn has_optional_params(&self) -> bool {
        self.params.iter().any(|p| !p.required)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathPart {
    Literal(String),
    /// Index into the operation's `params`.
    Param(usize),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    pub wire_name: String,
    pub rust_name: String,
    pub location: ParamLocation,
    pub ty: TypeRef,
    pub required: bool,
    pub style: ParamStyle,
    pub docs: Docs,
    pub deprecated: bool,
    /// The method of the operation's `Call` that sets this parameter when it is optional
    /// (`with_<name>`).
    pub setter: String,
}

/// How a query parameter's value is written (OpenAPI `style` and `explode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ParamStyle {
    /// Path segments and headers: the value as text.
    Simple,
    /// `form`: arrays repeat the key (`a=1&a=2`) when exploded, else join with commas.
    Form { explode: bool },
    /// `deepObject`: an object's properties as `name[key]=value`.
    DeepObject,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Body {
    pub ty: TypeRef,
    pub required: bool,
    /// The media type sent as `Content-Type`.
    pub media_type: String,
    pub encoding: BodyEncoding,
    pub docs: Docs,
}

/// How a request body is put on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BodyEncoding {
    Json,
    /// `application/x-www-form-urlencoded`, from a flat struct.
    Form,
    /// `multipart/form-data`: one part per property, `Binary` properties as files.
    Multipart,
    /// Raw bytes (`application/octet-stream`, images, any `format: binary` body).
    Binary,
    /// Text (`application/xml`, `text/plain`, ...).
    Text,
}

/// A non-2xx response the spec declares: one variant of the operation's error enum.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorResponse {
    /// `404`, `4XX` or `default`, as the spec writes it.
    pub status: String,
    /// The variant of the operation's error enum: `Status404`, `Status4xx`, `Default`.
    pub variant: String,
    /// The JSON body's type; `None` when the spec gives no JSON schema (the variant then
    /// carries the body as text).
    pub ty: Option<TypeRef>,
    /// The response's `description`, for the variant's docs.
    pub description: Option<String>,
}

impl ErrorResponse {
    /// The statuses it covers: one code, a range of a hundred, or every status no other
    /// error response names (`default`).
    pub fn statuses(&self) -> ErrorStatuses {
        let digits = self.status.trim_end_matches(['X', 'x']);
        match (digits.parse::<u16>(), digits.len()) {
            (Ok(code), 3) => ErrorStatuses::Code(code),
            (Ok(hundreds), 1) => ErrorStatuses::Range(hundreds * 100),
            _ => ErrorStatuses::Default,
        }
    }
}

/// Which statuses an [`ErrorResponse`] covers; more specific ones come first in a match.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ErrorStatuses {
    Code(u16),
    /// `4XX`: from this status to 99 past it.
    Range(u16),
    Default,
}

/// What a successful call returns.
#[derive(Clone, Debug, PartialEq)]
pub enum SuccessResponse {
    /// No body is declared: the call returns `()`.
    Empty,
    Json(TypeRef),
    /// A download (`application/zip`, images, spreadsheets): the bytes as received.
    Bytes,
    /// A text body (`text/html`, `application/xml`, ...).
    Text,
}
