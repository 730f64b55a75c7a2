//! The full Heron client against Stoplight Prism, through `cargo xtask contract`.

mod support;

use std::process::Command;

#[test]
fn prism_accepts_calls_to_the_full_heron_api_and_every_response_decodes() {
    let Some(spec) =
        support::outside_input("HERON_FULL_SPEC", "../shared/heron/heron-openapi.json")
    else {
        return;
    };
    let stdout = support::run_to_success(
        Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(["contract"])
            .arg(&spec),
        "contract run failed",
    );

    // "contract: 270 operations called (270 of 272; methods ...), 270 accepted and decoded, 0 failed"
    let summary = stdout
        .lines()
        .find(|line| line.starts_with("contract: "))
        .expect("summary line");
    let numbers: Vec<usize> = summary
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    let [called, _, total, accepted, failed] = numbers[..] else {
        panic!("unexpected summary: {summary}")
    };
    assert!(called >= 50, "{summary}");
    assert_eq!((accepted, failed), (called, 0), "{summary}");
    assert!(
        called + 5 >= total,
        "only a handful of operations may be excluded: {summary}"
    );
    for method in ["GET", "POST", "PUT", "PATCH", "DELETE"] {
        assert!(summary.contains(method), "{method} missing: {summary}");
    }
    // Heron's six paginated lists: each one's first page through its `pages()` stream.
    let pagination = stdout
        .lines()
        .find(|line| line.starts_with("pagination: "))
        .expect("pagination line");
    assert_eq!(
        pagination,
        "pagination: 6 first pages read through pages(), 6 accepted and decoded, 0 failed"
    );
}
