use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderValue, CONTENT_TYPE, USER_AGENT};
use reqwest::{StatusCode, Url};
use serde::de::DeserializeOwned;

use super::error::ApiError;
use super::hook::{Attempt, Hooks};
use super::request::{Answer, Call, Request};
use super::retry::{self, RetryPolicy};
use super::security::{Credential, Credentials, Need};
use super::tokens::{Endpoint, UsedToken};
use super::{options, trace, wire, Error, Hook};

/// The API client. Cheap to clone: clones share one connection pool and configuration.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// Checked when the client is built: a URL without a trailing slash, a query or a
    /// fragment, to which each request's path is appended ([`Client::url`]).
    base_url: String,
    credentials: Credentials,
    user_agent: HeaderValue,
    timeout: Duration,
    retry: RetryPolicy,
    hooks: Hooks,
}

impl Client {
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The URL requests are sent to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// A call whose 2xx body is JSON decoded into `T`.
    #[allow(dead_code)] // used only where the spec has operations with a JSON response
    pub(crate) fn call<T: DeserializeOwned, Op>(&self, request: Request) -> Call<'_, T, Op> {
        Call::new(self, request, wire::decode_json, Answer::Json)
    }

    /// A call whose 2xx body is returned as bytes (downloads).
    #[allow(dead_code)] // used only where the spec has binary responses
    pub(crate) fn call_bytes<Op>(&self, request: Request) -> Call<'_, Vec<u8>, Op> {
        Call::new(self, request, wire::decode_bytes, Answer::Bytes)
    }

    /// A call whose 2xx body is returned as text.
    #[allow(dead_code)] // used only where the spec has text responses
    pub(crate) fn call_text<Op>(&self, request: Request) -> Call<'_, String, Op> {
        Call::new(self, request, wire::decode_text, Answer::Text)
    }

    /// A call whose 2xx body, if any, is not decoded.
    #[allow(dead_code)] // used only where the spec has operations without a JSON response
    pub(crate) fn call_empty<Op>(&self, request: Request) -> Call<'_, (), Op> {
        Call::new(self, request, wire::ignore_body, Answer::Empty)
    }

    /// Sends `request`, retrying where the policy and the call's options allow; a non-2xx
    /// answer is an error. `span` is the call's (`trace.rs`).
    ///
    /// The credentials are chosen once, before anything is sent; tokens are had before
    /// each attempt (they may expire in between), and a 401 answer to a token that can be
    /// refreshed is followed by one more attempt with a fresh one, outside the retries.
    pub(crate) async fn send(
        &self,
        request: &Request,
        span: &tracing::Span,
    ) -> Result<reqwest::Response, Error> {
        let policy = &self.inner.retry;
        // An idempotency key lets the server recognise a repeat, so any method may retry.
        let may_retry = (policy.allows(&request.method)
            || request.options().idempotency_key.is_some())
            && request
                .body
                .as_ref()
                .is_none_or(|(_, payload)| payload.replayable());
        let max_retries = request.options().max_retries.unwrap_or(policy.max_retries);
        let credentials = request
            .options()
            .credentials
            .as_ref()
            .unwrap_or(&self.inner.credentials);
        let chosen = credentials.choose(request.operation, request.security)?;
        let timeout = request.options().timeout.unwrap_or(self.inner.timeout);
        let mut tokens: Vec<UsedToken> = Vec::new();
        // What the server refused with 401, for the one attempt with fresh tokens after it.
        let mut refused: Vec<UsedToken> = Vec::new();
        let mut refreshed = false;
        let mut retries = 0;
        loop {
            if credentials.uses_tokens(chosen) {
                // Boxed, like reading an error's body: only token-based calls pay for it.
                let endpoint = Endpoint {
                    http: &self.inner.http,
                    base_url: &self.inner.base_url,
                    timeout,
                };
                tokens = Box::pin(credentials.tokens(&endpoint, chosen, &refused)).await?;
                refused.clear();
            }
            let attempt = Attempt {
                operation: request.operation,
                method: &request.method,
                path_template: request.template,
                number: retries + 1,
            };
            trace::attempts(span, attempt.number);
            // The hooks run in the attempt's span, as the attempt does. A hook's refusal
            // fails the call unsent and is not retried.
            let attempt_span = trace::attempt_span(attempt.number);
            let sent = Sent {
                credentials,
                chosen,
                tokens: &tokens,
            };
            let outgoing = attempt_span.in_scope(|| self.outgoing(request, &attempt, &sent))?;
            let outcome = tracing::Instrument::instrument(
                self.inner.http.execute(outgoing),
                attempt_span.clone(),
            )
            .await;
            attempt_span.in_scope(|| {
                for hook in &self.inner.hooks.0 {
                    hook.after_attempt(&attempt, outcome.as_ref());
                }
            });
            if let Ok(response) = &outcome {
                trace::status(span, &attempt_span, response.status());
                let refreshable = tokens.iter().any(|token| token.refreshable);
                if response.status() == StatusCode::UNAUTHORIZED && refreshable && !refreshed {
                    refreshed = true;
                    refused = std::mem::take(&mut tokens);
                    continue;
                }
            }
            // `Some(hint)`: worth another attempt, after the server's hint if it gave one.
            let retry = match &outcome {
                Ok(response) if retry::is_retryable_status(response.status()) => {
                    Some(retry::retry_after(response.headers()))
                }
                Err(err) if err.is_connect() => Some(None),
                Ok(_) | Err(_) => None,
            };
            match retry {
                Some(server_asked) if may_retry && retries < max_retries => {
                    let wait = policy.delay(retries, server_asked);
                    trace::retry_wait(attempt.number, wait);
                    tokio::time::sleep(wait).await;
                    retries += 1;
                }
                _ => {
                    let response = outcome.map_err(Error::from_transport)?;
                    if response.status().is_success() {
                        return Ok(response);
                    }
                    // Boxed: reading the body of an error is rare, and its future would
                    // otherwise sit in every call's (see `Call::future`).
                    return Err(Box::pin(api_error(response)).await);
                }
            }
        }
    }

    /// One attempt's request as it goes out, after every hook's `before_attempt`.
    ///
    /// Not `async`: only sending waits, so the call's future holds reqwest's (boxed) one
    /// rather than the request being prepared (see `Call::future` for why size matters).
    fn outgoing(
        &self,
        request: &Request,
        attempt: &Attempt<'_>,
        sent: &Sent<'_>,
    ) -> Result<reqwest::Request, Error> {
        let mut outgoing = self
            .build(request, self.url(request, sent)?, sent)?
            .build()
            .map_err(Error::from_transport)?;
        for hook in &self.inner.hooks.0 {
            hook.before_attempt(attempt, &mut outgoing)
                .map_err(Error::Hook)?;
        }
        Ok(outgoing)
    }

    /// One attempt's URL, with the API keys that go in the query.
    fn url(&self, request: &Request, sent: &Sent<'_>) -> Result<Url, Error> {
        let keys = sent.credentials.query_pairs(sent.chosen);
        wire::url(
            &self.inner.base_url,
            &request.path,
            request.query.iter().chain(&keys),
        )
    }

    fn build(
        &self,
        request: &Request,
        url: Url,
        sent: &Sent<'_>,
    ) -> Result<reqwest::RequestBuilder, Error> {
        let mut builder = self
            .inner
            .http
            .request(request.method.clone(), url)
            .timeout(request.options().timeout.unwrap_or(self.inner.timeout));
        // A per-call `User-Agent` replaces the client's: a request carries one.
        let options = &request.options().headers;
        if !options.iter().any(|(name, _)| *name == USER_AGENT) {
            builder = builder.header(USER_AGENT, self.inner.user_agent.clone());
        }
        builder = sent.credentials.apply(builder, sent.chosen, sent.tokens);
        for (name, value) in &request.headers {
            let value =
                HeaderValue::from_str(value).map_err(|_| Error::InvalidHeader((*name).into()))?;
            builder = builder.header(*name, value);
        }
        for (name, value) in &request.options().headers {
            builder = builder.header(name, value.clone());
        }
        if let Some(key) = &request.options().idempotency_key {
            builder = builder.header(options::IDEMPOTENCY_KEY, key.clone());
        }
        if let Some((content_type, payload)) = &request.body {
            builder = builder
                .header(CONTENT_TYPE, content_type.as_ref())
                .body(payload.for_attempt()?);
        }
        Ok(builder)
    }
}

