//! OAuth2 and OpenID Connect tokens: a fixed token, one from the caller's
//! [`TokenProvider`], or one the client fetches itself with the client credentials flow
//! ([`ClientCredentials`]).
//!
//! Fetched tokens are cached per set of scopes and shared by every clone of the client. A
//! token is refreshed before it expires (a minute early, or half its lifetime when that is
//! shorter), and once more when the server answers 401 to it. One fetch at a time per set
//! of scopes: calls that need a token while it is being fetched wait for that fetch, so
//! many calls in flight on an expired token cause one token request.

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::header::{HeaderValue, ACCEPT, CONTENT_TYPE};
use reqwest::{StatusCode, Url};

use super::Error;

/// Why client credentials for a scheme without a token URL cannot be used.
const NO_TOKEN_URL: &str = "needs a token URL: the spec declares no client credentials flow \
     for its scheme, so set one with `ClientCredentials::token_url`";

/// Where the tokens of an OAuth2 or OpenID Connect scheme come from: what the setter of
/// such a scheme takes (`.oauth2(Tokens::fixed(token))`).
#[derive(Clone)]
pub struct Tokens(Source);

#[derive(Clone)]
enum Source {
    /// `Authorization: Bearer <token>`, as given.
    Fixed(HeaderValue),
    /// A fixed token that cannot be a header value; the scheme's setter refuses it.
    Invalid,
    Provider(Arc<dyn TokenProvider>),
    /// Client credentials whose token URL is not settled yet: the scheme's setter settles
    /// it ([`Tokens::with_token_url`]).
    Unsettled(Arc<ClientCredentials>),
    Fetched(Arc<Fetcher>),
}

impl Tokens {
    /// The same token for every call. A 401 answer is not retried: there is nothing to
    /// refresh.
    pub fn fixed(token: impl Into<String>) -> Tokens {
        match bearer(&token.into()) {
            Some(value) => Tokens(Source::Fixed(value)),
            None => Tokens(Source::Invalid),
        }
    }

    /// Tokens from `provider`, asked before each attempt (it caches them itself).
    pub fn provider(provider: impl TokenProvider) -> Tokens {
        Tokens(Source::Provider(Arc::new(provider)))
    }

    /// Settles where client credentials fetch their tokens: their own token URL, else
    /// the spec's (`token_url`).
    pub(crate) fn with_token_url(self, token_url: Option<&str>) -> Result<Tokens, &'static str> {
        match self.0 {
            Source::Invalid => Err(super::security::NOT_A_HEADER_VALUE),
            Source::Unsettled(credentials) => {
                let url = credentials
                    .token_url
                    .as_deref()
                    .or(token_url)
                    .ok_or(NO_TOKEN_URL)?;
                // A path is the base URL's (OpenAPI 3.1 resolves relative URLs against
                // the server); anything else must be a whole URL.
                if !url.starts_with('/') {
                    Url::parse(url).map_err(|_| "has a token URL that does not parse")?;
                }
                Ok(Tokens(Source::Fetched(Arc::new(Fetcher {
                    url: url.to_owned(),
                    credentials,
                    cache: Mutex::new(HashMap::new()),
                }))))
            }
            other => Ok(Tokens(other)),
        }
    }

    /// Whether a 401 answer is worth a fresh token.
    pub(crate) fn refreshable(&self) -> bool {
        !matches!(self.0, Source::Fixed(_))
    }

    /// The `Authorization` value for a call that needs `scopes`. `rejected` is the token
    /// the server refused with 401, when this is the one retry that follows.
    pub(crate) async fn token(
        &self,
        endpoint: &Endpoint<'_>,
        scopes: &'static [&'static str],
        rejected: Option<&UsedToken>,
    ) -> Result<HeaderValue, Error> {
        match &self.0 {
            Source::Fixed(value) => Ok(value.clone()),
            Source::Provider(provider) => {
                let rejected = rejected.and_then(|used| used.token());
                let request = TokenRequest { scopes, rejected };
                let token = provider
                    .token(request)
                    .await
                    .map_err(|err| token_error(TokenError::Provider(err)))?;
                bearer(&token).ok_or_else(|| {
                    token_error(TokenError::InvalidResponse(
                        "the provider's token is not a valid HTTP header value".into(),
                    ))
                })
            }
            Source::Fetched(fetcher) => {
                fetcher
                    .token(endpoint, scopes, rejected.map(|used| &used.value))
                    .await
            }
            // The setter settles it, or refuses it, before a client or call can hold it.
            Source::Invalid | Source::Unsettled(_) => Err(Error::InvalidCredentials(
                "client credentials without a token URL".into(),
            )),
        }
    }
}

