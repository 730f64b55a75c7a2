//! What changed for Rust callers between two generated APIs: IR vs IR, not text vs text.
//!
//! Items are matched by their own keys (an operation by method and path, a type by the
//! pointer of its schema and its side of the read/write split), compared as sets with one
//! helper, and each difference is classified once with the reason:
//!
//! - [`Verdict::Compatible`]: code written against the old client compiles against the new
//!   one and means the same;
//! - [`Verdict::BreaksCompilation`]: such code stops compiling, but a binary built with the
//!   old client keeps working against the new server (a name, a constructor, a setter);
//! - [`Verdict::BreaksWire`]: the API itself changed; old binaries can fail at run time,
//!   and old code does not compile either;
//! - [`Verdict::BreaksWireSilently`]: old code still compiles, but old binaries (and new
//!   ones built from it) can fail at run time: the change to read first.
//!
//! Field types are the ones `rust_types` gives the emitters, so the summary names the types
//! the code has. `generator/tests/verdicts.rs` proves every verdict by compiling a caller
//! written against the old client's documented API against the new client.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{
    Api, Direction, ErrorResponse, Field, Operation, Param, ParamLocation, Requirement, SchemeKind,
    SecurityScheme, SuccessResponse, TypeDef, TypeId, TypeKind, Usage,
};
use crate::rust_types::RustType;

/// How a change affects callers, mildest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    Compatible,
    BreaksCompilation,
    BreaksWire,
    BreaksWireSilently,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Compatible => "compatible",
            Verdict::BreaksCompilation => "breaks compilation",
            Verdict::BreaksWire => "breaks the wire",
            Verdict::BreaksWireSilently => "breaks the wire silently",
        }
    }

    /// Whether code written against the old client still compiles.
    pub fn compiles(self) -> bool {
        matches!(self, Verdict::Compatible | Verdict::BreaksWireSilently)
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
    /// Whether code written against the old client can stop compiling or working.
    pub fn breaking(&self) -> bool {
        self.verdict != Verdict::Compatible
    }
}

