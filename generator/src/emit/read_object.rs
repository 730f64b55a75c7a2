//! `Deserialize` for model structs, written out rather than derived: a `ReadObject` impl
//! (the runtime's `object.rs`) whose loop matches each key against the fields' wire names,
//! reads a known field into a slot of its own and skips every other key. It compiles to a
//! fraction of what serde's derive expands to (no field enum, no key visitor per type, no
//! `visit_seq`), which was most of what a big generated crate cost its users' builds.

use syn::parse_quote;

use super::syntax::Holes;
use crate::format;
use crate::ir::{Field, Struct, TypeDef};
use crate::rust_types::RustType;

thread_local! {
    static DESERIALIZE: syn::Item = parse_quote! {
        impl<'de> serde::Deserialize<'de> for __Name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::runtime::codec::read_object(deserializer)
            }
        }
    };
    static READ_FIELDS: syn::Item = parse_quote! {
        impl crate::runtime::codec::ReadObject for __Name {
            const NAME: &'static str = "__Name";

            fn read<'de, A: serde::de::MapAccess<'de>>(
                mut __map: crate::runtime::codec::Fields<A>,
            ) -> Result<Self, A::Error> {
                __slots;
                loop {
                    match __map.next_key()?.as_deref() {
                        __arms => {}
                        Some(_) => __map.skip()?,
                        None => break,
                    }
                }
                Ok(Self { __values })
            }
        }
    };
    static READ_NO_FIELDS: syn::Item = parse_quote! {
        impl crate::runtime::codec::ReadObject for __Name {
            const NAME: &'static str = "__Name";

            fn read<'de, A: serde::de::MapAccess<'de>>(
                mut __map: crate::runtime::codec::Fields<A>,
            ) -> Result<Self, A::Error> {
                while __map.next_key()?.is_some() {
                    __map.skip()?;
                }
                Ok(Self { __values })
            }
        }
    };
    static SLOT: syn::Stmt = parse_quote!(let mut __slot = None;);
    /// An `Option` field reads absent and `null` as `None`.
    static READ_OPTION: syn::Arm = parse_quote!(Some("__wire") => __slot = __map.__read()?,);
    static READ_VALUE: syn::Arm = parse_quote!(Some("__wire") => __slot = Some(__map.__read()?),);
    static OPTION: syn::FieldValue = parse_quote!(__slot);
    static REQUIRED: syn::FieldValue = parse_quote!(__slot: __map.required(__slot, "__wire")?);
}

/// `Deserialize` and `ReadObject` for the struct `def`, whose fields have `types`. A field
/// whose type is an `Option` reads absent and `null` as `None`; any other field is
/// required. `explicit_nulls` says whether the struct carries the private list of fields
/// to send as `null`.
pub(super) fn impls(
    def: &TypeDef,
    s: &Struct,
    types: &[RustType],
    explicit_nulls: bool,
) -> (format::Item, syn::Item) {
    let map = map_binding(&s.fields);
    // A field's slot, and its name on the wire.
    let holes = |field: &Field| {
        Holes::new()
            .ident("__slot", &field.rust_name)
            .ident("__map", &map)
            .string("__wire", &field.wire_name)
    };
    let slots = s.fields.iter().map(|f| holes(f).fill(&SLOT)).collect();
    let arms = s
        .fields
        .iter()
        .zip(types)
        .map(|(f, ty)| {
            let template = match ty {
                RustType::Option(_) => &READ_OPTION,
                _ => &READ_VALUE,
            };
            // Numbers may arrive as strings (`"1234.56"`).
            let read = if ty.holds_numbers() {
                "number"
            } else {
                "value"
            };
            holes(f).ident("__read", read).fill(template)
        })
        .collect();
    let mut values: Vec<syn::FieldValue> = s
        .fields
        .iter()
        .zip(types)
        .map(|(f, ty)| match ty {
            RustType::Option(_) => holes(f).fill(&OPTION),
            _ => holes(f).fill(&REQUIRED),
        })
        .collect();
    if explicit_nulls {
        values.push(Holes::new().fill(&super::structs::NO_NULLS));
    }
    let read = if s.fields.is_empty() {
        &READ_NO_FIELDS
    } else {
        &READ_FIELDS
    };
    let named = || Holes::new().ident("__Name", &def.name);
    (
        deserialize(&def.name),
        named()
            .string("__Name", &def.name)
            .ident("__map", &map)
            .stmts("__slots", slots)
            .arms("__arms", arms)
            .fields("__values", values)
            .fill(read),
    )
}

/// `Deserialize` for the struct `name`: the same lines for every struct, so written out
/// as text (one line in eight of a big crate's models) where it fits the margin.
fn deserialize(name: &str) -> format::Item {
    let text = format!(
        "impl<'de> serde::Deserialize<'de> for {name} {{
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error> {{
        crate::runtime::codec::read_object(deserializer)
    }}
}}
"
    );
    format::laid_out(text).unwrap_or_else(|| {
        format::Item::Tree(Holes::new().ident("__Name", name).fill(&DESERIALIZE))
    })
}

/// The name of the entries' binding: `map`, unless a field's slot already has it.
fn map_binding(fields: &[Field]) -> String {
    let mut name = "map".to_owned();
    while fields.iter().any(|field| field.rust_name == name) {
        name.push('_');
    }
    name
}

#[cfg(test)]
mod tests {
    use super::{deserialize, DESERIALIZE};
    use crate::emit::syntax::Holes;
    use crate::format::assert_laid_out_as_printed;

    #[test]
    fn deserialize_is_laid_out_as_prettyplease_lays_it_out() {
        assert_laid_out_as_printed(deserialize, |name| {
            Holes::new().ident("__Name", name).fill(&DESERIALIZE)
        });
    }
}
