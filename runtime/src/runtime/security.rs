//! Credentials: the API's security schemes, the credentials a client (or one call) holds
//! for them, which of an operation's alternatives a call uses, and how each credential
//! goes on the request.
//!
//! The crate root describes the schemes (`crate::credentials::SCHEMES`, in spec order) and what an
//! operation needs unless it says otherwise (`crate::credentials::SECURITY`); each operation whose
//! spec says otherwise names its own [`Requirement`]. The generated crate's setters
//! (`ClientBuilder::api_key`, `Credentials::api_key`, one per scheme, named in the names
//! file) put a [`Credential`] into its scheme's slot.
//!
//! A call uses the first alternative whose credentials are all set, skipping an empty
//! alternative (`{}`: credentials optional) while a later one can be satisfied; when none
//! can, it fails with [`Error::MissingCredentials`] before anything is sent.

use std::fmt;

use reqwest::header::{HeaderValue, AUTHORIZATION, COOKIE};

use super::tokens::{Endpoint, Tokens, UsedToken};
use super::{wire, Error};

/// A security scheme, as the generated crate root lists it.
pub(crate) struct Scheme {
    /// The setter that takes its credential, which messages name.
    pub(crate) setter: &'static str,
    pub(crate) kind: SchemeKind,
}

#[allow(dead_code)] // each generated crate uses the kinds its spec declares
pub(crate) enum SchemeKind {
    /// An API key in the named header, query parameter or cookie.
    ApiKey(KeyLocation, &'static str),
    /// `Authorization: Basic base64(user:password)`.
    Basic,
    /// `Authorization: <scheme> <token>` (`Bearer`, or another `http` scheme).
    Token(&'static str),
    /// A token from [`Tokens`]; `token_url` is where the client credentials flow fetches
    /// one, when the spec declares that flow.
    OAuth2 { token_url: Option<&'static str> },
    /// A token from [`Tokens`] (OpenID Connect).
    OpenIdConnect,
    /// Mutual TLS: nothing to send; a `reqwest::Client` with a client certificate carries
    /// it (`ClientBuilder::http_client`).
    MutualTls,
}

#[allow(dead_code)] // each generated crate uses the locations its spec declares
pub(crate) enum KeyLocation {
    Header,
    Query,
    Cookie,
}

/// One scheme of an alternative, with the OAuth2 scopes the operation asks for.
pub(crate) struct Need {
    /// An index into `crate::credentials::SCHEMES`.
    pub(crate) scheme: usize,
    pub(crate) scopes: &'static [&'static str],
}

/// What a call needs: any one of the alternatives. Empty: nothing.
pub(crate) type Requirement = &'static [&'static [Need]];

/// Credentials for the API's security schemes: what a [`Client`](super::Client) holds, and
/// what one call may use instead (`Call::credentials`). Set one per scheme with the
/// generated setters (named after the schemes, e.g. `api_key`); a value set twice keeps
/// the last. `Debug` names the schemes that are set, never a credential.
#[derive(Clone, Default)]
pub struct Credentials {
    slots: Vec<Option<Credential>>,
    /// The first credential that cannot be sent (its setter and the problem), reported by
    /// `ClientBuilder::build` or when a call uses these credentials.
    invalid: Option<(&'static str, &'static str)>,
}

/// The problem of a credential that cannot be a header value.
pub(crate) const NOT_A_HEADER_VALUE: &str = "is not a valid HTTP header value";

/// A credential for one scheme, as a setter made it.
#[derive(Clone)]
pub(crate) enum Credential {
    /// An API key or an `http` token, as the scheme sends it (marked sensitive).
    Value(HeaderValue),
    /// HTTP basic; reqwest encodes it on each attempt.
    Basic {
        username: String,
        password: String,
    },
    Tokens(Tokens),
}

impl Credentials {
    pub fn new() -> Credentials {
        Credentials::default()
    }

    /// Puts `credential` into the slot of `scheme` (an index into `crate::credentials::SCHEMES`),
    /// checking that the scheme can send it.
    #[allow(dead_code)] // used by the generated setters, where the spec has schemes
    pub(crate) fn set(
        mut self,
        scheme: usize,
        credential: Result<Credential, &'static str>,
    ) -> Self {
        match credential.and_then(|credential| check(scheme, credential)) {
            Ok(credential) => {
                if self.slots.len() <= scheme {
                    self.slots.resize(scheme + 1, None);
                }
                if let Some(slot) = self.slots.get_mut(scheme) {
                    *slot = Some(credential);
                }
            }
            Err(problem) => {
                let setter = self::scheme(scheme).map_or("", |s| s.setter);
                self.invalid.get_or_insert((setter, problem));
            }
        }
        self
    }

    /// Whether no credential is set.
    pub fn is_empty(&self) -> bool {
        self.slots.iter().all(Option::is_none)
    }