/// The credentials one attempt sends: the alternative chosen for the call, and the tokens
/// had for this attempt.
struct Sent<'a> {
    credentials: &'a Credentials,
    chosen: &'static [Need],
    tokens: &'a [UsedToken],
}

/// The error for a non-2xx answer, its body read.
async fn api_error(response: reqwest::Response) -> Error {
    let status = response.status();
    let headers = response.headers().clone();
    match response.text().await {
        Ok(body) => Error::Api(Box::new(ApiError {
            status,
            headers,
            body,
        })),
        Err(err) => Error::from_transport(err),
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("credentials", &self.inner.credentials)
            .field("timeout", &self.inner.timeout)
            .field("retry", &self.inner.retry)
            .field("hooks", &self.inner.hooks)
            .finish()
    }
}

/// Configures a [`Client`].
#[derive(Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    credentials: Credentials,
    timeout: Option<Duration>,
    max_retries: Option<u32>,
    initial_backoff: Option<Duration>,
    max_backoff: Option<Duration>,
    retry_non_idempotent: bool,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
    hooks: Hooks,
}

impl ClientBuilder {
    /// The server to talk to; defaults to the first server the spec lists. Operations'
    /// paths are appended to its path, so `build` refuses a URL with a query or fragment.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Every credential at once, replacing the ones set so far. The generated setters
    /// (one per security scheme, e.g. `api_key`) set them one at a time.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = credentials;
        self
    }

    /// Puts a generated setter's credential into its scheme's slot.
    #[allow(dead_code)] // used by the generated setters, where the spec has schemes
    pub(crate) fn credential(
        mut self,
        scheme: usize,
        credential: Result<Credential, &'static str>,
    ) -> Self {
        self.credentials = self.credentials.set(scheme, credential);
        self
    }

    /// Time allowed for one attempt, from sending the request to reading the whole body.
    /// Defaults to 30 seconds.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// How many times a failed attempt is retried (connection errors, 408, 429 and 5xx).
    /// Defaults to 2; 0 turns retries off.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = Some(max_retries);
        self
    }

    /// The first retry waits about this long; each later one twice as long, with jitter.
    /// Defaults to 500 ms.
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = Some(backoff);
        self
    }

    /// The longest wait between attempts, including one a `Retry-After` header asks for.
    /// Defaults to 30 seconds.
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = Some(backoff);
        self
    }

    /// Also retry POST and PATCH. Off by default: repeating them may repeat their effect.
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry_non_idempotent = retry;
        self
    }

    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Sends requests through the caller's own `reqwest::Client` (reqwest 0.13: proxies,
    /// TLS roots, connection pool). Timeouts and retries still apply per request.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Runs `hook` around every attempt of every call (after the hooks added before it).
    /// See [`Hook`].
    pub fn hook(mut self, hook: impl Hook) -> Self {
        self.hooks.0.push(Arc::new(hook));
        self
    }

    pub fn build(self) -> Result<Client, Error> {
        let base_url = self
            .base_url
            .unwrap_or_else(|| crate::DEFAULT_BASE_URL.to_owned());
        let base_url = base_url.trim_end_matches('/').to_owned();
        let base =
            Url::parse(&base_url).map_err(|err| Error::InvalidUrl(format!("{base_url}: {err}")))?;
        // A path is appended to it: `mailto:` and the like have none to append to, and
        // the path would land inside a query or fragment.
        if base.cannot_be_a_base() || base.query().is_some() || base.fragment().is_some() {
            return Err(Error::InvalidUrl(format!(
                "{base_url}: not a base for paths (a query or fragment, or no path)"
            )));
        }
        self.credentials.check()?;
        let user_agent = self.user_agent.unwrap_or_else(|| {
            concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned()
        });
        let user_agent = HeaderValue::from_str(&user_agent)
            .map_err(|_| Error::InvalidHeader("User-Agent".into()))?;
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .tls_backend_preconfigured(tls_config())
                .build()
                .map_err(Error::from_transport)?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                credentials: self.credentials,
                user_agent,
                timeout: self.timeout.unwrap_or(Duration::from_secs(30)),
                retry: RetryPolicy {
                    max_retries: self.max_retries.unwrap_or(2),
                    initial_backoff: self.initial_backoff.unwrap_or(Duration::from_millis(500)),
                    max_backoff: self.max_backoff.unwrap_or(Duration::from_secs(30)),
                    retry_non_idempotent: self.retry_non_idempotent,
                },
                hooks: self.hooks,
            }),
        })
    }
}

