//! Per-call options, hooks and tracing spans, against a real HTTP server on 127.0.0.1.

#[path = "../../generated-client/tests/support/mod.rs"]
mod support;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use runtime_client::models::ItemRequest;
use runtime_client::{Attempt, Client, Error, Hook, HookError};
use support::{Reply, TestServer};

const ITEM: &str = r#"{"id": 7, "name": "seven"}"#;

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
        .build()
        .expect("client");
    let started = std::time::Instant::now();
    let error = client
        .list_items()
        .timeout(Duration::from_millis(100))
        .await
        .expect_err("times out");
    assert!(matches!(error, Error::Timeout), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
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
        _ => Reply::json(201, ITEM),
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

/// Field names and their values as `Debug` prints them, in recording order.
type FieldList = Vec<(String, String)>;

/// A subscriber that keeps every span's name and fields, and every event's fields.
#[derive(Clone, Default)]
struct Capture {
    next: Arc<AtomicU64>,
    spans: Arc<Mutex<HashMap<u64, (String, FieldList)>>>,
    events: Arc<Mutex<Vec<FieldList>>>,
}

struct Fields<'a>(&'a mut FieldList);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push((field.name().to_owned(), format!("{value:?}")));
    }
}

impl tracing::Subscriber for Capture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let id = self.next.fetch_add(1, Ordering::SeqCst) + 1;
        let mut fields = Vec::new();
        span.record(&mut Fields(&mut fields));
        let name = span.metadata().name().to_owned();
        self.spans.lock().unwrap().insert(id, (name, fields));
        tracing::span::Id::from_u64(id)
    }

    fn record(&self, span: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        if let Some((_, fields)) = self.spans.lock().unwrap().get_mut(&span.into_u64()) {
            values.record(&mut Fields(fields));
        }
    }

    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

    fn event(&self, event: &tracing::Event<'_>) {
        let mut fields = Vec::new();
        event.record(&mut Fields(&mut fields));
        self.events.lock().unwrap().push(fields);
    }

    fn enter(&self, _: &tracing::span::Id) {}

    fn exit(&self, _: &tracing::span::Id) {}
}

impl Capture {
    fn spans_named(&self, name: &str) -> Vec<HashMap<String, String>> {
        let spans = self.spans.lock().unwrap();
        let mut found: Vec<_> = spans
            .iter()
            .filter(|(_, (span_name, _))| span_name == name)
            .map(|(id, (_, fields))| (*id, fields.iter().cloned().collect::<HashMap<_, _>>()))
            .collect();
        found.sort_by_key(|(id, _)| *id);
        found.into_iter().map(|(_, fields)| fields).collect()
    }
}

#[tokio::test]
async fn every_call_has_a_span_with_the_template_status_and_attempts_and_no_secrets() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let server = TestServer::start(|request, index| match (request.method.as_str(), index) {
        ("DELETE", _) => Reply::json(404, r#"{"message": "no item 12345"}"#),
        (_, 0) => Reply::json(503, "{}"),
        _ => Reply::json(201, r#"{"id": 7, "name": "body-text-xyz"}"#),
    })
    .await;
    let client = client(&server).build().expect("client");
    client
        .create_item(&ItemRequest::new("seven").with_client_secret("s3cr3t-value"))
        .idempotency_key("order-42")
        .header("x-private", "private-header-value")
        .await
        .expect("created");
    client.delete_item(12345).await.expect_err("no 2xx left");

    let calls = capture.spans_named("call");
    assert_eq!(calls.len(), 2, "{calls:?}");
    let create = &calls[0];
    assert_eq!(create["operation"], "\"create_item\"");
    assert_eq!(create["http.method"], "\"POST\"");
    assert_eq!(create["path"], "\"/items\"");
    assert_eq!(create["status"], "201");
    assert_eq!(create["attempts"], "2");
    assert!(create.contains_key("duration_ms"), "{create:?}");
    let delete = &calls[1];
    assert_eq!(
        delete["path"], "\"/items/{id}\"",
        "the template, not the id"
    );
    assert_eq!(delete["error"], "\"api\"");

    let attempts = capture.spans_named("attempt");
    let statuses: Vec<_> = attempts.iter().map(|a| a["status"].as_str()).collect();
    assert_eq!(statuses[..2], ["503", "201"]);
    let waits = capture.events.lock().unwrap().clone();
    assert!(
        waits
            .iter()
            .any(|fields| fields.iter().any(|(name, _)| name == "wait_ms")),
        "{waits:?}"
    );

    let everything = format!(
        "{:?}{:?}",
        capture.spans.lock().unwrap(),
        capture.events.lock().unwrap()
    );
    for secret in [
        "key-for-tests",
        "s3cr3t-value",
        "private-header-value",
        "order-42",
        "body-text-xyz",
        "12345",
    ] {
        assert!(!everything.contains(secret), "{secret} in {everything}");
    }
}
