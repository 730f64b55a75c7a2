//! Types: added, removed, renamed, and their fields and enum values, by the way each
//! type travels.

use std::collections::{BTreeMap, BTreeSet};

use super::{compare, deprecation, renamed, Change, Paired, Verdict};
use crate::ir::{Api, Direction, Field, TypeDef, TypeId, TypeKind, Usage};
use crate::rust_types::{RustType, RustTypes};

/// Which way each type of an API can travel: what its roots send and receive (the
/// operations', and the webhooks' payloads), closed over what those types contain. A
/// type nothing uses can go either way (it is public API all the same).
struct Travel {
    sent: BTreeSet<TypeId>,
    received: BTreeSet<TypeId>,
}

impl Travel {
    fn of(api: &Api) -> Travel {
        let mut sent = Vec::new();
        let mut received = Vec::new();
        for root in api.roots() {
            let side = match root.direction() {
                Direction::Request => &mut sent,
                Direction::Response => &mut received,
            };
            root.ty.for_each_named(&mut |id| side.push(id));
        }
        Travel {
            sent: api.reachable(sent),
            received: api.reachable(received),
        }
    }

    fn sent(&self, id: TypeId) -> bool {
        self.sent.contains(&id) || !self.received.contains(&id)
    }

    fn received(&self, id: TypeId) -> bool {
        self.received.contains(&id) || !self.sent.contains(&id)
    }
}

/// A type's key: its schema's stable key and its side of the split (a request variant is
/// its own item), numbered where one schema gave several types.
pub(super) fn type_keys(api: &Api) -> Vec<((String, bool, usize), TypeId)> {
    let mut seen: BTreeMap<(String, bool), usize> = BTreeMap::new();
    (0..api.types.len())
        .map(|index| {
            let id = TypeId(index as u32);
            let def = api.type_def(id);
            let request_variant =
                def.split.is_some() && def.usage == Usage::Only(Direction::Request);
            let occurrence = seen.entry((def.key.clone(), request_variant)).or_default();
            *occurrence += 1;
            ((def.key.clone(), request_variant, *occurrence), id)
        })
        .collect()
}

pub(super) fn diff(old: &Api, new: &Api, changes: &mut Vec<Change>) {
    let (old_travel, new_travel) = (Travel::of(old), Travel::of(new));
    let (old_types, new_types) = (RustTypes::decide(old), RustTypes::decide(new));
    for pair in compare(type_keys(old), type_keys(new)) {
        match pair {
            Paired::Removed(id) => {
                let def = old.type_def(id);
                let (verdict, reason) = match new.type_aliases.iter().find(|(a, _)| *a == def.name)
                {
                    Some(_) => (
                        Verdict::Deprecated,
                        "its name stays as a deprecated alias (the names file's `[type_aliases]`): old code compiles with a warning",
                    ),
                    None => (
                        Verdict::BreaksCompilation,
                        "code that names it no longer compiles",
                    ),
                };
                changes.push(type_change(def, None, verdict, "removed".into(), reason));
            }
            Paired::Added(id) => changes.push(type_change(
                new.type_def(id),
                None,
                Verdict::Compatible,
                "added".into(),
                "",
            )),
            Paired::Kept(before, after) => {
                let side = Side {
                    sent: old_travel.sent(before) || new_travel.sent(after),
                    received: old_travel.received(before) || new_travel.received(after),
                };
                diff_type(
                    (old, &old_types),
                    (new, &new_types),
                    (before, after),
                    side,
                    changes,
                );
            }
        }
    }
}

/// Which ways a type travels, in either version.
#[derive(Clone, Copy)]
struct Side {
    sent: bool,
    received: bool,
}

