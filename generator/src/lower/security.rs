//! `components.securitySchemes` and `security` -> the schemes the client sends credentials
//! for, and each operation's requirement.
//!
//! The rules, for what the spec leaves to the reader:
//! - A requirement is a list of alternatives, each a set of schemes sent together; `[]`
//!   needs nothing, and an empty alternative (`{}`) makes credentials optional.
//! - An operation without its own `security` takes the top-level one. A spec that defines
//!   schemes but requires none anywhere gets one optional alternative per scheme: the
//!   client sends what it is given, and needs nothing.
//! - A scheme that a requirement names but the spec never defines (or defines with a type
//!   no client can send) is warned about and left out of its alternative; an operation
//!   whose alternatives named only such schemes takes the top-level requirement instead,
//!   so it keeps sending the API's usual credentials (Heron's `HeronAdminAuth` operations).
//! - Schemes are read from the untyped tree: `openapiv3` has no `mutualTLS` (OpenAPI 3.1)
//!   and no `$ref` to another scheme. A `mutualTLS` scheme takes no credential from the
//!   client (a `reqwest::Client` with a client certificate carries it): it is warned about
//!   with the operations it affects.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::SecurityRequirement;
use serde_json::Value;

use super::naming::Candidate;
use super::Lowerer;
use crate::diagnostics::Pointer;
use crate::ir::{
    Alternative, KeyLocation, Requirement, SchemeId, SchemeKind, SchemeUse, Security,
    SecurityScheme,
};
use crate::names;

/// How many `$ref`s from one scheme to another are followed.
const SCHEME_REFERENCES: usize = 8;

/// The schemes some requirement names (every defined one when none does), sorted by name
/// (so that reordering `components.securitySchemes` changes no generated code), with
/// their setters named, and the top-level requirement.
pub(crate) struct Schemes {
    pub security: Security,
    by_name: BTreeMap<String, SchemeId>,
    /// Names that are required but cannot be sent (undefined, or of an unknown type).
    unusable: BTreeSet<String>,
    /// Operations that need a `mutualTLS` scheme, per scheme, for one warning each.
    mutual_tls: BTreeMap<SchemeId, usize>,
}

pub(crate) fn lower_schemes(lw: &mut Lowerer) -> Schemes {
    let doc = lw.doc;
    let defined = defined_schemes(lw.tree);
    let mut named: BTreeSet<&str> = BTreeSet::new();
    let operation_requirements = doc
        .paths
        .paths
        .values()
        .filter_map(|item| item.as_item())
        .flat_map(|item| item.iter().map(|(_, op)| op))
        .filter_map(|op| op.security.as_ref());
    for requirements in doc.security.iter().chain(operation_requirements) {
        named.extend(
            requirements
                .iter()
                .flat_map(|r| r.keys().map(String::as_str)),
        );
    }
    let requires_nothing = named.is_empty();
    let schemes_pointer = Pointer::root().join("components").join("securitySchemes");
    let mut schemes = Schemes {
        security: Security::default(),
        by_name: BTreeMap::new(),
        unusable: BTreeSet::new(),
        mutual_tls: BTreeMap::new(),
    };
    for (name, node) in &defined {
        if !requires_nothing && !named.contains(name.as_str()) {
            continue;
        }
        let pointer = schemes_pointer.join(name);
        match scheme_kind(lw, name, node, &pointer) {
            Some(kind) => {
                let id = SchemeId(schemes.security.schemes.len() as u32);
                schemes.by_name.insert(name.clone(), id);
                schemes.security.schemes.push(SecurityScheme {
                    name: name.clone(),
                    description: resolved(lw.tree, node)
                        .get("description")
                        .and_then(Value::as_str)
                        .filter(|text| !text.trim().is_empty())
                        .map(str::to_owned),
                    kind,
                    setter: String::new(),
                    pointer: pointer.to_string(),
                });
            }
            None => {
                schemes.unusable.insert(name.clone());
            }
        }
    }
    for name in named {
        if !defined.contains_key(name) {
            schemes.unusable.insert(name.to_owned());
        }
    }
    name_setters(lw, &mut schemes.security);
    schemes.security.default = if requires_nothing {
        schemes
            .security
            .schemes
            .iter()
            .enumerate()
            .map(|(index, _)| Alternative {
                schemes: vec![SchemeUse {
                    scheme: SchemeId(index as u32),
                    scopes: Vec::new(),
                }],
            })
            .chain((!schemes.security.schemes.is_empty()).then(Alternative::default))
            .collect()
    } else {
        let pointer = Pointer::root().join("security");
        let default = doc.security.clone().unwrap_or_default();
        schemes
            .requirement(lw, &default, &pointer)
            .unwrap_or_default()
    };
    schemes
}

