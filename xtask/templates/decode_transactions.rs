//! Written by `cargo xtask bench` into its full-Heron workspace: decodes one response body
//! of Heron transactions into the generated types and, as the baseline, the same bytes
//! into `serde_json::Value`, alternating, and prints the medians as one JSON line.
//!
//! `decode TRANSACTIONS_JSON RUNS`

use std::time::Instant;

use heron_full::models::TransactionEnriched;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: decode TRANSACTIONS_JSON RUNS");
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(10);
    let bytes = std::fs::read(&path).expect("read the transactions");
    let (mut typed, mut untyped, mut count) = (Vec::new(), Vec::new(), 0);
    for run in 0..=runs {
        let started = Instant::now();
        let transactions: Vec<TransactionEnriched> = match serde_json::from_slice(&bytes) {
            Ok(transactions) => transactions,
            Err(err) => panic!("the transactions do not decode: {err}"),
        };
        let typed_ms = started.elapsed().as_secs_f64() * 1e3;
        count = std::hint::black_box(transactions).len();

        let started = Instant::now();
        let value: serde_json::Value = serde_json::from_slice(&bytes).expect("valid JSON");
        let untyped_ms = started.elapsed().as_secs_f64() * 1e3;
        assert_eq!(std::hint::black_box(value).as_array().map(Vec::len), Some(count));

        if run > 0 {
            typed.push(typed_ms);
            untyped.push(untyped_ms);
        }
    }
    println!(
        "{{\"transactions\": {count}, \"bytes\": {}, \"typed_ms\": {}, \"value_ms\": {}}}",
        bytes.len(),
        median(typed),
        median(untyped)
    );
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}
