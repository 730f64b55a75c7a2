//! The webhook deliveries the API sends.

use super::TypeRef;

/// The deliveries the API sends, from the `x-heron-codegen-webhooks` extension, the callbacks and the
/// 3.1 `webhooks` (`lower/webhooks.rs`).
#[derive(Clone, Debug, PartialEq)]
pub struct Webhooks {
    /// The header carrying the HMAC-SHA256 of the raw body.
    pub header: String,
    pub encoding: SignatureEncoding,
    /// The envelope field naming the topic.
    pub topic_field: String,
    /// One per topic, in the order of the topic list, then of the callbacks.
    pub events: Vec<WebhookEvent>,
}

/// The variant of the `Event` enum that keeps a topic the crate does not know; no topic's
/// variant takes this name.
pub const EVENT_CATCH_ALL: &str = "Other";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignatureEncoding {
    Base64,
    Hex,
}

#[derive(Clone, Debug, PartialEq)]
pub struct WebhookEvent {
    pub topic: String,
    /// The variant of the generated `Event` enum.
    pub variant: String,
    /// The envelope's type, when a callback or webhook gives one for this topic; the
    /// event carries the raw JSON otherwise.
    pub payload: Option<TypeRef>,
}