pub fn diff(old: &Api, new: &Api) -> Vec<Change> {
    let mut changes = Vec::new();
    diff_operations(old, new, &mut changes);
    diff_types(old, new, &mut changes);
    diff_schemes(old, new, &mut changes);
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

/// A short Markdown summary for a pull request: the count, breaking changes first (the
/// wire before compilation), then the rest grouped by tag.
pub fn markdown(changes: &[Change]) -> String {
    let count = |verdict: Verdict| changes.iter().filter(|c| c.verdict == verdict).count();
    let breaking = changes.iter().filter(|c| c.breaking()).count();
    let mut out = format!(
        "**{} API change{}, {} breaking**",
        changes.len(),
        if changes.len() == 1 { "" } else { "s" },
        breaking,
    );
    if breaking > 0 {
        out.push_str(&format!(
            " ({} break the wire, {} of them silently; {} break only compilation)",
            count(Verdict::BreaksWire) + count(Verdict::BreaksWireSilently),
            count(Verdict::BreaksWireSilently),
            count(Verdict::BreaksCompilation),
        ));
    }
    out.push('\n');
    for (verdict, heading) in [
        (
            Verdict::BreaksWireSilently,
            "Breaking at run time: old code still compiles, but calls can fail",
        ),
        (
            Verdict::BreaksWire,
            "Breaking: the API changed (old binaries can fail, old code does not compile)",
        ),
        (
            Verdict::BreaksCompilation,
            "Breaking compilation only (deployed binaries keep working)",
        ),
    ] {
        if count(verdict) == 0 {
            continue;
        }
        out.push_str(&format!("\n### {heading}\n\n"));
        for change in changes.iter().filter(|c| c.verdict == verdict) {
            out.push_str(&format!(
                "- `{}`: {} ({})\n",
                change.subject, change.description, change.reason
            ));
        }
    }
    let mut groups: BTreeMap<&str, Vec<&Change>> = BTreeMap::new();
    for change in changes.iter().filter(|c| !c.breaking()) {
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
    fn keyed(api: &Api) -> Vec<((String, String), &Operation)> {
        api.operations
            .iter()
            .map(|op| (operation_key(op), op))
            .collect()
    }
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
        changes.push(op_change(
            after,
            Verdict::BreaksWire,
            format!(
                "returns `{}` instead of `{}`",
                output(new, after),
                output(old, before)
            ),
            "code using the result sees a different type, and old binaries decode the old one",
        ));
    }
    diff_errors(old, new, before, after, changes);
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

/// A requirement by the setters of its schemes (or the scheme's name, for mutual TLS),
/// comparable across specs: each alternative the set of `(setter, scopes)` it sends.
type Needs = Vec<BTreeSet<(String, Vec<String>)>>;

fn requirement(api: &Api, requirement: &Requirement) -> Needs {
    requirement
        .iter()
        .map(|alternative| {
            alternative
                .schemes
                .iter()
                .filter_map(|used| {
                    let scheme = api.security.scheme(used.scheme)?;
                    let mut scopes = used.scopes.clone();
                    scopes.sort();
                    Some((scheme_label(scheme), scopes))
                })
                .collect()
        })
        .collect()
}

fn scheme_label(scheme: &SecurityScheme) -> String {
    match scheme.setter.is_empty() {
        true => scheme.name.clone(),
        false => scheme.setter.trim_start_matches("r#").to_owned(),
    }
}

/// Whether a caller who could satisfy `was` (with any one of its alternatives) can
/// satisfy `is`: some alternative of `is` needs nothing more, and no more scopes.
fn still_satisfied(was: &Needs, is: &Needs) -> bool {
    if is.is_empty() {
        return true;
    }
    let covered = |have: &BTreeSet<(String, Vec<String>)>| {
        is.iter().any(|alternative| {
            alternative.iter().all(|(scheme, scopes)| {
                have.iter().any(|(had, granted)| {
                    had == scheme && scopes.iter().all(|scope| granted.contains(scope))
                })
            })
        })
    };
    !was.is_empty() && was.iter().all(covered)
}

fn describe_requirement(needs: &Needs) -> String {
    if needs.is_empty() {
        return "none".to_owned();
    }
    let alternatives: Vec<String> = needs
        .iter()
        .map(|alternative| {
            if alternative.is_empty() {
                return "none".to_owned();
            }
            let schemes: Vec<String> = alternative
                .iter()
                .map(|(scheme, scopes)| match scopes.is_empty() {
                    true => format!("`{scheme}`"),
                    false => format!("`{scheme}` ({})", scopes.join(" ")),
                })
                .collect();
            schemes.join(" and ")
        })
        .collect();
    alternatives.join(", or ")
}

/// The setters of the credentials (by scheme), and `Client::new`.
fn diff_schemes(old: &Api, new: &Api, changes: &mut Vec<Change>) {
    fn keyed(api: &Api) -> Vec<(String, &SecurityScheme)> {
        api.security
            .schemes
            .iter()
            .map(|scheme| (scheme.name.clone(), scheme))
            .collect()
    }
    let change = |verdict, subject: String, description: String, reason: &str| Change {
        verdict,
        group: "Client".into(),
        subject,
        description,
        reason: reason.into(),
    };
    let subject = |scheme: &SecurityScheme| match scheme.setter.is_empty() {
        true => format!("security scheme `{}`", scheme.name),
        false => format!("ClientBuilder::{}", scheme_label(scheme)),
    };
    for pair in compare(keyed(old), keyed(new)) {
        match pair {
            Paired::Removed(scheme) => changes.push(change(
                Verdict::BreaksCompilation,
                subject(scheme),
                format!("security scheme `{}` removed", scheme.name),
                "code that sets its credential no longer compiles",
            )),
            Paired::Added(scheme) => changes.push(change(
                Verdict::Compatible,
                subject(scheme),
                format!("security scheme `{}` added", scheme.name),
                "a new setter on `ClientBuilder` and `Credentials`",
            )),
            Paired::Kept(was, is) => {
                if was.setter != is.setter {
                    changes.push(change(
                        Verdict::BreaksCompilation,
                        subject(is),
                        format!("renamed from `{}`", scheme_label(was)),
                        "code that sets the credential by the old name no longer compiles",
                    ));
                }
                if was.kind != is.kind {
                    let (verdict, reason) = if takes(&was.kind) == takes(&is.kind) {
                        (
                            Verdict::BreaksWireSilently,
                            "the setter takes the same, but the credential travels differently; old binaries send it the old way",
                        )
                    } else {
                        (
                            Verdict::BreaksWire,
                            "the setter takes another credential, and the server expects it differently",
                        )
                    };
                    changes.push(change(
                        verdict,
                        subject(is),
                        format!(
                            "`{}` sent as {} instead of {}",
                            is.name,
                            travels(&is.kind),
                            travels(&was.kind)
                        ),
                        reason,
                    ));
                }
            }
        }
    }
    let (was, is) = (client_new(old), client_new(new));
    if was != is {
        let (verdict, reason) = match (&was, &is) {
            (None, Some(_)) => (Verdict::Compatible, "a new constructor"),
            _ => (
                Verdict::BreaksCompilation,
                "code that calls it no longer compiles; `Client::builder()` sets each credential",
            ),
        };
        let show = |signature: &Option<Vec<&str>>| match signature {
            Some(params) => format!("`Client::new({})`", params.join(", ")),
            None => "no `Client::new`".to_owned(),
        };
        changes.push(change(
            verdict,
            "Client::new".into(),
            format!("{} instead of {}", show(&is), show(&was)),
            reason,
        ));
    }
}

/// What a scheme's setter takes.
fn takes(kind: &SchemeKind) -> &'static str {
    match kind {
        SchemeKind::ApiKey { .. } | SchemeKind::HttpToken { .. } => "a string",
        SchemeKind::Basic => "a user name and a password",
        SchemeKind::OAuth2 { .. } | SchemeKind::OpenIdConnect { .. } => "tokens",
        SchemeKind::MutualTls => "nothing",
    }
}

fn travels(kind: &SchemeKind) -> String {
    match kind {
        SchemeKind::ApiKey { location, name } => {
            format!("the {location:?} `{name}`").to_lowercase()
        }
        SchemeKind::Basic => "HTTP basic".to_owned(),
        SchemeKind::HttpToken { scheme } => format!("an `{scheme}` token"),
        SchemeKind::OAuth2 { token_url } => match token_url {
            Some(url) => format!("OAuth2 tokens (client credentials at `{url}`)"),
            None => "OAuth2 tokens".to_owned(),
        },
        SchemeKind::OpenIdConnect { .. } => "OpenID Connect tokens".to_owned(),
        SchemeKind::MutualTls => "mutual TLS".to_owned(),
    }
}

/// What `Client::new` takes (`Security::client_new`), as the diff shows it.
fn client_new(api: &Api) -> Option<Vec<&'static str>> {
    let takes_credential = api.security.client_new()?;
    Some(
        takes_credential
            .and_then(|id| api.security.scheme(id))
            .map(|scheme| takes(&scheme.kind))
            .into_iter()
            .collect(),
    )
}

