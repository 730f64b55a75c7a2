//! The seed spec's generated models, operations, `lib.rs` and `Cargo.toml`, as a snapshot.
//! That every fixture's crate compiles is checked by `xtask/tests/compile.rs`, through
//! `cargo xtask corpus`.

mod common;

use common::*;

#[test]
fn seed_spec_generated_code_snapshot() {
    let spec = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/heron.yaml"))
        .expect("spec");
    let generated = generate(&spec);
    let code: String = generated
        .files
        .iter()
        // The runtime is copied from the runtime crate, unchanged by the spec: leave it out.
        .filter(|f| {
            ["Cargo.toml", "src/lib.rs", "src/credentials.rs"].contains(&f.path.as_str())
                || f.path.starts_with("src/models/")
                || f.path.starts_with("src/operations/")
        })
        .map(|f| format!("//- {}\n{}", f.path, f.contents))
        .collect();
    insta::assert_snapshot!("heron_seed", code);
}
