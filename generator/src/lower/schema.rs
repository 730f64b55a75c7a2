//! Schemas -> types.
//!
//! A schema in "type position" (a property, an array item, a body) becomes a `TypeRef`;
//! objects and string enums found there become named types of their own, named after
//! where they appear (`<Parent><Property>`).

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, ArrayType, IntegerFormat, ObjectType, ReferenceOr, Schema,
    SchemaData, SchemaKind, StringFormat, StringType, Type, VariantOrUnknownOrEmpty,
};

use super::{names, Lowerer};
use crate::diagnostics::Pointer;
use crate::ir::{
    Access, Enum, EnumVariant, Field, IntegerWidth, Origin, Struct, TypeDef, TypeKind, TypeRef,
    Usage,
};

/// Where a schema appears: the name and module its inline types take, and how it is used.
#[derive(Clone)]
pub(crate) struct Context {
    pub name: String,
    pub module: String,
    pub usage: Usage,
    pub pointer: Pointer,
    /// A summary for the inline type when its schema has no description of its own.
    pub fallback_doc: Option<String>,
}

impl Context {
    fn child(&self, suffix: &str, pointer: Pointer) -> Context {
        Context {
            name: format!("{}{}", self.name, names::upper_camel(suffix, "Value")),
            module: self.module.clone(),
            usage: self.usage,
            pointer,
            fallback_doc: None,
        }
    }
}

