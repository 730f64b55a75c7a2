//! `oneOf` / `anyOf` -> `Union`.
//!
//! A union is tagged when the spec says which property decides (`discriminator`), or when
//! every variant is an object with the same required property holding a single-value
//! enum (the style of serde's internally tagged enums, common in specs generated from
//! Rust). A tagged union decodes by looking at the tag and keeps unknown tags in a
//! catch-all variant. Otherwise the union is untagged: the first variant that accepts a
//! value wins, so the most specific variants go first.
//!
//! Once every type is lowered, [`move_tags_into_types`] takes the tag property out of the
//! member structs that always carry the same tag value: the value becomes part of the
//! struct's type (written by its `Serialize`), so a caller cannot build a member whose tag
//! selects another variant, and the member still carries its tag when sent on its own.

use openapiv3::{Discriminator, ReferenceOr, Schema, SchemaKind, StringType, Type};

use super::schema::{self, Context, SchemaOrRef};
use super::Lowerer;
use std::collections::BTreeMap;

use crate::ir::{Api, StructTag, TypeId, TypeKind, TypeRef, Union, UnionTag, UnionVariant};
use crate::names::{self, Namer};

/// Lowers the members of a `oneOf`/`anyOf` found at `ctx.pointer/<keyword>`.
pub(crate) fn lower_union(
    lw: &mut Lowerer,
    keyword: &str,
    members: &[ReferenceOr<Schema>],
    discriminator: Option<&Discriminator>,
    ctx: &Context,
) -> TypeKind {
    let implicit_tag = discriminator
        .is_none()
        .then(|| implicit_tag(lw, members))
        .flatten();
    let mut variant_names = Namer::default();
    let mut variants: Vec<((u8, usize, usize), UnionVariant)> = Vec::new();
    for (index, member) in members.iter().enumerate() {
        let tag_values = match (discriminator, &implicit_tag) {
            (Some(discriminator), _) => explicit_tag_values(discriminator, member),
            (None, Some((_, values))) => values.get(index).cloned().into_iter().collect(),
            (None, None) => Vec::new(),
        };
        let proposed = variant_name(lw, member, tag_values.first(), index);
        let child = Context {
            name: format!("{}{}", ctx.name, proposed),
            module: ctx.module.clone(),
            usage: ctx.usage,
            pointer: ctx.pointer.join(keyword).join(index),
            fallback_doc: None,
        };
        let ty = schema::lower_ref(lw, SchemaOrRef::from(member), &child);
        let rust_name = variant_names.claim(&proposed, "");
        variants.push((
            specificity(lw, member),
            UnionVariant {
                rust_name,
                ty,
                tag_values,
            },
        ));
    }
    let tag_property = discriminator
        .map(|d| d.property_name.clone())
        .or(implicit_tag.map(|(property, _)| property));
    let tagged = tag_property.filter(|_| {
        variants
            .iter()
            .all(|(_, v)| !v.tag_values.is_empty() && is_object(&v.ty))
    });
    let tag = tagged.map(|property| UnionTag {
        property,
        catch_all: ["Other", "Unknown", "OtherVariant"]
            .into_iter()
            .find(|name| !variant_names.is_taken(name))
            .map(str::to_owned)
            .unwrap_or_else(|| variant_names.claim("OtherVariant", "")),
    });
    if tag.is_none() {
        // Most specific first; the sort is stable, so equals keep the spec's order.
        variants.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
    }
    TypeKind::Union(Union {
        variants: variants.into_iter().map(|(_, v)| v).collect(),
        tag,
    })
}

/// Gives each struct that tagged unions hold with exactly one tag (one property, one
/// value, in every such union) a [`StructTag`] and removes its field for the property.
/// A member selected by several values (a `discriminator.mapping` with two keys for one
/// schema) or by different properties in different unions keeps the field: its tag is
/// not one constant.
pub(crate) fn move_tags_into_types(api: &mut Api) {
    let mut tags: BTreeMap<TypeId, Vec<(&str, &[String])>> = BTreeMap::new();
    for def in &api.types {
        let TypeKind::Union(Union {
            variants,
            tag: Some(tag),
        }) = &def.kind
        else {
            continue;
        };
        for variant in variants {
            if let TypeRef::Named(member) = variant.ty {
                tags.entry(member)
                    .or_default()
                    .push((tag.property.as_str(), variant.tag_values.as_slice()));
            }
        }
    }
    let owned: Vec<(TypeId, StructTag)> = tags
        .into_iter()
        .filter_map(|(member, uses)| {
            let (property, values) = uses.first()?;
            let [value] = values else {
                return None;
            };
            uses.iter()
                .all(|(p, v)| p == property && v.len() == 1 && v.first() == Some(value))
                .then(|| {
                    let tag = StructTag {
                        property: (*property).to_owned(),
                        value: value.clone(),
                    };
                    (member, tag)
                })
        })
        .collect();
    for (member, tag) in owned {
        if let Some(TypeKind::Struct(s)) = api.types.get_mut(member.index()).map(|d| &mut d.kind) {
            s.fields.retain(|field| field.wire_name != tag.property);
            s.tag = Some(tag);
        }
    }
}

