//! The type arena's entries (`TypeDef`), the references between them (`TypeRef`), and
//! which way a type travels.

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
    /// Both `readOnly` and `writeOnly`, which OpenAPI leaves undefined: taken at its word
    /// (never sent, never received), so the property exists on neither side.
    Neither,
}

impl Access {
    /// Whether a property with this access exists in values travelling `direction`.
    pub fn exists_in(self, direction: Direction) -> bool {
        match (self, direction) {
            (Access::ReadWrite, _) => true,
            (Access::ReadOnly, Direction::Response) => true,
            (Access::WriteOnly, Direction::Request) => true,
            (Access::ReadOnly, Direction::Request)
            | (Access::WriteOnly, Direction::Response)
            | (Access::Neither, _) => false,
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
