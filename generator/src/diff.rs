//! What changed for Rust callers between two generated APIs: IR vs IR, not text vs text.
//!
//! Each change names the Rust item it affects, says whether code that compiled against
//! the old client can stop compiling (or silently change meaning) against the new one, and
//! why. Request-side and response-side effects are told apart because the read/write split
//! gives them different types.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{
    Api, Direction, Field, Operation, Param, SuccessResponse, TypeDef, TypeKind, TypeRef, Usage,
};

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    pub breaking: bool,
    /// Where the summary lists it: an operation's tag, or `Models`.
    pub group: String,
    /// The Rust item, e.g. `Client::update_integration_link` or `models::Link.url`.
    pub subject: String,
    pub description: String,
    /// Why it breaks callers (or why it does not, where that is not obvious).
    pub reason: String,
}

pub fn diff(old: &Api, new: &Api) -> Vec<Change> {
    let mut changes = Vec::new();
    diff_operations(old, new, &mut changes);
    diff_types(old, new, &mut changes);
    if old.auth != new.auth {
        changes.push(Change {
            breaking: true,
            group: "Client".into(),
            subject: "Client::new".into(),
            description: format!(
                "authentication changed from {:?} to {:?}",
                old.auth, new.auth
            ),
            reason: "the key callers pass is sent differently; existing keys may no longer work"
                .into(),
        });
    }
    if old.servers.first() != new.servers.first() {
        changes.push(Change {
            breaking: false,
            group: "Client".into(),
            subject: "DEFAULT_BASE_URL".into(),
            description: format!(
                "default server changed from `{}` to `{}`",
                old.servers.first().map_or("", String::as_str),
                new.servers.first().map_or("", String::as_str)
            ),
            reason: "clients built without `base_url` talk to the new server".into(),
        });
    }
    changes.sort_by(|a, b| {
        (!a.breaking, &a.group, &a.subject).cmp(&(!b.breaking, &b.group, &b.subject))
    });
    changes
}

/// A short Markdown summary for a pull request: the count, breaking changes first, then
/// the rest grouped by tag.
pub fn markdown(changes: &[Change]) -> String {
    let breaking = changes.iter().filter(|c| c.breaking).count();
    let mut out = format!(
        "**{} API change{}, {} breaking**\n",
        changes.len(),
        if changes.len() == 1 { "" } else { "s" },
        breaking
    );
    if breaking > 0 {
        out.push_str("\n### Breaking\n\n");
        for change in changes.iter().filter(|c| c.breaking) {
            out.push_str(&format!(
                "- `{}`: {} ({})\n",
                change.subject, change.description, change.reason
            ));
        }
    }
    let mut groups: BTreeMap<&str, Vec<&Change>> = BTreeMap::new();
    for change in changes.iter().filter(|c| !c.breaking) {
        groups
            .entry(change.group.as_str())
            .or_default()
            .push(change);
    }
    for (group, changes) in groups {
        out.push_str(&format!("\n### {group}\n\n"));
        for change in changes {
            let reason = if change.reason.is_empty() {
                String::new()
            } else {
                format!(" ({})", change.reason)
            };
            out.push_str(&format!(
                "- `{}`: {}{reason}\n",
                change.subject, change.description
            ));
        }
    }
    out
}

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

