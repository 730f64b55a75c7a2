//! The Cargo features that choose which operations and models a crate compiles.

/// The Cargo features that choose which operations and models a crate compiles: one per
/// tag (the operations' first and other tags alike), and `hidden` for the operations the
/// spec marks `x-hidden`. Lowering names them; `features::gate` decides the gates.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Features {
    /// One per tag, sorted by name; empty when every operation has the
    /// same tag (or none), since one feature would choose nothing.
    pub tags: Vec<TagFeature>,
    /// Whether some operation is `x-hidden`: then the crate has a `hidden` feature.
    pub hidden: bool,
    /// The gates of each `src/models/` module, by module name: it is compiled when one of
    /// them is open. A module without an entry is always compiled.
    pub models: std::collections::BTreeMap<String, Vec<Gate>>,
    /// The gates of each `src/operations/` module, the same way.
    pub operations: std::collections::BTreeMap<String, Vec<Gate>>,
}

/// The feature `hidden` operations are behind.
pub const HIDDEN_FEATURE: &str = "hidden";
/// The feature of the HTTP client and the operations.
pub const CLIENT_FEATURE: &str = "client";
/// The feature that turns on every tag's feature: every model, and with `client`, every
/// operation.
pub const TYPES_FEATURE: &str = "types";

#[derive(Clone, Debug, PartialEq)]
pub struct TagFeature {
    /// The Cargo feature's name, kept in the names file's `[features]` table.
    pub name: String,
    /// The tag; `None` for the operations without one.
    pub tag: Option<String>,
    /// How many operations it turns on, for the docs.
    pub operations: usize,
}

/// When an item is compiled: when any of the features `any` is on (always, if `any` is
/// empty), and for `hidden` items only when the `hidden` feature is on too.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Gate {
    pub any: Vec<String>,
    pub hidden: bool,
}

impl Gate {
    pub fn is_always(&self) -> bool {
        self.any.is_empty() && !self.hidden
    }

    /// Whether this gate is open only when `other` is too.
    pub fn implies(&self, other: &Gate) -> bool {
        let features = other.any.is_empty()
            || (!self.any.is_empty() && self.any.iter().all(|f| other.any.contains(f)));
        features && (self.hidden || !other.hidden)
    }

    /// The fewest gates one of which is open exactly when one of `gates` is: duplicates
    /// and gates that open only when another does are left out. An item behind several
    /// gates is compiled when any of them is open.
    pub fn simplest<'a>(gates: impl IntoIterator<Item = &'a Gate>) -> Vec<Gate> {
        let mut distinct: Vec<Gate> = Vec::new();
        for gate in gates {
            let mut gate = gate.clone();
            gate.any.sort();
            if !distinct.contains(&gate) {
                distinct.push(gate);
            }
        }
        distinct
            .iter()
            .filter(|gate| {
                !distinct
                    .iter()
                    .any(|other| other != *gate && gate.implies(other))
            })
            .cloned()
            .collect()
    }
}
