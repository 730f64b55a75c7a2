//! Enums: string enums with a catch-all variant, and unions (`oneOf`/`anyOf`).

use proc_macro2::TokenStream;
use quote::quote;

use super::syntax::{doc, list_attribute, path_attribute, public};
use super::types::{ident, path, path_type, tokens, ModelPath};
use crate::ir::{Enum, TypeDef, Union};
use crate::rust_types::RustType;

/// A string enum with a catch-all variant. Its impls (`as_str`, `From<&str>`, `Display`,
/// serde as a plain string) come from the runtime's `string_enum!`: written out, they
/// were two thirds of each enum's code and of the formatter's work.
pub(crate) fn string_enum(
    def: &TypeDef,
    mut attrs: Vec<syn::Attribute>,
    e: &Enum,
) -> [syn::Item; 2] {
    let name = ident(&def.name);
    let catch_all = ident(&e.catch_all);
    let variant = |attrs, name, fields| syn::Variant {
        attrs: vec![attrs],
        ident: name,
        fields,
        discriminant: None,
    };
    let mut variants: syn::punctuated::Punctuated<syn::Variant, syn::Token![,]> = e
        .variants
        .iter()
        .map(|v| {
            let text = format!(" `{}`", super::docs::one_line(&v.wire_value));
            variant(doc(&text), ident(&v.rust_name), syn::Fields::Unit)
        })
        .collect();
    variants.push(variant(
        doc(" A value this version of the client does not know; kept as received."),
        catch_all.clone(),
        syn::Fields::Unnamed(syn::FieldsUnnamed {
            paren_token: Default::default(),
            unnamed: std::iter::once(syn::Field {
                attrs: Vec::new(),
                vis: syn::Visibility::Inherited,
                mutability: syn::FieldMutability::None,
                ident: None,
                colon_token: None,
                ty: path_type(&["String"], Vec::new()),
            })
            .collect(),
        }),
    ));
    attrs.push(list_attribute(
        "derive",
        quote!(Clone, Debug, PartialEq, Eq, Hash),
    ));
    attrs.push(path_attribute("non_exhaustive"));
    let names = e.variants.iter().map(|v| ident(&v.rust_name));
    let wire_values = e.variants.iter().map(|v| v.wire_value.as_str());
    [
        syn::Item::Enum(syn::ItemEnum {
            attrs,
            vis: public(),
            enum_token: Default::default(),
            ident: name.clone(),
            generics: Default::default(),
            brace_token: Default::default(),
            variants,
        }),
        syn::Item::Macro(syn::ItemMacro {
            attrs: Vec::new(),
            ident: None,
            mac: syn::Macro {
                path: path(&["crate", "codec", "string_enum"]),
                bang_token: Default::default(),
                delimiter: syn::MacroDelimiter::Brace(Default::default()),
                tokens: quote! {
                    #name, #catch_all;
                    #(#names => #wire_values;)*
                },
            },
            semi_token: None,
        }),
    ]
}

/// Variants hold whatever the spec's members are, small or large; boxing the large ones
/// would make every match clumsier for callers, so `large_enum_variant` is allowed.
///
/// A union: untagged (the first variant that decodes wins), or tagged, where a custom
/// `Deserialize` reads the tag property first and keeps unknown tags in a catch-all.
pub(crate) fn union(
    types: &[RustType],
    def: &TypeDef,
    attrs: TokenStream,
    u: &Union,
) -> TokenStream {
    let name = ident(&def.name);
    let variants: Vec<TokenStream> = u
        .variants
        .iter()
        .zip(types)
        .map(|(variant, ty)| {
            let variant_name = ident(&variant.rust_name);
            let ty = tokens(ty, ModelPath::Bare);
            quote!(#variant_name(#ty))
        })
        .collect();
    let Some(tag) = &u.tag else {
        return quote! {
            #attrs
            #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
            #[serde(untagged)]
            #[allow(clippy::large_enum_variant)]
            #[non_exhaustive]
            pub enum #name {
                #(#variants,)*
            }
        };
    };
    let catch_all = ident(&tag.catch_all);
    let property = &tag.property;
    let arms = u.variants.iter().map(|variant| {
        let variant_name = ident(&variant.rust_name);
        let values = &variant.tag_values;
        quote!(#(Some(#values))|* => serde_json::from_value(value).map(Self::#variant_name),)
    });
    let catch_all_doc = format!(
        " An object whose `{property}` this version of the client does not know; kept as received."
    );
    quote! {
        #attrs
        #[derive(Clone, Debug, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        #[allow(clippy::large_enum_variant)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants,)*
            #[doc = #catch_all_doc]
            #catch_all(serde_json::Value),
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(serde_json::Value::as_str).map(str::to_owned);
                match tag.as_deref() {
                    #(#arms)*
                    _ => Ok(Self::#catch_all(value)),
                }
                .map_err(serde::de::Error::custom)
            }
        }
    }
}