/// A schema or a `$ref` to one, whatever box the `openapiv3` field uses.
#[derive(Clone, Copy)]
pub(crate) enum SchemaOrRef<'a> {
    Ref(&'a str),
    Item(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaOrRef<'a> {
    fn from(value: &'a ReferenceOr<Schema>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaOrRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaOrRef::Item(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaOrRef<'a> {
    fn from(value: &'a ReferenceOr<Box<Schema>>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaOrRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaOrRef::Item(schema),
        }
    }
}

/// What a schema turned into: a definition that needs a name, or a plain type.
enum Lowered {
    Definition(TypeKind),
    Plain(TypeRef),
}

/// Facts about a value that live on its schema rather than in its type.
#[derive(Clone, Default)]
pub(crate) struct Facts {
    pub nullable: bool,
    pub access: Option<Access>,
    pub deprecated: bool,
    pub password: bool,
    pub description: Option<String>,
    pub title: Option<String>,
    pub example: Option<serde_json::Value>,
}

/// Lowers a schema from `components/schemas` into the type that carries its name.
pub(crate) fn lower_named(lw: &mut Lowerer, schema: &ReferenceOr<Schema>, ctx: Context) -> TypeDef {
    let facts = facts(lw, schema.into());
    let kind = match schema {
        ReferenceOr::Reference { .. } => TypeKind::Alias(lower_ref(lw, schema.into(), &ctx)),
        ReferenceOr::Item(item) => match lower_schema(lw, item, &ctx) {
            Lowered::Definition(kind) => kind,
            Lowered::Plain(ty) => TypeKind::Alias(ty),
        },
    };
    TypeDef {
        name: ctx.name,
        module: ctx.module,
        pointer: ctx.pointer.to_string(),
        docs: super::docs(
            facts.title.as_ref(),
            facts.description.as_ref(),
            facts.example.as_ref(),
        ),
        deprecated: facts.deprecated,
        origin: Origin::Component,
        usage: ctx.usage,
        kind,
    }
}

/// Lowers a schema in type position; inline objects and enums become new named types.
pub(crate) fn lower_ref(lw: &mut Lowerer, schema: SchemaOrRef, ctx: &Context) -> TypeRef {
    let item = match schema {
        SchemaOrRef::Ref(reference) => return lower_reference(lw, reference, ctx),
        SchemaOrRef::Item(item) => item,
    };
    // Parsers stop documents at 128 levels, so this depth is only reached when `allOf`
    // merges a schema's properties into itself (`A: {allOf: [{properties: {x: {allOf:
    // [{$ref: A}]}}}]}`): a recursion with no type to name.
    if !lw.enter_inline() {
        lw.fallback(
            &ctx.pointer,
            "`allOf` merges this schema into itself without end",
        );
        return TypeRef::Json;
    }
    let lowered = lower_schema(lw, item, ctx);
    lw.leave_inline();
    match lowered {
        Lowered::Plain(ty) => ty,
        Lowered::Definition(kind) => {
            let facts = facts(lw, schema);
            let summary = facts.title.or_else(|| {
                facts
                    .description
                    .is_none()
                    .then(|| ctx.fallback_doc.clone())
                    .flatten()
            });
            let def = TypeDef {
                name: ctx.name.clone(),
                module: ctx.module.clone(),
                pointer: ctx.pointer.to_string(),
                docs: super::docs(summary.as_ref(), facts.description.as_ref(), None),
                deprecated: facts.deprecated,
                origin: Origin::Inline,
                usage: ctx.usage,
                kind,
            };
            TypeRef::Named(lw.add_type(def))
        }
    }
}

fn lower_reference(lw: &mut Lowerer, reference: &str, ctx: &Context) -> TypeRef {
    if let Some(id) = lw.component_id(reference) {
        return TypeRef::Named(id);
    }
    let at = &ctx.pointer;
    // A pointer into a schema (`#/components/schemas/A/properties/b`): that subschema,
    // lowered where it is used.
    let owned: Option<Schema>;
    let target = match lw.resolve_pointer(reference) {
        Some(target) => Some(target),
        None => {
            // Anywhere else in the document (`#/components/parameters/x/schema`).
            owned = lw.deserialize_at::<Schema>(reference);
            owned.as_ref().map(SchemaOrRef::Item)
        }
    };
    if let Some(target) = target {
        if !lw.enter_reference() {
            lw.error(
                at,
                format!("`$ref` `{reference}` starts a chain of references that never ends"),
            );
            return TypeRef::Json;
        }
        let ty = lower_ref(lw, target, ctx);
        lw.leave_reference();
        return ty;
    }
    if reference.starts_with('#') {
        lw.error(at, format!("`$ref` target `{reference}` does not exist"));
    } else {
        lw.error(at, format!("external `$ref` `{reference}` is not supported: only references within the document (`#/...`) are"));
    }
    TypeRef::Json
}

/// The facts of a schema; for a `$ref`, those of its target.
pub(crate) fn facts(lw: &Lowerer, schema: SchemaOrRef) -> Facts {
    facts_at(lw, schema, 0)
}

/// `depth` counts `allOf` wrappers followed: `A: {allOf: [{$ref: A}]}` wraps itself.
fn facts_at(lw: &Lowerer, schema: SchemaOrRef, depth: usize) -> Facts {
    const MAX_WRAPPERS: usize = 16;
    let owned: Option<Schema>;
    let schema = match schema {
        SchemaOrRef::Ref(reference) => match lw.resolve_schema(reference) {
            Some(target) => target,
            None => {
                owned = lw.deserialize_at::<Schema>(reference);
                match &owned {
                    Some(target) => target,
                    None => return Facts::default(),
                }
            }
        },
        SchemaOrRef::Item(schema) => schema,
    };
    let SchemaData {
        nullable,
        read_only,
        write_only,
        deprecated,
        external_docs: _, // not part of the generated API
        example,
        title,
        description,
        discriminator: _, // read where oneOf is lowered
        default: _,       // documented by the spec, not enforced by the client
        extensions: _,    // vendor extensions carry no meaning for the client
    } = &schema.schema_data;
    let mut facts = Facts {
        nullable: *nullable || has_null_enum_member(&schema.schema_kind),
        access: match (read_only, write_only) {
            (true, false) => Some(Access::ReadOnly),
            (false, true) => Some(Access::WriteOnly),
            _ => None,
        },
        deprecated: *deprecated,
        password: matches!(
            &schema.schema_kind,
            SchemaKind::Type(Type::String(StringType {
                format: VariantOrUnknownOrEmpty::Item(StringFormat::Password),
                ..
            }))
        ),
        description: description.clone(),
        title: title.clone(),
        example: example.clone(),
    };
    // `allOf: [{$ref: X}]` only attaches facts to X: whatever the wrapper does not say,
    // X says.
    if let SchemaKind::AllOf { all_of } = &schema.schema_kind {
        if let [only] = all_of.as_slice() {
            let inner = match depth < MAX_WRAPPERS {
                true => facts_at(lw, only.into(), depth + 1),
                false => Facts::default(),
            };
            facts.nullable |= inner.nullable;
            facts.access = facts.access.or(inner.access);
            facts.deprecated |= inner.deprecated;
            facts.password |= inner.password;
            facts.description = facts.description.or(inner.description);
            facts.example = facts.example.or(inner.example);
        }
    }
    facts
}

fn has_null_enum_member(kind: &SchemaKind) -> bool {
    match kind {
        SchemaKind::Type(Type::String(s)) => s.enumeration.iter().any(Option::is_none),
        SchemaKind::Any(any) => any.enumeration.iter().any(serde_json::Value::is_null),
        _ => false,
    }
}

fn lower_schema(lw: &mut Lowerer, schema: &Schema, ctx: &Context) -> Lowered {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => lower_string(string),
        SchemaKind::OneOf { one_of } => {
            let discriminator = schema.schema_data.discriminator.as_ref();
            lower_members(lw, "oneOf", one_of, discriminator, ctx)
        }
        SchemaKind::AnyOf { any_of } => {
            let discriminator = schema.schema_data.discriminator.as_ref();
            lower_members(lw, "anyOf", any_of, discriminator, ctx)
        }
        SchemaKind::Type(Type::Integer(integer)) => {
            Lowered::Plain(TypeRef::Integer(match integer.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => IntegerWidth::I32,
                _ => IntegerWidth::I64,
            }))
        }
        SchemaKind::Type(Type::Number(_)) => Lowered::Plain(TypeRef::Number),
        SchemaKind::Type(Type::Boolean(_)) => Lowered::Plain(TypeRef::Boolean),
        SchemaKind::Type(Type::Array(array)) => Lowered::Plain(lower_array(lw, array, ctx)),
        SchemaKind::Type(Type::Object(object)) => lower_object(lw, object, ctx),
        SchemaKind::AllOf { all_of } => lower_all_of(lw, all_of, ctx),
        SchemaKind::Not { .. } => {
            lw.fallback(&ctx.pointer, "`not` cannot be expressed as a Rust type");
            Lowered::Plain(TypeRef::Json)
        }
        SchemaKind::Any(any) => lower_any(lw, schema, any, ctx),
    }
}

