//! Credentials: the security schemes' setters, `Client::new`, and what each operation
//! needs.

use std::collections::BTreeSet;

use super::{compare, Change, Paired, Verdict};
use crate::ir::{Api, Requirement, SchemeKind, SecurityScheme};

/// A requirement by the setters of its schemes (or the scheme's name, for mutual TLS),
/// comparable across specs: each alternative the set of `(setter, scopes)` it sends.
pub(super) type Needs = Vec<BTreeSet<(String, Vec<String>)>>;

pub(super) fn requirement(api: &Api, requirement: &Requirement) -> Needs {
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
pub(super) fn still_satisfied(was: &Needs, is: &Needs) -> bool {
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

pub(super) fn describe_requirement(needs: &Needs) -> String {
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
pub(super) fn diff(old: &Api, new: &Api, changes: &mut Vec<Change>) {
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
