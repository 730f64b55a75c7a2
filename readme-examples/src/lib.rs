//! The README's Rust examples, compiled (and, where not `no_run`, run) as doc tests by
//! `cargo test --workspace`, so that the README cannot drift from the generated API.
#![doc = include_str!("../../README.md")]
