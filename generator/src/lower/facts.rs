//! Facts about a value that live on its schema rather than in its type: `nullable`,
//! readOnly/writeOnly, deprecation, docs, and whether it is a password. They are read
//! where the value is used (a field, an array item), through single-member `allOf`
//! wrappers and `$ref`s.

use openapiv3::{SchemaData, SchemaKind, StringFormat, StringType, Type, VariantOrUnknownOrEmpty};

use super::schema::SchemaOrRef;
use super::{limits, Lowerer};
use crate::ir::{Access, Docs};

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

impl Facts {
    /// The docs of a named type or field: the title as its summary.
    pub(crate) fn docs(&self) -> Docs {
        super::docs(
            self.title.as_ref(),
            self.description.as_ref(),
            self.example.as_ref(),
        )
    }
}

/// The facts of a schema; for a `$ref`, those of its target.
pub(crate) fn facts(lw: &Lowerer, schema: SchemaOrRef) -> Facts {
    facts_at(lw, schema, 0)
}

/// `depth` counts `allOf` wrappers followed: `A: {allOf: [{$ref: A}]}` wraps itself.
fn facts_at(lw: &Lowerer, schema: SchemaOrRef, depth: usize) -> Facts {
    let Some(schema) = lw.schema(schema) else {
        return Facts::default();
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
            (true, true) => Some(Access::Neither),
            (false, false) => None,
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
            let inner = match depth < limits::FACT_WRAPPERS {
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
