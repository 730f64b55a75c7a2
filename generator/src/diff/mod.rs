//! What changed for Rust callers between two generated APIs: IR vs IR, not text vs text.
//!
//! Items are matched by their own keys (an operation by method and path, a type by the
//! pointer of its schema and its side of the read/write split), compared as sets with one
//! helper, and each difference is classified once with the reason:
//!
//! - [`Verdict::Compatible`]: code written against the old client compiles against the new
//!   one and means the same;
//! - [`Verdict::Deprecated`]: such code compiles with a deprecation warning (an item newly
//!   marked `deprecated`, an old name kept as a deprecated alias): builds that deny
//!   warnings fail, but it is no break by Cargo's semver rules;
//! - [`Verdict::BreaksCompilation`]: such code stops compiling, but a binary built with the
//!   old client keeps working against the new server (a name, a constructor, a setter, a
//!   Cargo feature, an enum that became a `String`, a `()` result that became a model);
//! - [`Verdict::BreaksWire`]: the API itself changed; old binaries can fail at run time,
//!   and old code does not compile either;
//! - [`Verdict::BreaksWireSilently`]: old code still compiles, but old binaries (and new
//!   ones built from it) can fail at run time: the change to read first.
//!
//! Field types are the ones `rust_types` gives the emitters, so the summary names the types
//! the code has. `generator/tests/verdicts/` proves every verdict by compiling callers
//! written against the old client's documented API against the new client: with the
//! default features, with each smallest set of features named in their `Cargo.toml`, and
//! with warnings denied; and runs an old binary against the new wire where a verdict
//! says it keeps working although the types changed.
//!
//! One file per kind of item compared: `operations.rs` (operations and their
//! parameters, bodies and responses), `errors.rs` (each operation's declared errors),
//! `types.rs` (types by key and split side, their fields and enum values),
//! `credentials.rs` (security schemes, `Client::new`, each operation's requirement),
//! `webhooks.rs` (webhook events and their signature), `features.rs` (the Cargo features
//! and the features each operation and model is compiled under); and `markdown.rs`, the
//! summary for a pull request.

mod credentials;
mod errors;
mod features;
mod markdown;
mod operations;
mod types;
mod webhooks;

use std::collections::BTreeMap;

use crate::ir::Api;

pub use markdown::markdown;

/// How a change affects callers, mildest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    Compatible,
    Deprecated,
    BreaksCompilation,
    BreaksWire,
    BreaksWireSilently,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Compatible => "compatible",
            Verdict::Deprecated => "deprecated",
            Verdict::BreaksCompilation => "breaks compilation",
            Verdict::BreaksWire => "breaks the wire",
            Verdict::BreaksWireSilently => "breaks the wire silently",
        }
    }

    /// Whether code written against the old client still compiles (with warnings, for a
    /// deprecation).
    pub fn compiles(self) -> bool {
        matches!(
            self,
            Verdict::Compatible | Verdict::Deprecated | Verdict::BreaksWireSilently
        )
    }
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    pub verdict: Verdict,
    /// Where the summary lists it: an operation's tag, `Models` or `Client`.
    pub group: String,
    /// The Rust item, e.g. `Client::update_integration_link` or `models::Link.url`.
    pub subject: String,
    pub description: String,
    /// Why it breaks callers, or why it does not.
    pub reason: String,
}

impl Change {
    /// Whether code written against the old client can stop compiling or working: a
    /// major version by Cargo's semver rules. A deprecation is not one (it warns; only
    /// builds that deny warnings fail).
    pub fn breaking(&self) -> bool {
        !matches!(self.verdict, Verdict::Compatible | Verdict::Deprecated)
    }
}

pub fn diff(old: &Api, new: &Api) -> Vec<Change> {
    let mut changes = Vec::new();
    operations::diff(old, new, &mut changes);
    types::diff(old, new, &mut changes);
    credentials::diff(old, new, &mut changes);
    webhooks::diff(old, new, &mut changes);
    features::diff(old, new, &mut changes);
    if old.servers.first() != new.servers.first() {
        changes.push(Change {
            verdict: Verdict::Compatible,
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
        (std::cmp::Reverse(a.verdict), &a.group, &a.subject).cmp(&(
            std::cmp::Reverse(b.verdict),
            &b.group,
            &b.subject,
        ))
    });
    changes
}

/// One key's fate between the old and the new set.
enum Paired<T> {
    Removed(T),
    Added(T),
    Kept(T, T),
}

/// Compares two keyed sets: every key once, in key order.
fn compare<K: Ord, T>(
    old: impl IntoIterator<Item = (K, T)>,
    new: impl IntoIterator<Item = (K, T)>,
) -> Vec<Paired<T>> {
    let mut old: BTreeMap<K, T> = old.into_iter().collect();
    let mut paired: Vec<(K, Paired<T>)> = Vec::new();
    for (key, after) in new {
        match old.remove(&key) {
            Some(before) => paired.push((key, Paired::Kept(before, after))),
            None => paired.push((key, Paired::Added(after))),
        }
    }
    paired.extend(
        old.into_iter()
            .map(|(key, before)| (key, Paired::Removed(before))),
    );
    paired.sort_by(|a, b| a.0.cmp(&b.0));
    paired.into_iter().map(|(_, pair)| pair).collect()
}

/// A rename compiles old code, with a deprecation warning, when the names file keeps the
/// old name as an alias of the new one; otherwise it breaks it as `broken` says.
fn renamed(
    aliases: &[(String, String)],
    (old, new): (&String, &String),
    broken: &'static str,
) -> (Verdict, &'static str) {
    if aliases
        .iter()
        .any(|(alias, target)| alias == old && target == new)
    {
        (
            Verdict::Deprecated,
            "the old name stays as a deprecated alias (the names file's `[operation_aliases]` or `[type_aliases]`): old code compiles with a warning",
        )
    } else {
        (Verdict::BreaksCompilation, broken)
    }
}

/// An item the spec newly marks `deprecated` (the code marks it `#[deprecated]`), or no
/// longer does: its verdict, description and reason.
fn deprecation(was: bool, is: bool) -> Option<(Verdict, &'static str, &'static str)> {
    match (was, is) {
        (false, true) => Some((
            Verdict::Deprecated,
            "deprecated",
            "old code compiles with a deprecation warning; builds that deny warnings fail",
        )),
        (true, false) => Some((
            Verdict::Compatible,
            "no longer deprecated",
            "its deprecation warning is gone",
        )),
        _ => None,
    }
}
