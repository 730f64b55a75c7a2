//! The full Heron client against Stoplight Prism, through `cargo xtask contract`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn full_spec() -> PathBuf {
    match std::env::var_os("HERON_FULL_SPEC") {
        Some(path) => PathBuf::from(path),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/heron/heron-openapi.json"),
    }
}

#[test]
fn prism_accepts_calls_to_the_full_heron_api_and_every_response_decodes() {
    let spec = full_spec();
    assert!(
        spec.exists(),
        "the full Heron spec is not at {}: set HERON_FULL_SPEC",
        spec.display()
    );
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["contract"])
        .arg(&spec)
        .output()
        .expect("run xtask contract");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "contract run failed:\n{stdout}\n{stderr}"
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
}