/// A union of one member is that member.
fn lower_members(
    lw: &mut Lowerer,
    keyword: &str,
    members: &[ReferenceOr<Schema>],
    discriminator: Option<&openapiv3::Discriminator>,
    ctx: &Context,
) -> Lowered {
    match members {
        [] => Lowered::Plain(TypeRef::Json),
        [only] => Lowered::Plain(lower_ref(lw, only.into(), ctx)),
        _ => Lowered::Definition(super::union::lower_union(
            lw,
            keyword,
            members,
            discriminator,
            ctx,
        )),
    }
}

fn lower_string(string: &StringType) -> Lowered {
    let values: Vec<&str> = string
        .enumeration
        .iter()
        .flatten()
        .map(String::as_str)
        .collect();
    if !values.is_empty() {
        return Lowered::Definition(TypeKind::Enum(string_enum(&values)));
    }
    let ty = match &string.format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
        VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => TypeRef::Binary,
        _ => TypeRef::String,
    };
    Lowered::Plain(ty)
}

fn string_enum(values: &[&str]) -> Enum {
    let mut variant_names = names::Namer::default();
    let mut seen = std::collections::HashSet::new();
    let variants: Vec<EnumVariant> = values
        .iter()
        .filter(|value| seen.insert(**value))
        .map(|value| EnumVariant {
            wire_value: (*value).to_owned(),
            rust_name: variant_names.claim(&names::upper_camel(value, "Value"), ""),
        })
        .collect();
    let catch_all = ["Other", "Unknown", "OtherValue"]
        .into_iter()
        .find(|name| !variant_names.is_taken(name))
        .map(str::to_owned)
        .unwrap_or_else(|| variant_names.claim("OtherValue", ""));
    Enum {
        variants,
        catch_all,
    }
}

fn lower_array(lw: &mut Lowerer, array: &ArrayType, ctx: &Context) -> TypeRef {
    // Without `items` the spec says nothing about the elements: any JSON value is exact.
    let Some(items) = &array.items else {
        return TypeRef::List(Box::new(TypeRef::Json));
    };
    let item_ctx = ctx.child("Item", ctx.pointer.join("items"));
    TypeRef::List(Box::new(lower_element(lw, items.into(), &item_ctx)))
}

/// An array item or map value: nullability becomes part of the type.
fn lower_element(lw: &mut Lowerer, schema: SchemaOrRef, ctx: &Context) -> TypeRef {
    let ty = lower_ref(lw, schema, ctx);
    if facts(lw, schema).nullable {
        TypeRef::Nullable(Box::new(ty))
    } else {
        ty
    }
}

fn lower_object(lw: &mut Lowerer, object: &ObjectType, ctx: &Context) -> Lowered {
    let ObjectType {
        properties,
        required,
        additional_properties,
        min_properties: _, // validation only
        max_properties: _, // validation only
    } = object;
    lower_properties(
        lw,
        properties,
        required,
        additional_properties.as_ref(),
        ctx,
    )
}

