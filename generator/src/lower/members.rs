//! Names of the members the generated code adds to types and operations: the setters of
//! struct fields, and the marker type and parameter setters of each operation's `Call`. They are chosen here,
//! with the other names, so that emitters only read names.

use super::names::{self, Namer};
use crate::ir::{Api, TypeKind};

/// Names in `operations` that a marker type may not take: the items each operations file
/// imports.
const OPERATIONS_MODULE_NAMES: &[&str] = &["Call", "Client", "Method", "Request", "models"];

pub(crate) fn name_members(api: &mut Api) {
    for def in &mut api.types {
        let TypeKind::Struct(s) = &mut def.kind else {
            continue;
        };
        // `new` is the constructor; every setter is unique within its struct.
        let mut methods = Namer::with_reserved(&["new"]);
        for field in &mut s.fields {
            let stem = field.rust_name.trim_start_matches("r#");
            field.setter = methods.claim(&format!("with_{stem}"), "_");
        }
        for field in s.fields.iter_mut().filter(|f| !f.required && f.nullable) {
            let stem = field.rust_name.trim_start_matches("r#");
            field.null_setter = Some(methods.claim(&format!("with_{stem}_null"), "_"));
        }
    }
    let mut markers = Namer::with_reserved(OPERATIONS_MODULE_NAMES);
    for op in &mut api.operations {
        op.call_marker = markers.claim(&names::upper_camel(&op.rust_name, "Call"), "");
        // Every `Call` has `with_response`; the setters of optional parameters are the
        // call's other `with_` methods.
        let mut methods = Namer::with_reserved(&["with_response"]);
        for param in op.params.iter_mut().filter(|p| !p.required) {
            let stem = param.rust_name.trim_start_matches("r#");
            param.setter = methods.claim(&format!("with_{stem}"), "_");
        }
    }
}
