//! Receiving webhooks: the signature check over the raw body, then the typed event.
//!
//! Copied unchanged into a generated crate as `src/webhooks/signature.rs`, only when its
//! spec has webhooks; the generated `src/webhooks/mod.rs` next to it defines the event
//! enum and implements [`WebhookEvent`] for it (the signature scheme and the topics come
//! from the spec). Everything here is generic over that enum, so it needs nothing from the
//! crate root.
//!
//! The order is fixed: the body's size, then the signature over the bytes exactly as
//! received, compared in constant time (`ring::hmac::verify`), and only then JSON. A body
//! is never re-serialized before the check: the sender signs the bytes it sends, and a
//! body that is not byte-identical to the signed bytes (pretty-printed, non-ASCII escaped
//! differently, keys reordered by a proxy) fails as [`WebhookError::Mismatch`]. Accepting
//! such a body would mean parsing unauthenticated input and guessing the sender's
//! serializer (Python's `json.dumps` escapes non-ASCII, JavaScript's `JSON.stringify`
//! does not), which is how signature checks get bypassed.

use std::fmt;
use std::sync::Arc;

use base64::Engine as _;
use http::HeaderMap;
use ring::hmac;
use serde_json::Value;

/// Bodies larger than this are refused before the signature is computed: webhook
/// envelopes are a few kilobytes, and hashing an attacker's gigabyte costs the receiver.
pub const MAX_BODY_BYTES: usize = 5 * 1024 * 1024;

/// The shared secret of a webhook subscription (not the API key), or several while one
/// is rotated: a delivery signed with any of them is accepted. `Debug` never prints them.
#[derive(Clone)]
pub struct WebhookSecret(Arc<[hmac::Key]>);

impl WebhookSecret {
    /// Refuses an empty secret: an unset environment variable read as `""` would let
    /// anyone sign deliveries.
    pub fn new(secret: impl AsRef<[u8]>) -> Result<Self, EmptySecret> {
        let secret = secret.as_ref();
        if secret.is_empty() {
            return Err(EmptySecret);
        }
        Ok(Self(Arc::from([hmac::Key::new(hmac::HMAC_SHA256, secret)])))
    }

    /// These secrets and `other`'s: while a subscription's secret is rotated, deliveries
    /// signed with the old or the new one are accepted, until the old one is dropped.
    pub fn or(self, other: WebhookSecret) -> WebhookSecret {
        Self(self.0.iter().chain(other.0.iter()).cloned().collect())
    }
}

/// [`WebhookSecret::new`] was given an empty secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EmptySecret;

impl fmt::Display for EmptySecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the webhook secret is empty (is its environment variable set?)")
    }
}

impl std::error::Error for EmptySecret {}

impl fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("WebhookSecret(<redacted>)")
    }
}

/// How the signature header's value spells the MAC's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignatureEncoding {
    /// Standard base64 with padding (RFC 4648 section 4).
    Base64,
    /// Lowercase or uppercase hexadecimal.
    Hex,
}

/// What the spec's `x-heron-codegen-webhooks` extension says about a delivery: the header carrying an
/// HMAC-SHA256 of the raw body, how it is encoded, and the envelope field naming the topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignatureScheme {
    pub header: &'static str,
    pub encoding: SignatureEncoding,
    pub topic_field: &'static str,
}

/// An event type a delivery decodes into: the generated `Event` enum.
pub trait WebhookEvent: Sized {
    /// How deliveries of this API are signed.
    const SCHEME: SignatureScheme;

    /// The event for `topic`, from the whole envelope (the payload types the spec gives
    /// are envelopes: topic, creation time, data, metadata). Unknown topics must decode
    /// into a catch-all variant, so that a topic the API adds is not an error.
    fn from_envelope(topic: String, envelope: Value) -> Result<Self, serde_json::Error>;
}

