//! The runtime of every client heron-codegen generates, as a crate of its own: compiled,
//! linted and tested as itself rather than only through a generated client.
//!
//! Generated crates do not depend on this crate; each carries a copy of its `src/runtime/`
//! folder as its own `src/runtime/` (ARCHITECTURE.md says why). This file plays the part a
//! generated crate's `lib.rs` plays there: it declares the folder, re-exports its public
//! types, and supplies the facts the runtime reads from the crate ([`DEFAULT_BASE_URL`], and
//! `credentials::SCHEMES` and `credentials::SECURITY`), here those of an API that takes its
//! key in an `x-api-key` header.
//!
//! ```
//! use heron_runtime::{File, Timestamp};
//!
//! // A timestamp without an offset, as the Heron API sends them, is read as UTC.
//! let at: Timestamp = "2026-07-03 12:24:30.665078".parse()?;
//! assert_eq!(at.to_string(), "2026-07-03T12:24:30.665078Z");
//!
//! // What a multipart part needs besides its bytes; `Debug` prints the size, not them.
//! let statement = File::new(b"%PDF-1.7".to_vec()).with_file_name("statement.pdf");
//! assert!(format!("{statement:?}").contains("<8 bytes>"));
//! # Ok::<(), heron_runtime::ParseTimestampError>(())
//! ```

#[cfg(feature = "client")]
mod credentials;
mod runtime;
// The tests exercise the client as well as the models' pieces.
#[cfg(all(test, feature = "client"))]
mod tests;
#[cfg(feature = "webhooks")]
pub mod webhooks;

#[cfg(feature = "client")]
pub use runtime::{
    ApiError, Attempt, BoxError, Call, Client, ClientBuilder, ClientCredentials, Credentials,
    DeclaredErrors, DecodeError, Download, Error, Hook, HookError, Items, Pages, Response,
    TokenError, TokenProvider, TokenRequest, Tokens,
};
pub use runtime::{File, ParseTimestampError, Timestamp};

/// Typed mocks of the API for tests of code that calls it (the `mock` feature).
#[cfg(feature = "mock")]
pub mod mock {
    pub use crate::runtime::{Expectation, MockBuilder, MockServer, Mocked, One, Sequence};
}

/// The server a [`Client`] talks to unless told otherwise.
pub const DEFAULT_BASE_URL: &str = "http://localhost";