fn diff_operations(old: &Api, new: &Api, changes: &mut Vec<Change>) {
    let old_ops: BTreeMap<_, _> = old
        .operations
        .iter()
        .map(|op| (operation_key(op), op))
        .collect();
    let new_ops: BTreeMap<_, _> = new
        .operations
        .iter()
        .map(|op| (operation_key(op), op))
        .collect();
    for (key, op) in &old_ops {
        if !new_ops.contains_key(key) {
            changes.push(op_change(
                op,
                true,
                format!("removed (`{} {}`)", op.method.as_str(), op.path),
                "calls to it no longer compile",
            ));
        }
    }
    for (key, op) in &new_ops {
        let Some(before) = old_ops.get(key) else {
            changes.push(op_change(
                op,
                false,
                format!("added (`{} {}`)", op.method.as_str(), op.path),
                "",
            ));
            continue;
        };
        if before.rust_name != op.rust_name {
            changes.push(op_change(
                op,
                true,
                format!("renamed from `{}`", before.rust_name),
                "calls by the old name no longer compile",
            ));
        }
        diff_params(old, new, before, op, changes);
        let body = |api: &Api, op: &Operation| {
            op.body
                .as_ref()
                .map(|b| (type_text(api, &b.ty), b.required))
        };
        if body(old, before) != body(new, op) {
            let describe = |b: Option<(String, bool)>| match b {
                Some((ty, true)) => format!("`&{ty}`"),
                Some((ty, false)) => format!("`Option<&{ty}>`"),
                None => "none".to_owned(),
            };
            changes.push(op_change(
                op,
                true,
                format!(
                    "request body changed from {} to {}",
                    describe(body(old, before)),
                    describe(body(new, op))
                ),
                "callers pass a different type",
            ));
        }
        let output = |api: &Api, op: &Operation| match &op.response {
            SuccessResponse::Empty => "()".to_owned(),
            SuccessResponse::Json(ty) => type_text(api, ty),
            SuccessResponse::Bytes => "Vec<u8>".to_owned(),
            SuccessResponse::Text => "String".to_owned(),
        };
        if output(old, before) != output(new, op) {
            changes.push(op_change(
                op,
                true,
                format!(
                    "returns `{}` instead of `{}`",
                    output(new, op),
                    output(old, before)
                ),
                "code using the result sees a different type",
            ));
        }
        if before.authenticated != op.authenticated {
            let now = if op.authenticated {
                "now sends the API key"
            } else {
                "no longer sends the API key"
            };
            changes.push(op_change(op, false, now.to_owned(), ""));
        }
    }
}

fn diff_params(
    old: &Api,
    new: &Api,
    before: &Operation,
    after: &Operation,
    changes: &mut Vec<Change>,
) {
    let key = |p: &Param| (format!("{:?}", p.location), p.wire_name.clone());
    let old_params: BTreeMap<_, _> = before
        .params
        .iter()
        .filter(|p| p.location != crate::ir::ParamLocation::Path)
        .map(|p| (key(p), p))
        .collect();
    let new_params: BTreeMap<_, _> = after
        .params
        .iter()
        .filter(|p| p.location != crate::ir::ParamLocation::Path)
        .map(|p| (key(p), p))
        .collect();
    for (k, p) in &old_params {
        if !new_params.contains_key(k) {
            changes.push(op_change(
                after,
                true,
                format!("parameter `{}` removed", p.wire_name),
                "callers that set it no longer compile",
            ));
        }
    }
    for (k, p) in &new_params {
        match old_params.get(k) {
            None if p.required => {
                changes.push(op_change(
                    after,
                    true,
                    format!("new required parameter `{}`", p.wire_name),
                    "every call needs another argument",
                ));
            }
            None => changes.push(op_change(
                after,
                false,
                format!("new optional parameter `{}`", p.wire_name),
                "in the params struct, which has `Default`",
            )),
            Some(q)
                if q.required != p.required || type_text(old, &q.ty) != type_text(new, &p.ty) =>
            {
                changes.push(op_change(
                    after,
                    true,
                    format!(
                        "parameter `{}` changed from `{}`{} to `{}`{}",
                        p.wire_name,
                        type_text(old, &q.ty),
                        if q.required { "" } else { " (optional)" },
                        type_text(new, &p.ty),
                        if p.required { "" } else { " (optional)" }
                    ),
                    "callers pass a different type or in a different place",
                ));
            }
            Some(_) => {}
        }
    }
}

fn op_change(op: &Operation, breaking: bool, description: String, reason: &str) -> Change {
    Change {
        breaking,
        group: op.tag.clone().unwrap_or_else(|| "Operations".into()),
        subject: format!("Client::{}", op.rust_name.trim_start_matches("r#")),
        description,
        reason: reason.into(),
    }
}

