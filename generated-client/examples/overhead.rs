//! What the generated client adds to a request, against the same request written by hand
//! with reqwest and serde, both against one loopback server; and the cost of typed
//! decoding against `serde_json::Value`. Run by `cargo xtask bench`; prints JSON lines.
//!
//! `cargo run --release -p heron-client --example overhead -- CALLS`

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::Instant;

use heron_client::models::{
    IntegrationLinkSchema, IntegrationLinkUpdateSchemaRequest, UpdateIntegrationLinkBody,
    UpdateIntegrationLinkResponse,
};
use heron_client::Client;
use serde_json::json;
use support::{Reply, TestServer};

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
    let http = reqwest::Client::new();
    let url = format!("{}/api/integration_links/item-1", server.base_url);
    let body = UpdateIntegrationLinkBody {
        end_user: Some(IntegrationLinkUpdateSchemaRequest {
            access_token: "access-sandbox-1".into(),
        }),
    };

    let generated = || async {
        client
            .update_integration_link("item-1", &body)
            .await
            .expect("generated call");
    };
    let by_hand = || async {
        let bytes = serde_json::to_vec(&body).expect("encode");
        let response = http
            .put(&url)
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
    };

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
        concurrent.0.push(in_flight(calls, 64, &generated).await);
        concurrent.1.push(in_flight(calls, 64, &by_hand).await);
    }
    report(
        "64 in flight, generated client",
        &concurrent.0,
        &concurrent.1,
        "us",
    );

    // Decoding a large response: 10,000 records into the generated types vs into Value.
    let record = json!({"item_id": "M5eVJqLnv3tbzdngLDp9FL5OlDNxlNhlE55op", "status": "active", "created": "2026-07-03T12:24:30.665078", "last_updated": "2026-07-04T08:00:00Z", "status_message": "ok", "type": "plaid_assets_report"});
    let list = serde_json::to_vec(&vec![record; 10_000]).expect("encode");
    let mut decode = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let started = Instant::now();
        let typed: Vec<IntegrationLinkSchema> = serde_json::from_slice(&list).expect("typed");
        decode.0.push(started.elapsed().as_secs_f64() * 1e3);
        let started = Instant::now();
        let value: serde_json::Value = serde_json::from_slice(&list).expect("value");
        decode.1.push(started.elapsed().as_secs_f64() * 1e3);
        assert_eq!(typed.len(), value.as_array().map_or(0, Vec::len));
    }
    report(
        "decode 10,000 records, typed vs Value",
        &decode.0,
        &decode.1,
        "ms",
    );
}

/// Average time per call with `width` calls in flight: `width` workers, each making its
/// share of the calls one after another, all polled together on this task.
async fn in_flight<F, Fut>(calls: usize, width: usize, call: &F) -> f64
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let started = Instant::now();
    let workers = (0..width).map(|_| async {
        for _ in 0..calls / width {
            call().await;
        }
    });
    join_all(workers.collect()).await;
    started.elapsed().as_secs_f64() * 1e6 / (calls / width * width) as f64
}

/// Polls every future until all are done (no extra crate for one helper).
async fn join_all<F: std::future::Future<Output = ()>>(futures: Vec<F>) {
    let mut futures: Vec<Option<std::pin::Pin<Box<F>>>> =
        futures.into_iter().map(|f| Some(Box::pin(f))).collect();
    std::future::poll_fn(|cx| {
        for slot in futures.iter_mut() {
            if let Some(future) = slot {
                if future.as_mut().poll(cx).is_ready() {
                    *slot = None;
                }
            }
        }
        if futures.iter().all(Option::is_none) {
            std::task::Poll::Ready(())
        } else {
            std::task::Poll::Pending
        }
    })
    .await
}

fn report(name: &str, measured: &[f64], baseline: &[f64], unit: &str) {
    let median = |values: &[f64]| {
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        sorted[sorted.len() / 2]
    };
    let (value, base) = (median(measured), median(baseline));
    println!(
        "{}",
        json!({"name": name, "median": value, "unit": unit, "baseline": base, "ratio": value / base})
    );
}
