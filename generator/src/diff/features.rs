//! Cargo features: the crate's own (one per tag, and `hidden`), and the features each
//! operation and model is compiled under. A caller's `Cargo.toml` names features, so a
//! feature that goes away fails to resolve, and an item no longer compiled under a set of
//! features that compiled it fails to compile for callers that chose that set.
//!
//! The default features turn every gate on (`types` turns on every tag's feature), so
//! what changes here only reaches callers that turn the defaults off and name features.

use std::collections::BTreeSet;

use super::types::type_keys;
use super::{compare, operations, Change, Paired, Verdict};
use crate::ir::{Api, Gate, HIDDEN_FEATURE, TYPES_FEATURE};

pub(super) fn diff(old: &Api, new: &Api, changes: &mut Vec<Change>) {
    diff_features(old, new, changes);
    for pair in compare(operations::keyed(old), operations::keyed(new)) {
        if let Paired::Kept(before, after) = pair {
            let subject = format!("Client::{}", after.rust_name.trim_start_matches("r#"));
            let gates = |gate: &Gate| vec![gate.clone()];
            diff_gates(
                (old, &gates(&before.gate)),
                (new, &gates(&after.gate)),
                subject,
                changes,
            );
        }
    }
    for pair in compare(type_keys(old), type_keys(new)) {
        if let Paired::Kept(before, after) = pair {
            let model_gates = |api: &Api, module: &str| {
                api.features.models.get(module).cloned().unwrap_or_default()
            };
            let (then, now) = (old.type_def(before), new.type_def(after));
            diff_gates(
                (old, &model_gates(old, &then.module)),
                (new, &model_gates(new, &now.module)),
                format!("models::{}", now.name),
                changes,
            );
        }
    }
}

/// The crate's own features: a tag's, and `hidden`.
fn diff_features(old: &Api, new: &Api, changes: &mut Vec<Change>) {
    fn keyed(api: &Api) -> Vec<(String, (String, String))> {
        let mut features: Vec<(String, (String, String))> = api
            .features
            .tags
            .iter()
            .map(|tag| {
                let what = match &tag.tag {
                    Some(name) => format!("the operations tagged `{name}`"),
                    None => "the operations without a tag".to_owned(),
                };
                (tag.name.clone(), (tag.name.clone(), what))
            })
            .collect();
        if api.features.hidden {
            let what = "the operations marked `x-hidden`".to_owned();
            features.push((HIDDEN_FEATURE.to_owned(), (HIDDEN_FEATURE.to_owned(), what)));
        }
        features
    }
    for pair in compare(keyed(old), keyed(new)) {
        let (name, verdict, description, reason) = match pair {
            Paired::Removed((name, what)) => (
                name,
                Verdict::BreaksCompilation,
                format!("Cargo feature removed (it turned on {what})"),
                "a `Cargo.toml` that names it no longer resolves",
            ),
            Paired::Added((name, what)) => (
                name,
                Verdict::Compatible,
                format!("Cargo feature added (it turns on {what})"),
                "the default features include it",
            ),
            Paired::Kept(_, _) => continue,
        };
        changes.push(Change {
            verdict,
            group: "Features".into(),
            subject: name,
            description,
            reason: reason.into(),
        });
    }
}

/// An item compiled when one of its gates is open (always, when it has none), before and
/// after: a break where some smallest set of features that compiled it no longer does, an
/// addition where the new gates open under a set that did not compile it before.
fn diff_gates(
    (old, before): (&Api, &[Gate]),
    (new, after): (&Api, &[Gate]),
    subject: String,
    changes: &mut Vec<Change>,
) {
    let lost = smallest_sets(before)
        .into_iter()
        .find(|features| !opens(new, after, features));
    let gained = smallest_sets(after)
        .into_iter()
        .any(|features| !opens(old, before, &features));
    let description = format!("compiled {} (was: {})", words(after), words(before));
    let (verdict, reason) = match (lost, gained) {
        (Some(features), _) => (
            Verdict::BreaksCompilation,
            format!(
                "callers that turn off the default features and {} can no longer use it; the default features still compile it",
                set_words(&features)
            ),
        ),
        (None, true) => (
            Verdict::Compatible,
            "every set of features that compiled it still does".to_owned(),
        ),
        (None, false) => return,
    };
    changes.push(Change {
        verdict,
        group: "Features".into(),
        subject,
        description,
        reason,
    });
}

/// The smallest sets of features under which one of `gates` is open: one per feature a
/// gate lists (with `hidden` when the gate needs it). No gates: always compiled, under
/// none.
fn smallest_sets(gates: &[Gate]) -> Vec<BTreeSet<String>> {
    if gates.is_empty() {
        return vec![BTreeSet::new()];
    }
    let mut sets = Vec::new();
    for gate in Gate::simplest(gates) {
        let hidden = gate.hidden.then(|| HIDDEN_FEATURE.to_owned());
        if gate.any.is_empty() {
            sets.push(hidden.iter().cloned().collect());
        }
        for feature in &gate.any {
            sets.push(
                std::iter::once(feature.clone())
                    .chain(hidden.clone())
                    .collect(),
            );
        }
    }
    sets
}

/// Whether an item behind `gates` in `api` is compiled when a caller enables `features`
/// (and not the defaults): `types` turns on every tag's feature.
fn opens(api: &Api, gates: &[Gate], features: &BTreeSet<String>) -> bool {
    let on = |feature: &str| {
        features.contains(feature)
            || (features.contains(TYPES_FEATURE)
                && api.features.tags.iter().any(|tag| tag.name == feature))
    };
    gates.is_empty()
        || gates.iter().any(|gate| {
            (gate.any.is_empty() || gate.any.iter().any(|feature| on(feature)))
                && (!gate.hidden || on(HIDDEN_FEATURE))
        })
}

/// When an item behind `gates` is compiled, in words: `always`, or `with `a` or `b``.
fn words(gates: &[Gate]) -> String {
    let gates = Gate::simplest(gates);
    if gates.is_empty() || gates.iter().any(Gate::is_always) {
        return "always".to_owned();
    }
    let alternatives: Vec<String> = gates
        .iter()
        .map(|gate| {
            let features: Vec<String> = gate
                .any
                .iter()
                .map(|feature| format!("`{feature}`"))
                .collect();
            let any = features.join(" or ");
            match (any.is_empty(), gate.hidden) {
                (false, true) => format!("`{HIDDEN_FEATURE}` and {any}"),
                (true, true) => format!("`{HIDDEN_FEATURE}`"),
                (_, false) => any,
            }
        })
        .collect();
    format!("with {}", alternatives.join(", or "))
}

/// A set of features a caller enables besides `client`, in words.
fn set_words(features: &BTreeSet<String>) -> String {
    if features.is_empty() {
        return "name no tag's feature".to_owned();
    }
    let named: Vec<String> = features.iter().map(|f| format!("`{f}`")).collect();
    format!("turn on only {} (besides `client`)", named.join(" and "))
}
