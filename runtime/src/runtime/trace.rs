//! The `tracing` spans of a call. One `call` span per call (at INFO level) and one `attempt`
//! span per attempt inside it (DEBUG), plus an INFO event before each retry wait.
//!
//! Fields name the operation, the HTTP method and the path template, never the filled-in
//! path (ids may identify people), the query, headers or bodies: the API key, writeOnly
//! values and personal data travel in those. Errors are recorded by kind
//! ([`Error::kind`]) because the messages of some kinds quote the body.
//!
//! With no subscriber installed, `info_span!` reads one cached flag per call site and
//! returns a disabled span; nothing is formatted and nothing allocates.

use std::time::{Duration, Instant};

use tracing::field::Empty;
use tracing::Span;

use super::request::Request;
use super::Error;

pub(crate) fn call_span(request: &Request) -> Span {
    tracing::info_span!(
        "call",
        operation = request.operation,
        http.method = request.method.as_str(),
        path = request.template,
        status = Empty,
        attempts = Empty,
        duration_ms = Empty,
        error = Empty,
    )
}

pub(crate) fn attempt_span(number: u32) -> Span {
    tracing::debug_span!("attempt", attempt = number, status = Empty)
}

/// Records an attempt's status on its span and on the call's (the last one written wins).
pub(crate) fn status(call: &Span, attempt: &Span, status: reqwest::StatusCode) {
    attempt.record("status", status.as_u16());
    call.record("status", status.as_u16());
}

/// Before waiting to retry: which attempt failed and how long the wait is.
pub(crate) fn retry_wait(attempt: u32, wait: Duration) {
    tracing::info!(
        attempt,
        wait_ms = duration_ms(wait),
        "retrying after a failed attempt"
    );
}

pub(crate) fn attempts(call: &Span, attempts: u32) {
    call.record("attempts", attempts);
}

pub(crate) fn finish(call: &Span, started: Instant, error: Option<&Error>) {
    if call.is_disabled() {
        return;
    }
    call.record("duration_ms", duration_ms(started.elapsed()));
    if let Some(error) = error {
        call.record("error", error.kind());
    }
}

fn duration_ms(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}
