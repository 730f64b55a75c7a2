//! A service that only receives webhooks: `webhook-client` built without its `client`
//! feature still has its `webhooks` module, and its dependency tree has no HTTP client,
//! TLS stack or async runtime (the same kind of check `cargo xtask features` makes for
//! the models alone).

use std::path::Path;
use std::process::Command;

fn cargo(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO"))
        .args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
        .output()
        .expect("run cargo")
}

#[test]
fn the_webhooks_module_builds_without_the_client_and_its_dependencies() {
    let tree = cargo(&[
        "tree",
        "-p",
        "webhook-client",
        "--no-default-features",
        "--edges",
        "normal",
        "--prefix",
        "none",
        "--offline",
    ]);
    assert!(
        tree.status.success(),
        "{}",
        String::from_utf8_lossy(&tree.stderr)
    );
    let tree = String::from_utf8_lossy(&tree.stdout);
    for absent in ["reqwest ", "rustls ", "tokio ", "hyper "] {
        assert!(
            !tree.contains(absent),
            "`{absent}` without the client:\n{tree}"
        );
    }
    assert!(tree.contains("ring "), "{tree}");

    let check = cargo(&[
        "check",
        "-p",
        "webhook-client",
        "--no-default-features",
        "--lib",
        "--offline",
        "--message-format",
        "short",
    ]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    // The module is there without the feature: not behind `cfg(feature = "client")`.
    let lib = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../webhook-client/src/lib.rs"),
    )
    .expect("lib.rs");
    let gate = lib
        .lines()
        .take_while(|line| !line.contains("pub mod webhooks;"))
        .last()
        .unwrap_or_default();
    assert!(
        !gate.contains("cfg"),
        "the webhooks module is gated: {gate}"
    );
}
