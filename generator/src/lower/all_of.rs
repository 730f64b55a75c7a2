//! `allOf` -> one type: a wrapper around one member is that member, members that refine
//! one scalar are that scalar, and object members are merged into one struct.

use indexmap::IndexMap;
use openapiv3::{ReferenceOr, Schema, SchemaKind};

use super::object::{lower_object, object_shape, ObjectShape};
use super::schema::{lower_reference, lower_schema, Context, Lowered, SchemaOrRef};
use super::{limits, Lowerer};
use crate::ir::TypeRef;

/// `allOf` with one member is that member (the wrapper only attaches facts); with several,
/// the object members are merged into one struct.
pub(crate) fn lower_all_of(
    lw: &mut Lowerer,
    members: &[ReferenceOr<Schema>],
    ctx: &Context,
) -> Lowered {
    // Members that only annotate (a description, `nullable`) add no shape; `facts` reads them.
    let shaping: Vec<(usize, &ReferenceOr<Schema>)> = members
        .iter()
        .enumerate()
        .filter(|(_, m)| !is_annotation_only(m))
        .collect();
    if let [(_, only)] = shaping.as_slice() {
        return lower_member(lw, only, ctx);
    }
    // `allOf: [{$ref: UserId}, {type: string, description: ...}]` refines one scalar:
    // the referenced type is the type.
    if !shaping.iter().any(|(_, m)| is_object_schema(lw, m)) {
        let first = shaping
            .iter()
            .find(|(_, m)| matches!(m, ReferenceOr::Reference { .. }))
            .or(shaping.first());
        return match first {
            None => Lowered::Plain(TypeRef::Json),
            Some((_, member)) => lower_member(lw, member, ctx),
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
    let merged = ObjectShape {
        properties: &properties,
        required: &required,
        additional_properties: None,
    };
    lower_object(lw, merged, ctx)
}

/// The one member that gives an `allOf` its type, lowered in the `allOf`'s place.
fn lower_member(lw: &mut Lowerer, member: &ReferenceOr<Schema>, ctx: &Context) -> Lowered {
    match member {
        ReferenceOr::Reference { reference } => Lowered::Plain(lower_reference(lw, reference, ctx)),
        ReferenceOr::Item(schema) => lower_schema(lw, schema, ctx),
    }
}

fn is_object_schema(lw: &Lowerer, member: &ReferenceOr<Schema>) -> bool {
    let Some(schema) = lw.schema(member.into()) else {
        return false;
    };
    let kind = &schema.schema_kind;
    object_shape(kind).is_some() || matches!(kind, SchemaKind::AllOf { .. })
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
    if depth > limits::ALL_OF_DEPTH {
        return false;
    }
    let Some(schema) = lw.schema(schema) else {
        return false;
    };
    if let Some(object) = object_shape(&schema.schema_kind) {
        properties.extend(object.properties.clone());
        required.extend(object.required.iter().cloned());
        return true;
    }
    match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => all_of
            .iter()
            .all(|member| collect_object(lw, member.into(), properties, required, depth + 1)),
        _ => false,
    }
}
