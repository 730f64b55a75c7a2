//! What several emitters share: Rust spellings of types and identifiers, and the
//! attributes every generated file may need.

use std::fmt::Write;

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{quote, ToTokens};

use crate::format::Layout;
use crate::ir::{Api, Gate, TypeRef, HIDDEN_FEATURE};
use crate::rust_types::RustType;

/// How a file refers to model types: by bare name inside `models`, as `models::Name`
/// from the operation files.
#[derive(Clone, Copy)]
pub(crate) enum ModelPath {
    Bare,
    Qualified,
}

pub(crate) fn rust_type(api: &Api, ty: &TypeRef, path: ModelPath) -> TokenStream {
    tokens(&RustType::of(api, ty), path)
}

/// `a::b::c`.
pub(crate) fn path(segments: &[&str]) -> syn::Path {
    syn::Path {
        leading_colon: None,
        segments: segments
            .iter()
            .map(|segment| syn::PathSegment::from(ident(segment)))
            .collect(),
    }
}

/// The tokens of a type decided in [`crate::rust_types`].
pub(crate) fn tokens(ty: &RustType, path: ModelPath) -> TokenStream {
    syn_type(ty, path).into_token_stream()
}

/// The syntax tree of a type decided in [`crate::rust_types`], built without parsing.
pub(crate) fn syn_type(ty: &RustType, path: ModelPath) -> syn::Type {
    match ty {
        RustType::Model(name) => match path {
            ModelPath::Bare => path_type(&[name], Vec::new()),
            ModelPath::Qualified => path_type(&["models", name], Vec::new()),
        },
        RustType::Path(text) => path_type(&text.split("::").collect::<Vec<_>>(), Vec::new()),
        RustType::Vec(inner) => path_type(&["Vec"], vec![syn_type(inner, path)]),
        RustType::Map(inner) => path_type(
            &["std", "collections", "BTreeMap"],
            vec![path_type(&["String"], Vec::new()), syn_type(inner, path)],
        ),
        RustType::Option(inner) => path_type(&["Option"], vec![syn_type(inner, path)]),
        RustType::Box(inner) => path_type(&["Box"], vec![syn_type(inner, path)]),
    }
}

/// The type [`syn_type`] builds, as prettyplease prints it.
pub(crate) fn write_type(out: &mut String, ty: &RustType, path: ModelPath) {
    let (outer, inner) = match ty {
        RustType::Model(name) => {
            if let ModelPath::Qualified = path {
                out.push_str("models::");
            }
            out.push_str(name);
            return;
        }
        RustType::Path(text) => {
            out.push_str(text);
            return;
        }
        RustType::Vec(inner) => ("Vec<", inner),
        RustType::Map(inner) => ("std::collections::BTreeMap<String, ", inner),
        RustType::Option(inner) => ("Option<", inner),
        RustType::Box(inner) => ("Box<", inner),
    };
    out.push_str(outer);
    write_type(out, inner, path);
    out.push('>');
}

/// The type [`syn_type`] builds (models by bare name), going on a line at `column` and
/// followed there by
/// `suffix`, as prettyplease prints it: on that line where it fits, else with its generic
/// arguments a line each, `indent` plus four spaces in. A type without arguments stays
/// as it is, past the margin.
pub(crate) fn write_type_breaking(
    out: &mut String,
    ty: &RustType,
    column: usize,
    indent: &str,
    suffix: &str,
    layout: Layout,
) {
    let start = out.len();
    write_type(out, ty, ModelPath::Bare);
    out.push_str(suffix);
    if layout.fits(column + out.len() - start) {
        return;
    }
    let string = RustType::Path("String");
    let (outer, args) = match ty {
        RustType::Vec(inner) => ("Vec<", [Some(&**inner), None]),
        RustType::Map(inner) => ("std::collections::BTreeMap<", [Some(&string), Some(inner)]),
        RustType::Option(inner) => ("Option<", [Some(&**inner), None]),
        RustType::Box(inner) => ("Box<", [Some(&**inner), None]),
        RustType::Model(_) | RustType::Path(_) => return,
    };
    out.truncate(start);
    out.push_str(outer);
    out.push('\n');
    let inner = format!("{indent}    ");
    for arg in args.into_iter().flatten() {
        out.push_str(&inner);
        write_type_breaking(out, arg, inner.len(), &inner, ",", layout);
        out.push('\n');
    }
    out.push_str(indent);
    out.push('>');
    out.push_str(suffix);
}