fn diff_types(old: &Api, new: &Api, changes: &mut Vec<Change>) {
    let sent = sent_types(new);
    let old_types: BTreeMap<&str, &TypeDef> =
        old.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let new_types: BTreeMap<&str, &TypeDef> =
        new.types.iter().map(|t| (t.name.as_str(), t)).collect();
    // Fields that leave one variant of a split schema and arrive in the other are a
    // readOnly/writeOnly flip: reported once, as a move.
    let mut moved: BTreeSet<(String, String)> = BTreeSet::new();
    for def in new.types.iter() {
        let (TypeKind::Struct(now), Some(before)) = (&def.kind, old_types.get(def.name.as_str()))
        else {
            continue;
        };
        let TypeKind::Struct(then) = &before.kind else {
            continue;
        };
        for field in now
            .fields
            .iter()
            .filter(|f| !then.fields.iter().any(|g| g.wire_name == f.wire_name))
        {
            let sibling = new.types.iter().chain(old.types.iter()).find(|t| {
                t.pointer == def.pointer
                    && t.name != def.name
                    && matches!(&t.kind, TypeKind::Struct(s) if s.fields.iter().any(|g| g.wire_name == field.wire_name))
            });
            let Some(sibling) = sibling else { continue };
            let from_old = old_types
                .get(sibling.name.as_str())
                .is_some_and(|t| has_field(t, &field.wire_name));
            let from_new = new_types
                .get(sibling.name.as_str())
                .is_some_and(|t| has_field(t, &field.wire_name));
            if from_old && !from_new {
                moved.insert((sibling.name.clone(), field.wire_name.clone()));
                moved.insert((def.name.clone(), field.wire_name.clone()));
                changes.push(type_change(
                    def,
                    Some(field),
                    true,
                    format!(
                        "moved here from `models::{}` (its readOnly/writeOnly flag changed)",
                        sibling.name
                    ),
                    "code that reads or sets it on the old type no longer compiles",
                ));
            }
        }
    }
    for (name, def) in &old_types {
        if !new_types.contains_key(name) {
            changes.push(type_change(
                def,
                None,
                true,
                "removed".into(),
                "code that names it no longer compiles",
            ));
        }
    }
    for (name, def) in &new_types {
        let Some(before) = old_types.get(name) else {
            changes.push(type_change(def, None, false, "added".into(), ""));
            continue;
        };
        match (&before.kind, &def.kind) {
            (TypeKind::Struct(then), TypeKind::Struct(now)) => {
                diff_fields(old, new, def, &then.fields, &now.fields, &moved, changes)
            }
            (TypeKind::Enum(then), TypeKind::Enum(now)) => {
                let sent = new
                    .types
                    .iter()
                    .position(|t| t.name == def.name)
                    .is_some_and(|index| sent.contains(&index));
                for variant in then
                    .variants
                    .iter()
                    .filter(|v| !now.variants.iter().any(|w| w.wire_value == v.wire_value))
                {
                    let reason = if sent {
                        "callers can no longer send it, and code naming the variant no longer compiles"
                    } else {
                        "code naming the variant no longer compiles; the value now decodes into the catch-all"
                    };
                    changes.push(type_change(
                        def,
                        None,
                        true,
                        format!("enum value `{}` removed", variant.wire_value),
                        reason,
                    ));
                }
                for variant in now
                    .variants
                    .iter()
                    .filter(|v| !then.variants.iter().any(|w| w.wire_value == v.wire_value))
                {
                    changes.push(type_change(
                        def,
                        None,
                        false,
                        format!("enum value `{}` added", variant.wire_value),
                        "older clients decode it into the catch-all variant",
                    ));
                }
            }
            (then, now) if std::mem::discriminant(then) != std::mem::discriminant(now) => {
                changes.push(type_change(
                    def,
                    None,
                    true,
                    "changed kind".into(),
                    "it is a different kind of Rust type now",
                ));
            }
            _ => {}
        }
    }
}

/// Indices of the types a caller can put into a request: request-only types, parameter
/// and body types, and everything they contain.
fn sent_types(api: &Api) -> BTreeSet<usize> {
    let mut stack: Vec<crate::ir::TypeId> = Vec::new();
    for (index, def) in api.types.iter().enumerate() {
        if def.usage == Usage::Only(Direction::Request) {
            stack.push(crate::ir::TypeId(index as u32));
        }
    }
    for op in &api.operations {
        for param in &op.params {
            param.ty.for_each_named(&mut |id| stack.push(id));
        }
        if let Some(body) = &op.body {
            body.ty.for_each_named(&mut |id| stack.push(id));
        }
    }
    let mut sent = BTreeSet::new();
    while let Some(id) = stack.pop() {
        if sent.insert(id.index()) {
            for ty in api.type_def(id).kind.type_refs() {
                ty.for_each_named(&mut |child| stack.push(child));
            }
        }
    }
    sent
}

fn has_field(def: &TypeDef, wire_name: &str) -> bool {
    matches!(&def.kind, TypeKind::Struct(s) if s.fields.iter().any(|f| f.wire_name == wire_name))
}