/// The TLS setup of a client the runtime builds itself: rustls with ring, trusting the
/// Mozilla root certificates that `webpki-roots` bundles.
///
/// reqwest 0.13's default rustls setup brings aws-lc-rs, whose C library builds here with
/// only a C compiler but slowly: aws-lc-sys's build script ran 64 s against 3.4 s for
/// ring's (`cargo build --timings`, one job). Built with `rustls-no-provider` instead,
/// reqwest panics unless a process-wide crypto provider is installed first; handing it
/// this configuration installs nothing process-wide, so an application stays free to
/// install its own default provider. The bundled roots also work in a container without
/// system certificates, as reqwest 0.12's `rustls-tls` did.
///
/// rustls 0.23.48 deprecates `ring::default_provider()` because ring has no post-quantum
/// key exchange; aws-lc-rs has one, at the build cost above. Until ring gains one (or the
/// cost falls), the call stays, and the warning is silenced here rather than shown to
/// every user whose lockfile resolves rustls 0.23.48 or newer (`cargo xtask fresh-deps`).
#[allow(deprecated)]
fn tls_config() -> rustls::ClientConfig {
    let roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        // ring implements every protocol version rustls enables by default.
        .expect("ring supports rustls's default TLS versions")
        .with_root_certificates(roots)
        .with_no_client_auth()
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("hooks", &self.hooks)
            .finish_non_exhaustive()
    }
}
