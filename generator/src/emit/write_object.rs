//! `Serialize` for the model structs a request can send with explicit `null`s, written out
//! rather than derived: the derive cannot see which absent fields are meant as `null`.
//! It writes through the runtime's `ObjectWriter`, which sends the fields listed in the
//! struct's private `explicit_nulls` as `null`.

use std::fmt::Write;

use super::types::{literal, write_impl_header};
use crate::format::Layout;
use crate::ir::{Struct, StructTag};

/// `Serialize` for the struct `name`: its tag first where it owns one, then each field,
/// an optional one only where it is set or listed as an explicit `null`.
pub(super) fn serialize_with_nulls(name: &str, s: &Struct, layout: Layout) -> String {
    let mut out = String::with_capacity(256 + 64 * s.fields.len());
    write_impl_header(&mut out, "serde::Serialize", name, layout);
    out.push_str(
        "    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut object = crate::runtime::codec::ObjectWriter::new(
            serializer,
            &self.explicit_nulls,
        )?;
",
    );
    if let Some(StructTag { property, value }) = &s.tag {
        write_entry(
            &mut out,
            "field",
            &literal(property),
            &literal(value),
            layout,
        );
    }
    for field in &s.fields {
        let write = if field.required { "field" } else { "optional" };
        let member = format!("&self.{}", field.rust_name);
        write_entry(&mut out, write, &literal(&field.wire_name), &member, layout);
    }
    out.push_str("        object.end()\n    }\n}\n");
    out
}

/// The statement `object.write(key, value)?;`, as prettyplease breaks it where it does
/// not fit on a line: first the call onto a line of its own, then its arguments.
fn write_entry(out: &mut String, write: &str, key: &str, value: &str, layout: Layout) {
    let call = format!(".{write}({key}, {value})?;");
    if layout.fits("        object".len() + call.len()) {
        let _ = writeln!(out, "        object{call}");
    } else if layout.fits("            ".len() + call.len()) {
        let _ = writeln!(out, "        object\n            {call}");
    } else {
        let _ = writeln!(
            out,
            "        object\n            .{write}(\n                {key},\n                {value},\n            )?;"
        );
    }
}