    fn get(&self, scheme: usize) -> Option<&Credential> {
        self.slots.get(scheme).and_then(Option::as_ref)
    }

    /// The error for a credential that cannot be sent, if one was set.
    pub(crate) fn check(&self) -> Result<(), Error> {
        match self.invalid {
            Some((setter, NOT_A_HEADER_VALUE)) => {
                Err(Error::InvalidHeader(format!("the `{setter}` credential")))
            }
            Some((setter, problem)) => Err(Error::InvalidCredentials(format!(
                "the `{setter}` credential {problem}"
            ))),
            None => Ok(()),
        }
    }

    /// The alternative of `requirement` a call of `operation` uses with these credentials.
    pub(crate) fn choose(
        &self,
        operation: &'static str,
        requirement: Requirement,
    ) -> Result<&'static [Need], Error> {
        self.check()?;
        let satisfied = |alternative: &&&[Need]| {
            alternative.iter().all(|need| {
                self.get(need.scheme).is_some()
                    || matches!(
                        scheme(need.scheme).map(|s| &s.kind),
                        Some(SchemeKind::MutualTls)
                    )
            })
        };
        let chosen = requirement
            .iter()
            .filter(|alternative| !alternative.is_empty())
            .find(satisfied)
            .or_else(|| {
                requirement
                    .iter()
                    .find(|alternative| alternative.is_empty())
            });
        match (chosen, requirement.is_empty()) {
            (Some(alternative), _) => Ok(alternative),
            (None, true) => Ok(&[]),
            (None, false) => Err(Error::MissingCredentials {
                operation,
                needs: needs(requirement),
            }),
        }
    }

    /// The tokens `chosen` needs, fetched or refreshed as their sources say.
    pub(crate) async fn tokens(
        &self,
        endpoint: &Endpoint<'_>,
        chosen: &'static [Need],
        rejected: &[UsedToken],
    ) -> Result<Vec<UsedToken>, Error> {
        let mut used = Vec::new();
        for need in chosen {
            if let Some(Credential::Tokens(tokens)) = self.get(need.scheme) {
                let refused = rejected.iter().find(|token| token.scheme == need.scheme);
                let value = tokens.token(endpoint, need.scopes, refused).await?;
                used.push(UsedToken {
                    scheme: need.scheme,
                    value,
                    refreshable: tokens.refreshable(),
                });
            }
        }
        Ok(used)
    }

    /// Whether `chosen` sends a token, which must be fetched before each attempt.
    pub(crate) fn uses_tokens(&self, chosen: &[Need]) -> bool {
        chosen
            .iter()
            .any(|need| matches!(self.get(need.scheme), Some(Credential::Tokens(_))))
    }

    /// The `name=value` query pairs of `chosen`, percent-encoded.
    pub(crate) fn query_pairs(&self, chosen: &[Need]) -> Vec<String> {
        let mut pairs = Vec::new();
        for need in chosen {
            if let (
                Some(Scheme {
                    kind: SchemeKind::ApiKey(KeyLocation::Query, name),
                    ..
                }),
                Some(Credential::Value(value)),
            ) = (scheme(need.scheme), self.get(need.scheme))
            {
                let value = String::from_utf8_lossy(value.as_bytes());
                pairs.push(format!("{}={}", wire::encode(name), wire::encode(&value)));
            }
        }
        pairs
    }

    /// Puts the headers and cookies of `chosen` on `builder`; `tokens` are the ones
    /// fetched for this attempt.
    pub(crate) fn apply(
        &self,
        mut builder: reqwest::RequestBuilder,
        chosen: &[Need],
        tokens: &[UsedToken],
    ) -> reqwest::RequestBuilder {
        let mut cookies: Vec<String> = Vec::new();
        for need in chosen {
            let (Some(scheme), Some(credential)) = (scheme(need.scheme), self.get(need.scheme))
            else {
                continue;
            };
            builder = match (&scheme.kind, credential) {
                (SchemeKind::ApiKey(KeyLocation::Header, name), Credential::Value(value)) => {
                    builder.header(*name, value.clone())
                }
                (SchemeKind::ApiKey(KeyLocation::Cookie, name), Credential::Value(value)) => {
                    cookies.push(format!(
                        "{name}={}",
                        String::from_utf8_lossy(value.as_bytes())
                    ));
                    builder
                }
                (SchemeKind::Token(_), Credential::Value(value)) => {
                    builder.header(AUTHORIZATION, value.clone())
                }
                (SchemeKind::Basic, Credential::Basic { username, password }) => {
                    builder.basic_auth(username, Some(password))
                }
                (_, Credential::Tokens(_)) => {
                    match tokens.iter().find(|token| token.scheme == need.scheme) {
                        Some(token) => builder.header(AUTHORIZATION, token.value.clone()),
                        None => builder,
                    }
                }
                _ => builder,
            };
        }
        if !cookies.is_empty() {
            if let Ok(mut value) = HeaderValue::from_str(&cookies.join("; ")) {
                value.set_sensitive(true);
                builder = builder.header(COOKIE, value);
            }
        }
        builder
    }
}