fn lower_properties(
    lw: &mut Lowerer,
    properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: &[String],
    additional_properties: Option<&AdditionalProperties>,
    ctx: &Context,
) -> Lowered {
    if properties.is_empty() {
        let value = match additional_properties {
            Some(AdditionalProperties::Schema(schema)) => {
                let value_ctx = ctx.child("Value", ctx.pointer.join("additionalProperties"));
                lower_element(lw, schema.as_ref().into(), &value_ctx)
            }
            Some(AdditionalProperties::Any(_)) | None => TypeRef::Json,
        };
        return Lowered::Plain(TypeRef::Map(Box::new(value)));
    }
    let properties_pointer = ctx.pointer.join("properties");
    let mut field_names = names::Namer::default();
    let fields = properties
        .iter()
        .map(|(wire_name, schema)| {
            let pointer = properties_pointer.join(wire_name);
            let child = ctx.child(wire_name, pointer);
            let schema = SchemaOrRef::from(schema);
            let ty = lower_ref(lw, schema, &child);
            let facts = facts(lw, schema);
            let rust_name = field_names.claim(&names::snake(wire_name, "field"), "_");
            let access = facts.access.unwrap_or(Access::ReadWrite);
            Field {
                sensitive: facts.password
                    || (access == Access::WriteOnly && looks_secret(wire_name)),
                wire_name: wire_name.clone(),
                rust_name,
                ty,
                required: required.contains(wire_name),
                nullable: facts.nullable,
                access,
                docs: super::docs(
                    facts.title.as_ref(),
                    facts.description.as_ref(),
                    facts.example.as_ref(),
                ),
                deprecated: facts.deprecated,
            }
        })
        .collect();
    Lowered::Definition(TypeKind::Struct(Struct { fields }))
}

/// A writeOnly property with a credential's name. Such values must never reach logs.
fn looks_secret(wire_name: &str) -> bool {
    let name = wire_name.to_ascii_lowercase();
    [
        "token",
        "secret",
        "password",
        "api_key",
        "apikey",
        "credential",
        "private_key",
    ]
    .iter()
    .any(|word| name.contains(word))
}

/// `allOf` with one member is that member (the wrapper only attaches facts); with several,
/// the object members are merged into one struct.
fn lower_all_of(lw: &mut Lowerer, members: &[ReferenceOr<Schema>], ctx: &Context) -> Lowered {
    // Members that only annotate (a description, `nullable`) add no shape; `facts` reads them.
    let shaping: Vec<(usize, &ReferenceOr<Schema>)> = members
        .iter()
        .enumerate()
        .filter(|(_, m)| !is_annotation_only(m))
        .collect();
    if let [(_, only)] = shaping.as_slice() {
        return match only {
            ReferenceOr::Reference { reference } => {
                Lowered::Plain(lower_reference(lw, reference, ctx))
            }
            ReferenceOr::Item(schema) => lower_schema(lw, schema, ctx),
        };
    }
    // `allOf: [{$ref: UserId}, {type: string, description: ...}]` refines one scalar:
    // the referenced type is the type.
    if !shaping.iter().any(|(_, m)| is_object_schema(lw, m)) {
        let first = shaping
            .iter()
            .find(|(_, m)| matches!(m, ReferenceOr::Reference { .. }))
            .or(shaping.first());
        return match first.map(|(_, member)| *member) {
            None => Lowered::Plain(TypeRef::Json),
            Some(ReferenceOr::Reference { reference }) => {
                Lowered::Plain(lower_reference(lw, reference, ctx))
            }
            Some(ReferenceOr::Item(schema)) => lower_schema(lw, schema, ctx),
        };
    }
    let mut properties = IndexMap::new();
    let mut required = Vec::new();
    for (index, member) in shaping {
        let pointer = ctx.pointer.join("allOf").join(index);
        if !collect_object(lw, member.into(), &mut properties, &mut required, 0) {
            lw.fallback(&pointer, "`allOf` combines a member that is not an object");
            return Lowered::Plain(TypeRef::Json);
        }
    }
    lower_properties(lw, &properties, &required, None, ctx)
}

fn is_object_schema(lw: &Lowerer, member: &ReferenceOr<Schema>) -> bool {
    let schema = match member {
        ReferenceOr::Item(schema) => schema,
        ReferenceOr::Reference { reference } => match lw.resolve_schema(reference) {
            Some(schema) => schema,
            None => return false,
        },
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(_)) | SchemaKind::AllOf { .. } => true,
        SchemaKind::Any(any) => !any.properties.is_empty() || any.typ.as_deref() == Some("object"),
        _ => false,
    }
}

