//! The intermediate representation: the API as Rust will see it.
//!
//! Every stage after lowering works on these types alone. Rust names are already chosen
//! here, so the split, the emitters and the diff never re-derive a name. Nothing in this
//! module knows about `openapiv3`, `proc_macro2` or `quote` (a tidy test checks).

/// A whole API, ready to be emitted.
#[derive(Clone, Debug, PartialEq)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// Server URLs in spec order; the first is the client's default base URL.
    pub servers: Vec<String>,
    /// The security schemes the client can send credentials for, and what operations
    /// need unless they say otherwise.
    pub security: Security,
    /// The type arena: a `TypeId` is an index into it.
    pub types: Vec<TypeDef>,
    pub operations: Vec<Operation>,
    /// Old method names kept as deprecated methods that call the new ones: `(old, new)`.
    pub method_aliases: Vec<(String, String)>,
    /// Old type names kept as deprecated type aliases: `(old, new)`.
    pub type_aliases: Vec<(String, String)>,
    /// What receiving the API's webhooks takes; `None` unless the spec has an
    /// `x-webhooks` extension (then, and only then, the crate gets a `webhooks` module).
    pub webhooks: Option<Webhooks>,
    /// The crate's Cargo features and which of them each module needs (`features.rs`).
    pub features: Features,
}

/// The Cargo features that choose which operations and models a crate compiles: one per
/// tag (the operations' first and other tags alike), and `hidden` for the operations the
/// spec marks `x-hidden`. Lowering names them; `features::gate` decides the gates.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Features {
    /// One per tag, sorted by name; empty when every operation has the
    /// same tag (or none), since one feature would choose nothing.
    pub tags: Vec<TagFeature>,
    /// Whether some operation is `x-hidden`: then the crate has a `hidden` feature.
    pub hidden: bool,
    /// The gates of each `src/models/` module, by module name: it is compiled when one of
    /// them is open. A module without an entry is always compiled.
    pub models: std::collections::BTreeMap<String, Vec<Gate>>,
    /// The gates of each `src/operations/` module, the same way.
    pub operations: std::collections::BTreeMap<String, Vec<Gate>>,
}

/// The feature `hidden` operations are behind.
pub const HIDDEN_FEATURE: &str = "hidden";
/// The feature of the HTTP client and the operations.
pub const CLIENT_FEATURE: &str = "client";
/// The feature that turns on every tag's feature: every model, and with `client`, every
/// operation.
pub const TYPES_FEATURE: &str = "types";

#[derive(Clone, Debug, PartialEq)]
pub struct TagFeature {
    /// The Cargo feature's name, kept in the names file's `[features]` table.
    pub name: String,
    /// The tag; `None` for the operations without one.
    pub tag: Option<String>,
    /// How many operations it turns on, for the docs.
    pub operations: usize,
}

/// When an item is compiled: when any of the features `any` is on (always, if `any` is
/// empty), and for `hidden` items only when the `hidden` feature is on too.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Gate {
    pub any: Vec<String>,
    pub hidden: bool,
}

impl Gate {
    pub fn is_always(&self) -> bool {
        self.any.is_empty() && !self.hidden
    }

    /// Whether this gate is open only when `other` is too.
    pub fn implies(&self, other: &Gate) -> bool {
        let features = other.any.is_empty()
            || (!self.any.is_empty() && self.any.iter().all(|f| other.any.contains(f)));
        features && (self.hidden || !other.hidden)
    }

    /// The fewest gates one of which is open exactly when one of `gates` is: duplicates
    /// and gates that open only when another does are left out. An item behind several
    /// gates is compiled when any of them is open.
    pub fn simplest<'a>(gates: impl IntoIterator<Item = &'a Gate>) -> Vec<Gate> {
        let mut distinct: Vec<Gate> = Vec::new();
        for gate in gates {
            let mut gate = gate.clone();
            gate.any.sort();
            if !distinct.contains(&gate) {
                distinct.push(gate);
            }
        }
        distinct
            .iter()
            .filter(|gate| {
                !distinct
                    .iter()
                    .any(|other| other != *gate && gate.implies(other))
            })
            .cloned()
            .collect()
    }
}

/// The deliveries the API sends, from the `x-webhooks` extension, the callbacks and the
/// 3.1 `webhooks` (`lower/webhooks.rs`).
#[derive(Clone, Debug, PartialEq)]
pub struct Webhooks {
    /// The header carrying the HMAC-SHA256 of the raw body.
    pub header: String,
    pub encoding: SignatureEncoding,
    /// The envelope field naming the topic.
    pub topic_field: String,
    /// One per topic, in the order of the topic list, then of the callbacks.
    pub events: Vec<WebhookEvent>,
}

