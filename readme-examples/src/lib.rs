//! The README's and the docs pages' Rust examples, compiled (and, where not `no_run`, run)
//! as doc tests by `cargo test --workspace`, so that neither can drift from the generated
//! API. Each page is a module, so a failing example names its page.
#![doc = include_str!("../../README.md")]

#[doc = include_str!("../../docs/using-the-client.md")]
pub mod using_the_client {}

#[doc = include_str!("../../docs/regenerating.md")]
pub mod regenerating {}

#[doc = include_str!("../../docs/compatibility.md")]
pub mod compatibility {}

#[doc = include_str!("../../docs/internals.md")]
pub mod internals {}
