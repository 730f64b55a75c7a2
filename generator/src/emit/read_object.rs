//! `Deserialize` for model structs, written out rather than derived: a `ReadObject` impl
//! (the runtime's `object.rs`) whose loop matches each key against the fields' wire names,
//! reads a known field into a slot of its own and skips every other key. It compiles to a
//! fraction of what serde's derive expands to (no field enum, no key visitor per type, no
//! `visit_seq`), which was most of what a big generated crate cost its users' builds.

use std::fmt::Write;

use super::types::{literal, write_impl_header, write_struct_literal, NO_NULLS};
use crate::format::{self, Layout};
use crate::ir::{Field, Struct, TypeDef};
use crate::rust_types::RustType;

/// `Deserialize` and `ReadObject` for the struct `def`, whose fields have `types`. A field
/// whose type is an `Option` reads absent and `null` as `None`; any other field is
/// required. `explicit_nulls` says whether the struct carries the private list of fields
/// to send as `null`.
pub(super) fn impls(
    def: &TypeDef,
    s: &Struct,
    types: &[RustType],
    explicit_nulls: bool,
) -> syn::Result<[format::Item; 2]> {
    Ok([
        format::written(|_| deserialize(&def.name))?,
        format::written(|layout| read(&def.name, &s.fields, types, explicit_nulls, layout))?,
    ])
}

/// The `ReadObject` impl of the struct `name`, laid out: a slot per field, a loop over
/// the keys that reads each known one into its slot, and the value from the slots.
pub(super) fn read(
    name: &str,
    fields: &[Field],
    types: &[RustType],
    explicit_nulls: bool,
    layout: Layout,
) -> String {
    let map = map_binding(fields);
    let mut out = String::with_capacity(512 + 160 * fields.len());
    write_impl_header(&mut out, "crate::runtime::codec::ReadObject", name, layout);
    let _ = write!(
        out,
        "    const NAME: &'static str = {};
    fn read<'de, A: serde::de::MapAccess<'de>>(
        mut {map}: crate::runtime::codec::Fields<A>,
    ) -> Result<Self, A::Error> {{
",
        literal(name)
    );
    for field in fields {
        let _ = writeln!(out, "        let mut {} = None;", field.rust_name);
    }
    if fields.is_empty() {
        let _ = write!(
            out,
            "        while {map}.next_key()?.is_some() {{
            {map}.skip()?;
        }}
"
        );
    } else {
        let _ = writeln!(
            out,
            "        loop {{\n            match {map}.next_key()?.as_deref() {{"
        );
        for (field, ty) in fields.iter().zip(types) {
            // Numbers may arrive as strings (`"1234.56"`).
            let read = if ty.holds_numbers() {
                "number"
            } else {
                "value"
            };
            let slot = &field.rust_name;
            let value = match ty {
                // An `Option` field reads absent and `null` as `None`.
                RustType::Option(_) => format!("{map}.{read}()?"),
                _ => format!("Some({map}.{read}()?)"),
            };
            let assignment = format!("{slot} = {value}");
            write_arm(&mut out, &literal(&field.wire_name), &assignment, layout);
        }
        let _ = write!(
            out,
            "                Some(_) => {map}.skip()?,
                None => break,
            }}
        }}
"
        );
    }
    let mut values: Vec<String> = fields
        .iter()
        .zip(types)
        .map(|(field, ty)| match ty {
            RustType::Option(_) => field.rust_name.clone(),
            _ => required_value(&field.rust_name, &map, &literal(&field.wire_name), layout),
        })
        .collect();
    if explicit_nulls {
        values.push(NO_NULLS.to_owned());
    }
    out.push_str("        Ok(");
    write_struct_literal(&mut out, "        ", &values, layout);
    out.push_str(")\n    }\n}\n");
    out
}

/// The match arm `Some(wire) => assignment,`, in braces on lines of its own where it does
/// not fit on one, as prettyplease breaks it.
fn write_arm(out: &mut String, wire: &str, assignment: &str, layout: Layout) {
    let start = out.len();
    let _ = writeln!(out, "                Some({wire}) => {assignment},");
    // prettyplease does not count the comma.
    if !layout.fits(out.len() - start - 2) {
        out.truncate(start);
        let _ = write!(
            out,
            "                Some({wire}) => {{
                    {assignment};
                }}
"
        );
    }
}

/// The value of the required field `slot` from its slot: `slot: map.required(slot, wire)?`,
/// the call on a line of its own where the field does not fit on one, as prettyplease
/// breaks it. (A call that fits on neither stays past the margin, for prettyplease to
/// lay out.)
fn required_value(slot: &str, map: &str, wire: &str, layout: Layout) -> String {
    let call = format!(".required({slot}, {wire})?");
    let indent = "            ";
    if layout.fits(indent.len() + slot.len() + 2 + map.len() + call.len() + 1)
        || !layout.fits(indent.len() + 4 + call.len() + 1)
    {
        format!("{slot}: {map}{call}")
    } else {
        format!("{slot}: {map}\n{indent}    {call}")
    }
}

/// `Deserialize` for the struct `name`: the same lines for every struct (one line in eight
/// of a big crate's models), through the runtime's `read_object`.
pub(super) fn deserialize(name: &str) -> String {
    format!(
        "impl<'de> serde::Deserialize<'de> for {name} {{
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error> {{
        crate::runtime::codec::read_object(deserializer)
    }}
}}
"
    )
}

/// The name of the entries' binding: `map`, unless a field's slot already has it.
fn map_binding(fields: &[Field]) -> String {
    let mut name = "map".to_owned();
    while fields.iter().any(|field| field.rust_name == name) {
        name.push('_');
    }
    name
}
