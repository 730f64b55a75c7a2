//! The `tracing` spans of a call, captured by a subscriber of the test's own.
//!
//! This is the only test in its binary: tracing caches whether a call site is enabled,
//! and tests running on other threads without a subscriber race with that cache.

#[path = "../../generated-client/tests/support/mod.rs"]
mod support;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use runtime_client::models::ItemRequest;
use runtime_client::Client;
use support::{Reply, TestServer};

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
    let client = Client::builder()
        .base_url(&server.base_url)
        .api_key("key-for-tests")
        .initial_backoff(Duration::from_millis(10))
        .build()
        .expect("client");
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
