use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue, RETRY_AFTER};
use reqwest::{Method, StatusCode};

use crate::runtime::retry::{is_retryable_status, retry_after, RetryPolicy};

fn policy(retry_non_idempotent: bool) -> RetryPolicy {
    RetryPolicy {
        max_retries: 2,
        initial_backoff: Duration::from_millis(500),
        max_backoff: Duration::from_secs(30),
        retry_non_idempotent,
    }
}

fn retry_after_header(value: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(
        RETRY_AFTER,
        HeaderValue::from_str(value).expect("a header value"),
    );
    headers
}

#[test]
fn backoff_doubles_per_attempt_with_the_upper_half_random() {
    let policy = policy(false);
    for (attempt, full) in [(0, 500), (1, 1_000), (3, 4_000)] {
        let full = Duration::from_millis(full);
        for _ in 0..50 {
            let delay = policy.delay(attempt, None);
            assert!(
                delay >= full / 2 && delay <= full,
                "attempt {attempt}: {delay:?} outside {:?}..={full:?}",
                full / 2
            );
        }
    }
}

#[test]
fn the_jitter_spreads_the_waits() {
    let policy = policy(false);
    let delays: std::collections::BTreeSet<Duration> =
        (0..20).map(|_| policy.delay(4, None)).collect();
    assert!(delays.len() > 1, "20 waits were all {delays:?}");
}

#[test]
fn backoff_never_exceeds_max_backoff_even_when_the_exponent_overflows() {
    let policy = policy(false);
    for attempt in [6, 31, 32, u32::MAX] {
        let delay = policy.delay(attempt, None);
        assert!(
            delay >= Duration::from_secs(15) && delay <= Duration::from_secs(30),
            "attempt {attempt}: {delay:?}"
        );
    }
}

#[test]
fn the_servers_wait_is_taken_as_it_is_but_capped_by_max_backoff() {
    let policy = policy(false);
    assert_eq!(
        policy.delay(0, Some(Duration::from_secs(7))),
        Duration::from_secs(7)
    );
    assert_eq!(
        policy.delay(0, Some(Duration::from_secs(3_600))),
        Duration::from_secs(30)
    );
    assert_eq!(policy.delay(5, Some(Duration::ZERO)), Duration::ZERO);
}

#[test]
fn retry_after_reads_seconds_and_http_dates() {
    assert_eq!(
        retry_after(&retry_after_header("120")),
        Some(Duration::from_secs(120))
    );
    assert_eq!(
        retry_after(&retry_after_header(" 3 ")),
        Some(Duration::from_secs(3))
    );
    // A date in the past means "now".
    assert_eq!(
        retry_after(&retry_after_header("Sun, 06 Nov 1994 08:49:37 GMT")),
        Some(Duration::ZERO)
    );
    let in_a_minute = (chrono::Utc::now() + chrono::Duration::seconds(60))
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string();
    let wait = retry_after(&retry_after_header(&in_a_minute)).expect("a date is a wait");
    assert!(
        wait > Duration::from_secs(55) && wait <= Duration::from_secs(60),
        "{in_a_minute} -> {wait:?}"
    );
}

#[test]
fn a_retry_after_that_is_neither_seconds_nor_a_date_is_no_hint() {
    for value in ["soon", "-1", "1.5", ""] {
        assert_eq!(retry_after(&retry_after_header(value)), None, "{value:?}");
    }
    assert_eq!(retry_after(&HeaderMap::new()), None);
}

#[test]
fn only_408_429_and_5xx_are_worth_another_attempt() {
    for code in [408, 429, 500, 502, 503, 504] {
        let status = StatusCode::from_u16(code).expect("a status");
        assert!(is_retryable_status(status), "{code}");
    }
    for code in [200, 204, 301, 400, 401, 404, 409, 422] {
        let status = StatusCode::from_u16(code).expect("a status");
        assert!(!is_retryable_status(status), "{code}");
    }
}

#[test]
fn only_idempotent_methods_are_retried_unless_asked() {
    let default = policy(false);
    for method in [
        Method::GET,
        Method::HEAD,
        Method::PUT,
        Method::DELETE,
        Method::OPTIONS,
    ] {
        assert!(default.allows(&method), "{method}");
    }
    for method in [Method::POST, Method::PATCH] {
        assert!(!default.allows(&method), "{method}");
        assert!(policy(true).allows(&method), "{method} when asked");
    }
}