/// The variant of the `Event` enum that keeps a topic the crate does not know; no topic's
/// variant takes this name.
pub const EVENT_CATCH_ALL: &str = "Other";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignatureEncoding {
    Base64,
    Hex,
}

#[derive(Clone, Debug, PartialEq)]
pub struct WebhookEvent {
    pub topic: String,
    /// The variant of the generated `Event` enum.
    pub variant: String,
    /// The envelope's type, when a callback or webhook gives one for this topic; the
    /// event carries the raw JSON otherwise.
    pub payload: Option<TypeRef>,
}

impl Api {
    pub fn type_def(&self, id: TypeId) -> &TypeDef {
        // Ids are handed out only by lowering and the split, each for an entry it pushes.
        #[allow(clippy::indexing_slicing)]
        &self.types[id.index()]
    }

    /// The types whose closure (following fields, items, map values and aliases) holds a
    /// readOnly or writeOnly property: the ones the split makes two of. Computed
    /// backwards from the types that hold one directly, so cycles cost nothing extra.
    pub fn types_holding_read_write(&self) -> std::collections::HashSet<TypeId> {
        let mut referrers: std::collections::HashMap<TypeId, Vec<TypeId>> =
            std::collections::HashMap::new();
        let mut queue = std::collections::VecDeque::new();
        for (index, def) in self.types.iter().enumerate() {
            let id = TypeId(index as u32);
            for ty in def.kind.type_refs() {
                ty.for_each_named(&mut |child| referrers.entry(child).or_default().push(id));
            }
            if let TypeKind::Struct(s) = &def.kind {
                if s.fields.iter().any(|f| f.access != Access::ReadWrite) {
                    queue.push_back(id);
                }
            }
        }
        let mut marked = std::collections::HashSet::new();
        while let Some(id) = queue.pop_front() {
            if marked.insert(id) {
                queue.extend(referrers.get(&id).into_iter().flatten().copied());
            }
        }
        marked
    }
}

/// An index into [`Api::types`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub u32);

impl TypeId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Which way a value travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Direction {
    /// Sent by the client: readOnly properties do not exist here.
    Request,
    /// Received by the client: writeOnly properties do not exist here.
    Response,
}

impl Direction {
    pub fn other(self) -> Direction {
        match self {
            Direction::Request => Direction::Response,
            Direction::Response => Direction::Request,
        }
    }
}

/// Where a type is used.
///
/// Lowering marks schemas from `components` as `Both` and inline schemas of a request
/// body or a response with the one direction they can appear in. The split pass leaves
/// `Both` only on types whose closure has no readOnly or writeOnly property.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Usage {
    Both,
    Only(Direction),
}