/// `a::b::C<args>`.
pub(crate) fn path_type(segments: &[&str], args: Vec<syn::Type>) -> syn::Type {
    let mut path = path(segments);
    if let (Some(last), false) = (path.segments.last_mut(), args.is_empty()) {
        last.arguments = syn::PathArguments::AngleBracketed(syn::AngleBracketedGenericArguments {
            colon2_token: None,
            lt_token: Default::default(),
            args: args.into_iter().map(syn::GenericArgument::Type).collect(),
            gt_token: Default::default(),
        });
    }
    syn::Type::Path(syn::TypePath { qself: None, path })
}

/// `&ty`.
pub(crate) fn reference_type(ty: syn::Type) -> syn::Type {
    syn::Type::Reference(syn::TypeReference {
        and_token: Default::default(),
        lifetime: None,
        mutability: None,
        elem: Box::new(ty),
    })
}

/// `[ty]`.
pub(crate) fn slice_type(ty: syn::Type) -> syn::Type {
    syn::Type::Slice(syn::TypeSlice {
        bracket_token: Default::default(),
        elem: Box::new(ty),
    })
}

/// An identifier from a name chosen in lowering (which may be a raw identifier).
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The crate's own code (derives, impls, fields) may use what the spec deprecates; only
/// callers should hear about it.
pub(crate) fn allow_deprecated() -> TokenStream {
    quote!(#![allow(deprecated)])
}

/// The `#[cfg(..)]` of an item compiled when one of `gates` is open (`features.rs`);
/// nothing for one always compiled.
pub(crate) fn cfg_attribute(gates: &[Gate]) -> syn::Result<Option<syn::Attribute>> {
    parse_attribute(cfg_text(gates, Layout::Unbroken).as_deref())
}

/// The attribute the text of [`cfg_text`] holds, if there is one.
pub(crate) fn parse_attribute(text: Option<&str>) -> syn::Result<Option<syn::Attribute>> {
    let Some(text) = text else {
        return Ok(None);
    };
    let attrs = syn::parse::Parser::parse_str(syn::Attribute::parse_outer, text)?;
    Ok(attrs.into_iter().next())
}

/// [`cfg_attribute`] as text, laid out as prettyplease prints it with `layout`: a list
/// too long for its line has an item to a line, with no trailing comma.
pub(crate) fn cfg_text(gates: &[Gate], layout: Layout) -> Option<String> {
    let gates = Gate::simplest(gates);
    let predicates: Option<Vec<Predicate>> = gates.iter().map(predicate).collect();
    let mut predicates = predicates?;
    let predicate = match predicates.len() {
        0 => return None,
        1 => predicates.pop()?,
        _ => Predicate::List("any", predicates),
    };
    let mut out = "#[".to_owned();
    write_predicate(
        &mut out,
        &Predicate::List("cfg", vec![predicate]),
        2,
        "",
        "]",
        layout,
    );
    out.push(']');
    Some(out)
}

/// A `cfg` predicate: `feature = "name"`, or `any(..)`/`all(..)` of predicates.
enum Predicate {
    Feature(String),
    List(&'static str, Vec<Predicate>),
}

/// The predicate under which `gate` is open; `None` if it always is.
fn predicate(gate: &Gate) -> Option<Predicate> {
    let feature = |name: &str| Predicate::Feature(format!("feature = {}", Literal::string(name)));
    let mut features: Vec<Predicate> = gate.any.iter().map(|name| feature(name)).collect();
    let tags = match features.len() {
        0 => None,
        1 => features.pop(),
        _ => Some(Predicate::List("any", features)),
    };
    match (tags, gate.hidden) {
        (None, false) => None,
        (None, true) => Some(feature(HIDDEN_FEATURE)),
        (Some(tags), false) => Some(tags),
        (Some(tags), true) => Some(Predicate::List("all", vec![feature(HIDDEN_FEATURE), tags])),
    }
}

/// `predicate`, going on a line at `column` and followed there by `suffix`: on that line
/// where it fits, else each list that does not fit with an item to a line.
fn write_predicate(
    out: &mut String,
    predicate: &Predicate,
    column: usize,
    indent: &str,
    suffix: &str,
    layout: Layout,
) {
    let Predicate::List(name, items) = predicate else {
        write_unbroken(out, predicate);
        return;
    };
    let start = out.len();
    write_unbroken(out, predicate);
    if layout.fits(column + out.len() - start + suffix.len()) {
        return;
    }
    out.truncate(start);
    out.push_str(name);
    out.push_str("(\n");
    let inner = format!("{indent}    ");
    for (index, item) in items.iter().enumerate() {
        let last = index + 1 == items.len();
        out.push_str(&inner);
        write_predicate(
            out,
            item,
            inner.len(),
            &inner,
            if last { "" } else { "," },
            layout,
        );
        out.push_str(if last { "\n" } else { ",\n" });
    }
    out.push_str(indent);
    out.push(')');
}

fn write_unbroken(out: &mut String, predicate: &Predicate) {
    match predicate {
        Predicate::Feature(text) => out.push_str(text),
        Predicate::List(name, items) => {
            out.push_str(name);
            out.push('(');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push_str(", ");
                }
                write_unbroken(out, item);
            }
            out.push(')');
        }
    }
}

