//! Schemas -> types: the dispatch on a schema's kind, `$ref`s, scalars, arrays, string
//! enums, and untyped schemas (which reuse the typed mapping).
//!
//! A schema in "type position" (a property, an array item, a body) becomes a `TypeRef`;
//! objects and string enums found there become named types of their own, named after
//! where they appear (`<Parent><Property>`). Objects are `object.rs`, `allOf` is
//! `all_of.rs`, unions are `union.rs`, per-value facts (`nullable`, docs) are `facts.rs`.

use std::borrow::Borrow;

use openapiv3::{
    AnySchema, IntegerFormat, ReferenceOr, Schema, SchemaKind, StringFormat, StringType, Type,
    VariantOrUnknownOrEmpty,
};

use super::all_of::lower_all_of;
use super::facts::facts;
use super::object::{lower_object, typed_object, untyped_object};
use super::{names, Lowerer};
use crate::diagnostics::Pointer;
use crate::ir::{Enum, EnumVariant, IntegerWidth, Origin, TypeDef, TypeKind, TypeRef, Usage};

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
    pub(crate) fn child(&self, suffix: &str, pointer: Pointer) -> Context {
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

/// `openapiv3` puts a schema in a `Box` in some places and not in others.
impl<'a, S: Borrow<Schema>> From<&'a ReferenceOr<S>> for SchemaOrRef<'a> {
    fn from(value: &'a ReferenceOr<S>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaOrRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaOrRef::Item(schema.borrow()),
        }
    }
}

/// What a schema turned into: a definition that needs a name, or a plain type.
pub(crate) enum Lowered {
    Definition(TypeKind),
    Plain(TypeRef),
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
        docs: facts.docs(),
        deprecated: facts.deprecated,
        origin: Origin::Component,
        usage: ctx.usage,
        kind,
        key: String::new(),
        request_name: None,
        split: None,
    }
}

/// Lowers a schema in type position; inline objects and enums become new named types.
pub(crate) fn lower_ref(lw: &mut Lowerer, schema: SchemaOrRef, ctx: &Context) -> TypeRef {
    let item = match schema {
        SchemaOrRef::Ref(reference) => return lower_reference(lw, reference, ctx),
        SchemaOrRef::Item(item) => item,
    };
    // Only `allOf` merging a schema's properties into itself reaches this bound
    // (`A: {allOf: [{properties: {x: {allOf: [{$ref: A}]}}}]}`): a recursion with no
    // type to name.
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
                key: String::new(),
                request_name: None,
                split: None,
            };
            TypeRef::Named(lw.add_type(def))
        }
    }
}

pub(crate) fn lower_reference(lw: &mut Lowerer, reference: &str, ctx: &Context) -> TypeRef {
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
        lw.error(
            at,
            format!(
                "`$ref` `{reference}` to another file is not read in this place \
                 (the loader reads references where OpenAPI puts schemas)"
            ),
        );
    }
    TypeRef::Json
}

pub(crate) fn lower_schema(lw: &mut Lowerer, schema: &Schema, ctx: &Context) -> Lowered {
    let discriminator = schema.schema_data.discriminator.as_ref();
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => lower_string(string),
        SchemaKind::OneOf { one_of } => lower_members(lw, "oneOf", one_of, discriminator, ctx),
        SchemaKind::AnyOf { any_of } => lower_members(lw, "anyOf", any_of, discriminator, ctx),
        SchemaKind::Type(Type::Integer(integer)) => {
            Lowered::Plain(TypeRef::Integer(integer_width(&integer.format)))
        }
        SchemaKind::Type(Type::Number(_)) => Lowered::Plain(TypeRef::Number),
        SchemaKind::Type(Type::Boolean(_)) => Lowered::Plain(TypeRef::Boolean),
        SchemaKind::Type(Type::Array(array)) => {
            Lowered::Plain(lower_array(lw, array.items.as_ref(), ctx))
        }
        SchemaKind::Type(Type::Object(object)) => lower_object(lw, typed_object(object), ctx),
        SchemaKind::AllOf { all_of } => lower_all_of(lw, all_of, ctx),
        SchemaKind::Not { .. } => {
            lw.fallback(&ctx.pointer, "`not` cannot be expressed as a Rust type");
            Lowered::Plain(TypeRef::Json)
        }
        SchemaKind::Any(any) => lower_any(lw, any, discriminator, ctx),
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
    Lowered::Plain(string_type(&string.format))
}

/// The Rust type of a string without `enum`, by its `format`.
fn string_type(format: &VariantOrUnknownOrEmpty<StringFormat>) -> TypeRef {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
        VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => TypeRef::Binary,
        _ => TypeRef::String,
    }
}

/// `int32` fits in an `i32`; any other integer (`int64`, no format) gets 64 bits.
fn integer_width(format: &VariantOrUnknownOrEmpty<IntegerFormat>) -> IntegerWidth {
    match format {
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => IntegerWidth::I32,
        _ => IntegerWidth::I64,
    }
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

fn lower_array(
    lw: &mut Lowerer,
    items: Option<&ReferenceOr<Box<Schema>>>,
    ctx: &Context,
) -> TypeRef {
    // Without `items` the spec says nothing about the elements: any JSON value is exact.
    let Some(items) = items else {
        return TypeRef::List(Box::new(TypeRef::Json));
    };
    let item_ctx = ctx.child("Item", ctx.pointer.join("items"));
    TypeRef::List(Box::new(lower_element(lw, items.into(), &item_ctx)))
}

/// An array item or map value: nullability becomes part of the type.
pub(crate) fn lower_element(lw: &mut Lowerer, schema: SchemaOrRef, ctx: &Context) -> TypeRef {
    let ty = lower_ref(lw, schema, ctx);
    if facts(lw, schema).nullable {
        TypeRef::Nullable(Box::new(ty))
    } else {
        ty
    }
}

/// A schema that `openapiv3` could not classify: no `type`, or a mix of keywords. Where
/// it names a type, the typed mapping above decides (`format` included).
fn lower_any(
    lw: &mut Lowerer,
    any: &AnySchema,
    discriminator: Option<&openapiv3::Discriminator>,
    ctx: &Context,
) -> Lowered {
    if let Some(object) = untyped_object(any) {
        return lower_object(lw, object, ctx);
    }
    if !any.all_of.is_empty() {
        return lower_all_of(lw, &any.all_of, ctx);
    }
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
    let enum_of = |kind: fn(&serde_json::Value) -> bool| {
        !any.enumeration.is_empty() && any.enumeration.iter().all(|v| kind(v) || v.is_null())
    };
    let ty = match any.typ.as_deref() {
        Some("string") => string_type(&any.format.clone().into()),
        Some("integer") => TypeRef::Integer(integer_width(&any.format.clone().into())),
        Some("number") => TypeRef::Number,
        Some("boolean") => TypeRef::Boolean,
        Some("array") => lower_array(lw, any.items.as_ref(), ctx),
        // An enum without `type` whose values are all numbers or all booleans.
        None if enum_of(serde_json::Value::is_i64) => TypeRef::Integer(IntegerWidth::I64),
        None if enum_of(serde_json::Value::is_number) => TypeRef::Number,
        None if enum_of(serde_json::Value::is_boolean) => TypeRef::Boolean,
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