/// A member such as `{description: ..., nullable: true}`: facts about the value, no shape.
fn is_annotation_only(member: &ReferenceOr<Schema>) -> bool {
    let ReferenceOr::Item(schema) = member else {
        return false;
    };
    let SchemaKind::Any(any) = &schema.schema_kind else {
        return false;
    };
    any.typ.is_none()
        && any.properties.is_empty()
        && any.items.is_none()
        && any.additional_properties.is_none()
        && any.enumeration.is_empty()
        && any.all_of.is_empty()
        && any.one_of.is_empty()
        && any.any_of.is_empty()
        && any.not.is_none()
        && any.format.is_none()
}

/// Gathers the properties of an object schema (following `$ref` and nested `allOf`).
/// Returns false when the schema is not an object.
fn collect_object(
    lw: &Lowerer,
    schema: SchemaOrRef,
    properties: &mut IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: &mut Vec<String>,
    depth: usize,
) -> bool {
    // A chain of `allOf`s this deep is a cycle; lowering reports cycles elsewhere.
    const MAX_DEPTH: usize = 64;
    if depth > MAX_DEPTH {
        return false;
    }
    let schema = match schema {
        SchemaOrRef::Ref(reference) => match lw.resolve_schema(reference) {
            Some(target) => target,
            None => return false,
        },
        SchemaOrRef::Item(schema) => schema,
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => {
            properties.extend(object.properties.clone());
            required.extend(object.required.iter().cloned());
            true
        }
        SchemaKind::Any(any) if !any.properties.is_empty() => {
            properties.extend(any.properties.clone());
            required.extend(any.required.iter().cloned());
            true
        }
        SchemaKind::AllOf { all_of } => all_of
            .iter()
            .all(|member| collect_object(lw, member.into(), properties, required, depth + 1)),
        _ => false,
    }
}

/// A schema that `openapiv3` could not classify: no `type`, or a mix of keywords.
fn lower_any(lw: &mut Lowerer, schema: &Schema, any: &AnySchema, ctx: &Context) -> Lowered {
    if !any.properties.is_empty() || any.typ.as_deref() == Some("object") {
        return lower_properties(
            lw,
            &any.properties,
            &any.required,
            any.additional_properties.as_ref(),
            ctx,
        );
    }
    if !any.all_of.is_empty() {
        return lower_all_of(lw, &any.all_of, ctx);
    }
    let discriminator = schema.schema_data.discriminator.as_ref();
    if !any.one_of.is_empty() {
        return lower_members(lw, "oneOf", &any.one_of, discriminator, ctx);
    }
    if !any.any_of.is_empty() {
        return lower_members(lw, "anyOf", &any.any_of, discriminator, ctx);
    }
    let strings: Option<Vec<&str>> = any
        .enumeration
        .iter()
        .filter(|v| !v.is_null())
        .map(serde_json::Value::as_str)
        .collect();
    match strings {
        Some(values) if !values.is_empty() => {
            return Lowered::Definition(TypeKind::Enum(string_enum(&values)))
        }
        _ => {}
    }
    let ty = match any.typ.as_deref() {
        Some("string") => match any.format.as_deref() {
            Some("date-time") => TypeRef::DateTime,
            Some("date") => TypeRef::Date,
            _ => TypeRef::String,
        },
        Some("integer") => TypeRef::Integer(match any.format.as_deref() {
            Some("int32") => IntegerWidth::I32,
            _ => IntegerWidth::I64,
        }),
        Some("number") => TypeRef::Number,
        Some("boolean") => TypeRef::Boolean,
        Some("array") => match &any.items {
            Some(items) => {
                let item_ctx = ctx.child("Item", ctx.pointer.join("items"));
                TypeRef::List(Box::new(lower_element(lw, items.into(), &item_ctx)))
            }
            None => TypeRef::List(Box::new(TypeRef::Json)),
        },
        // An enum without `type` whose values are all numbers or all booleans.
        None if !any.enumeration.is_empty()
            && any.enumeration.iter().all(|v| v.is_i64() || v.is_null()) =>
        {
            TypeRef::Integer(IntegerWidth::I64)
        }
        None if !any.enumeration.is_empty()
            && any.enumeration.iter().all(|v| v.is_number() || v.is_null()) =>
        {
            TypeRef::Number
        }
        None if !any.enumeration.is_empty()
            && any
                .enumeration
                .iter()
                .all(|v| v.is_boolean() || v.is_null()) =>
        {
            TypeRef::Boolean
        }
        // The spec gives no type at all: any JSON value is the precise answer.
        None if any.enumeration.is_empty() => TypeRef::Json,
        _ => {
            lw.fallback(
                &ctx.pointer,
                "schema mixes keywords or enum value kinds no single Rust type holds",
            );
            TypeRef::Json
        }
    };
    Lowered::Plain(ty)
}