/// How `new` and `ReadObject::read` start the private list of fields to send as `null`.
pub(crate) const NO_NULLS: &str = "explicit_nulls: Default::default()";

/// A string literal as prettyplease prints the token `quote!` makes of `text`. Most
/// wire names are printable ASCII with no quote or backslash, which need no escape.
pub(crate) fn literal(text: &str) -> String {
    let plain = |byte: u8| (b' '..=b'~').contains(&byte) && byte != b'"' && byte != b'\\';
    if !text.bytes().all(plain) {
        return Literal::string(text).to_string();
    }
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    out.push_str(text);
    out.push('"');
    out
}

/// `Self { inits }`, going on a line indented by `indent`: on that line only while it is as
/// narrow as prettyplease keeps a struct literal (34 columns up to the closing brace),
/// else a field to a line.
pub(crate) fn write_struct_literal(
    out: &mut String,
    indent: &str,
    inits: &[String],
    layout: Layout,
) {
    if inits.is_empty() {
        out.push_str("Self {}");
        return;
    }
    let width = "Self { ".len() + inits.iter().map(|init| init.len() + 2).sum::<usize>() - 1;
    if layout.keeps_struct_literal(width) {
        let _ = write!(out, "Self {{ {} }}", inits.join(", "));
        return;
    }
    out.push_str("Self {\n");
    for init in inits {
        let _ = writeln!(out, "{indent}    {init},");
    }
    out.push_str(indent);
    out.push('}');
}

/// `impl trait_path for name {` and a line break, `for` on a line of its own where the
/// line does not fit, as prettyplease breaks it.
pub(crate) fn write_impl_header(out: &mut String, trait_path: &str, name: &str, layout: Layout) {
    let line = "impl ".len() + trait_path.len() + " for ".len() + name.len() + " {".len();
    let space = if layout.fits(line) { " " } else { "\n" };
    let _ = writeln!(out, "impl {trait_path}{space}for {name} {{");
}

#[cfg(test)]
mod tests {
    use proc_macro2::Literal;

    use super::literal;

    #[test]
    fn a_literal_is_written_as_quote_makes_it() {
        for text in [
            "plain",
            "with space and 'quote'",
            "a \"quoted\" \\ value",
            "tab\tnewline\n",
            "nul\0 7",
            "caf\u{e9} \u{202e}",
            "~!@#$%^&*()_+`-={}|[]:;<>?,./",
        ] {
            assert_eq!(literal(text), Literal::string(text).to_string(), "{text:?}");
        }
    }
}
