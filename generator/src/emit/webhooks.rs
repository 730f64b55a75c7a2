//! `src/webhooks/mod.rs`, for specs with webhooks only: the `Event` enum (one variant per
//! topic and a catch-all) and its `WebhookEvent` impl, which carries the signature scheme.
//! The verification itself is the runtime's `signature.rs`, copied next to it.

use proc_macro2::TokenStream;
use quote::quote;

use super::types::{ident, rust_type, ModelPath};
use crate::ir::{Api, SignatureEncoding, Webhooks, EVENT_CATCH_ALL};

pub(crate) fn module(api: &Api, webhooks: &Webhooks) -> TokenStream {
    let catch_all = ident(EVENT_CATCH_ALL);
    // Payloads are models; a spec whose topics all carry JSON names none.
    let models = webhooks
        .events
        .iter()
        .any(|event| event.payload.is_some())
        .then(|| {
            quote!(
                use crate::models;
            )
        });
    let variants = webhooks.events.iter().map(|event| {
        let variant = ident(&event.variant);
        // The topic is spec text: a control character in it is written as a space.
        let topic = super::docs::one_line(&event.topic);
        let doc = match &event.payload {
            Some(_) => format!(" `{topic}`"),
            None => format!(
                " `{topic}`: the spec gives no payload type, so the envelope is kept as JSON."
            ),
        };
        let payload = match &event.payload {
            Some(ty) => rust_type(api, ty, ModelPath::Qualified),
            None => quote!(serde_json::Value),
        };
        quote! {
            #[doc = #doc]
            #variant(#payload)
        }
    });
    let decodes = webhooks.events.iter().map(|event| {
        let variant = ident(&event.variant);
        let topic = &event.topic;
        match event.payload {
            Some(_) => quote!(#topic => Self::#variant(serde_json::from_value(envelope)?)),
            None => quote!(#topic => Self::#variant(envelope)),
        }
    });
    let topics = webhooks.events.iter().map(|event| {
        let variant = ident(&event.variant);
        let topic = &event.topic;
        quote!(Self::#variant(_) => #topic)
    });
    let header = &webhooks.header;
    let topic_field = &webhooks.topic_field;
    let encoding = match webhooks.encoding {
        SignatureEncoding::Base64 => quote!(SignatureEncoding::Base64),
        SignatureEncoding::Hex => quote!(SignatureEncoding::Hex),
    };
    quote! {
        //! Receiving the API's webhooks: [`verify_and_parse`] checks a delivery's signature
        //! over the raw body, in constant time, and then decodes it into an [`Event`].
        //! With the crate's `axum` feature, [`Verified`] does the same as an extractor.

        mod signature;

        #[cfg(feature = "axum")]
        pub use signature::{Rejection, Verified};
        pub use signature::{
            verify, verify_and_parse, EmptySecret, SignatureEncoding, SignatureScheme,
            WebhookError, WebhookEvent, WebhookSecret, MAX_BODY_BYTES,
        };

        #models

        /// A delivery, by topic. The payload types are whole envelopes (topic, creation
        /// time, data, metadata).
        #[derive(Clone, Debug)]
        #[non_exhaustive]
        pub enum Event {
            #(#variants,)*
            /// A topic this crate does not know (the API added it later), with the
            /// envelope as JSON.
            #catch_all { topic: String, payload: serde_json::Value },
        }

        impl Event {
            /// The delivery's topic, as the envelope names it.
            pub fn topic(&self) -> &str {
                match self {
                    #(#topics,)*
                    Self::#catch_all { topic, .. } => topic,
                }
            }
        }

        impl WebhookEvent for Event {
            const SCHEME: SignatureScheme = SignatureScheme {
                header: #header,
                encoding: #encoding,
                topic_field: #topic_field,
            };

            fn from_envelope(
                topic: String,
                envelope: serde_json::Value,
            ) -> Result<Self, serde_json::Error> {
                Ok(match topic.as_str() {
                    #(#decodes,)*
                    _ => Self::#catch_all { topic, payload: envelope },
                })
            }
        }
    }
}