fn diff_type(
    (old, old_types): (&Api, &RustTypes),
    (new, new_types): (&Api, &RustTypes),
    (before, after): (TypeId, TypeId),
    side: Side,
    changes: &mut Vec<Change>,
) {
    let (then, now) = (old.type_def(before), new.type_def(after));
    if then.name != now.name {
        let (verdict, reason) = renamed(
            &new.type_aliases,
            (&then.name, &now.name),
            "code that names it by the old name no longer compiles",
        );
        changes.push(type_change(
            now,
            None,
            verdict,
            format!("renamed from `{}`", then.name),
            reason,
        ));
    }
    if let Some((verdict, description, reason)) = deprecation(then.deprecated, now.deprecated) {
        changes.push(type_change(now, None, verdict, description.into(), reason));
    }
    match (&then.kind, &now.kind) {
        (TypeKind::Struct(a), TypeKind::Struct(b)) => {
            type Typed<'f> = (&'f Field, &'f RustType);
            fn keyed<'f>(fields: &'f [Field], types: &'f [RustType]) -> Vec<(String, Typed<'f>)> {
                fields
                    .iter()
                    .zip(types)
                    .map(|(f, ty)| (f.wire_name.clone(), (f, ty)))
                    .collect()
            }
            let (was, is) = (
                keyed(&a.fields, old_types.members(before)),
                keyed(&b.fields, new_types.members(after)),
            );
            for pair in compare(was, is) {
                let found = match pair {
                    Paired::Removed((field, ty)) => Some(field_removed(field, ty, side)),
                    Paired::Added((field, _)) => Some(field_added(field, side)),
                    Paired::Kept((was, then), (is, ty)) => {
                        if let Some((verdict, description, reason)) =
                            deprecation(was.deprecated, is.deprecated)
                        {
                            changes.push(type_change(
                                now,
                                Some(is),
                                verdict,
                                description.into(),
                                reason,
                            ));
                        }
                        field_changed((old, before, was, then), (new, after, is, ty), side)
                    }
                };
                if let Some(found) = found {
                    changes.push(type_change(
                        now,
                        Some(found.field),
                        found.verdict,
                        found.description,
                        found.reason,
                    ));
                }
            }
        }
        (TypeKind::Enum(a), TypeKind::Enum(b)) => {
            let values = |e: &crate::ir::Enum| -> BTreeSet<String> {
                e.variants.iter().map(|v| v.wire_value.clone()).collect()
            };
            let (was, is) = (values(a), values(b));
            for value in was.difference(&is) {
                let (verdict, reason) = if side.sent {
                    (
                        Verdict::BreaksWire,
                        "callers can no longer send it, and code naming the variant no longer compiles",
                    )
                } else {
                    (
                        Verdict::BreaksCompilation,
                        "code naming the variant no longer compiles; the value now decodes into the catch-all",
                    )
                };
                changes.push(type_change(
                    now,
                    None,
                    verdict,
                    format!("enum value `{value}` removed"),
                    reason,
                ));
            }
            for value in is.difference(&was) {
                changes.push(type_change(
                    now,
                    None,
                    Verdict::Compatible,
                    format!("enum value `{value}` added"),
                    "the enum is `#[non_exhaustive]`; older clients decode it into the catch-all variant",
                ));
            }
        }
        (a, b) if std::mem::discriminant(a) != std::mem::discriminant(b) => {
            changes.push(type_change(
                now,
                None,
                Verdict::BreaksWire,
                "changed kind".into(),
                "it is a different kind of Rust type now",
            ));
        }
        _ => {}
    }
}

/// A field's change, and the field it is about.
struct FieldChange<'a> {
    field: &'a Field,
    verdict: Verdict,
    description: String,
    reason: &'static str,
}

fn field_added(field: &Field, side: Side) -> FieldChange<'_> {
    let (verdict, reason) = match (field.required, side.sent) {
        (true, true) => (
            Verdict::BreaksWire,
            "`new` takes it: code that builds this type must pass it, and the server requires it",
        ),
        (true, false) => (
            Verdict::BreaksCompilation,
            "`new` takes it: tests and mocks that build this type must pass it; decoding is unaffected",
        ),
        (false, _) => (
            Verdict::Compatible,
            "a new `with_` setter; the struct is `#[non_exhaustive]`, so existing code keeps compiling",
        ),
    };
    let required = if field.required {
        "required"
    } else {
        "optional"
    };
    FieldChange {
        field,
        verdict,
        description: format!("{required} field added"),
        reason,
    }
}

fn field_removed<'a>(field: &'a Field, ty: &RustType, side: Side) -> FieldChange<'a> {
    let plain = !matches!(ty, RustType::Option(_));
    let (verdict, reason) = if plain && side.received {
        (
            Verdict::BreaksWire,
            "code that reads it no longer compiles, and old binaries fail to decode responses without it",
        )
    } else {
        (
            Verdict::BreaksCompilation,
            "code that reads or sets it no longer compiles",
        )
    };
    FieldChange {
        field,
        verdict,
        description: "field removed".into(),
        reason,
    }
}

