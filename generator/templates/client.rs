use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue, CONTENT_TYPE, RETRY_AFTER, USER_AGENT};
use reqwest::{Method, StatusCode, Url};
use serde::de::DeserializeOwned;

use crate::Error;

/// How the API key travels, taken from the spec's `securitySchemes`.
#[allow(dead_code)] // each generated crate uses the one its spec declares
pub(crate) enum Auth {
    None,
    ApiKeyHeader(&'static str),
    ApiKeyQuery(&'static str),
    Bearer,
}

/// The API client. Cheap to clone: clones share one connection pool and configuration.
///
/// ```no_run
/// # async fn run() -> Result<(), heron_client::Error> {
/// use std::time::Duration;
///
/// let client = heron_client::Client::builder()
///     .api_key("key_XXX")
///     .timeout(Duration::from_secs(10))
///     .max_retries(3)
///     .build()?;
/// # let _ = client;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    api_key: Option<HeaderValue>,
    user_agent: HeaderValue,
    timeout: Duration,
    retry: RetryPolicy,
}

#[derive(Clone, Debug)]
struct RetryPolicy {
    max_retries: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    retry_non_idempotent: bool,
}

impl Client {
    /// A client for the default server that authenticates with `api_key`.
    ///
    /// Fails only when `api_key` cannot be sent in an HTTP header.
    pub fn new(api_key: impl Into<String>) -> Result<Client, Error> {
        Client::builder().api_key(api_key).build()
    }

    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The URL requests are sent to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends `request` (retrying where the policy allows) and decodes a JSON body.
    #[allow(dead_code)] // used only where the spec has operations with a JSON response
    pub(crate) async fn execute<T: DeserializeOwned>(&self, request: Request) -> Result<T, Error> {
        let response = self.send(&request).await?;
        let status = response.status();
        let body = response.bytes().await.map_err(Error::from_transport)?;
        crate::codec::decode_json(status, &body)
    }

    /// Sends `request` and discards whatever body a successful response has.
    #[allow(dead_code)] // used only where the spec has operations without a JSON response
    pub(crate) async fn execute_empty(&self, request: Request) -> Result<(), Error> {
        self.send(&request).await.map(drop)
    }

    async fn send(&self, request: &Request) -> Result<reqwest::Response, Error> {
        let url = self.url(request)?;
        let policy = &self.inner.retry;
        let may_retry = policy.retry_non_idempotent || is_idempotent(&request.method);
        let mut attempt = 0;
        loop {
            let outcome = self.build(request, url.clone())?.send().await;
            let retry_after = match &outcome {
                Ok(response) if response.status().is_success() => None,
                Ok(response) if is_retryable_status(response.status()) => {
                    Some(retry_after(response.headers()))
                }
                Err(err) if err.is_connect() => Some(None),
                _ => None,
            };
            match retry_after {
                Some(server_delay) if may_retry && attempt < policy.max_retries => {
                    let delay = server_delay
                        .unwrap_or_else(|| backoff(policy, attempt))
                        .min(policy.max_backoff);
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                }
                _ => return finish(outcome).await,
            }
        }
    }

    fn url(&self, request: &Request) -> Result<Url, Error> {
        let mut url =
            Url::parse(&format!("{}{}", self.inner.base_url, request.path)).map_err(|err| {
                Error::InvalidUrl(format!("{}{}: {err}", self.inner.base_url, request.path))
            })?;
        if !request.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in &request.query {
                pairs.append_pair(name, value);
            }
        }
        if let (true, Some(key), crate::Auth::ApiKeyQuery(name)) =
            (request.authenticated, &self.inner.api_key, crate::AUTH)
        {
            let key = key
                .to_str()
                .map_err(|_| Error::InvalidUrl("API key is not ASCII".into()))?;
            url.query_pairs_mut().append_pair(name, key);
        }
        Ok(url)
    }

    fn build(&self, request: &Request, url: Url) -> Result<reqwest::RequestBuilder, Error> {
        let mut builder = self
            .inner
            .http
            .request(request.method.clone(), url)
            .timeout(self.inner.timeout)
            .header(USER_AGENT, self.inner.user_agent.clone());
        if let (true, Some(key)) = (request.authenticated, &self.inner.api_key) {
            builder = match crate::AUTH {
                crate::Auth::ApiKeyHeader(name) => builder.header(name, key.clone()),
                crate::Auth::Bearer => {
                    let mut value = HeaderValue::from_str(&format!(
                        "Bearer {}",
                        key.to_str()
                            .map_err(|_| Error::InvalidHeader("API key".into()))?
                    ))
                    .map_err(|_| Error::InvalidHeader("API key".into()))?;
                    value.set_sensitive(true);
                    builder.header(reqwest::header::AUTHORIZATION, value)
                }
                crate::Auth::ApiKeyQuery(_) | crate::Auth::None => builder,
            };
        }
        for (name, value) in &request.headers {
            let value =
                HeaderValue::from_str(value).map_err(|_| Error::InvalidHeader((*name).into()))?;
            builder = builder.header(*name, value);
        }
        if let Some((content_type, body)) = &request.body {
            builder = builder
                .header(CONTENT_TYPE, *content_type)
                .body(body.clone());
        }
        Ok(builder)
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field(
                "api_key",
                &self.inner.api_key.as_ref().map(|_| "<redacted>"),
            )
            .field("timeout", &self.inner.timeout)
            .field("retry", &self.inner.retry)
            .finish()
    }
}

/// Configures a [`Client`].
#[derive(Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    api_key: Option<String>,
    timeout: Option<Duration>,
    max_retries: Option<u32>,
    initial_backoff: Option<Duration>,
    max_backoff: Option<Duration>,
    retry_non_idempotent: bool,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
}

