//! When and how long to wait before trying a failed attempt again.
//!
//! Written here, not taken from `backon` (which would add 2 crates, backon and fastrand,
//! and 0.3 s of build: `cargo build --timings` on a crate depending on `backon = "1"`):
//! the send loop in `client.rs` needs the last attempt's response itself, and the server's
//! `Retry-After` replaces the computed wait (capped by `max_backoff`), so an adapter around
//! backon's retry loop would be longer than the `delay` function it replaced.

use std::time::Duration;

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};

#[derive(Clone, Debug)]
pub(crate) struct RetryPolicy {
    pub(crate) max_retries: u32,
    pub(crate) initial_backoff: Duration,
    pub(crate) max_backoff: Duration,
    pub(crate) retry_non_idempotent: bool,
}

impl RetryPolicy {
    /// Repeating GET, HEAD, PUT, DELETE and OPTIONS is safe by definition (RFC 9110
    /// section 9.2.2); repeating POST or PATCH may repeat its effect, so it is opt-in.
    pub(crate) fn allows(&self, method: &Method) -> bool {
        self.retry_non_idempotent
            || [
                Method::GET,
                Method::HEAD,
                Method::PUT,
                Method::DELETE,
                Method::OPTIONS,
            ]
            .contains(method)
    }

    /// How long to wait before retry number `attempt + 1`: what the server asked for, or
    /// exponential backoff with "equal jitter" (half fixed, half random, so that clients
    /// that failed together do not retry together), never longer than `max_backoff`.
    pub(crate) fn delay(&self, attempt: u32, server_asked: Option<Duration>) -> Duration {
        let delay = server_asked.unwrap_or_else(|| {
            let exponential = self
                .initial_backoff
                .saturating_mul(2u32.saturating_pow(attempt));
            let half = exponential.min(self.max_backoff) / 2;
            half + half.mul_f64(random_fraction())
        });
        delay.min(self.max_backoff)
    }
}

/// 408, 429 and 5xx: the server may well answer differently next time.
pub(crate) fn is_retryable_status(status: StatusCode) -> bool {
    status == StatusCode::REQUEST_TIMEOUT
        || status == StatusCode::TOO_MANY_REQUESTS
        || status.is_server_error()
}

/// `Retry-After` as a delay: delta-seconds, or an HTTP date (RFC 9110 section 10.2.3).
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let wait = at.with_timezone(&chrono::Utc) - chrono::Utc::now();
    Some(wait.to_std().unwrap_or(Duration::ZERO))
}

fn random_fraction() -> f64 {
    (super::wire::random_u64() >> 11) as f64 / (1u64 << 53) as f64
}
