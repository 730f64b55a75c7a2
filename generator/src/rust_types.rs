//! The Rust type of every value the generated code exposes, decided once.
//!
//! The models and operations emitters turn a [`RustType`] into tokens, and the diff prints
//! it in its summary: both read the same description, so the summary can never name a type
//! the code does not have. Nothing here knows about tokens (the IR's invariant).

use std::collections::BTreeSet;
use std::fmt;

use crate::ir::{Api, Field, IntegerWidth, TypeId, TypeRef};

/// A Rust type as the generated crate spells it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RustType {
    /// A type of `models`, by name.
    Model(String),
    /// A type outside `models`, by the path the generated code writes (`String`, `i64`,
    /// `crate::Timestamp`).
    Path(&'static str),
    Vec(Box<RustType>),
    /// `BTreeMap<String, _>`.
    Map(Box<RustType>),
    Option(Box<RustType>),
    Box(Box<RustType>),
}

impl RustType {
    /// The Rust type of a value of type `ty`.
    pub fn of(api: &Api, ty: &TypeRef) -> RustType {
        match ty {
            TypeRef::Named(id) => RustType::Model(api.type_def(*id).name.clone()),
            TypeRef::String => RustType::Path("String"),
            TypeRef::Integer(IntegerWidth::I32) => RustType::Path("i32"),
            TypeRef::Integer(IntegerWidth::I64) => RustType::Path("i64"),
            TypeRef::Number => RustType::Path("f64"),
            TypeRef::Boolean => RustType::Path("bool"),
            TypeRef::DateTime => RustType::Path("crate::Timestamp"),
            TypeRef::Date => RustType::Path("chrono::NaiveDate"),
            TypeRef::Json => RustType::Path("serde_json::Value"),
            TypeRef::Binary => RustType::Path("crate::File"),
            TypeRef::List(inner) => RustType::Vec(Box::new(RustType::of(api, inner))),
            TypeRef::Map(inner) => RustType::Map(Box::new(RustType::of(api, inner))),
            TypeRef::Nullable(inner) => RustType::Option(Box::new(RustType::of(api, inner))),
        }
    }

    /// The type a value of `ty` has when it is held by `owner`: boxed where `ty` contains
    /// `owner` by value, which would make `owner` infinitely large.
    pub fn held_by(api: &Api, owner: TypeId, ty: &TypeRef) -> RustType {
        let inner = RustType::of(api, ty);
        match ty {
            TypeRef::Named(target) if reaches_by_value(api, *target, owner) => {
                RustType::Box(Box::new(inner))
            }
            _ => inner,
        }
    }

    /// The type of a struct field: the value mapping of the README. A required field that
    /// is not nullable is `T`; every other field is `Option<T>`, whatever the direction,
    /// so that a `nullable` flip on an optional property changes no type (how a request
    /// sends an explicit `null` is the setters' business, see [`Field::null_setter`]).
    pub fn of_field(api: &Api, owner: TypeId, field: &Field) -> RustType {
        let value = RustType::held_by(api, owner, &field.ty);
        if field.required && !field.nullable {
            value
        } else {
            RustType::Option(Box::new(value))
        }
    }

    /// Whether the value is a number, or numbers held directly in `Option`s, `Vec`s and
    /// maps: the shapes whose fields read a string holding a number too (the runtime's
    /// `lenient.rs`). Numbers inside models are their own fields' business.
    pub fn holds_numbers(&self) -> bool {
        match self {
            RustType::Path(path) => matches!(*path, "f64" | "i64" | "i32"),
            RustType::Vec(inner) | RustType::Map(inner) | RustType::Option(inner) => {
                inner.holds_numbers()
            }
            RustType::Model(_) | RustType::Box(_) => false,
        }
    }

    /// The type without its outer `Box`: what a constructor or setter of a boxed field
    /// takes.
    pub fn unboxed(&self) -> &RustType {
        match self {
            RustType::Box(inner) => inner,
            other => other,
        }
    }

    /// How many generic wrappers (`Vec`, maps, `Option`, `Box`) are nested in this type.
    pub fn nesting(&self) -> usize {
        match self {
            RustType::Model(_) | RustType::Path(_) => 0,
            RustType::Vec(inner)
            | RustType::Map(inner)
            | RustType::Option(inner)
            | RustType::Box(inner) => 1 + inner.nesting(),
        }
    }

    /// The type without its outer `Option`, for setters and constructors that take the
    /// value itself.
    pub fn unwrap_option(&self) -> &RustType {
        match self {
            RustType::Option(inner) => inner,
            other => other,
        }
    }
}

impl fmt::Display for RustType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RustType::Model(name) => f.write_str(name),
            RustType::Path(path) => f.write_str(path.rsplit("::").next().unwrap_or(path)),
            RustType::Vec(inner) => write!(f, "Vec<{inner}>"),
            RustType::Map(inner) => write!(f, "BTreeMap<String, {inner}>"),
            RustType::Option(inner) => write!(f, "Option<{inner}>"),
            RustType::Box(inner) => write!(f, "Box<{inner}>"),
        }
    }
}

/// Whether `from` contains `to` without indirection (through fields, union variants and
/// aliases that are not lists or maps), so that holding `from` inside `to` needs a `Box`.
pub fn reaches_by_value(api: &Api, from: TypeId, to: TypeId) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from];
    while let Some(id) = stack.pop() {
        if id == to {
            return true;
        }
        if !seen.insert(id) {
            continue;
        }
        for ty in api.type_def(id).kind.type_refs() {
            if let TypeRef::Named(target) = ty {
                stack.push(*target);
            }
        }
    }
    false
}