impl ClientBuilder {
    /// The server to talk to; defaults to the first server the spec lists.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// The API key sent with every authenticated request. It is marked sensitive and
    /// never printed by `Debug`.
    pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
        self.api_key = Some(api_key.into());
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

    /// Sends requests through the caller's own `reqwest::Client` (proxies, TLS roots,
    /// connection pool). Timeouts and retries still apply per request.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    pub fn build(self) -> Result<Client, Error> {
        let base_url = self
            .base_url
            .unwrap_or_else(|| crate::DEFAULT_BASE_URL.to_owned());
        let base_url = base_url.trim_end_matches('/').to_owned();
        Url::parse(&base_url).map_err(|err| Error::InvalidUrl(format!("{base_url}: {err}")))?;
        let api_key = match self.api_key {
            Some(key) => {
                let mut value = HeaderValue::from_str(&key)
                    .map_err(|_| Error::InvalidHeader("API key".into()))?;
                value.set_sensitive(true);
                Some(value)
            }
            None => None,
        };
        let user_agent = self.user_agent.unwrap_or_else(|| {
            concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned()
        });
        let user_agent = HeaderValue::from_str(&user_agent)
            .map_err(|_| Error::InvalidHeader("User-Agent".into()))?;
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .build()
                .map_err(Error::from_transport)?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                api_key,
                user_agent,
                timeout: self.timeout.unwrap_or(Duration::from_secs(30)),
                retry: RetryPolicy {
                    max_retries: self.max_retries.unwrap_or(2),
                    initial_backoff: self.initial_backoff.unwrap_or(Duration::from_millis(500)),
                    max_backoff: self.max_backoff.unwrap_or(Duration::from_secs(30)),
                    retry_non_idempotent: self.retry_non_idempotent,
                },
            }),
        })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .finish_non_exhaustive()
    }
}

/// One call, as the generated operations describe it; rebuilt for every attempt.
pub(crate) struct Request {
    method: Method,
    /// Already percent-encoded.
    path: String,
    query: Vec<(&'static str, String)>,
    headers: Vec<(&'static str, String)>,
    body: Option<(&'static str, Vec<u8>)>,
    authenticated: bool,
}

impl Request {
    pub(crate) fn new(method: Method, path: String) -> Request {
        Request {
            method,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            authenticated: true,
        }
    }

    /// For operations whose `security` is empty.
    #[allow(dead_code)] // used only where the spec has such operations
    pub(crate) fn without_auth(mut self) -> Request {
        self.authenticated = false;
        self
    }

    #[allow(dead_code)] // used only where the spec has query parameters
    pub(crate) fn query(mut self, name: &'static str, value: impl ToString) -> Request {
        self.query.push((name, value.to_string()));
        self
    }

    /// An array parameter: `explode` repeats the name (`a=1&a=2`), otherwise the values
    /// are joined with commas (`a=1,2`), as OpenAPI's `form` style says.
    #[allow(dead_code)] // used only where the spec has array query parameters
    pub(crate) fn query_list<T: ToString>(
        mut self,
        name: &'static str,
        values: &[T],
        explode: bool,
    ) -> Request {
        if explode {
            self.query
                .extend(values.iter().map(|value| (name, value.to_string())));
        } else if !values.is_empty() {
            let joined: Vec<String> = values.iter().map(ToString::to_string).collect();
            self.query.push((name, joined.join(",")));
        }
        self
    }

    #[allow(dead_code)] // used only where the spec has header parameters
    pub(crate) fn header(mut self, name: &'static str, value: impl ToString) -> Request {
        self.headers.push((name, value.to_string()));
        self
    }

    #[allow(dead_code)] // used only where the spec has JSON request bodies
    pub(crate) fn json<T: serde::Serialize + ?Sized>(mut self, body: &T) -> Result<Request, Error> {
        let bytes = serde_json::to_vec(body).map_err(Error::Encode)?;
        self.body = Some(("application/json", bytes));
        Ok(self)
    }
}

fn is_idempotent(method: &Method) -> bool {
    [
        Method::GET,
        Method::HEAD,
        Method::PUT,
        Method::DELETE,
        Method::OPTIONS,
    ]
    .contains(method)
}

fn is_retryable_status(status: StatusCode) -> bool {
    status == StatusCode::REQUEST_TIMEOUT
        || status == StatusCode::TOO_MANY_REQUESTS
        || status.is_server_error()
}

/// `Retry-After` as a delay: delta-seconds, or an HTTP date (RFC 9110 section 10.2.3).
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let wait = at.with_timezone(&chrono::Utc) - chrono::Utc::now();
    Some(wait.to_std().unwrap_or(Duration::ZERO))
}

/// Exponential backoff with "equal jitter": half the delay is fixed, half random, so
/// clients that failed together do not retry together.
fn backoff(policy: &RetryPolicy, attempt: u32) -> Duration {
    let exponential = policy
        .initial_backoff
        .saturating_mul(2u32.saturating_pow(attempt));
    let capped = exponential.min(policy.max_backoff);
    let half = capped / 2;
    half + half.mul_f64(random_fraction())
}

fn random_fraction() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    // `RandomState` is seeded from the OS; good enough to spread retries, no extra crate.
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos(),
    );
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

async fn finish(
    outcome: Result<reqwest::Response, reqwest::Error>,
) -> Result<reqwest::Response, Error> {
    let response = outcome.map_err(Error::from_transport)?;
    if response.status().is_success() {
        return Ok(response);
    }
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.text().await.map_err(Error::from_transport)?;
    Err(Error::Api(Box::new(crate::error::ApiError {
        status,
        headers,
        body,
    })))
}
