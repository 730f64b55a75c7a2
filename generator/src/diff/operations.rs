//! Operations: added, removed, renamed, and what their calls take and return.

use super::credentials::{describe_requirement, requirement, still_satisfied};
use super::{compare, deprecation, renamed, Change, Paired, Verdict};
use crate::ir::{Api, Operation, Param, ParamLocation, SuccessResponse};
use crate::rust_types::RustType;

/// Operations are matched by method and path shape (`/items/{}`), so a renamed path
/// parameter is the same operation.
fn operation_key(op: &Operation) -> (String, String) {
    let mut shape = String::new();
    let mut in_param = false;
    for c in op.path.chars() {
        match c {
            '{' => {
                in_param = true;
                shape.push_str("{}");
            }
            '}' => in_param = false,
            c if !in_param => shape.push(c),
            _ => {}
        }
    }
    (op.method.as_str().to_owned(), shape)
}

/// An API's operations by their keys.
pub(super) fn keyed(api: &Api) -> Vec<((String, String), &Operation)> {
    api.operations
        .iter()
        .map(|op| (operation_key(op), op))
        .collect()
}

pub(super) fn diff(old: &Api, new: &Api, changes: &mut Vec<Change>) {
    for pair in compare(keyed(old), keyed(new)) {
        match pair {
            Paired::Removed(op) => changes.push(op_change(
                op,
                Verdict::BreaksWire,
                format!("removed (`{} {}`)", op.method.as_str(), op.path),
                "calls to it no longer compile, and the server no longer answers them",
            )),
            Paired::Added(op) => changes.push(op_change(
                op,
                Verdict::Compatible,
                format!("added (`{} {}`)", op.method.as_str(), op.path),
                "",
            )),
            Paired::Kept(before, after) => diff_operation(old, new, before, after, changes),
        }
    }
}

fn diff_operation(
    old: &Api,
    new: &Api,
    before: &Operation,
    after: &Operation,
    changes: &mut Vec<Change>,
) {
    if before.rust_name != after.rust_name {
        let (verdict, reason) = renamed(
            &new.method_aliases,
            (&before.rust_name, &after.rust_name),
            "calls by the old name no longer compile",
        );
        changes.push(op_change(
            after,
            verdict,
            format!("renamed from `{}`", before.rust_name),
            reason,
        ));
    } else if before.operation_id != after.operation_id {
        let description = match &after.operation_id {
            Some(id) => format!("operationId `{id}` given, name kept"),
            None => "operationId removed, name kept".to_owned(),
        };
        changes.push(op_change(
            after,
            Verdict::Compatible,
            description,
            "the names file keeps the method's name",
        ));
    }
    if let Some((verdict, description, reason)) = deprecation(before.deprecated, after.deprecated) {
        changes.push(op_change(after, verdict, description.into(), reason));
    }
    diff_params(old, new, before, after, changes);
    let body = |api: &Api, op: &Operation| {
        op.body
            .as_ref()
            .map(|b| (RustType::of(api, &b.ty).to_string(), b.required))
    };
    if body(old, before) != body(new, after) {
        let describe = |b: Option<(String, bool)>| match b {
            Some((ty, true)) => format!("`&{ty}`"),
            Some((ty, false)) => format!("`Option<&{ty}>`"),
            None => "none".to_owned(),
        };
        changes.push(op_change(
            after,
            Verdict::BreaksWire,
            format!(
                "request body changed from {} to {}",
                describe(body(old, before)),
                describe(body(new, after))
            ),
            "callers pass a different type, and the server expects a different body",
        ));
    }
    if output(old, before) != output(new, after) {
        let (verdict, reason) = if before.response == SuccessResponse::Empty {
            (
                Verdict::BreaksCompilation,
                "code that names the result's type `()` no longer compiles; old binaries ignore the body, as they did",
            )
        } else {
            (
                Verdict::BreaksWire,
                "code using the result sees a different type, and old binaries decode the old one",
            )
        };
        changes.push(op_change(
            after,
            verdict,
            format!(
                "returns `{}` instead of `{}`",
                output(new, after),
                output(old, before)
            ),
            reason,
        ));
    }
    super::errors::diff(old, new, before, after, changes);
    let (was, is) = (
        requirement(old, &before.security),
        requirement(new, &after.security),
    );
    if was != is {
        let (verdict, reason) = if still_satisfied(&was, &is) {
            (
                Verdict::Compatible,
                "every set of credentials that did for it still does",
            )
        } else {
            (
                Verdict::BreaksWireSilently,
                "callers may not have the credentials it needs now, and old binaries send the old ones",
            )
        };
        changes.push(op_change(
            after,
            verdict,
            format!(
                "credentials changed from {} to {}",
                describe_requirement(&was),
                describe_requirement(&is)
            ),
            reason,
        ));
    }
}

