//! `$ref` resolution: from a reference to the schema, parameter, body or response it
//! names, following chains of references within a budget (`limits`).

use std::borrow::Cow;

use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type};

use super::schema::SchemaOrRef;
use super::{limits, Lowerer};
use crate::diagnostics::Pointer;
use crate::ir::TypeId;

impl<'a> Lowerer<'a> {
    pub(crate) fn component_id(&self, reference: &str) -> Option<TypeId> {
        let name = reference.strip_prefix("#/components/schemas/")?;
        self.components.get(&unescape_pointer_token(name)).copied()
    }

    /// The schema a `$ref` points at (in `components/schemas`, or inside one), following
    /// a chain of `$ref`s. `None` for a missing target or a chain that loops.
    pub(crate) fn resolve_schema(&self, reference: &str) -> Option<&'a Schema> {
        let mut budget = limits::REFERENCES_FOLLOWED;
        self.resolve_within(reference, &mut budget)
    }

    /// The schema itself, or the one its `$ref` names: in `components/schemas` or inside
    /// one, else anywhere in the document (`#/components/parameters/x/schema`). `None`
    /// for a missing target or a chain that loops.
    pub(crate) fn schema<'s>(&self, schema: SchemaOrRef<'s>) -> Option<Cow<'s, Schema>>
    where
        'a: 's,
    {
        let reference = match schema {
            SchemaOrRef::Item(schema) => return Some(Cow::Borrowed(schema)),
            SchemaOrRef::Ref(reference) => reference,
        };
        match self.resolve_schema(reference) {
            Some(schema) => Some(Cow::Borrowed(schema)),
            None => self.deserialize_at::<Schema>(reference).map(Cow::Owned),
        }
    }

    /// Resolves a `$ref` that points into a schema, such as
    /// `#/components/schemas/A/properties/b` or `.../items` or `.../allOf/0`.
    pub(crate) fn resolve_pointer(&self, reference: &str) -> Option<SchemaOrRef<'a>> {
        let mut budget = limits::REFERENCES_FOLLOWED;
        self.walk_pointer(reference, &mut budget)
    }

    /// Follows `$ref`s until a schema, spending one unit of `budget` per reference: a
    /// spec can make references lead back to themselves in many ways.
    fn resolve_within(&self, reference: &str, budget: &mut usize) -> Option<&'a Schema> {
        let mut reference = reference;
        loop {
            *budget = budget.checked_sub(1)?;
            match self.walk_pointer(reference, budget)? {
                SchemaOrRef::Item(schema) => return Some(schema),
                SchemaOrRef::Ref(next) => reference = next,
            }
        }
    }

    fn walk_pointer(&self, reference: &str, budget: &mut usize) -> Option<SchemaOrRef<'a>> {
        let rest = reference.strip_prefix("#/components/schemas/")?;
        let mut tokens = rest.split('/').map(unescape_pointer_token);
        let name = tokens.next()?;
        let mut current = SchemaOrRef::from(self.doc.components.as_ref()?.schemas.get(&name)?);
        while let Some(token) = tokens.next() {
            let schema = match current {
                SchemaOrRef::Ref(reference) => self.resolve_within(reference, budget)?,
                SchemaOrRef::Item(schema) => schema,
            };
            current = match (token.as_str(), &schema.schema_kind) {
                ("properties", SchemaKind::Type(Type::Object(object))) => {
                    object.properties.get(&tokens.next()?)?.into()
                }
                ("properties", SchemaKind::Any(any)) => any.properties.get(&tokens.next()?)?.into(),
                ("items", SchemaKind::Type(Type::Array(array))) => array.items.as_ref()?.into(),
                ("items", SchemaKind::Any(any)) => any.items.as_ref()?.into(),
                ("additionalProperties", SchemaKind::Type(Type::Object(object))) => {
                    match object.additional_properties.as_ref()? {
                        AdditionalProperties::Schema(schema) => schema.as_ref().into(),
                        AdditionalProperties::Any(_) => return None,
                    }
                }
                ("allOf", SchemaKind::AllOf { all_of: members })
                | ("oneOf", SchemaKind::OneOf { one_of: members })
                | ("anyOf", SchemaKind::AnyOf { any_of: members }) => {
                    members.get(tokens.next()?.parse::<usize>().ok()?)?.into()
                }
                _ => return None,
            };
        }
        Some(current)
    }

    /// The value a local `$ref` points at, read as `T`, wherever it is in the document
    /// (following a chain of `$ref`s).
    pub(crate) fn deserialize_at<T: serde::de::DeserializeOwned>(
        &self,
        reference: &str,
    ) -> Option<T> {
        let mut reference = reference;
        for _ in 0..limits::REFERENCE_CHAIN {
            let value = self.tree.pointer(reference.strip_prefix('#')?)?;
            match value.get("$ref").and_then(serde_json::Value::as_str) {
                Some(next) => reference = next,
                None => return serde_json::from_value(value.clone()).ok(),
            }
        }
        None
    }

    /// `item` itself, or what its `$ref` points at; an error naming `what` was expected
    /// when the target is missing or of another kind.
    pub(crate) fn resolve_item<T: Clone + serde::de::DeserializeOwned>(
        &mut self,
        item: &'a ReferenceOr<T>,
        what: &str,
        pointer: &Pointer,
    ) -> Option<Cow<'a, T>> {
        match item {
            ReferenceOr::Item(item) => Some(Cow::Borrowed(item)),
            ReferenceOr::Reference { reference } => match self.deserialize_at::<T>(reference) {
                Some(found) => Some(Cow::Owned(found)),
                None => {
                    self.error(
                        pointer,
                        format!("`$ref` target `{reference}` does not exist or is not {what}"),
                    );
                    None
                }
            },
        }
    }
}

fn unescape_pointer_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}