fn field_changed<'a>(
    (old, before, was, then): (&Api, TypeId, &Field, &RustType),
    (new, after, is, now): (&Api, TypeId, &'a Field, &RustType),
    side: Side,
) -> Option<FieldChange<'a>> {
    let optional = |ty: &RustType| matches!(ty, RustType::Option(_));
    let change = |verdict, description: String, reason| {
        Some(FieldChange {
            field: is,
            verdict,
            description,
            reason,
        })
    };
    if enum_became_string(old, then, now) {
        return change(
            Verdict::BreaksCompilation,
            format!("field type changed from `{then}` to `{now}`"),
            "code that reads or sets it sees a `String`; old binaries send the enum's values, which are strings, and decode new values into its catch-all variant",
        );
    }
    if then.unwrap_option() != now.unwrap_option() {
        return change(
            Verdict::BreaksWire,
            format!("field type changed from `{then}` to `{now}`"),
            "code that reads or sets it sees a different type, and the wire carries another value",
        );
    }
    let optionality = match (optional(then), optional(now)) {
        (false, true) if side.received => Some((
            Verdict::BreaksWire,
            "code that reads it must handle `None`; old binaries fail on responses without it",
        )),
        (false, true) => Some((
            Verdict::BreaksCompilation,
            "code that sets it passes an `Option` now; the server still accepts the value",
        )),
        (true, false) if side.sent => Some((
            Verdict::BreaksWire,
            "code that sets it must always pass it now, and old binaries may leave it out",
        )),
        (true, false) => Some((
            Verdict::BreaksCompilation,
            "code that reads it sees `T` instead of `Option<T>`; responses always carry it now",
        )),
        _ => None,
    };
    if let Some((verdict, reason)) = optionality {
        return change(
            verdict,
            format!("field type changed from `{then}` to `{now}`"),
            reason,
        );
    }
    if was.required != is.required {
        // Same `Option<T>`, but `new` takes it or no longer does.
        let verdict = match (is.required, side.sent) {
            (true, true) => Verdict::BreaksWire,
            _ => Verdict::BreaksCompilation,
        };
        let now_required = if is.required { "required" } else { "optional" };
        return change(
            verdict,
            format!("now {now_required} (still `{now}`)"),
            "`new` takes different arguments",
        );
    }
    if was.nullable != is.nullable {
        // Readers see the same `Option<T>`; only a type that is sent has `with_<field>_null`.
        let sends_nulls = |api: &Api, id: TypeId, field: &Field| {
            field.null_setter.is_some() && api.type_def(id).usage.includes(Direction::Request)
        };
        let (verdict, description, reason) = match (
            sends_nulls(old, before, was),
            sends_nulls(new, after, is),
        ) {
            (true, false) => (
                Verdict::BreaksCompilation,
                "no longer nullable".to_owned(),
                "its `with_<field>_null` setter is gone; readers see the same type",
            ),
            (false, true) => (
                Verdict::Compatible,
                "now nullable".to_owned(),
                "a `with_<field>_null` setter sends an explicit null; readers see the same type",
            ),
            _ => (
                Verdict::Compatible,
                format!(
                    "{} (still `{now}`)",
                    if is.nullable {
                        "now nullable"
                    } else {
                        "no longer nullable"
                    }
                ),
                "null and absent read the same: readers see the same type",
            ),
        };
        return change(verdict, description, reason);
    }
    None
}

/// Whether `then` becomes `now` only by enums of the old API becoming `String`s: old
/// binaries send the enums' values, which are strings, and decode any new value into the
/// enum's catch-all variant (every enum has one).
pub(super) fn enum_became_string(old: &Api, then: &RustType, now: &RustType) -> bool {
    match (then, now) {
        (RustType::Model(name), RustType::Path("String")) => old
            .types
            .iter()
            .any(|def| def.name == *name && matches!(def.kind, TypeKind::Enum(_))),
        (RustType::Vec(a), RustType::Vec(b))
        | (RustType::Map(a), RustType::Map(b))
        | (RustType::Option(a), RustType::Option(b))
        | (RustType::Box(a), RustType::Box(b)) => enum_became_string(old, a, b),
        _ => false,
    }
}

fn type_change(
    def: &TypeDef,
    field: Option<&Field>,
    verdict: Verdict,
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
        verdict,
        group: "Models".into(),
        subject,
        description,
        reason: reason.into(),
    }
}
