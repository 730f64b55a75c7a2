//! An operation's declared error responses: the variants of its error enum, keyed by
//! status. The enum is `#[non_exhaustive]`, so a new variant compiles every caller.

use super::operations::op_change;
use super::{compare, Change, Paired, Verdict};
use crate::ir::{Api, ErrorResponse, Operation};
use crate::rust_types::RustType;

pub(super) fn diff(
    old: &Api,
    new: &Api,
    before: &Operation,
    after: &Operation,
    changes: &mut Vec<Change>,
) {
    fn keyed(op: &Operation) -> Vec<(String, &ErrorResponse)> {
        op.errors.iter().map(|e| (e.status.clone(), e)).collect()
    }
    let body = |api: &Api, error: &ErrorResponse| match &error.ty {
        Some(ty) => RustType::of(api, ty).to_string(),
        None => "String".to_owned(),
    };
    for pair in compare(keyed(before), keyed(after)) {
        let (verdict, description, reason) = match pair {
            Paired::Added(e) => (
                Verdict::Compatible,
                format!(
                    "declares the error `{}` (`{}::{}`)",
                    e.status, after.error_enum, e.variant
                ),
                "a new variant of a `#[non_exhaustive]` enum; `typed_errors()` gave those answers as `Undeclared` (or `Default`) before",
            ),
            Paired::Removed(e) => (
                Verdict::BreaksCompilation,
                format!(
                    "no longer declares the error `{}` (`{}::{}`)",
                    e.status, before.error_enum, e.variant
                ),
                "code matching the variant no longer compiles; those answers arrive as `Undeclared` (or `Default`)",
            ),
            Paired::Kept(was, is) if body(old, was) != body(new, is) => (
                Verdict::BreaksWire,
                format!(
                    "the error `{}` has a `{}` body instead of `{}`",
                    is.status,
                    body(new, is),
                    body(old, was)
                ),
                "code reading the variant's body sees a different type, and old binaries decode the old one",
            ),
            Paired::Kept(_, _) => continue,
        };
        changes.push(op_change(after, verdict, description, reason));
    }
}
