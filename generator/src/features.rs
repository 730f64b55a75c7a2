//! The gates of the Cargo features, a pure `Api -> Api` pass after the split: which
//! features each `src/models/` and `src/operations/` module needs.
//!
//! Lowering gives every operation its gate (the features of its tags, and `hidden` for an
//! `x-hidden` one). A model module is compiled when a feature is on whose operations reach
//! one of its types, following fields, items, union members and aliases; the graph is one
//! of modules, not types, so that a module never holds a type whose fields name a type
//! that is compiled out (a schema's inline children and split variants live in its module).
//! The rules, in the order they apply:
//! - a module some webhook payload reaches is always compiled: the `webhooks` module is;
//! - a module that every tag's operations reach, or more than [`MAX_GATE_FEATURES`] tags',
//!   is always compiled, and so is every module it reaches: a shared type costs little, and
//!   a `cfg` listing most of the crate's features helps nobody reading it;
//! - a module no operation reaches (a component schema no operation uses) is behind the
//!   `types` feature, which turns on every tag;
//! - a crate whose operations all share one tag has no tag features: its models are
//!   always compiled.
//!
//! Types ignore `hidden`: a type only hidden operations reach is compiled with its tag,
//! which only adds items. A feature must never change an item, only add or remove it, so
//! gates are the only thing this pass decides.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Api, Gate, TYPES_FEATURE};

/// A model module that more tags than this reach is always compiled, so that no
/// `cfg(any(..))` lists more features than a reader takes in at a glance. In the full Heron
/// spec (45 tag features) no module is reached by more than 4 tags: 543 of its 669 model
/// modules have one feature, 28 two to four, and 98 (schemas no operation uses) `types`.
pub const MAX_GATE_FEATURES: usize = 12;

pub fn gate(mut api: Api) -> Api {
    api.features.models = model_gates(&api);
    let mut operations: BTreeMap<&str, Vec<&Gate>> = BTreeMap::new();
    for op in &api.operations {
        operations.entry(&op.module).or_default().push(&op.gate);
    }
    api.features.operations = operations
        .into_iter()
        .map(|(module, gates)| (module.to_owned(), Gate::simplest(gates)))
        .filter(|(_, gates)| !gates.iter().any(Gate::is_always))
        .collect();
    api
}

/// What a module's types need: always, or the tag features whose operations reach them.
#[derive(Clone, Default)]
struct Reach {
    always: bool,
    features: BTreeSet<String>,
}

fn model_gates(api: &Api) -> BTreeMap<String, Vec<Gate>> {
    if api.features.tags.is_empty() {
        return BTreeMap::new();
    }
    // Module -> the modules its types name.
    let mut edges: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for def in &api.types {
        let targets = edges.entry(&def.module).or_default();
        for ty in def.kind.type_refs() {
            ty.for_each_named(&mut |id| {
                targets.insert(&api.type_def(id).module);
            });
        }
    }
    // Each root's modules: an operation's are behind its gate's features (the types a
    // caller decodes, error bodies and page items included); a webhook payload's always
    // compiled, as the `webhooks` module is.
    let mut reach: BTreeMap<&str, Reach> = BTreeMap::new();
    for root in api.roots() {
        root.ty.for_each_named(&mut |id| {
            let entry = reach.entry(&api.type_def(id).module).or_default();
            match root.operation {
                Some(op) => {
                    entry.features.extend(op.gate.any.iter().cloned());
                    entry.always |= op.gate.any.is_empty();
                }
                None => entry.always = true,
            }
        });
    }
    propagate(&edges, &mut reach);
    let tags = api.features.tags.len();
    for entry in reach.values_mut() {
        let count = entry.features.len();
        entry.always |= count == tags || count > MAX_GATE_FEATURES;
    }
    // A module made unconditional above makes what it names unconditional too.
    propagate(&edges, &mut reach);
    edges
        .keys()
        .filter_map(|&module| {
            let any = match reach.get(module) {
                Some(entry) if entry.always => return None,
                Some(entry) if !entry.features.is_empty() => {
                    entry.features.iter().cloned().collect()
                }
                _ => vec![TYPES_FEATURE.to_owned()],
            };
            Some((module.to_owned(), vec![Gate { any, hidden: false }]))
        })
        .collect()
}

/// Hands each module's reach on to the modules it names, until nothing changes.
fn propagate<'a>(
    edges: &BTreeMap<&'a str, BTreeSet<&'a str>>,
    reach: &mut BTreeMap<&'a str, Reach>,
) {
    let mut queue: Vec<&str> = reach.keys().copied().collect();
    while let Some(module) = queue.pop() {
        let Some(from) = reach.get(module).cloned() else {
            continue;
        };
        for &target in edges.get(module).into_iter().flatten() {
            let to = reach.entry(target).or_default();
            let before = (to.always, to.features.len());
            to.always |= from.always;
            to.features.extend(from.features.iter().cloned());
            if (to.always, to.features.len()) != before {
                queue.push(target);
            }
        }
    }
}