impl From<ClientCredentials> for Tokens {
    fn from(credentials: ClientCredentials) -> Tokens {
        Tokens(Source::Unsettled(Arc::new(credentials)))
    }
}

impl fmt::Debug for Tokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match &self.0 {
            Source::Fixed(_) | Source::Invalid => "fixed",
            Source::Provider(_) => "provider",
            Source::Unsettled(_) | Source::Fetched(_) => "client credentials",
        };
        write!(f, "Tokens({kind}, <redacted>)")
    }
}

/// What fetching a token goes through: the client's HTTP client, its base URL (for a
/// token URL that is a path) and the call's timeout.
pub(crate) struct Endpoint<'a> {
    pub(crate) http: &'a reqwest::Client,
    pub(crate) base_url: &'a str,
    pub(crate) timeout: Duration,
}

/// A token that went out with an attempt, to refresh it if the server refuses it.
pub(crate) struct UsedToken {
    /// An index into `crate::credentials::SCHEMES`.
    pub(crate) scheme: usize,
    /// The `Authorization` value.
    pub(crate) value: HeaderValue,
    pub(crate) refreshable: bool,
}

impl UsedToken {
    /// The token itself, without its `Bearer ` prefix.
    fn token(&self) -> Option<&str> {
        self.value.to_str().ok()?.strip_prefix("Bearer ")
    }
}

/// The caller's own source of tokens, for flows the client does not run itself (an
/// application doing the authorization code flow refreshes its users' tokens).
/// `docs/using-the-client.md`, "Credentials", has an example.
pub trait TokenProvider: Send + Sync + 'static {
    /// A token for a call that needs `request.scopes`. Called before every attempt, so it
    /// should answer from its own cache. `request.rejected` is the token the server just
    /// refused with 401: return a fresh one (the call is retried once with it).
    fn token<'a>(
        &'a self,
        request: TokenRequest<'a>,
    ) -> Pin<Box<dyn Future<Output = Result<String, BoxError>> + Send + 'a>>;
}

/// Any error, as a [`TokenProvider`] reports it.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// What a [`TokenProvider`] is asked for.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct TokenRequest<'a> {
    /// The scopes the operation asks for (empty when it names none).
    pub scopes: &'a [&'static str],
    /// The token the server refused with 401, when this is the retry that follows.
    pub rejected: Option<&'a str>,
}

/// OAuth2's client credentials flow: the client fetches its own tokens from the token
/// URL the spec declares, authenticating with a client id and secret (HTTP basic by
/// default, as RFC 6749 recommends).
pub struct ClientCredentials {
    client_id: String,
    client_secret: String,
    token_url: Option<String>,
    in_body: bool,
    scopes: Vec<String>,
}

impl ClientCredentials {
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        ClientCredentials {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            token_url: None,
            in_body: false,
            scopes: Vec::new(),
        }
    }

    /// Fetch tokens here instead of at the spec's token URL (required when the spec
    /// declares no client credentials flow for the scheme, e.g. for OpenID Connect).
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = Some(url.into());
        self
    }

    /// Send the client id and secret as the form fields `client_id` and `client_secret`
    /// of the token request, for servers that do not take HTTP basic.
    pub fn credentials_in_body(mut self) -> Self {
        self.in_body = true;
        self
    }

    /// Scopes to ask for in every token request, besides the ones each operation needs.
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes.extend(scopes.into_iter().map(Into::into));
        self
    }
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .field("token_url", &self.token_url)
            .field("scopes", &self.scopes)
            .finish()
    }
}

/// Fetches and caches the tokens of one set of client credentials.
struct Fetcher {
    credentials: Arc<ClientCredentials>,
    /// A URL, or a path under the client's base URL.
    url: String,
    /// One slot per set of scopes (space-separated, sorted); the async lock is held while
    /// fetching, so concurrent calls wait for one fetch.
    cache: Mutex<HashMap<String, Arc<tokio::sync::Mutex<Option<Cached>>>>>,
}

struct Cached {
    value: HeaderValue,
    /// When to fetch a new one; `None` when the server gave no lifetime.
    refresh_at: Option<Instant>,
}

