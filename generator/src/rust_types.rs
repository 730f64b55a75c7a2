//! The Rust type of every value the generated code exposes, decided once.
//!
//! [`RustTypes::decide`] is a pass over the finished IR (after the split and the features
//! gates): it spells every struct field, union variant and alias target, boxing the ones
//! that would make a type contain itself. The emitters turn those [`RustType`]s into
//! tokens and the diff prints them in its summary: both read the same decisions, so the
//! summary can never name a type the code does not have. Nothing here knows about tokens
//! (the IR's invariant).

use std::fmt;

use crate::ir::{Api, Field, IntegerWidth, TypeId, TypeKind, TypeRef};

/// The Rust types of the members of every type of an [`Api`], by [`TypeId`].
#[derive(Clone, Debug, PartialEq)]
pub struct RustTypes {
    /// One list per type, with one entry per [`TypeKind::type_refs`] member, in that
    /// order: a struct's fields, a union's variants, an alias's target.
    members: Vec<Vec<RustType>>,
}

impl RustTypes {
    /// Decides every member's type. A member holding a type that contains its owner by
    /// value (through fields, union variants and aliases, not lists or maps) is boxed:
    /// otherwise the owner would be infinitely large. That is exactly when the member's
    /// type and its owner lie on one cycle of the by-value graph, so the graph's strongly
    /// connected components, found once, answer it for every member.
    pub fn decide(api: &Api) -> RustTypes {
        let component = by_value_components(api);
        let same_component =
            |a: TypeId, b: TypeId| component.get(a.index()) == component.get(b.index());
        let members = api
            .types
            .iter()
            .enumerate()
            .map(|(index, def)| {
                let owner = TypeId(index as u32);
                let held = |ty: &TypeRef| {
                    let inner = RustType::of(api, ty);
                    match ty {
                        TypeRef::Named(target) if same_component(*target, owner) => {
                            RustType::Box(Box::new(inner))
                        }
                        _ => inner,
                    }
                };
                match &def.kind {
                    TypeKind::Struct(s) => s
                        .fields
                        .iter()
                        .map(|field| RustType::field(field, held(&field.ty)))
                        .collect(),
                    TypeKind::Union(u) => u.variants.iter().map(|v| held(&v.ty)).collect(),
                    TypeKind::Alias(target) => vec![RustType::of(api, target)],
                    TypeKind::Enum(_) => Vec::new(),
                }
            })
            .collect();
        RustTypes { members }
    }

    /// The types of the members of `id` (see [`RustTypes::members`]'s order): zip them
    /// with the struct's fields or the union's variants.
    pub fn members(&self, id: TypeId) -> &[RustType] {
        self.members.get(id.index()).map_or(&[], Vec::as_slice)
    }
}

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

    /// The type of a struct field holding `value`: the value mapping of `docs/compatibility.md`. A
    /// required field that is not nullable is `T`; every other field is `Option<T>`,
    /// whatever the direction, so that a `nullable` flip on an optional property changes
    /// no type (how a request sends an explicit `null` is the setters' business, see
    /// [`Field::null_setter`]).
    fn field(field: &Field, value: RustType) -> RustType {
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

/// The strongly connected component of every type (by index) in the graph whose edges
/// are the members naming a type directly (Tarjan's algorithm, iterative: a spec's types
/// can chain deeper than the stack allows).
// Every index is a type's, below `api.types.len()`: the vectors have one entry per type.
#[allow(clippy::indexing_slicing)]
fn by_value_components(api: &Api) -> Vec<usize> {
    let edges: Vec<Vec<usize>> = api
        .types
        .iter()
        .map(|def| {
            def.kind
                .type_refs()
                .into_iter()
                .filter_map(|ty| match ty {
                    TypeRef::Named(id) => Some(id.index()),
                    _ => None,
                })
                .collect()
        })
        .collect();
    let count = edges.len();
    let mut order: Vec<Option<usize>> = vec![None; count];
    let mut low = vec![0; count];
    let mut on_stack = vec![false; count];
    let mut stack = Vec::new();
    let mut component = vec![0; count];
    let (mut visited, mut components) = (0, 0);
    for root in 0..count {
        if order[root].is_some() {
            continue;
        }
        // The depth-first path: each type with the position of its next edge to follow.
        let mut path = vec![(root, 0)];
        order[root] = Some(visited);
        low[root] = visited;
        visited += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some((node, next)) = path.last_mut() {
            let node = *node;
            if let Some(&target) = edges[node].get(*next) {
                *next += 1;
                match order[target] {
                    None => {
                        order[target] = Some(visited);
                        low[target] = visited;
                        visited += 1;
                        stack.push(target);
                        on_stack[target] = true;
                        path.push((target, 0));
                    }
                    Some(seen) if on_stack[target] => low[node] = low[node].min(seen),
                    Some(_) => {}
                }
                continue;
            }
            path.pop();
            if let Some((parent, _)) = path.last() {
                low[*parent] = low[*parent].min(low[node]);
            }
            if Some(low[node]) == order[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = components;
                    if member == node {
                        break;
                    }
                }
                components += 1;
            }
        }
    }
    component
}
