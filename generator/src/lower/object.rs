//! Object schemas -> structs and maps: which schemas are objects (typed or not), how
//! their properties become fields, and which fields hold credentials.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, ObjectType, ReferenceOr, Schema, SchemaKind, Type,
};

use super::facts::facts;
use super::schema::{lower_element, lower_ref, Context, Lowered, SchemaOrRef};
use super::{names, Lowerer};
use crate::ir::{Access, Field, Struct, TypeKind, TypeRef};

/// What an object schema says about its properties, whichever way `openapiv3` read it.
pub(crate) struct ObjectShape<'s> {
    pub properties: &'s IndexMap<String, ReferenceOr<Box<Schema>>>,
    pub required: &'s [String],
    pub additional_properties: Option<&'s AdditionalProperties>,
}

/// The object parts of `type: object`, and of an untyped schema that has properties or
/// says `type: object` next to keywords `openapiv3` cannot classify.
pub(crate) fn object_shape(kind: &SchemaKind) -> Option<ObjectShape<'_>> {
    match kind {
        SchemaKind::Type(Type::Object(object)) => Some(typed_object(object)),
        SchemaKind::Any(any) => untyped_object(any),
        _ => None,
    }
}

pub(crate) fn typed_object(object: &ObjectType) -> ObjectShape<'_> {
    let ObjectType {
        properties,
        required,
        additional_properties,
        min_properties: _, // validation only
        max_properties: _, // validation only
    } = object;
    ObjectShape {
        properties,
        required,
        additional_properties: additional_properties.as_ref(),
    }
}

pub(crate) fn untyped_object(any: &AnySchema) -> Option<ObjectShape<'_>> {
    let is_object = !any.properties.is_empty() || any.typ.as_deref() == Some("object");
    is_object.then_some(ObjectShape {
        properties: &any.properties,
        required: &any.required,
        additional_properties: any.additional_properties.as_ref(),
    })
}

/// A struct with one field per property; without properties, a map of the
/// `additionalProperties` values.
pub(crate) fn lower_object(lw: &mut Lowerer, object: ObjectShape, ctx: &Context) -> Lowered {
    let ObjectShape {
        properties,
        required,
        additional_properties,
    } = object;
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
            let child = ctx.child(wire_name, pointer.clone());
            let schema = SchemaOrRef::from(schema);
            let ty = lower_ref(lw, schema, &child);
            let facts = facts(lw, schema);
            let rust_name = field_names.claim(&names::snake(wire_name, "field"), "_");
            let access = facts.access.unwrap_or(Access::ReadWrite);
            if access == Access::Neither {
                lw.warning(
                    &pointer,
                    format!(
                        "`{wire_name}` is both readOnly and writeOnly, which OpenAPI leaves \
                         undefined; it is left out of both the request and the response type"
                    ),
                );
            }
            Field {
                sensitive: facts.password
                    || (access == Access::WriteOnly && looks_secret(wire_name)),
                wire_name: wire_name.clone(),
                rust_name,
                ty,
                required: required.contains(wire_name),
                nullable: facts.nullable,
                access,
                docs: facts.docs(),
                deprecated: facts.deprecated,
                // Named with the other members once the struct has all its fields.
                setter: String::new(),
                null_setter: None,
            }
        })
        .collect();
    Lowered::Definition(TypeKind::Struct(Struct { fields, tag: None }))
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
