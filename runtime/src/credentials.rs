//! The part a generated crate's `src/credentials.rs` plays, for an API whose one scheme is
//! an API key in the `x-api-key` header (as Heron's): what `cargo xtask codegen` writes for
//! `spec/heron.yaml`, kept by hand here so that the runtime builds and is tested on its own.
// Laid out by prettyplease, as in a generated crate: rustfmt leaves it alone.
#![cfg_attr(rustfmt, rustfmt::skip)]

//! The API's security schemes, and the setters of their credentials.

use crate::runtime::security::{
    Credential, KeyLocation, Need, Requirement, Scheme, SchemeKind,
};
use crate::{Client, ClientBuilder, Credentials, Error};

/// The security schemes some operation needs, sorted by name.
pub(crate) const SCHEMES: &[Scheme] = &[
    Scheme {
        setter: "api_key",
        kind: SchemeKind::ApiKey(KeyLocation::Header, "x-api-key"),
    },
];

/// The index of `ApiKeyAuth` in [`SCHEMES`].
pub(crate) const API_KEY: usize = 0;

/// What an operation needs unless it says otherwise: the spec's top-level
/// `security`.
pub(crate) const SECURITY: Requirement = &[
    &[
        Need {
            scheme: API_KEY,
            scopes: &[],
        },
    ],
];

impl Client {
    /// A client for the default server with the credential of [`ClientBuilder::api_key`].
    ///
    /// Fails only when the credential cannot be sent as its scheme says.
    pub fn new(api_key: impl Into<String>) -> Result<Client, Error> {
        Client::builder().api_key(api_key).build()
    }
}

impl ClientBuilder {
    /// The API key of `ApiKeyAuth`, sent in the `x-api-key` header.
    pub fn api_key(self, api_key: impl Into<String>) -> Self {
        self.credential(API_KEY, Credential::value(api_key.into()))
    }
}

impl Credentials {
    /// The API key of `ApiKeyAuth`, sent in the `x-api-key` header.
    pub fn api_key(self, api_key: impl Into<String>) -> Self {
        self.set(API_KEY, Credential::value(api_key.into()))
    }
}
