//! In `heron-runtime`, the webhook module is this file and the shared `signature.rs`. A
//! generated crate whose spec has webhooks gets `signature.rs` as it is and its own
//! `mod.rs`, which re-exports the same items and adds the `Event` enum of its spec.

mod signature;

pub use signature::{
    verify, verify_and_parse, EmptySecret, SignatureEncoding, SignatureScheme, WebhookError,
    WebhookEvent, WebhookSecret, MAX_BODY_BYTES,
};
#[cfg(feature = "axum")]
pub use signature::{Rejection, Verified};