fn diff_fields(
    old: &Api,
    new: &Api,
    def: &TypeDef,
    then: &[Field],
    now: &[Field],
    moved: &BTreeSet<(String, String)>,
    changes: &mut Vec<Change>,
) {
    let is_moved = |field: &Field| moved.contains(&(def.name.clone(), field.wire_name.clone()));
    for field in then
        .iter()
        .filter(|f| !now.iter().any(|g| g.wire_name == f.wire_name) && !is_moved(f))
    {
        // Still in the other variant of the same schema: its readOnly/writeOnly flag changed.
        let sibling = new.types.iter().find(|t| {
            t.pointer == def.pointer && t.name != def.name && has_field(t, &field.wire_name)
        });
        let description = match sibling {
            Some(sibling) => format!(
                "field removed: it is now only in `models::{}` (its readOnly/writeOnly flag changed)",
                sibling.name
            ),
            None => "field removed".into(),
        };
        changes.push(type_change(
            def,
            Some(field),
            true,
            description,
            "code that reads or sets it here no longer compiles",
        ));
    }
    for field in now
        .iter()
        .filter(|f| !then.iter().any(|g| g.wire_name == f.wire_name) && !is_moved(f))
    {
        let sent = def.usage.includes(Direction::Request);
        let (breaking, reason) = match (sent, field.required) {
            (true, true) => (true, "code that builds this type must now set it"),
            (true, false) => (
                false,
                "optional: existing struct literals need `..Default::default()` or the new field",
            ),
            (false, _) => (false, "received only: existing code keeps compiling"),
        };
        let required = if field.required {
            "required"
        } else {
            "optional"
        };
        changes.push(type_change(
            def,
            Some(field),
            breaking,
            format!(
                "{required} field added (`{}`)",
                field_type_text(new, def, field)
            ),
            reason,
        ));
    }
    for field in now {
        let Some(before) = then.iter().find(|g| g.wire_name == field.wire_name) else {
            continue;
        };
        let (was, is) = (
            field_type_text(old, def, before),
            field_type_text(new, def, field),
        );
        if was == is {
            continue;
        }
        let reason = match (def.usage, before.required && !field.required) {
            (Usage::Only(Direction::Response) | Usage::Both, true) => {
                "now an `Option`: code reading it must handle `None`"
            }
            _ => "code that reads or sets it sees a different type",
        };
        changes.push(type_change(
            def,
            Some(field),
            true,
            format!("field type changed from `{was}` to `{is}`"),
            reason,
        ));
    }
}

fn type_change(
    def: &TypeDef,
    field: Option<&Field>,
    breaking: bool,
    description: String,
    reason: &str,
) -> Change {
    let subject = match field {
        Some(field) => format!(
            "models::{}.{}",
            def.name,
            field.rust_name.trim_start_matches("r#")
        ),
        None => format!("models::{}", def.name),
    };
    Change {
        breaking,
        group: "Models".into(),
        subject,
        description,
        reason: reason.into(),
    }
}

/// The Rust type of a field as the models emitter spells it (without `Box`).
fn field_type_text(api: &Api, def: &TypeDef, field: &Field) -> String {
    let ty = type_text(api, &field.ty);
    match (field.required, field.nullable) {
        (true, false) => ty,
        (false, true) if def.usage.includes(Direction::Request) => format!("Option<Option<{ty}>>"),
        _ => format!("Option<{ty}>"),
    }
}

fn type_text(api: &Api, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(id) => api.type_def(*id).name.clone(),
        TypeRef::String => "String".into(),
        TypeRef::Integer(crate::ir::IntegerWidth::I32) => "i32".into(),
        TypeRef::Integer(crate::ir::IntegerWidth::I64) => "i64".into(),
        TypeRef::Number => "f64".into(),
        TypeRef::Boolean => "bool".into(),
        TypeRef::DateTime => "Timestamp".into(),
        TypeRef::Date => "NaiveDate".into(),
        TypeRef::Json => "serde_json::Value".into(),
        TypeRef::Binary => "File".into(),
        TypeRef::List(inner) => format!("Vec<{}>", type_text(api, inner)),
        TypeRef::Map(inner) => format!("BTreeMap<String, {}>", type_text(api, inner)),
        TypeRef::Nullable(inner) => format!("Option<{}>", type_text(api, inner)),
    }
}
