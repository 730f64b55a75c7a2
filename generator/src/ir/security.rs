//! Security schemes, and what each operation needs of them.

use super::Api;

/// The API's security schemes (`components.securitySchemes`, sorted by name) that some
/// requirement names, and the requirement of operations that do not state their own.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Security {
    pub schemes: Vec<SecurityScheme>,
    /// The top-level `security`.
    pub default: Requirement,
    /// The pointers of the operations whose own requirement named only schemes the client
    /// cannot send (undefined ones): they take `default` instead, which is not what the
    /// spec asks.
    pub unmet: Vec<String>,
}

/// How many operations the client can authenticate as the spec requires.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    pub operations: usize,
    /// Needs nothing, or has an alternative whose every scheme the client sends.
    pub sent: usize,
    /// Every alternative needs mutual TLS, which a caller's `reqwest::Client` carries.
    pub mutual_tls: usize,
    /// Named only schemes the spec never defines (or that no client can send).
    pub unmet: usize,
}

impl Api {
    pub fn credential_coverage(&self) -> Coverage {
        let mut coverage = Coverage {
            operations: self.operations.len(),
            ..Coverage::default()
        };
        for op in &self.operations {
            let mutual = |alternative: &Alternative| {
                alternative.schemes.iter().any(|used| {
                    self.security
                        .scheme(used.scheme)
                        .is_some_and(|scheme| scheme.kind == SchemeKind::MutualTls)
                })
            };
            if self.security.unmet.contains(&op.pointer) {
                coverage.unmet += 1;
            } else if !op.security.is_empty() && op.security.iter().all(mutual) {
                coverage.mutual_tls += 1;
            } else {
                coverage.sent += 1;
            }
        }
        coverage
    }
}

/// An index into [`Security::schemes`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SchemeId(pub u32);

impl Security {
    pub fn scheme(&self, id: SchemeId) -> Option<&SecurityScheme> {
        self.schemes.get(id.0 as usize)
    }

    /// What `Client::new` takes: `Some(None)`, nothing, when the top level needs no
    /// credentials; `Some(Some(scheme))`, that scheme's credential, when the top level's
    /// first alternative is that one scheme; `None`, no `Client::new` (the client is built
    /// with `Client::builder()`). It depends on the top-level requirement alone, so a
    /// scheme added for some operations, or as a later alternative, does not change it.
    pub fn client_new(&self) -> Option<Option<SchemeId>> {
        let Some(first) = self.default.iter().find(|alt| !alt.schemes.is_empty()) else {
            return Some(None);
        };
        match first.schemes.as_slice() {
            [only] => self
                .scheme(only.scheme)
                .filter(|scheme| scheme.kind != SchemeKind::MutualTls)
                .map(|_| Some(only.scheme)),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct SecurityScheme {
    /// Its key in `components.securitySchemes`: the names file's key for its setter.
    pub name: String,
    pub kind: SchemeKind,
    /// The method of `ClientBuilder` and `Credentials` that takes its credential, chosen
    /// once and kept in the names file's `[credentials]` table (empty for mutual TLS).
    pub setter: String,
    pub description: Option<String>,
    pub pointer: String,
}

/// How a scheme's credential travels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SchemeKind {
    /// An API key in the named header, query parameter or cookie.
    ApiKey { location: KeyLocation, name: String },
    /// `Authorization: Basic base64(user:password)`.
    Basic,
    /// `Authorization: <scheme> <token>`: `bearer`, and every other `http` scheme, whose
    /// credential the client carries as an opaque token.
    HttpToken { scheme: String },
    /// OAuth2: a token the client fetches itself with the client credentials flow at
    /// `token_url` (when the spec declares that flow), or one the caller supplies.
    OAuth2 { token_url: Option<String> },
    /// OpenID Connect: a token the caller supplies (discovery needs the network at build
    /// time, which the client does not do on its own).
    OpenIdConnect { discovery_url: String },
    /// Mutual TLS: nothing for the client to send; a `reqwest::Client` holding a client
    /// certificate carries it. It has no setter.
    MutualTls,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyLocation {
    Header,
    Query,
    Cookie,
}

/// What a call needs: any one of the alternatives, in the spec's order. Empty: nothing.
pub type Requirement = Vec<Alternative>;

/// Schemes sent together. An empty alternative lets the call go without credentials
/// (credentials are then optional: sent when the client has them).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Alternative {
    pub schemes: Vec<SchemeUse>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SchemeUse {
    pub scheme: SchemeId,
    /// The OAuth2 or OpenID Connect scopes the operation asks for (empty for other kinds).
    pub scopes: Vec<String>,
}