/// A rename compiles old code when the names file keeps the old name as an alias of the
/// new one; otherwise it breaks it as `broken` says.
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
            Verdict::Compatible,
            "the old name stays as a deprecated alias (the names file's `[operation_aliases]` or `[type_aliases]`)",
        )
    } else {
        (Verdict::BreaksCompilation, broken)
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

/// The declared error responses: the variants of the operation's error enum, keyed by
/// status. The enum is `#[non_exhaustive]`, so a new variant compiles every caller.
fn diff_errors(
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
                format!("declares the error `{}` (`{}::{}`)", e.status, after.error_enum, e.variant),
                "a new variant of a `#[non_exhaustive]` enum; `typed_errors()` gave those answers as `Undeclared` (or `Default`) before",
            ),
            Paired::Removed(e) => (
                Verdict::BreaksCompilation,
                format!("no longer declares the error `{}` (`{}::{}`)", e.status, before.error_enum, e.variant),
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
                let (was, is) = (RustType::of(old, &q.ty), RustType::of(new, &p.ty));
                let verdict = match (was == is, q.required, p.required) {
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

fn op_change(op: &Operation, verdict: Verdict, description: String, reason: &str) -> Change {
    Change {
        verdict,
        group: op.tag.clone().unwrap_or_else(|| "Operations".into()),
        subject: format!("Client::{}", op.rust_name.trim_start_matches("r#")),
        description,
        reason: reason.into(),
    }
}

/// Which way each type of an API can travel: what operations send and receive, closed
/// over what those types contain. A type no operation uses can go either way (it is
/// public API all the same).
struct Travel {
    sent: BTreeSet<TypeId>,
    received: BTreeSet<TypeId>,
}

impl Travel {
    fn of(api: &Api) -> Travel {
        let mut sent = Vec::new();
        let mut received = Vec::new();
        for op in &api.operations {
            for param in &op.params {
                param.ty.for_each_named(&mut |id| sent.push(id));
            }
            if let Some(body) = &op.body {
                body.ty.for_each_named(&mut |id| sent.push(id));
            }
            if let SuccessResponse::Json(ty) = &op.response {
                ty.for_each_named(&mut |id| received.push(id));
            }
            for ty in op.errors.iter().filter_map(|error| error.ty.as_ref()) {
                ty.for_each_named(&mut |id| received.push(id));
            }
        }
        Travel {
            sent: closure(api, sent),
            received: closure(api, received),
        }
    }

    fn sent(&self, id: TypeId) -> bool {
        self.sent.contains(&id) || !self.received.contains(&id)
    }

    fn received(&self, id: TypeId) -> bool {
        self.received.contains(&id) || !self.sent.contains(&id)
    }
}

fn closure(api: &Api, mut stack: Vec<TypeId>) -> BTreeSet<TypeId> {
    let mut seen = BTreeSet::new();
    while let Some(id) = stack.pop() {
        if seen.insert(id) {
            for ty in api.type_def(id).kind.type_refs() {
                ty.for_each_named(&mut |child| stack.push(child));
            }
        }
    }
    seen
}

/// A type's key: its schema's stable key and its side of the split (a request variant is
/// its own item), numbered where one schema gave several types.
fn type_keys(api: &Api) -> Vec<((String, bool, usize), TypeId)> {
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

fn diff_types(old: &Api, new: &Api, changes: &mut Vec<Change>) {
    let (old_travel, new_travel) = (Travel::of(old), Travel::of(new));
    for pair in compare(type_keys(old), type_keys(new)) {
        match pair {
            Paired::Removed(id) => {
                let def = old.type_def(id);
                let (verdict, reason) = match new.type_aliases.iter().find(|(a, _)| *a == def.name)
                {
                    Some(_) => (
                        Verdict::Compatible,
                        "its name stays as a deprecated alias (the names file's `[type_aliases]`)",
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
                diff_type(old, new, (before, after), side, changes);
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
    old: &Api,
    new: &Api,
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
    match (&then.kind, &now.kind) {
        (TypeKind::Struct(a), TypeKind::Struct(b)) => {
            fn keyed(fields: &[Field]) -> Vec<(String, &Field)> {
                fields.iter().map(|f| (f.wire_name.clone(), f)).collect()
            }
            for pair in compare(keyed(&a.fields), keyed(&b.fields)) {
                let found = match pair {
                    Paired::Removed(field) => Some(field_removed(old, before, field, side)),
                    Paired::Added(field) => Some(field_added(field, side)),
                    Paired::Kept(was, is) => {
                        field_changed((old, before, was), (new, after, is), side)
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

fn field_removed<'a>(old: &Api, owner: TypeId, field: &'a Field, side: Side) -> FieldChange<'a> {
    let plain = !matches!(RustType::of_field(old, owner, field), RustType::Option(_));
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
    (old, before, was): (&Api, TypeId, &Field),
    (new, after, is): (&Api, TypeId, &'a Field),
    side: Side,
) -> Option<FieldChange<'a>> {
    let (then, now) = (
        RustType::of_field(old, before, was),
        RustType::of_field(new, after, is),
    );
    let optional = |ty: &RustType| matches!(ty, RustType::Option(_));
    let change = |verdict, description: String, reason| {
        Some(FieldChange {
            field: is,
            verdict,
            description,
            reason,
        })
    };
    if then.unwrap_option() != now.unwrap_option() {
        return change(
            Verdict::BreaksWire,
            format!("field type changed from `{then}` to `{now}`"),
            "code that reads or sets it sees a different type, and the wire carries another value",
        );
    }
    let optionality = match (optional(&then), optional(&now)) {
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
