//! The runtime: what every generated client needs besides its models and operations (the
//! client and its builder, sending with retries, errors, timestamps, files, wire encoding).
//!
//! This folder is copied unchanged into every generated crate as its `src/runtime/`, and
//! is compiled, linted and tested on its own as the `heron-runtime` crate. Its files name
//! each other with `super::` paths, and read exactly three facts of the API from the crate they
//! are part of:
//! - `crate::DEFAULT_BASE_URL` (`&str`): the server a client talks to unless told otherwise;
//! - `crate::credentials::SCHEMES` (`&[security::Scheme]`): the security schemes;
//! - `crate::credentials::SECURITY` (`security::Requirement`): what an operation needs
//!   unless it says otherwise.
//!
//! A generated crate defines them from the spec (`lib.rs` and `credentials.rs`, which also
//! holds `Client::new` and one credential setter per scheme); `heron-runtime`'s `lib.rs`
//! defines its own. Doc examples have to name a crate, so they live in those roots too,
//! never in this folder. The User-Agent names the crate being compiled through
//! `CARGO_PKG_NAME`, which needs nothing from the root.
//!
//! Everything that sends requests is behind the `client` feature (on by default): without
//! it a crate has its models alone, and reqwest, tokio and rustls are not in its build.
//! `codec`, `file`, `lenient`, `object` and `timestamp` are what the models need.

#[cfg(feature = "client")]
pub(crate) mod client;
pub(crate) mod codec;
#[cfg(feature = "client")]
pub(crate) mod declared;
#[cfg(feature = "client")]
pub(crate) mod download;
#[cfg(feature = "client")]
pub(crate) mod error;
pub(crate) mod file;
#[cfg(feature = "client")]
pub(crate) mod hook;
pub(crate) mod lenient;
#[cfg(feature = "mock")]
pub(crate) mod mock;
#[cfg(feature = "client")]
pub(crate) mod multipart;
pub(crate) mod object;
#[cfg(feature = "client")]
pub(crate) mod options;
#[cfg(feature = "client")]
pub(crate) mod paging;
#[cfg(feature = "client")]
pub(crate) mod request;
#[cfg(feature = "client")]
pub(crate) mod retry;
#[cfg(feature = "client")]
pub(crate) mod security;
pub(crate) mod timestamp;
#[cfg(feature = "client")]
#[allow(dead_code)] // used only where a scheme takes tokens (OAuth2, OpenID Connect)
pub(crate) mod tokens;
#[cfg(feature = "client")]
pub(crate) mod trace;
#[cfg(feature = "client")]
pub(crate) mod upload;
#[cfg(feature = "client")]
pub(crate) mod wire;

#[cfg(feature = "client")]
pub use client::{Client, ClientBuilder};
#[cfg(feature = "client")]
pub use declared::DeclaredErrors;
#[cfg(feature = "client")]
pub use download::Download;
#[cfg(feature = "client")]
pub use error::{ApiError, DecodeError, Error};
pub use file::File;
#[cfg(feature = "client")]
pub use hook::{Attempt, Hook, HookError};
#[cfg(feature = "mock")]
pub use mock::{Expectation, MockBuilder, MockServer, Mocked, One, Sequence};
#[cfg(feature = "client")]
#[allow(unused_imports)] // the crate root exports them only where operations are paginated
pub use paging::{Items, Pages};
#[cfg(feature = "client")]
pub use request::{Call, Response};
#[cfg(feature = "client")]
pub use security::Credentials;
pub use timestamp::{ParseTimestampError, Timestamp};
#[cfg(feature = "client")]
#[allow(unused_imports)] // the crate root exports them only where a scheme takes tokens
pub use tokens::{BoxError, ClientCredentials, TokenError, TokenProvider, TokenRequest, Tokens};