impl Usage {
    pub fn includes(self, direction: Direction) -> bool {
        match self {
            Usage::Both => true,
            Usage::Only(only) => only == direction,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct TypeDef {
    /// The Rust type name, unique in the crate.
    pub name: String,
    /// The file stem under `src/models/` that holds this type. A schema's inline
    /// children share their parent's module, so one schema change touches one file.
    pub module: String,
    /// JSON pointer of the schema this type was lowered from.
    pub pointer: String,
    /// The type's identity across versions of the spec: its pointer, with parameters
    /// named by location and name instead of by their index (a parameter added before
    /// another must not change the other's key). The names file and the diff use it.
    pub key: String,
    pub docs: Docs,
    pub deprecated: bool,
    pub origin: Origin,
    pub usage: Usage,
    pub kind: TypeKind,
    /// The name of the request variant, for a type the split will make two of (chosen
    /// with every other name, in lowering).
    pub request_name: Option<String>,
    /// Set by the split on the variants of a schema it split in two.
    pub split: Option<SplitVariant>,
}

/// One side of a schema the read/write split made two types of.
#[derive(Clone, Debug, PartialEq)]
pub struct SplitVariant {
    /// The type of the other side, when it is emitted.
    pub counterpart: Option<TypeId>,
    /// Wire names of the properties this side leaves out (readOnly ones on the request
    /// side, writeOnly ones on the response side), in spec order.
    pub left_out: Vec<String>,
}

/// Whether a type is a schema of its own in `components/schemas` or was named after the
/// place it appears in. Component types are public API even when no operation uses them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Origin {
    Component,
    Inline,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    Struct(Struct),
    Enum(Enum),
    /// `oneOf` / `anyOf`: one of several types.
    Union(Union),
    /// A named schema that is just another type, e.g. `Ids: {type: array, items: ...}`.
    Alias(TypeRef),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// The tag a member of tagged unions writes as a constant instead of holding it in a
    /// field, so that no value with a wrong tag can be built.
    pub tag: Option<StructTag>,
}

/// A union's tag property that a member struct owns: every tagged union holding the
/// struct selects it by this one property and this one value. The struct has no field
/// for the property; its `Serialize` writes `property: value`, and reading ignores it.
#[derive(Clone, Debug, PartialEq)]
pub struct StructTag {
    pub property: String,
    pub value: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The property name on the wire, exactly as the spec spells it.
    pub wire_name: String,
    /// A snake_case Rust identifier (raw identifiers like `r#type` where needed).
    pub rust_name: String,
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    pub access: Access,
    /// A credential that must never be printed by `Debug`.
    pub sensitive: bool,
    pub docs: Docs,
    pub deprecated: bool,
    /// The builder method that sets this field when it is optional (`with_<name>`).
    pub setter: String,
    /// The builder method that makes a request send this field as an explicit `null`:
    /// named for optional nullable fields, emitted on the types that can be sent.
    pub null_setter: Option<String>,
}

/// The OpenAPI `readOnly` / `writeOnly` flags of a property.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Access {
    ReadWrite,
    ReadOnly,
    WriteOnly,
}

impl Access {
    /// Whether a property with this access exists in values travelling `direction`.
    pub fn exists_in(self, direction: Direction) -> bool {
        match (self, direction) {
            (Access::ReadWrite, _) => true,
            (Access::ReadOnly, Direction::Response) => true,
            (Access::WriteOnly, Direction::Request) => true,
            (Access::ReadOnly, Direction::Request) | (Access::WriteOnly, Direction::Response) => {
                false
            }
        }
    }
}

/// A string enum. Values the spec does not list decode into the catch-all variant.
#[derive(Clone, Debug, PartialEq)]
pub struct Enum {
    pub variants: Vec<EnumVariant>,
    /// Name of the variant that holds values this client version does not know.
    pub catch_all: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EnumVariant {
    pub wire_value: String,
    pub rust_name: String,
}

/// A value that is one of several types.
#[derive(Clone, Debug, PartialEq)]
pub struct Union {
    /// In decoding order: without a tag, the first variant that accepts the value wins,
    /// so lowering puts the most specific first.
    pub variants: Vec<UnionVariant>,
    pub tag: Option<UnionTag>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct UnionVariant {
    pub rust_name: String,
    pub ty: TypeRef,
    /// The tag values that select this variant, when the union is tagged.
    pub tag_values: Vec<String>,
}

/// A property whose value says which variant a JSON object is (`discriminator`, or a
/// required single-value enum property that every variant has).
#[derive(Clone, Debug, PartialEq)]
pub struct UnionTag {
    pub property: String,
    /// Name of the variant that keeps objects with a tag value this version does not know.
    pub catch_all: String,
}

/// The type of a field, parameter or body.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TypeRef {
    Named(TypeId),
    String,
    Integer(IntegerWidth),
    Number,
    Boolean,
    /// A timestamp (`format: date-time`).
    DateTime,
    /// A calendar date (`format: date`).
    Date,
    /// Any JSON value: the spec gives no type, or one the generator cannot express.
    Json,
    /// File contents (`format: binary`), sent as a file part in multipart bodies.
    Binary,
    List(Box<TypeRef>),
    /// A JSON object with arbitrary keys (`additionalProperties`).
    Map(Box<TypeRef>),
    /// A value that may be `null` inside a list or map.
    Nullable(Box<TypeRef>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IntegerWidth {
    I32,
    I64,
}

impl TypeRef {
    /// Calls `visit` on every named type this reference mentions.
    pub fn for_each_named(&self, visit: &mut impl FnMut(TypeId)) {
        match self {
            TypeRef::Named(id) => visit(*id),
            TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                inner.for_each_named(visit)
            }
            TypeRef::String
            | TypeRef::Integer(_)
            | TypeRef::Number
            | TypeRef::Boolean
            | TypeRef::DateTime
            | TypeRef::Date
            | TypeRef::Json
            | TypeRef::Binary => {}
        }
    }

    /// The same reference with every named type replaced by `map(id)`.
    pub fn map_named(&self, map: &mut impl FnMut(TypeId) -> TypeId) -> TypeRef {
        match self {
            TypeRef::Named(id) => TypeRef::Named(map(*id)),
            TypeRef::List(inner) => TypeRef::List(Box::new(inner.map_named(map))),
            TypeRef::Map(inner) => TypeRef::Map(Box::new(inner.map_named(map))),
            TypeRef::Nullable(inner) => TypeRef::Nullable(Box::new(inner.map_named(map))),
            other => other.clone(),
        }
    }
}

impl TypeKind {
    /// Every type reference this definition holds, in declaration order.
    pub fn type_refs(&self) -> Vec<&TypeRef> {
        match self {
            TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).collect(),
            TypeKind::Enum(_) => Vec::new(),
            TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
            TypeKind::Alias(target) => vec![target],
        }
    }
}

/// Human documentation carried over from the spec.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Docs {
    pub summary: Option<String>,
    pub description: Option<String>,
    /// The spec's `example`, as compact JSON.
    pub example: Option<String>,
}

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
    /// Whether the spec asked for it (the `x-pagination` extension) or lowering saw it.
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

/// The API's security schemes (`components.securitySchemes`, sorted by name) that some
/// requirement names, and the requirement of operations that do not state their own.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Security {
    pub schemes: Vec<SecurityScheme>,
    /// The top-level `security`.
    pub default: Requirement,
    /// The pointers of the operations whose own requirement named only schemes the client
    /// cannot send (undefined ones): they take `default` instead, which is not what the
    /// spec asks.
    pub unmet: Vec<String>,
}

