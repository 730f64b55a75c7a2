//! Enums: string enums with a catch-all variant, and unions (`oneOf`/`anyOf`).

use std::fmt::Write;

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::types::{ident, literal, tokens, ModelPath};
use crate::format;
use crate::ir::{Enum, TypeDef, Union};
use crate::rust_types::RustType;

/// A string enum with a catch-all variant, whose attributes (its docs) are `attrs`,
/// written out. Its impls (`as_str`, `From<&str>`, `Display`, serde as a plain string)
/// come from the runtime's `string_enum!`: written out, they were two thirds of each
/// enum's code and of the formatter's work.
pub(crate) fn string_enum(name: &str, attrs: &str, e: &Enum) -> syn::Result<[format::Item; 2]> {
    Ok([
        format::written(|_| definition(name, attrs, e))?,
        // `format` prints such a call an entry to a line, however long.
        format::Item::LaidOut(impls(name, e)),
    ])
}

fn definition(name: &str, attrs: &str, e: &Enum) -> String {
    let mut out = String::with_capacity(160 + 64 * e.variants.len());
    out.push_str(attrs);
    let _ = writeln!(
        out,
        "#[derive(Clone, Debug, PartialEq, Eq, Hash)]\n#[non_exhaustive]\npub enum {name} {{"
    );
    for variant in &e.variants {
        let doc = format!(" `{}`", docs::one_line(&variant.wire_value));
        docs::write_comment(&mut out, "    ", &doc);
        let _ = writeln!(out, "    {},", variant.rust_name);
    }
    docs::write_comment(
        &mut out,
        "    ",
        " A value this version of the client does not know; kept as received.",
    );
    let _ = writeln!(out, "    {}(String),\n}}", e.catch_all);
    out
}

/// The `string_enum!` call, an entry to a line as `format` prints it.
fn impls(name: &str, e: &Enum) -> String {
    let mut out = String::with_capacity(64 + 48 * e.variants.len());
    let _ = writeln!(
        out,
        "crate::runtime::codec::string_enum! {{\n    {name}, {};",
        e.catch_all
    );
    for variant in &e.variants {
        let wire = literal(&variant.wire_value);
        let _ = writeln!(out, "    {} => {wire};", variant.rust_name);
    }
    out.push_str("}\n");
    out
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
        " An object whose `{}` this version of the client does not know; kept as received.",
        docs::one_line(property)
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

#[cfg(test)]
mod tests {
    use super::string_enum;
    use crate::format::{self, Item, Preamble, RustFile};
    use crate::ir::{Enum, EnumVariant};

    /// A string enum, written out, prints as `format` prints it parsed, for names of 1 to
    /// 100 characters and wire values that need escaping.
    #[test]
    fn string_enums_are_written_as_format_prints_them() {
        let preamble = Preamble::new("test");
        let print = |items: Vec<Item>| {
            let attrs = Vec::new();
            format::rust(RustFile { attrs, items }, &preamble)
        };
        let mut laid_out = 0;
        for length in 1..=100 {
            let name = format!("A{}", "b".repeat(length - 1));
            let e = Enum {
                variants: vec![
                    EnumVariant {
                        wire_value: "b".repeat(length),
                        rust_name: format!("B{}", "b".repeat(length)),
                    },
                    EnumVariant {
                        wire_value: "a \"quoted\" \\ value\twith a tab, \u{202E}".to_owned(),
                        rust_name: "Quoted".to_owned(),
                    },
                ],
                catch_all: "Other".to_owned(),
            };
            let attrs = "/// The enum.\n#[deprecated]\n";
            let written = string_enum(&name, attrs, &e);
            assert!(written.is_ok(), "the written text parses");
            let Ok(written) = written else { continue };
            laid_out += written
                .iter()
                .filter(|item| matches!(item, Item::LaidOut(_)))
                .count();
            let parsed: Vec<Item> = [super::definition(&name, attrs, &e), super::impls(&name, &e)]
                .iter()
                .filter_map(|text| syn::parse_str(text).ok().map(Item::Tree))
                .collect();
            assert_eq!(parsed.len(), 2, "the text parses");
            assert_eq!(print(written.into()), print(parsed), "a name of {length}");
        }
        assert!(laid_out >= 100, "{laid_out} laid out");
    }
}
