//! What the generated client adds to a request, against the same request written by hand
//! with reqwest and serde, both against one loopback server, one after another and 64 in
//! flight. Run by `cargo xtask bench`; prints JSON lines.
//!
//! `cargo run --release -p heron-client --example overhead -- CALLS`
//!
//! With `ONLY=generated` or `ONLY=by-hand` it makes just that side's calls, one after
//! another (or `WIDTH` in flight), and prints nothing: for counting instructions, e.g. with
//! valgrind's callgrind, whose counts for 2,000 and 1,000 calls differ by the cost of 1,000
//! calls.

#[path = "../tests/support/mod.rs"]
mod support;

use std::sync::Arc;
use std::time::Instant;

use heron_client::models::{
    IntegrationLinkUpdateSchemaRequest, UpdateIntegrationLinkBody, UpdateIntegrationLinkResponse,
};
use heron_client::Client;
use support::{report, Reply, TestServer};

const RESPONSE: &str = r#"{"integration_link": {"item_id": "item-1", "status": "active", "created": "2026-07-03T12:24:30.665078", "type": "plaid_assets_report"}}"#;
const ROUNDS: usize = 5;

#[tokio::main]
async fn main() {
    let calls: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let server = TestServer::start(|_, _| Reply::json(200, RESPONSE)).await;
    let client = Client::builder()
        .base_url(&server.base_url)
        .api_key("key")
        .max_retries(0)
        .build()
        .expect("client");
    // reqwest is built without a TLS crypto provider (`rustls-no-provider`): a hand-written
    // client needs one installed, as an application would.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::new();
    let url: Arc<str> = format!("{}/api/integration_links/item-1", server.base_url).into();
    let body = Arc::new(
        UpdateIntegrationLinkBody::new()
            .with_end_user(IntegrationLinkUpdateSchemaRequest::new("access-sandbox-1")),
    );

    // Each call owns what it uses (cheap `Arc` clones on both sides), so that the
    // concurrent runs can spawn them as tasks. Both send the same request, byte for byte
    // (the client's default User-Agent included); the generated one also arms its timeout.
    let generated = {
        let body = Arc::clone(&body);
        move || {
            let (client, body) = (client.clone(), Arc::clone(&body));
            async move {
                client
                    .update_integration_link("item-1", &body)
                    .await
                    .expect("generated call");
            }
        }
    };
    let by_hand = move || {
        let (http, url, body) = (http.clone(), Arc::clone(&url), Arc::clone(&body));
        async move {
            let bytes = serde_json::to_vec(&*body).expect("encode");
            let response = http
                .put(&*url)
                .header("user-agent", "heron-client/0.1.0")
                .header("x-api-key", "key")
                .header("content-type", "application/json")
                .body(bytes)
                .send()
                .await
                .expect("send");
            let status = response.status();
            let bytes = response.bytes().await.expect("body");
            assert!(status.is_success());
            serde_json::from_slice::<UpdateIntegrationLinkResponse>(&bytes).expect("decode");
        }
    };

    // `WIDTH=64` makes the calls of `ONLY` 64 in flight instead of one after another.
    let width: usize = std::env::var("WIDTH")
        .ok()
        .and_then(|width| width.parse().ok())
        .unwrap_or(1);
    match std::env::var("ONLY").as_deref() {
        Ok("generated") => return only(calls, width, generated).await,
        Ok("by-hand") => return only(calls, width, by_hand).await,
        Ok(other) => panic!("ONLY={other}: expected `generated` or `by-hand`"),
        Err(_) => {}
    }

    // Warm-up: connections, allocator.
    for _ in 0..200 {
        generated().await;
        by_hand().await;
    }

    let mut sequential = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let started = Instant::now();
        for _ in 0..calls {
            generated().await;
        }
        sequential
            .0
            .push(started.elapsed().as_secs_f64() * 1e6 / calls as f64);
        let started = Instant::now();
        for _ in 0..calls {
            by_hand().await;
        }
        sequential
            .1
            .push(started.elapsed().as_secs_f64() * 1e6 / calls as f64);
    }
    report(
        "sequential call, generated client",
        &sequential.0,
        &sequential.1,
        "us",
    );

    let mut concurrent = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        concurrent
            .0
            .push(in_flight(calls, 64, generated.clone()).await);
        concurrent
            .1
            .push(in_flight(calls, 64, by_hand.clone()).await);
    }
    report(
        "64 in flight, generated client",
        &concurrent.0,
        &concurrent.1,
        "us",
    );
}

/// `calls` calls of one side alone, `width` in flight, after the same warm-up as a full run.
async fn only<F, Fut>(calls: usize, width: usize, call: F)
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    for _ in 0..200 {
        call().await;
    }
    in_flight(calls, width, call).await;
}

/// Average time per call with `width` calls in flight: `width` tasks, each making its share
/// of the calls one after another, as an application serving many users would.
async fn in_flight<F, Fut>(calls: usize, width: usize, call: F) -> f64
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let started = Instant::now();
    let tasks: Vec<_> = (0..width)
        .map(|_| {
            let call = call.clone();
            tokio::spawn(async move {
                for _ in 0..calls / width {
                    call().await;
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("a worker panicked");
    }
    started.elapsed().as_secs_f64() * 1e6 / (calls / width * width) as f64
}