fn output(api: &Api, op: &Operation) -> String {
    match &op.response {
        SuccessResponse::Empty => "()".to_owned(),
        SuccessResponse::Json(ty) => RustType::of(api, ty).to_string(),
        SuccessResponse::Bytes => "Vec<u8>".to_owned(),
        SuccessResponse::Text => "String".to_owned(),
    }
}

fn diff_params(
    old: &Api,
    new: &Api,
    before: &Operation,
    after: &Operation,
    changes: &mut Vec<Change>,
) {
    fn keyed(op: &Operation) -> Vec<((String, String), &Param)> {
        op.params
            .iter()
            .filter(|p| p.location != ParamLocation::Path)
            .map(|p| ((format!("{:?}", p.location), p.wire_name.clone()), p))
            .collect()
    }
    for pair in compare(keyed(before), keyed(after)) {
        let (verdict, description, reason) = match pair {
            Paired::Removed(p) => (
                Verdict::BreaksCompilation,
                format!("parameter `{}` removed", p.wire_name),
                "calls that pass or set it no longer compile",
            ),
            Paired::Added(p) if p.required => (
                Verdict::BreaksWire,
                format!("new required parameter `{}`", p.wire_name),
                "every call needs another argument, and the server requires it",
            ),
            Paired::Added(p) => (
                Verdict::Compatible,
                format!("new optional parameter `{}`", p.wire_name),
                "a new `with_` setter on the call; existing calls keep compiling",
            ),
            Paired::Kept(q, p) => {
                // Only a `with_` setter carries the parameter's `#[deprecated]`.
                let setter_deprecation =
                    deprecation(q.deprecated && !q.required, p.deprecated && !p.required);
                if let Some((verdict, description, reason)) = setter_deprecation {
                    changes.push(op_change(
                        after,
                        verdict,
                        format!("parameter `{}` {description}", p.wire_name),
                        reason,
                    ));
                }
                let (was, is) = (RustType::of(old, &q.ty), RustType::of(new, &p.ty));
                let verdict = match (was == is, q.required, p.required) {
                    // Old binaries send the enum's values, which are strings.
                    (false, then, now)
                        if then == now && super::types::enum_became_string(old, &was, &is) =>
                    {
                        Verdict::BreaksCompilation
                    }
                    (false, _, _) | (true, false, true) => Verdict::BreaksWire,
                    (true, true, false) => Verdict::BreaksCompilation,
                    (true, true, true) | (true, false, false) => continue,
                };
                let optional = |required: bool| if required { "" } else { " (optional)" };
                (
                    verdict,
                    format!(
                        "parameter `{}` changed from `{was}`{} to `{is}`{}",
                        p.wire_name,
                        optional(q.required),
                        optional(p.required)
                    ),
                    "callers pass it differently (an argument, or a `with_` setter)",
                )
            }
        };
        changes.push(op_change(after, verdict, description, reason));
    }
}

pub(super) fn op_change(
    op: &Operation,
    verdict: Verdict,
    description: String,
    reason: &str,
) -> Change {
    Change {
        verdict,
        group: op.tag.clone().unwrap_or_else(|| "Operations".into()),
        subject: format!("Client::{}", op.rust_name.trim_start_matches("r#")),
        description,
        reason: reason.into(),
    }
}
