//! Per-call options: what one call may change of the client's defaults (credentials,
//! timeout, retries, extra headers, an idempotency key). They are methods of [`Call`] without the `with_`
//! prefix, which the generated setters of an operation's optional parameters use, so an
//! API parameter named `timeout` can never clash with the option.

use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue, CONTENT_TYPE};

use super::request::Call;
use super::security::{self, Credentials};
use super::Error;

/// The header an idempotency key travels in (the IETF draft
/// `draft-ietf-httpapi-idempotency-key-header`, as Stripe and most payment APIs spell it).
pub(crate) const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// What one call overrides; `None` and empty keep the client's settings.
#[derive(Default)]
pub(crate) struct CallOptions {
    pub(crate) credentials: Option<Credentials>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) max_retries: Option<u32>,
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    pub(crate) idempotency_key: Option<HeaderValue>,
}

impl CallOptions {
    /// A call's options until one is set.
    pub(crate) const NONE: &CallOptions = &CallOptions {
        credentials: None,
        timeout: None,
        max_retries: None,
        headers: Vec::new(),
        idempotency_key: None,
    };
}

impl<T, Op> Call<'_, T, Op> {
    /// Sends this call with `credentials` instead of the client's (a service calling the
    /// API for many accounts keeps one client). Fetched OAuth2 tokens stay cached in
    /// `credentials`, so reuse one value per account.
    pub fn credentials(mut self, credentials: &Credentials) -> Self {
        self.request_mut().options_mut().credentials = Some(credentials.clone());
        self
    }

    /// Time allowed for each attempt of this call, instead of the client's `timeout`.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.request_mut().options_mut().timeout = Some(timeout);
        self
    }

    /// How many times this call is retried, instead of the client's `max_retries`
    /// (0: this call is never retried).
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.request_mut().options_mut().max_retries = Some(max_retries);
        self
    }

    /// Sends one more header with this call, after the operation's own headers.
    ///
    /// An invalid name or value, or a header the client sets itself (a credential's header,
    /// `Content-Type`, `Idempotency-Key`: use [`Call::idempotency_key`]), fails the call
    /// with [`Error::InvalidHeader`] before anything is sent, so an extra header can never
    /// silently replace the credentials. A `User-Agent` replaces the client's for this
    /// call (one `User-Agent` is sent, never two). The value is marked sensitive, so it
    /// never appears in `Debug` output of the request.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        match extra_header(name, value) {
            Ok(header) => self.request_mut().options_mut().headers.push(header),
            Err(error) => self.request_mut().fail(error),
        }
        self
    }

    /// Sends `Idempotency-Key: key` with every attempt of this call (the same value on each
    /// retry), and lets the call be retried even when its method is POST or PATCH: the
    /// server can recognise the repeat and not apply it twice.
    pub fn idempotency_key(mut self, key: &str) -> Self {
        match HeaderValue::from_str(key) {
            Ok(value) => self.request_mut().options_mut().idempotency_key = Some(value),
            Err(_) => self
                .request_mut()
                .fail(Error::InvalidHeader("Idempotency-Key".into())),
        }
        self
    }
}

fn extra_header(name: &str, value: &str) -> Result<(HeaderName, HeaderValue), Error> {
    let invalid = || Error::InvalidHeader(format!("header `{name}`"));
    let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
    let mut value = HeaderValue::from_str(value).map_err(|_| invalid())?;
    if is_set_by_client(&name) {
        return Err(Error::InvalidHeader(format!(
            "header `{name}` (the client sets it itself)"
        )));
    }
    value.set_sensitive(true);
    Ok((name, value))
}

fn is_set_by_client(name: &HeaderName) -> bool {
    *name == CONTENT_TYPE
        || name.as_str() == IDEMPOTENCY_KEY
        || security::is_credential_header(name.as_str())
}