impl Schemes {
    /// An operation's requirement: its own `security`, or the top-level one.
    pub(crate) fn operation(
        &mut self,
        lw: &mut Lowerer,
        security: Option<&Vec<SecurityRequirement>>,
        pointer: &Pointer,
    ) -> Requirement {
        let requirement = match security {
            Some(own) => match self.requirement(lw, own, &pointer.join("security")) {
                Some(requirement) => requirement,
                None => {
                    self.security.unmet.push(pointer.to_string());
                    self.security.default.clone()
                }
            },
            None => self.security.default.clone(),
        };
        let mut counted = BTreeSet::new();
        for used in requirement.iter().flat_map(|alt| &alt.schemes) {
            let mutual = self
                .security
                .scheme(used.scheme)
                .is_some_and(|s| s.kind == SchemeKind::MutualTls);
            if mutual && counted.insert(used.scheme) {
                *self.mutual_tls.entry(used.scheme).or_default() += 1;
            }
        }
        requirement
    }

    /// The alternatives of `requirements`, without the schemes that cannot be sent
    /// (each warned about once). `None` when every alternative named only such schemes.
    fn requirement(
        &mut self,
        lw: &mut Lowerer,
        requirements: &[SecurityRequirement],
        pointer: &Pointer,
    ) -> Option<Requirement> {
        let mut alternatives: Requirement = Vec::new();
        let mut emptied = 0;
        for requirement in requirements {
            let mut alternative = Alternative::default();
            for (name, scopes) in requirement {
                let Some(&scheme) = self.by_name.get(name) else {
                    if self.unusable.contains(name) {
                        lw.check_security_name(name, pointer);
                    }
                    continue;
                };
                let scoped = matches!(
                    self.security.scheme(scheme).map(|s| &s.kind),
                    Some(SchemeKind::OAuth2 { .. } | SchemeKind::OpenIdConnect { .. })
                );
                alternative.schemes.push(SchemeUse {
                    scheme,
                    scopes: if scoped { scopes.clone() } else { Vec::new() },
                });
            }
            if alternative.schemes.is_empty() && !requirement.is_empty() {
                emptied += 1;
                continue;
            }
            alternative.schemes.sort_by_key(|used| used.scheme);
            if !alternatives.contains(&alternative) {
                alternatives.push(alternative);
            }
        }
        (emptied == 0 || !alternatives.is_empty()).then_some(alternatives)
    }

    /// One warning per `mutualTLS` scheme, naming how many operations need it.
    pub(crate) fn finish(self, lw: &mut Lowerer) -> Security {
        for (id, operations) in &self.mutual_tls {
            let Some(scheme) = self.security.scheme(*id) else {
                continue;
            };
            lw.warning(
                &Pointer::root()
                    .join("components")
                    .join("securitySchemes")
                    .join(&scheme.name),
                format!(
                    "security scheme `{}` is mutual TLS, which the client does not set up: \
                     {operations} operation{} need{} it; build the client with \
                     `http_client` and a `reqwest::Client` holding the client certificate",
                    scheme.name,
                    if *operations == 1 { "" } else { "s" },
                    if *operations == 1 { "s" } else { "" },
                ),
            );
        }
        self.security
    }
}

/// `components.securitySchemes`, by name.
fn defined_schemes(tree: &Value) -> BTreeMap<String, &Value> {
    let mut defined = BTreeMap::new();
    let schemes = tree
        .pointer("/components/securitySchemes")
        .and_then(Value::as_object);
    for (name, node) in schemes.into_iter().flatten() {
        defined.insert(name.clone(), node);
    }
    defined
}