/// The scheme at `index` of the crate root's list.
fn scheme(index: usize) -> Option<&'static Scheme> {
    crate::credentials::SCHEMES.get(index)
}

/// Whether `name` is a header the credentials set, so that a call's extra header may not
/// replace one (`Call::header`).
pub(crate) fn is_credential_header(name: &str) -> bool {
    crate::credentials::SCHEMES
        .iter()
        .any(|scheme| match &scheme.kind {
            SchemeKind::ApiKey(KeyLocation::Header, header) => header.eq_ignore_ascii_case(name),
            SchemeKind::ApiKey(KeyLocation::Cookie, _) => {
                name.eq_ignore_ascii_case(COOKIE.as_str())
            }
            SchemeKind::ApiKey(KeyLocation::Query, _) | SchemeKind::MutualTls => false,
            SchemeKind::Basic
            | SchemeKind::Token(_)
            | SchemeKind::OAuth2 { .. }
            | SchemeKind::OpenIdConnect => name.eq_ignore_ascii_case(AUTHORIZATION.as_str()),
        })
}

/// Whether some scheme puts a credential in the query: then no error may show a URL.
pub(crate) fn credentials_in_query() -> bool {
    crate::credentials::SCHEMES
        .iter()
        .any(|scheme| matches!(scheme.kind, SchemeKind::ApiKey(KeyLocation::Query, _)))
}

/// `credential` as the scheme at `index` sends it, or why it cannot be sent.
fn check(index: usize, credential: Credential) -> Result<Credential, &'static str> {
    let Some(scheme) = scheme(index) else {
        return Err("is for a scheme this crate does not have");
    };
    match (&scheme.kind, credential) {
        (SchemeKind::ApiKey(KeyLocation::Cookie, _), Credential::Value(value)) => {
            let cookie_octet =
                |b: &u8| b.is_ascii_graphic() && !matches!(b, b';' | b',' | b'"' | b'\\');
            match value.as_bytes().iter().all(cookie_octet) {
                true => Ok(Credential::Value(value)),
                false => Err("cannot be sent in a cookie"),
            }
        }
        (SchemeKind::ApiKey(..), value @ Credential::Value(_)) => Ok(value),
        (SchemeKind::Token(prefix), Credential::Value(value)) => {
            let token = String::from_utf8_lossy(value.as_bytes());
            sensitive(&format!("{prefix} {token}")).map(Credential::Value)
        }
        (SchemeKind::Basic, basic @ Credential::Basic { .. }) => Ok(basic),
        (SchemeKind::OAuth2 { token_url }, Credential::Tokens(tokens)) => {
            tokens.with_token_url(*token_url).map(Credential::Tokens)
        }
        (SchemeKind::OpenIdConnect, Credential::Tokens(tokens)) => {
            tokens.with_token_url(None).map(Credential::Tokens)
        }
        _ => Err("is not of the kind its scheme takes"),
    }
}

impl Credential {
    /// An API key or `http` token.
    #[allow(dead_code)] // used by the generated setters of such schemes
    pub(crate) fn value(value: String) -> Result<Credential, &'static str> {
        sensitive(&value).map(Credential::Value)
    }

    #[allow(dead_code)] // used by the generated setters of basic schemes
    pub(crate) fn basic(username: String, password: String) -> Result<Credential, &'static str> {
        Ok(Credential::Basic { username, password })
    }

    #[allow(dead_code)] // used by the generated setters of OAuth2 and OpenID Connect schemes
    pub(crate) fn tokens(tokens: Tokens) -> Result<Credential, &'static str> {
        Ok(Credential::Tokens(tokens))
    }
}

fn sensitive(text: &str) -> Result<HeaderValue, &'static str> {
    let mut value = HeaderValue::from_str(text).map_err(|_| NOT_A_HEADER_VALUE)?;
    value.set_sensitive(true);
    Ok(value)
}

/// What a requirement asks for, in the setters' names: "`api_key`, or `client_id` and
/// `secret`".
fn needs(requirement: Requirement) -> String {
    let alternatives: Vec<String> = requirement
        .iter()
        .filter(|alternative| !alternative.is_empty())
        .map(|alternative| {
            let setters: Vec<String> = alternative
                .iter()
                .filter_map(|need| scheme(need.scheme))
                .filter(|scheme| !scheme.setter.is_empty())
                .map(|scheme| format!("`{}`", scheme.setter))
                .collect();
            setters.join(" and ")
        })
        .collect();
    alternatives.join(", or ")
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (index, slot) in self.slots.iter().enumerate() {
            if let (Some(_), Some(scheme)) = (slot, scheme(index)) {
                map.entry(&scheme.setter, &"<redacted>");
            }
        }
        map.finish()
    }
}
