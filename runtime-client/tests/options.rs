//! Per-call options and hooks against a real HTTP server on 127.0.0.1: what one call
//! changes (timeout, retries, headers, `User-Agent`, idempotency key) leaves the client
//! alone, and hooks run around every attempt, retried ones included.
//!
//! Timing assertions here are generous upper bounds on waits the client must not make;
//! none measures speed.

#[path = "../../generated-client/tests/support/mod.rs"]
mod support;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use runtime_client::models::ItemRequest;
use runtime_client::{Attempt, Client, Error, Hook, HookError};
use support::{Reply, TestServer};

fn client(server: &TestServer) -> runtime_client::ClientBuilder {
    Client::builder()
        .base_url(&server.base_url)
        .api_key("key-for-tests")
        .initial_backoff(Duration::from_millis(10))
}

#[tokio::test]
async fn per_call_timeout_and_max_retries_override_the_clients() {
    let server = TestServer::start(|_, _| Reply::json(500, "{}")).await;
    let client = client(&server).max_retries(0).build().expect("client");
    let error = client
        .list_items()
        .max_retries(2)
        .await
        .expect_err("keeps failing");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(server.requests().len(), 3, "one attempt and two retries");

    let slow =
        TestServer::start(|_, _| Reply::json(200, "[]").delayed(Duration::from_secs(10))).await;
    let client = Client::builder()
        .base_url(&slow.base_url)
        .api_key("key-for-tests")
        .build()
        .expect("client");
    let started = Instant::now();
    let error = client
        .list_items()
        .timeout(Duration::from_millis(100))
        .await
        .expect_err("times out");
    assert!(matches!(error, Error::Timeout), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

/// A per-call `User-Agent` replaces the client's: the request carries one, not two.
#[tokio::test]
async fn a_per_call_user_agent_replaces_the_clients() {
    let server = TestServer::start(|_, _| Reply::json(200, "[]")).await;
    let client = client(&server)
        .user_agent("acme-billing/2.1")
        .build()
        .expect("client");
    client
        .list_items()
        .header("User-Agent", "acme-billing-sync/7")
        .await
        .expect("sent");
    client.list_items().await.expect("sent");
    let sent = server.requests();
    let agents = |index: usize| -> Vec<String> {
        sent[index]
            .headers
            .iter()
            .filter(|(name, _)| name.eq_ignore_ascii_case("user-agent"))
            .map(|(_, value)| value.clone())
            .collect()
    };
    assert_eq!(agents(0), ["acme-billing-sync/7"]);
    assert_eq!(agents(1), ["acme-billing/2.1"]);
}

#[tokio::test]
async fn extra_headers_are_sent_and_may_not_replace_the_api_key() {
    let server = TestServer::start(|_, _| Reply::json(200, "[]")).await;
    let client = client(&server).build().expect("client");
    client
        .list_items()
        .header("x-trace", "abc")
        .await
        .expect("sent");
    let sent = server.requests();
    assert_eq!(sent[0].header("x-trace"), Some("abc"));

    for (name, value) in [
        ("X-Key", "another-key"),
        ("content-type", "text/plain"),
        ("idempotency-key", "k"),
        ("bad header", "v"),
        ("x-ok", "line\nbreak"),
    ] {
        let error = client
            .list_items()
            .header(name, value)
            .await
            .expect_err(name);
        assert!(
            matches!(error, Error::InvalidHeader(_)),
            "{name}: {error:?}"
        );
    }
    assert_eq!(server.requests().len(), 1, "refused calls send nothing");
}

#[tokio::test]
async fn an_idempotency_key_is_resent_unchanged_and_makes_a_post_retryable() {
    let server = TestServer::start(|_, index| match index {
        0 => Reply::json(503, "{}"),
        _ => Reply::json(201, r#"{"id": 7, "name": "seven"}"#),
    })
    .await;
    let client = client(&server).build().expect("client");
    let created = client
        .create_item(&ItemRequest::new("seven"))
        .idempotency_key("order-42")
        .await
        .expect("retried");
    assert_eq!(created.id, Some(7));
    let sent = server.requests();
    assert_eq!(sent.len(), 2);
    assert!(sent
        .iter()
        .all(|request| request.header("idempotency-key") == Some("order-42")));
}

/// Adds a header on every attempt and counts the attempts it saw end.
struct Stamp {
    after: Arc<AtomicU64>,
}

impl Hook for Stamp {
    fn before_attempt(
        &self,
        attempt: &Attempt<'_>,
        request: &mut reqwest::Request,
    ) -> Result<(), HookError> {
        let value = format!("{}#{}", attempt.operation, attempt.number);
        request.headers_mut().insert("x-attempt", value.parse()?);
        Ok(())
    }

    fn after_attempt(&self, _: &Attempt<'_>, outcome: Result<&reqwest::Response, &reqwest::Error>) {
        if outcome.is_ok() {
            self.after.fetch_add(1, Ordering::SeqCst);
        }
    }
}

struct Refuse;

impl Hook for Refuse {
    fn before_attempt(&self, _: &Attempt<'_>, _: &mut reqwest::Request) -> Result<(), HookError> {
        Err("credentials expired".into())
    }
}

#[tokio::test]
async fn a_hook_adds_a_header_on_every_attempt_and_another_can_refuse_the_call() {
    let server = TestServer::start(|_, index| match index {
        0 => Reply::json(503, "{}"),
        _ => Reply::json(200, "[]"),
    })
    .await;
    let after = Arc::new(AtomicU64::new(0));
    let stamping = client(&server)
        .hook(Stamp {
            after: after.clone(),
        })
        .build()
        .expect("client");
    stamping.list_items().await.expect("retried");
    let stamps: Vec<_> = server
        .requests()
        .iter()
        .map(|request| request.header("x-attempt").map(str::to_owned))
        .collect();
    assert_eq!(
        stamps,
        [Some("list_items#1".into()), Some("list_items#2".into())]
    );
    assert_eq!(after.load(Ordering::SeqCst), 2);

    let refusing = client(&server).hook(Refuse).build().expect("client");
    let error = refusing.list_items().await.expect_err("refused");
    assert!(matches!(error, Error::Hook(_)), "{error:?}");
    assert!(error.to_string().contains("credentials expired"));
    assert_eq!(server.requests().len(), 2, "a refused attempt is not sent");
}