/// A scheme with its `$ref`s to other schemes followed (a bounded number of them).
fn resolved<'a>(tree: &'a Value, mut node: &'a Value) -> &'a Value {
    for _ in 0..SCHEME_REFERENCES {
        let Some(target) = node
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|reference| reference.strip_prefix('#'))
            .and_then(|pointer| tree.pointer(pointer))
        else {
            break;
        };
        node = target;
    }
    node
}

/// The kind of the scheme `name`, or `None` (with a located warning) when the client
/// cannot send it.
fn scheme_kind(
    lw: &mut Lowerer,
    name: &str,
    node: &Value,
    pointer: &Pointer,
) -> Option<SchemeKind> {
    let scheme = resolved(lw.tree, node);
    let text = |key: &str| scheme.get(key).and_then(Value::as_str);
    let kind = match text("type") {
        Some("apiKey") => {
            let location = match text("in") {
                Some("header") => KeyLocation::Header,
                Some("query") => KeyLocation::Query,
                Some("cookie") => KeyLocation::Cookie,
                other => {
                    return unusable(lw, name, pointer, &format!("an API key `in` {other:?}"));
                }
            };
            match text("name").filter(|n| !n.is_empty()) {
                Some(key_name) => SchemeKind::ApiKey {
                    location,
                    name: key_name.to_owned(),
                },
                None => return unusable(lw, name, pointer, "an API key without a `name`"),
            }
        }
        Some("http") => match text("scheme").map(str::trim).filter(|s| !s.is_empty()) {
            Some(basic) if basic.eq_ignore_ascii_case("basic") => SchemeKind::Basic,
            Some(bearer) if bearer.eq_ignore_ascii_case("bearer") => SchemeKind::HttpToken {
                scheme: "Bearer".to_owned(),
            },
            Some(other) if other.chars().all(|c| c.is_ascii_graphic()) => SchemeKind::HttpToken {
                scheme: other.to_owned(),
            },
            _ => {
                return unusable(
                    lw,
                    name,
                    pointer,
                    "an `http` scheme without a valid `scheme`",
                )
            }
        },
        Some("oauth2") => SchemeKind::OAuth2 {
            token_url: scheme
                .pointer("/flows/clientCredentials/tokenUrl")
                .and_then(Value::as_str)
                .filter(|url| !url.trim().is_empty())
                .map(str::to_owned),
        },
        Some("openIdConnect") => SchemeKind::OpenIdConnect {
            discovery_url: text("openIdConnectUrl").unwrap_or_default().to_owned(),
        },
        Some("mutualTLS") => SchemeKind::MutualTls,
        other => return unusable(lw, name, pointer, &format!("of type {other:?}")),
    };
    Some(kind)
}

fn unusable(lw: &mut Lowerer, name: &str, pointer: &Pointer, what: &str) -> Option<SchemeKind> {
    lw.warning(
        pointer,
        format!("security scheme `{name}` is {what}, which the client cannot send; the client sends no credentials for it"),
    );
    None
}

/// The setter of each scheme: the name of its kind (`api_key`, `basic_auth`,
/// `bearer_token`, `oauth2`) when no other scheme suggests the same, its own name
/// otherwise, so that neither order nor an unrelated scheme decides.
fn name_setters(lw: &mut Lowerer, security: &mut Security) {
    let candidates: Vec<Candidate> = security
        .schemes
        .iter()
        .filter(|scheme| scheme.kind != SchemeKind::MutualTls)
        .map(|scheme| Candidate {
            key: scheme.name.clone(),
            suggested: match &scheme.kind {
                SchemeKind::ApiKey { .. } => "api_key".to_owned(),
                SchemeKind::Basic => "basic_auth".to_owned(),
                SchemeKind::HttpToken { scheme } => {
                    names::snake(&format!("{scheme} token"), "token")
                }
                SchemeKind::OAuth2 { .. } => "oauth2".to_owned(),
                SchemeKind::OpenIdConnect { .. } => "openid_connect".to_owned(),
                SchemeKind::MutualTls => String::new(),
            },
            fallback: Some(names::snake(&scheme.name, "credential")),
        })
        .collect();
    let setters = lw.naming.credentials(&candidates);
    let mut setters = setters.into_iter();
    for scheme in &mut security.schemes {
        if scheme.kind != SchemeKind::MutualTls {
            scheme.setter = setters.next().unwrap_or_default();
        }
    }
}
