//! `Deserialize` for model structs, written out rather than derived: a `ReadObject` impl
//! (the runtime's `object.rs`) whose loop matches each key against the fields' wire names,
//! reads a known field into a slot of its own and skips every other key. It compiles to a
//! fraction of what serde's derive expands to (no field enum, no key visitor per type, no
//! `visit_seq`), which was most of what a big generated crate cost its users' builds.

use proc_macro2::TokenStream;
use quote::quote;

use super::types::ident;
use crate::ir::{Field, Struct, TypeDef};
use crate::rust_types::RustType;

/// `Deserialize` and `ReadObject` for the struct `def`, whose fields have `types`. A field whose type is an `Option`
/// reads absent and `null` as `None`; any other field is required. `explicit_nulls`
/// says whether the struct carries the private list of fields to send as `null`.
pub(super) fn impls(
    def: &TypeDef,
    s: &Struct,
    types: &[RustType],
    explicit_nulls: bool,
) -> TokenStream {
    let name = ident(&def.name);
    let name_text = &def.name;
    let map = ident(&map_binding(&s.fields));
    let slots = s.fields.iter().map(|field| {
        let slot = ident(&field.rust_name);
        quote!(let mut #slot = None;)
    });
    let arms = s.fields.iter().zip(types).map(|(field, ty)| {
        let slot = ident(&field.rust_name);
        let wire_name = &field.wire_name;
        // Numbers may arrive as strings (`"1234.56"`).
        let value = if ty.holds_numbers() {
            quote!(#map.number()?)
        } else {
            quote!(#map.value()?)
        };
        match ty {
            RustType::Option(_) => quote!(Some(#wire_name) => #slot = #value,),
            _ => quote!(Some(#wire_name) => #slot = Some(#value),),
        }
    });
    let values = s.fields.iter().zip(types).map(|(field, ty)| {
        let slot = ident(&field.rust_name);
        let wire_name = &field.wire_name;
        match ty {
            RustType::Option(_) => quote!(#slot),
            _ => quote!(#slot: #map.required(#slot, #wire_name)?),
        }
    });
    let nulls = explicit_nulls.then(|| quote!(explicit_nulls: Default::default(),));
    let read_entries = if s.fields.is_empty() {
        quote! {
            while #map.next_key()?.is_some() {
                #map.skip()?;
            }
        }
    } else {
        quote! {
            #(#slots)*
            loop {
                match #map.next_key()?.as_deref() {
                    #(#arms)*
                    Some(_) => #map.skip()?,
                    None => break,
                }
            }
        }
    };
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::codec::read_object(deserializer)
            }
        }

        impl crate::codec::ReadObject for #name {
            const NAME: &'static str = #name_text;

            fn read<'de, A: serde::de::MapAccess<'de>>(
                mut #map: crate::codec::Fields<A>,
            ) -> Result<Self, A::Error> {
                #read_entries
                Ok(Self {
                    #(#values,)*
                    #nulls
                })
            }
        }
    }
}

/// The name of the entries' binding: `map`, unless a field's slot already has it.
fn map_binding(fields: &[Field]) -> String {
    let mut name = "map".to_owned();
    while fields.iter().any(|field| field.rust_name == name) {
        name.push('_');
    }
    name
}
