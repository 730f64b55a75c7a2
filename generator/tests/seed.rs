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

/// `runtime/src/credentials.rs` plays, for the runtime crate, the part the seed's
/// generated `src/credentials.rs` plays in a generated crate: it must be that file.
#[test]
fn the_runtime_crates_credentials_are_the_seeds() {
    let spec = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/heron.yaml"))
        .expect("spec");
    let generated = generate(&spec);
    let seed = common::file(&generated, "src/credentials.rs");
    let runtime = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../runtime/src/credentials.rs"
    ))
    .expect("runtime/src/credentials.rs");
    // Both open with a comment of their own (the preamble, the runtime's explanation);
    // the code from the module docs on is the same.
    let code = |text: &str| text[text.find("//! The API's").expect("module docs")..].to_owned();
    assert_eq!(code(&runtime), code(seed));
}