fn is_object(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Named(_))
}

/// The tag values `discriminator.mapping` gives this member, or else its schema name.
fn explicit_tag_values(discriminator: &Discriminator, member: &ReferenceOr<Schema>) -> Vec<String> {
    let ReferenceOr::Reference { reference } = member else {
        return Vec::new();
    };
    let mapped: Vec<String> = discriminator
        .mapping
        .iter()
        .filter(|(_, target)| *target == reference || reference.ends_with(&format!("/{target}")))
        .map(|(value, _)| value.clone())
        .collect();
    if !mapped.is_empty() {
        return mapped;
    }
    reference
        .rsplit('/')
        .next()
        .map(str::to_owned)
        .into_iter()
        .collect()
}

/// A required property that every member has as a single-value string enum, with
/// distinct values: the members' tag values in member order.
fn implicit_tag(lw: &Lowerer, members: &[ReferenceOr<Schema>]) -> Option<(String, Vec<String>)> {
    let first = resolve(lw, members.first()?)?;
    let (candidates, _) = object_parts(first)?;
    'candidate: for property in candidates {
        let mut values = Vec::new();
        for member in members {
            let Some(value) =
                resolve(lw, member).and_then(|schema| single_value(lw, schema, property))
            else {
                continue 'candidate;
            };
            if values.contains(&value) {
                continue 'candidate;
            }
            values.push(value);
        }
        return Some((property.clone(), values));
    }
    None
}

type Properties = indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>;

/// The required property names and all property schemas of an object schema.
fn object_parts(schema: &Schema) -> Option<(&Vec<String>, &Properties)> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => Some((&object.required, &object.properties)),
        SchemaKind::Any(any) if !any.properties.is_empty() => {
            Some((&any.required, &any.properties))
        }
        _ => None,
    }
}

fn single_value(lw: &Lowerer, schema: &Schema, property: &str) -> Option<String> {
    let (required, properties) = object_parts(schema)?;
    if !required.iter().any(|r| r == property) {
        return None;
    }
    let property_schema = match properties.get(property)? {
        ReferenceOr::Item(schema) => schema.as_ref(),
        ReferenceOr::Reference { reference } => lw.resolve_schema(reference)?,
    };
    match &property_schema.schema_kind {
        SchemaKind::Type(Type::String(StringType { enumeration, .. })) => {
            match enumeration.as_slice() {
                [Some(value)] => Some(value.clone()),
                _ => None,
            }
        }
        SchemaKind::Any(any) => match any.enumeration.as_slice() {
            [serde_json::Value::String(value)] => Some(value.clone()),
            _ => None,
        },
        _ => None,
    }
}

fn resolve<'a>(lw: &Lowerer<'a>, member: &'a ReferenceOr<Schema>) -> Option<&'a Schema> {
    match member {
        ReferenceOr::Item(schema) => Some(schema),
        ReferenceOr::Reference { reference } => lw.resolve_schema(reference),
    }
}

/// A variant's name: the referenced schema's, the tag value, the title, or the kind of
/// value it holds.
fn variant_name(
    lw: &Lowerer,
    member: &ReferenceOr<Schema>,
    tag: Option<&String>,
    index: usize,
) -> String {
    if let ReferenceOr::Reference { reference } = member {
        if let Some(name) = reference.strip_prefix("#/components/schemas/") {
            return names::upper_camel(name, "Variant");
        }
    }
    if let Some(tag) = tag {
        return names::upper_camel(tag, "Variant");
    }
    let Some(schema) = resolve(lw, member) else {
        return format!("Variant{}", index + 1);
    };
    if let Some(title) = &schema.schema_data.title {
        return names::upper_camel(title, "Variant");
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) => "String".to_owned(),
        SchemaKind::Type(Type::Integer(_)) => "Integer".to_owned(),
        SchemaKind::Type(Type::Number(_)) => "Number".to_owned(),
        SchemaKind::Type(Type::Boolean(_)) => "Boolean".to_owned(),
        SchemaKind::Type(Type::Array(_)) => "List".to_owned(),
        _ => format!("Variant{}", index + 1),
    }
}

/// How narrow a member is, for untagged decoding order: objects with more required
/// properties first, catch-all shapes (any value, plain strings) last.
fn specificity(lw: &Lowerer, member: &ReferenceOr<Schema>) -> (u8, usize, usize) {
    let Some(schema) = resolve(lw, member) else {
        return (0, 0, 0);
    };
    if let Some((required, properties)) = object_parts(schema) {
        return (4, required.len(), properties.len());
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::Integer(_) | Type::Boolean(_) | Type::Array(_)) => (3, 0, 0),
        SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() || !s.format.is_empty() => {
            (2, 0, 0)
        }
        SchemaKind::Type(Type::Number(_)) => (2, 0, 0),
        SchemaKind::Type(Type::String(_)) => (1, 0, 0),
        _ => (0, 0, 0),
    }
}
