//! Model structs: the definition (`#[non_exhaustive]`, public fields), `new` and the
//! `with_` setters, and the impls a struct needs besides the derives (`Serialize` for
//! types that send explicit `null`s from `write_object.rs`, `Deserialize` from
//! `read_object.rs`, and a redacting `Debug`). Structs are most of a generated crate, so
//! all but the rare redacting `Debug` are written out as text in prettyplease's layout
//! (`format::written`), never built as trees or parsed.

use std::fmt::Write;

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::read_object;
use super::syntax::items;
use super::types::{
    ident, literal, write_struct_literal, write_type, write_type_breaking, ModelPath, NO_NULLS,
};
use super::write_object;
use crate::format::{self, Layout};
use crate::ir::{Direction, Field, Struct, StructTag, TypeDef};
use crate::rust_types::RustType;

/// The struct `def`, whose attributes (its docs) are `attrs`, laid out, and its impls. It
/// is `#[non_exhaustive]`, built with `new` (its required fields) and one `with_` setter
/// per optional field, so that a spec adding an optional property breaks no caller.
/// Public fields stay readable and assignable. `types` are the fields' Rust types.
pub(super) fn item(
    def: &TypeDef,
    attrs: &str,
    s: &Struct,
    types: &[RustType],
) -> syn::Result<Vec<format::Item>> {
    let explicit_nulls = sends_explicit_nulls(def, s);
    let mut out = vec![
        format::written(|layout| definition(&def.name, attrs, s, types, explicit_nulls, layout))?,
        format::written(|layout| methods(&def.name, s, types, explicit_nulls, layout))?,
    ];
    if explicit_nulls {
        let serialize = |layout| write_object::serialize_with_nulls(&def.name, s, layout);
        out.push(format::written(serialize)?);
    }
    out.extend(read_object::impls(def, s, types, explicit_nulls)?);
    let debug = s
        .fields
        .iter()
        .any(|f| f.sensitive)
        .then(|| redacting_debug(def, s));
    out.extend(items(quote!(#debug))?.into_iter().map(format::Item::from));
    Ok(out)
}

/// Whether values of this type can be sent with an optional field set to `null`.
fn sends_explicit_nulls(def: &TypeDef, s: &Struct) -> bool {
    def.usage.includes(Direction::Request) && s.fields.iter().any(|f| f.null_setter.is_some())
}

/// The struct `name` with `attrs`, its derives and its fields.
fn definition(
    name: &str,
    attrs: &str,
    s: &Struct,
    types: &[RustType],
    explicit_nulls: bool,
    layout: Layout,
) -> String {
    let mut out = String::with_capacity(256 + 128 * s.fields.len());
    out.push_str(attrs);
    out.push_str("#[derive(Clone");
    if !s.fields.iter().any(|f| f.sensitive) {
        out.push_str(", Debug");
    }
    if s.fields.iter().all(|f| !f.required) {
        out.push_str(", Default");
    }
    out.push_str(", PartialEq");
    // `Serialize` is derived unless explicit nulls need their own; `Deserialize` is
    // written out (`read_object.rs`).
    if !explicit_nulls {
        out.push_str(", serde::Serialize");
    }
    out.push_str(")]\n");
    // The derive writes a struct's tag as its first entry (serde's internally tagged
    // struct, the value given as the serialized name) and ignores it when reading.
    if let (Some(StructTag { property, value }), false) = (&s.tag, explicit_nulls) {
        let _ = writeln!(
            out,
            "#[serde(tag = {}, rename(serialize = {}))]",
            literal(property),
            literal(value)
        );
    }
    let _ = write!(out, "#[non_exhaustive]\npub struct {name} {{");
    if s.fields.is_empty() && !explicit_nulls {
        out.push_str("}\n");
        return out;
    }
    out.push('\n');
    for (field, ty) in s.fields.iter().zip(types) {
        write_field(&mut out, field, ty, !explicit_nulls, layout);
    }
    if explicit_nulls {
        docs::write_comment(
            &mut out,
            "    ",
            " Optional fields a request sends as an explicit `null`.",
        );
        out.push_str("    explicit_nulls: crate::runtime::codec::ExplicitNulls,\n");
    }
    out.push_str("}\n");
    out
}

fn write_field(
    out: &mut String,
    field: &Field,
    rust_type: &RustType,
    derives_serialize: bool,
    layout: Layout,
) {
    docs::write_comments(out, "    ", &field.docs, &[]);
    if field.deprecated {
        out.push_str("    #[deprecated]\n");
    }
    let renamed = field.rust_name.trim_start_matches("r#") != field.wire_name;
    // An absent optional field is not sent.
    let skipped = !field.required;
    if derives_serialize && (renamed || skipped) {
        out.push_str("    #[serde(");
        if renamed {
            let _ = write!(out, "rename = {}", literal(&field.wire_name));
        }
        if skipped {
            out.push_str(if renamed { ", " } else { "" });
            out.push_str("skip_serializing_if = \"Option::is_none\"");
        }
        out.push_str(")]\n");
    }
    let _ = write!(out, "    pub {}: ", field.rust_name);
    let column = "    pub ".len() + field.rust_name.len() + ": ".len();
    write_type_breaking(out, rust_type, column, "    ", ",", layout);
    out.push('\n');
}

/// `impl name` with `new` and the setters.
fn methods(
    name: &str,
    s: &Struct,
    types: &[RustType],
    explicit_nulls: bool,
    layout: Layout,
) -> String {
    let mut out = String::with_capacity(128 + 384 * s.fields.len());
    let _ = writeln!(out, "impl {name} {{");
    constructor(&mut out, s, types, explicit_nulls, layout);
    for (field, ty) in s.fields.iter().zip(types).filter(|(f, _)| !f.required) {
        setters(&mut out, field, ty, explicit_nulls, layout);
    }
    out.push_str("}\n");
    out
}

/// `new` takes the required fields in the alphabetical order of their names, so that a
/// spec listing its properties in another order does not swap two arguments of one type.
fn constructor(
    out: &mut String,
    s: &Struct,
    types: &[RustType],
    explicit_nulls: bool,
    layout: Layout,
) {
    let mut required: Vec<(&Field, &RustType)> = s
        .fields
        .iter()
        .zip(types)
        .filter(|(f, _)| f.required)
        .collect();
    required.sort_by(|(a, _), (b, _)| {
        a.rust_name
            .trim_start_matches("r#")
            .cmp(b.rust_name.trim_start_matches("r#"))
    });
    docs::write_comment(
        out,
        "    ",
        if required.is_empty() {
            " A value with no field set; set them with the `with_` methods."
        } else {
            " A value with its required fields; set optional ones with the `with_` methods."
        },
    );
    if required.len() > 7 {
        out.push_str("    #[allow(clippy::too_many_arguments)]\n");
    }
    let args: Vec<String> = required
        .iter()
        .map(|(field, ty)| into_argument(&field.rust_name, ty))
        .collect();
    signature(out, "new", &args, layout);
    let mut inits: Vec<String> = s
        .fields
        .iter()
        .zip(types)
        .map(|(f, ty)| match f.required {
            false => format!("{}: None", f.rust_name),
            true => format!("{}: {}", f.rust_name, stored(ty, &f.rust_name)),
        })
        .collect();
    if explicit_nulls {
        inits.push(NO_NULLS.to_owned());
    }
    out.push_str("        ");
    write_struct_literal(out, "        ", &inits, layout);
    out.push_str("\n    }\n");
}

/// `    pub fn name(args) -> Self {`, its arguments one to a line when they do not fit on
/// one, as prettyplease breaks them.
fn signature(out: &mut String, name: &str, args: &[String], layout: Layout) {
    let start = out.len();
    let _ = write!(out, "    pub fn {name}({}) -> Self {{", args.join(", "));
    if !layout.fits(out.len() - start) {
        out.truncate(start);
        let _ = writeln!(out, "    pub fn {name}(");
        for arg in args {
            let _ = writeln!(out, "        {arg},");
        }
        out.push_str("    ) -> Self {");
    }
    out.push('\n');
}

/// `name: impl Into<T>`, what `new` and a setter take for a value of type `ty`: `T` is
/// the type without its `Box`.
fn into_argument(name: &str, ty: &RustType) -> String {
    let mut argument = format!("{name}: impl Into<");
    write_type(&mut argument, ty.unboxed(), ModelPath::Bare);
    argument.push('>');
    argument
}

/// What a setter or `new` stores of its argument `argument: impl Into<T>`, for a value
/// of type `ty`: the value, boxed where the type is.
fn stored(ty: &RustType, argument: &str) -> String {
    match ty {
        RustType::Box(_) => format!("Box::new({argument}.into())"),
        _ => format!("{argument}.into()"),
    }
}

/// `with_<field>` for an optional field, and on types that can be sent with an explicit
/// `null`, `with_<field>_null` for a nullable one.
fn setters(
    out: &mut String,
    field: &Field,
    field_type: &RustType,
    explicit_nulls: bool,
    layout: Layout,
) {
    let value_type = field_type.unwrap_option();
    let null_setter = field.null_setter.as_ref().filter(|_| explicit_nulls);
    let wire = literal(&field.wire_name);
    let member = &field.rust_name;
    docs::write_comment(
        out,
        "    ",
        &format!(" Sets `{}`.", member.trim_start_matches("r#")),
    );
    if field.deprecated {
        out.push_str("    #[deprecated]\n");
    }
    let value = into_argument("value", value_type);
    signature(out, &field.setter, &["mut self".to_owned(), value], layout);
    let _ = writeln!(
        out,
        "        self.{member} = Some({});",
        stored(value_type, "value")
    );
    if null_setter.is_some() {
        let _ = writeln!(out, "        self.explicit_nulls.remove({wire});");
    }
    out.push_str("        self\n    }\n");
    if let Some(null_setter) = null_setter {
        docs::write_comment(
            out,
            "    ",
            &format!(
                " Sends `{}` as an explicit `null` (the spec allows it).",
                docs::one_line(&field.wire_name)
            ),
        );
        signature(out, null_setter, &["mut self".to_owned()], layout);
        let _ = writeln!(out, "        self.{member} = None;");
        let _ = writeln!(out, "        self.explicit_nulls.insert({wire});");
        out.push_str("        self\n    }\n");
    }
}

/// `Debug` that prints credentials as `<redacted>`.
fn redacting_debug(def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let name_text = &def.name;
    let fields = s.fields.iter().map(|field| {
        let label = field.rust_name.trim_start_matches("r#");
        let member = ident(&field.rust_name);
        if field.sensitive {
            quote!(.field(#label, &"<redacted>"))
        } else {
            quote!(.field(#label, &self.#member))
        }
    });
    quote! {
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#name_text)
                    #(#fields)*
                    .finish()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{definition, methods};
    use crate::emit::read_object::{deserialize, read};
    use crate::emit::write_object::serialize_with_nulls;
    use crate::format::{self, Item, Layout};
    use crate::ir::{Access, Docs, Field, Struct, StructTag, TypeRef};
    use crate::rust_types::RustType;

    fn field(rust_name: &str, required: bool) -> Field {
        Field {
            wire_name: rust_name.trim_start_matches("r#").to_owned(),
            rust_name: rust_name.to_owned(),
            ty: TypeRef::String,
            required,
            nullable: false,
            access: Access::ReadWrite,
            sensitive: false,
            docs: Docs::default(),
            deprecated: false,
            setter: format!("with_{}", rust_name.trim_start_matches("r#")),
            null_setter: None,
        }
    }

    fn model(name: &str) -> RustType {
        RustType::Model(name.to_owned())
    }

    fn optional(ty: RustType) -> RustType {
        RustType::Option(Box::new(ty))
    }

    /// Structs whose names (`name`) and members (`member`) grow with the test: every kind
    /// of field, attribute and doc; one field, required or not (a `Self { .. }` on one line
    /// while it is narrow); none; and eight required ones (`new` allows many arguments).
    fn structs(name: &str, member: &str) -> Vec<(Struct, Vec<RustType>)> {
        let long_text = format!("{} ends the sentence.", "A doc line ".repeat(12));
        let mut documented = field(&format!("o{member}"), false);
        documented.docs = Docs {
            summary: Some(format!("What `{member}` holds.")),
            description: Some(long_text),
            example: Some(format!("\"{member}\"")),
        };
        documented.deprecated = true;
        let mut renamed = field(&format!("n{member}"), false);
        renamed.wire_name = format!("n\"{member}\\");
        renamed.null_setter = Some(format!("with_n{member}_null"));
        let mut secret = field(&format!("s{member}"), false);
        secret.sensitive = true;
        let every_kind = Struct {
            fields: vec![
                field(&format!("m{member}"), true),
                field(&format!("b{member}"), true),
                documented,
                renamed,
                field("r#type", false),
                field("map", false),
                field(&format!("l{member}"), false),
                field(&format!("x{member}"), false),
                secret,
            ],
            tag: Some(StructTag {
                property: "kind".to_owned(),
                value: member.to_owned(),
            }),
        };
        let every_type = vec![
            model(name),
            RustType::Box(Box::new(model(name))),
            optional(RustType::Path("String")),
            optional(RustType::Vec(Box::new(model(name)))),
            optional(RustType::Map(Box::new(optional(RustType::Path("i64"))))),
            optional(RustType::Path("f64")),
            optional(RustType::Map(Box::new(RustType::Vec(Box::new(model(
                name,
            )))))),
            optional(RustType::Box(Box::new(model(name)))),
            optional(RustType::Path("crate::Timestamp")),
        ];
        let one = |required| Struct {
            fields: vec![field(member, required)],
            tag: None,
        };
        let many = Struct {
            fields: (0..8)
                .map(|i| field(&format!("f{i}{member}"), true))
                .collect(),
            tag: None,
        };
        vec![
            (every_kind, every_type),
            (one(false), vec![optional(model(name))]),
            (one(true), vec![RustType::Path("bool")]),
            (
                Struct {
                    fields: Vec::new(),
                    tag: None,
                },
                Vec::new(),
            ),
            (many, vec![model(name); 8]),
        ]
    }

    /// A struct, its methods, its `Deserialize`, `ReadObject` and `Serialize`, written in
    /// prettyplease's layout, print as prettyplease prints the same written on unbroken
    /// lines, whether kept as text or parsed, for names of 1 to 100 characters: past the
    /// margin and prettyplease's narrow struct literals.
    #[test]
    fn structs_are_written_as_prettyplease_lays_them_out() {
        // A type's docs as `models.rs` writes them: one line past the margin, unwrapped.
        let mut attrs = String::new();
        let docs = Docs {
            summary: Some("The type.".to_owned()),
            description: Some(format!("https://example.com/{}", "a".repeat(120))),
            example: None,
        };
        super::docs::write_comments(&mut attrs, "", &docs, &[]);
        attrs.push_str("#[deprecated]\n");
        let (mut laid_out, mut parsed) = (0, 0);
        for length in 1..=100 {
            let name = format!("A{}", "b".repeat(length - 1));
            let member = "a".repeat(length);
            for (s, types) in structs(&name, &member) {
                for explicit_nulls in [false, true] {
                    let shapes: [&dyn Fn(Layout) -> String; 5] = [
                        &|layout| definition(&name, &attrs, &s, &types, explicit_nulls, layout),
                        &|_| deserialize(&name),
                        &|layout| methods(&name, &s, &types, explicit_nulls, layout),
                        &|layout| read(&name, &s.fields, &types, explicit_nulls, layout),
                        &|layout| serialize_with_nulls(&name, &s, layout),
                    ];
                    for shape in shapes {
                        let unbroken = shape(Layout::Unbroken);
                        let reference =
                            syn::parse_file(&unbroken).map(|file| prettyplease::unparse(&file));
                        let printed = match (format::written(shape), reference) {
                            (Ok(Item::LaidOut(text)), Ok(reference)) => {
                                laid_out += 1;
                                (text, reference)
                            }
                            (Ok(Item::Tree(tree)), Ok(reference)) => {
                                parsed += 1;
                                let file = syn::File {
                                    shebang: None,
                                    attrs: Vec::new(),
                                    items: vec![tree],
                                };
                                (prettyplease::unparse(&file), reference)
                            }
                            (written, reference) => {
                                assert!(
                                    written.is_ok() && reference.is_ok(),
                                    "the text does not parse:\n{unbroken}"
                                );
                                continue;
                            }
                        };
                        assert_eq!(printed.0, printed.1, "a name of {length}");
                    }
                }
            }
        }
        assert!(
            laid_out >= 500 && parsed >= 100,
            "{laid_out} laid out, {parsed} parsed"
        );
    }
}