/// How many operations the client can authenticate as the spec requires.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    pub operations: usize,
    /// Needs nothing, or has an alternative whose every scheme the client sends.
    pub sent: usize,
    /// Every alternative needs mutual TLS, which a caller's `reqwest::Client` carries.
    pub mutual_tls: usize,
    /// Named only schemes the spec never defines (or that no client can send).
    pub unmet: usize,
}

impl Api {
    pub fn credential_coverage(&self) -> Coverage {
        let mut coverage = Coverage {
            operations: self.operations.len(),
            ..Coverage::default()
        };
        for op in &self.operations {
            let mutual = |alternative: &Alternative| {
                alternative.schemes.iter().any(|used| {
                    self.security
                        .scheme(used.scheme)
                        .is_some_and(|scheme| scheme.kind == SchemeKind::MutualTls)
                })
            };
            if self.security.unmet.contains(&op.pointer) {
                coverage.unmet += 1;
            } else if !op.security.is_empty() && op.security.iter().all(mutual) {
                coverage.mutual_tls += 1;
            } else {
                coverage.sent += 1;
            }
        }
        coverage
    }
}

/// An index into [`Security::schemes`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SchemeId(pub u32);

impl Security {
    pub fn scheme(&self, id: SchemeId) -> Option<&SecurityScheme> {
        self.schemes.get(id.0 as usize)
    }

    /// What `Client::new` takes: `Some(None)`, nothing, when the top level needs no
    /// credentials; `Some(Some(scheme))`, that scheme's credential, when the top level's
    /// first alternative is that one scheme; `None`, no `Client::new` (the client is built
    /// with `Client::builder()`). It depends on the top-level requirement alone, so a
    /// scheme added for some operations, or as a later alternative, does not change it.
    pub fn client_new(&self) -> Option<Option<SchemeId>> {
        let Some(first) = self.default.iter().find(|alt| !alt.schemes.is_empty()) else {
            return Some(None);
        };
        match first.schemes.as_slice() {
            [only] => self
                .scheme(only.scheme)
                .filter(|scheme| scheme.kind != SchemeKind::MutualTls)
                .map(|_| Some(only.scheme)),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct SecurityScheme {
    /// Its key in `components.securitySchemes`: the names file's key for its setter.
    pub name: String,
    pub kind: SchemeKind,
    /// The method of `ClientBuilder` and `Credentials` that takes its credential, chosen
    /// once and kept in the names file's `[credentials]` table (empty for mutual TLS).
    pub setter: String,
    pub description: Option<String>,
    pub pointer: String,
}

/// How a scheme's credential travels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SchemeKind {
    /// An API key in the named header, query parameter or cookie.
    ApiKey { location: KeyLocation, name: String },
    /// `Authorization: Basic base64(user:password)`.
    Basic,
    /// `Authorization: <scheme> <token>`: `bearer`, and every other `http` scheme, whose
    /// credential the client carries as an opaque token.
    HttpToken { scheme: String },
    /// OAuth2: a token the client fetches itself with the client credentials flow at
    /// `token_url` (when the spec declares that flow), or one the caller supplies.
    OAuth2 { token_url: Option<String> },
    /// OpenID Connect: a token the caller supplies (discovery needs the network at build
    /// time, which the client does not do on its own).
    OpenIdConnect { discovery_url: String },
    /// Mutual TLS: nothing for the client to send; a `reqwest::Client` holding a client
    /// certificate carries it. It has no setter.
    MutualTls,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyLocation {
    Header,
    Query,
    Cookie,
}

/// What a call needs: any one of the alternatives, in the spec's order. Empty: nothing.
pub type Requirement = Vec<Alternative>;

/// Schemes sent together. An empty alternative lets the call go without credentials
/// (credentials are then optional: sent when the client has them).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Alternative {
    pub schemes: Vec<SchemeUse>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SchemeUse {
    pub scheme: SchemeId,
    /// The OAuth2 or OpenID Connect scopes the operation asks for (empty for other kinds).
    pub scopes: Vec<String>,
}