impl Fetcher {
    async fn token(
        &self,
        endpoint: &Endpoint<'_>,
        scopes: &'static [&'static str],
        rejected: Option<&HeaderValue>,
    ) -> Result<HeaderValue, Error> {
        let mut all: Vec<&str> = scopes
            .iter()
            .copied()
            .chain(self.credentials.scopes.iter().map(String::as_str))
            .collect();
        all.sort_unstable();
        all.dedup();
        let scope = all.join(" ");
        let slot = {
            let mut cache = self
                .cache
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            cache.entry(scope.clone()).or_default().clone()
        };
        let mut cached = slot.lock().await;
        if let Some(token) = cached.as_ref() {
            let fresh = token.refresh_at.is_none_or(|at| Instant::now() < at);
            if fresh && Some(&token.value) != rejected {
                return Ok(token.value.clone());
            }
        }
        let fetched = self.fetch(endpoint, &scope).await?;
        let value = fetched.value.clone();
        *cached = Some(fetched);
        Ok(value)
    }

    async fn fetch(&self, endpoint: &Endpoint<'_>, scope: &str) -> Result<Cached, Error> {
        let credentials = &self.credentials;
        let url = match self.url.starts_with('/') {
            true => format!("{}{}", endpoint.base_url, self.url),
            false => self.url.clone(),
        };
        let url = Url::parse(&url).map_err(|err| {
            token_error(TokenError::InvalidResponse(format!(
                "the token URL `{url}` does not parse: {err}"
            )))
        })?;
        let mut form: Vec<(&str, &str)> = vec![("grant_type", "client_credentials")];
        if !scope.is_empty() {
            form.push(("scope", scope));
        }
        if credentials.in_body {
            form.push(("client_id", &credentials.client_id));
            form.push(("client_secret", &credentials.client_secret));
        }
        let body = serde_urlencoded::to_string(&form)
            .map_err(|err| token_error(TokenError::InvalidResponse(err.to_string())))?;
        let mut request = endpoint
            .http
            .post(url)
            .timeout(endpoint.timeout)
            .header(ACCEPT, "application/json")
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(body);
        if !credentials.in_body {
            // RFC 6749 section 2.3.1: each part form-encoded, then HTTP basic.
            let encode = |text: &str| {
                serde_urlencoded::to_string([("", text)])
                    .map(|pair| pair.trim_start_matches('=').to_owned())
                    .unwrap_or_default()
            };
            request = request.basic_auth(
                encode(&credentials.client_id),
                Some(encode(&credentials.client_secret)),
            );
        }
        let started = Instant::now();
        let response = request.send().await.map_err(transport)?;
        let status = response.status();
        let body = response.bytes().await.map_err(transport)?;
        let answer: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
        let text = |key: &str| answer.get(key).and_then(serde_json::Value::as_str);
        if !status.is_success() {
            return Err(token_error(TokenError::Refused {
                status,
                error: text("error").map(str::to_owned),
                description: text("error_description").map(str::to_owned),
            }));
        }
        let value = text("access_token").and_then(bearer).ok_or_else(|| {
            token_error(TokenError::InvalidResponse(
                "no `access_token` string in the token endpoint's answer".into(),
            ))
        })?;
        let lifetime = match answer.get("expires_in") {
            Some(serde_json::Value::Number(seconds)) => seconds.as_f64(),
            Some(serde_json::Value::String(seconds)) => seconds.trim().parse().ok(),
            _ => None,
        }
        .filter(|seconds| seconds.is_finite() && *seconds >= 0.0)
        .map(|seconds| Duration::from_secs_f64(seconds.min(1e9)));
        Ok(Cached {
            value,
            refresh_at: lifetime.map(|lifetime| {
                let early = (lifetime / 2).min(Duration::from_secs(60));
                started + lifetime - early
            }),
        })
    }
}

/// `Bearer <token>`, marked sensitive; `None` when it cannot be a header value.
fn bearer(token: &str) -> Option<HeaderValue> {
    let mut value = HeaderValue::from_str(&format!("Bearer {token}")).ok()?;
    value.set_sensitive(true);
    Some(value)
}

fn transport(err: reqwest::Error) -> Error {
    token_error(TokenError::Transport(err))
}

fn token_error(err: TokenError) -> Error {
    Error::Token(Box::new(err))
}

/// Why no token could be had. Never holds a credential: of a refusal it keeps the status
/// and the OAuth2 error fields, not the body.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TokenError {
    /// The token endpoint answered with a status outside 2xx.
    #[error(
        "the token endpoint answered {status}{}{}",
        .error.as_ref().map(|e| format!(": {e}")).unwrap_or_default(),
        .description.as_ref().map(|d| format!(" ({d})")).unwrap_or_default()
    )]
    Refused {
        status: StatusCode,
        /// OAuth2's `error` code (`invalid_client`, `invalid_scope`, ...).
        error: Option<String>,
        description: Option<String>,
    },
    /// A 2xx answer without a usable token.
    #[error("{0}")]
    InvalidResponse(String),
    /// The token endpoint could not be reached, or its answer not read.
    #[error("could not fetch a token: {0}")]
    Transport(#[source] reqwest::Error),
    /// The caller's [`TokenProvider`] failed.
    #[error("the token provider failed: {0}")]
    Provider(#[source] BoxError),
}
