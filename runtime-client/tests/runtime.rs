//! The generated runtime against a real HTTP server on 127.0.0.1: retries, backoff,
//! `Retry-After`, timeouts, errors, parameter encoding, auth and concurrency (per-call
//! options and hooks: `options.rs`).
//!
//! Timing assertions here are lower bounds on waits the client must make, or generous
//! upper bounds on waits it must not make; none measures speed.

#[path = "../../generated-client/tests/support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use runtime_client::models::{ItemRequest, ValidationError};
use runtime_client::{Client, Error};
use support::{Reply, TestServer};

const ITEM: &str = r#"{"id": 7, "name": "seven"}"#;

fn client(server: &TestServer) -> runtime_client::ClientBuilder {
    Client::builder()
        .base_url(&server.base_url)
        .api_key("key-for-tests")
        .initial_backoff(Duration::from_millis(10))
}

fn item() -> ItemRequest {
    ItemRequest::new("seven").with_client_secret("s3cr3t-value")
}

#[tokio::test]
async fn a_503_then_200_succeeds_after_one_retry() {
    let server = TestServer::start(|_, index| match index {
        0 => Reply::json(503, r#"{"message": "busy"}"#),
        _ => Reply::json(200, &format!("[{ITEM}]")),
    })
    .await;
    let items = client(&server).build().expect("client").list_items().await;
    assert_eq!(items.expect("retried into success").len(), 1);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn max_retries_bounds_the_attempts() {
    let server = TestServer::start(|_, _| Reply::json(500, r#"{"message": "down"}"#)).await;
    let client = client(&server).max_retries(3).build().expect("client");
    let error = client.list_items().await.expect_err("keeps failing");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(server.requests().len(), 4, "one attempt and three retries");

    let server = TestServer::start(|_, _| Reply::json(500, "{}")).await;
    let client = Client::builder()
        .base_url(&server.base_url)
        .api_key("key-for-tests")
        .max_retries(0)
        .build()
        .expect("client");
    assert!(client.list_items().await.is_err());
    assert_eq!(
        server.requests().len(),
        1,
        "max_retries(0) turns retries off"
    );
}

#[tokio::test]
async fn post_is_not_retried_by_default_but_can_be() {
    let server = TestServer::start(|_, index| match index {
        0 => Reply::json(503, "{}"),
        _ => Reply::json(201, ITEM),
    })
    .await;
    let error = client(&server)
        .build()
        .expect("client")
        .create_item(&item())
        .await
        .expect_err("no retry");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.requests().len(), 1);

    let created = client(&server)
        .retry_non_idempotent(true)
        .build()
        .expect("client")
        .create_item(&item())
        .await;
    assert_eq!(created.expect("retried").id, Some(7));
    assert_eq!(
        server.requests().len(),
        2,
        "the opted-in client sent once more and succeeded"
    );
}

#[tokio::test]
async fn a_429_with_retry_after_waits_as_asked() {
    let server = TestServer::start(|_, index| match index {
        0 => Reply::json(429, "{}").header("retry-after", "1"),
        _ => Reply::json(200, "[]"),
    })
    .await;
    let started = Instant::now();
    let items = client(&server).build().expect("client").list_items().await;
    assert!(items.expect("succeeds after waiting").is_empty());
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited only {:?}",
        started.elapsed()
    );
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn retry_after_is_capped_by_max_backoff() {
    let server = TestServer::start(|_, index| match index {
        0 => Reply::json(503, "{}").header("retry-after", "3600"),
        _ => Reply::json(200, "[]"),
    })
    .await;
    let client = client(&server)
        .max_backoff(Duration::from_millis(50))
        .build()
        .expect("client");
    let started = Instant::now();
    client.list_items().await.expect("succeeds");
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "waited {:?} for an hour-long Retry-After",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_slow_server_gives_the_timeout_variant_in_bounded_time() {
    let server =
        TestServer::start(|_, _| Reply::json(200, "[]").delayed(Duration::from_secs(10))).await;
    let client = client(&server)
        .timeout(Duration::from_millis(200))
        .build()
        .expect("client");
    let started = Instant::now();
    let error = client.list_items().await.expect_err("times out");
    assert!(matches!(error, Error::Timeout), "{error:?}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn error_statuses_carry_status_headers_and_body_and_decode_into_the_declared_schema() {
    let server = TestServer::start(|request, _| match request.method.as_str() {
        "DELETE" => Reply::json(404, r#"{"message": "no such item"}"#),
        _ => Reply::json(422, r#"{"message": "name is taken", "field": "name"}"#)
            .header("x-trace", "abc"),
    })
    .await;
    let client = client(&server).build().expect("client");

    let Err(Error::Api(not_found)) = client.delete_item(9).await else {
        panic!("expected an API error")
    };
    assert_eq!(not_found.status.as_u16(), 404);
    assert_eq!(not_found.body, r#"{"message": "no such item"}"#);

    let Err(Error::Api(invalid)) = client.create_item(&item()).await else {
        panic!("expected an API error")
    };
    assert_eq!(invalid.status.as_u16(), 422);
    assert_eq!(
        invalid.headers.get("x-trace").map(|v| v.as_bytes()),
        Some(&b"abc"[..])
    );
    let detail: ValidationError = invalid
        .json()
        .expect("the 422 body is the declared ValidationError");
    assert_eq!(
        (detail.message.as_str(), detail.field.as_deref()),
        ("name is taken", Some("name"))
    );
}

/// A malformed 2xx body is a decode error that keeps the body and names the path of the
/// bad value. The path is worked out from where serde_json stopped, by re-reading the
/// body: each case here is one way that re-reading could go wrong.
#[tokio::test]
async fn a_malformed_2xx_body_is_a_decode_error_naming_the_path_and_keeping_the_body() {
    let cases = [
        (r#"[{"id": 1, "name": "one"}, {"id": "two", "name": "two"}]"#, "[1].id"),
        // A missing field belongs to the object that lacks it.
        (r#"[{"id": 1, "name": "a"}, {"id": 2}]"#, "[1]"),
        // Unknown keys (one with an escaped quote and brackets) and nested values before
        // the bad one.
        (
            r#"[{"n\"[{x": {"a": [1, {"b": "}]"}]}, "id": "bad", "name": "x"}]"#,
            "[0].id",
        ),
        // Pretty-printed: the error position is on a later line.
        (
            "[\n  {\n    \"id\": 1,\n    \"name\": \"a\"\n  },\n  {\n    \"name\": \"b\",\n    \"id\": true\n  }\n]",
            "[1].id",
        ),
        // The body as a whole: the wrong type, or something after it.
        (r#"{"id": 1}"#, "."),
        (r#"[] trailing"#, "."),
    ];
    for (body, path) in cases {
        let server = TestServer::start(move |_, _| Reply::json(200, body)).await;
        let error = client(&server).build().expect("client").list_items().await;
        let Err(Error::Decode(decode)) = error else {
            panic!("{body}: expected a decode error, got {error:?}")
        };
        assert_eq!(decode.path, path, "{body}: {}", decode.message);
        assert_eq!(decode.body, body);
        assert_eq!(decode.status.as_u16(), 200);
    }
}

#[tokio::test]
async fn connection_refused_is_retried_then_reported_as_a_transport_error() {
    // A port nothing listens on: bind, note the port, close.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .initial_backoff(Duration::from_millis(200))
        .max_retries(2)
        .build()
        .expect("client");
    let started = Instant::now();
    let error = client.health().await.expect_err("nothing listens");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    // Two retries with equal jitter wait at least 100 ms + 200 ms.
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "no backoff: {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn connection_refused_then_a_server_appearing_succeeds() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("addr");
    drop(listener);
    let client = Client::builder()
        .base_url(format!("http://{address}"))
        .initial_backoff(Duration::from_millis(400))
        .max_retries(4)
        .build()
        .expect("client");
    let server = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(150)).await;
        support::TestServer::start_on(address, |_, _| Reply::json(200, r#"{"status": "ok"}"#)).await
    });
    let health = client.health().await.expect("the retry reaches the server");
    assert_eq!(health.status.as_deref(), Some("ok"));
    assert_eq!(server.await.expect("server task").requests().len(), 1);
}

#[tokio::test]
async fn query_arrays_follow_explode_and_optional_parameters_are_left_out() {
    let server = TestServer::start(|_, _| Reply::json(200, "[]")).await;
    let client = client(&server).build().expect("client");
    client
        .list_items()
        // Setting a parameter again replaces it (arrays, scalars and headers alike).
        .with_ids(&["stale".into()])
        .with_limit(1)
        .with_x_request_id("req-0")
        .with_ids(&["a b".into(), "c&d".into()])
        .with_tags(&["x".into(), "y".into()])
        .with_limit(5)
        .with_x_request_id("req-1")
        .await
        .expect("call");
    client.list_items().await.expect("call");
    let requests = server.requests();
    assert_eq!(
        requests[0].target,
        "/items?ids=a%20b&ids=c%26d&tags=x,y&limit=5"
    );
    assert_eq!(requests[0].header("x-request-id"), Some("req-1"));
    assert_eq!(requests[1].target, "/items");
    assert_eq!(requests[1].header("x-request-id"), None);
}

/// The base URL is parsed once, when the client is built; each call's path and query are
/// set on a copy of it, after the base URL's own path.
#[tokio::test]
async fn paths_and_queries_follow_the_base_urls_path() {
    let server = TestServer::start(|_, _| Reply::json(200, "[]")).await;
    let client = Client::builder()
        .base_url(format!("{}/v1/", server.base_url))
        .api_key("key-for-tests")
        .build()
        .expect("client");
    client.list_items().with_limit(5).await.expect("call");
    client.list_items().await.expect("call");
    let requests = server.requests();
    assert_eq!(requests[0].target, "/v1/items?limit=5");
    assert_eq!(requests[1].target, "/v1/items");
}

#[tokio::test]
async fn the_api_key_goes_only_where_the_spec_asks_for_it() {
    let server = TestServer::start(|request, _| match request.target.as_str() {
        "/health" => Reply::json(200, r#"{"status": "ok"}"#),
        _ => Reply::json(200, "[]"),
    })
    .await;
    let client = client(&server).build().expect("client");
    client.list_items().await.expect("call");
    client.health().await.expect("call");
    let requests = server.requests();
    assert_eq!(requests[0].header("x-key"), Some("key-for-tests"));
    assert_eq!(
        requests[1].header("x-key"),
        None,
        "`security: []` sends no key"
    );
}

#[tokio::test]
async fn delete_with_204_returns_unit_and_with_response_exposes_status_and_headers() {
    let server = TestServer::start(|_, _| Reply::json(204, "").header("x-deleted", "1")).await;
    let client = client(&server).build().expect("client");
    client.delete_item(3).await.expect("deleted");
    let response = client
        .delete_item(4)
        .with_response()
        .await
        .expect("deleted");
    assert_eq!(response.status.as_u16(), 204);
    assert_eq!(
        response.headers.get("x-deleted").map(|v| v.as_bytes()),
        Some(&b"1"[..])
    );
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(targets, ["/items/3", "/items/4"]);
}

#[tokio::test]
async fn user_agent_defaults_to_the_crate_and_can_be_replaced_and_a_callers_reqwest_client_is_used()
{
    let server = TestServer::start(|_, _| Reply::json(200, "[]")).await;
    client(&server)
        .build()
        .expect("client")
        .list_items()
        .await
        .expect("call");
    // reqwest is built without a TLS crypto provider (`rustls-no-provider`): an application
    // that builds its own client installs one.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let own = reqwest::Client::builder().build().expect("reqwest client");
    let custom = client(&server)
        .user_agent("acme-billing/2.1")
        .http_client(own)
        .build()
        .expect("client");
    custom.list_items().await.expect("call");
    let requests = server.requests();
    assert_eq!(
        requests[0].header("user-agent"),
        Some(concat!("runtime-client/", env!("CARGO_PKG_VERSION")))
    );
    assert_eq!(requests[1].header("user-agent"), Some("acme-billing/2.1"));
}

#[tokio::test]
async fn two_hundred_concurrent_calls_through_clones_of_one_client_all_succeed() {
    let server = TestServer::start(|_, _| Reply::json(200, &format!("[{ITEM}]"))).await;
    let client = client(&server).build().expect("client");
    let calls = (0..200).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.list_items().await })
    });
    let results = futures_join(calls.collect()).await;
    assert_eq!(
        results
            .iter()
            .filter(|r| matches!(r, Ok(items) if items.len() == 1))
            .count(),
        200
    );
    assert_eq!(server.requests().len(), 200);
}

async fn futures_join<T>(handles: Vec<tokio::task::JoinHandle<T>>) -> Vec<T> {
    let mut results = Vec::with_capacity(handles.len());
    for handle in handles {
        results.push(handle.await.expect("task"));
    }
    results
}

#[test]
fn debug_output_never_shows_the_api_key_or_write_only_secrets() {
    let builder = Client::builder().api_key("key-SECRET-123");
    assert!(!format!("{builder:?}").contains("SECRET"), "{builder:?}");
    let client = builder.build().expect("client");
    let printed = format!("{client:?}");
    assert!(
        !printed.contains("SECRET") && printed.contains("<redacted>"),
        "{printed}"
    );
    let printed = format!("{:?}", item());
    assert!(
        !printed.contains("s3cr3t-value") && printed.contains("<redacted>"),
        "{printed}"
    );
}

#[test]
fn the_default_base_url_is_the_specs_first_server() {
    let client = Client::new("k").expect("client");
    assert_eq!(client.base_url(), "https://runtime.example.invalid/v1");
    assert_eq!(
        runtime_client::DEFAULT_BASE_URL,
        "https://runtime.example.invalid/v1"
    );
}