/// Why a delivery was refused. No variant carries the secret or the expected signature.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    #[error("the `{0}` header is missing")]
    MissingHeader(&'static str),
    #[error("the `{header}` header is not {expected}")]
    BadEncoding {
        header: &'static str,
        expected: &'static str,
    },
    #[error("the signature does not match the body")]
    Mismatch,
    #[error("the body is empty")]
    EmptyBody,
    #[error("the body is larger than {limit} bytes")]
    TooLarge { limit: usize },
    /// The connection failed while the body was being read (the axum extractor).
    #[error("the body could not be read")]
    Unreadable,
    #[error("the body is not JSON: {0}")]
    NotJson(#[source] serde_json::Error),
    #[error("the body is not a webhook envelope: {0}")]
    UnknownShape(String),
}

/// Checks the signature of `body` (the raw bytes, as received) with `secret`, in constant
/// time, and only then decodes the event.
pub fn verify_and_parse<E: WebhookEvent>(
    headers: &HeaderMap,
    body: &[u8],
    secret: &WebhookSecret,
) -> Result<E, WebhookError> {
    verify(&E::SCHEME, headers, body, secret)?;
    let envelope: Value = serde_json::from_slice(body).map_err(WebhookError::NotJson)?;
    let topic = match envelope.get(E::SCHEME.topic_field) {
        Some(Value::String(topic)) => topic.clone(),
        _ => {
            return Err(WebhookError::UnknownShape(format!(
                "no string `{}` field",
                E::SCHEME.topic_field
            )))
        }
    };
    E::from_envelope(topic, envelope).map_err(|err| WebhookError::UnknownShape(err.to_string()))
}

/// The signature check alone, for callers that decode the body themselves.
pub fn verify(
    scheme: &SignatureScheme,
    headers: &HeaderMap,
    body: &[u8],
    secret: &WebhookSecret,
) -> Result<(), WebhookError> {
    if body.is_empty() {
        return Err(WebhookError::EmptyBody);
    }
    if body.len() > MAX_BODY_BYTES {
        return Err(WebhookError::TooLarge {
            limit: MAX_BODY_BYTES,
        });
    }
    let value = headers
        .get(scheme.header)
        .ok_or(WebhookError::MissingHeader(scheme.header))?;
    let signature = decode(scheme, value.as_bytes())?;
    // Each comparison is constant-time; which secret matched may show, never its bytes.
    let signed = |key| hmac::verify(key, body, &signature).is_ok();
    if secret.0.iter().any(signed) {
        Ok(())
    } else {
        Err(WebhookError::Mismatch)
    }
}

fn decode(scheme: &SignatureScheme, text: &[u8]) -> Result<Vec<u8>, WebhookError> {
    let text = text.trim_ascii();
    let (decoded, expected) = match scheme.encoding {
        SignatureEncoding::Base64 => (
            base64::engine::general_purpose::STANDARD.decode(text).ok(),
            "base64",
        ),
        SignatureEncoding::Hex => (decode_hex(text), "hexadecimal"),
    };
    decoded.ok_or(WebhookError::BadEncoding {
        header: scheme.header,
        expected,
    })
}

fn decode_hex(text: &[u8]) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    text.chunks(2)
        .map(|pair| {
            let pair = std::str::from_utf8(pair).ok()?;
            u8::from_str_radix(pair, 16).ok()
        })
        .collect()
}

/// The axum glue: an extractor that reads the body (up to [`MAX_BODY_BYTES`]), verifies
/// it with the [`WebhookSecret`] in the router's state (several while rotating, with
/// [`WebhookSecret::or`]), and yields the event; a refused
/// delivery is answered 401 (signature), 413 (size) or 400 (body), with the reason.
#[cfg(feature = "axum")]
mod glue {
    use std::pin::Pin;

    use axum::body::{Body, HttpBody as _};
    use axum::extract::{FromRef, FromRequest, Request};
    use axum::http::StatusCode;
    use axum::response::{IntoResponse, Response};

    use super::{verify_and_parse, WebhookError, WebhookEvent, WebhookSecret, MAX_BODY_BYTES};

    /// A delivery whose signature was checked, decoded into `E`.
    #[derive(Debug)]
    pub struct Verified<E>(pub E);

    /// The answer to a refused delivery.
    #[derive(Debug)]
    pub struct Rejection(pub WebhookError);

    impl IntoResponse for Rejection {
        fn into_response(self) -> Response {
            let status = match &self.0 {
                WebhookError::MissingHeader(_)
                | WebhookError::BadEncoding { .. }
                | WebhookError::Mismatch => StatusCode::UNAUTHORIZED,
                WebhookError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
                _ => StatusCode::BAD_REQUEST,
            };
            (status, self.0.to_string()).into_response()
        }
    }

    impl<S, E> FromRequest<S> for Verified<E>
    where
        S: Send + Sync,
        WebhookSecret: FromRef<S>,
        E: WebhookEvent,
    {
        type Rejection = Rejection;

        async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
            let secret = WebhookSecret::from_ref(state);
            let (parts, body) = request.into_parts();
            let body = read_limited(body).await.map_err(Rejection)?;
            verify_and_parse(&parts.headers, &body, &secret)
                .map(Verified)
                .map_err(Rejection)
        }
    }

    /// The body, frame by frame, stopping as soon as it passes [`MAX_BODY_BYTES`] (axum's
    /// `to_bytes` reports that and a broken connection as one error).
    async fn read_limited(mut body: Body) -> Result<Vec<u8>, WebhookError> {
        let mut bytes = Vec::new();
        while let Some(frame) = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await
        {
            let frame = frame.map_err(|_| WebhookError::Unreadable)?;
            let Ok(data) = frame.into_data() else {
                continue; // trailers
            };
            if bytes.len() + data.len() > MAX_BODY_BYTES {
                return Err(WebhookError::TooLarge {
                    limit: MAX_BODY_BYTES,
                });
            }
            bytes.extend_from_slice(&data);
        }
        Ok(bytes)
    }
}

#[cfg(feature = "axum")]
pub use glue::{Rejection, Verified};
