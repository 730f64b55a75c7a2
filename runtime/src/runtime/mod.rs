//! The runtime: what every generated client needs besides its models and operations (the
//! client and its builder, sending with retries, errors, timestamps, files, wire encoding).
//!
//! This folder is copied unchanged into every generated crate as its `src/runtime/`, and
//! is compiled, linted and tested on its own as the `heron-runtime` crate. Its files name
//! each other with `super::` paths, and read exactly two facts of the API from the root of
//! the crate they are part of:
//! - `crate::DEFAULT_BASE_URL` (`&str`): the server a client talks to unless told otherwise;
//! - `crate::AUTH` ([`Auth`]): how the API key travels.
//!
//! A generated crate's `lib.rs` defines both from the spec; `heron-runtime`'s `lib.rs`
//! defines its own. Doc examples have to name a crate, so they live in those roots too,
//! never in this folder. The User-Agent names the crate being compiled through
//! `CARGO_PKG_NAME`, which needs nothing from the root.

pub(crate) mod client;
pub(crate) mod codec;
pub(crate) mod error;
pub(crate) mod file;
pub(crate) mod hook;
pub(crate) mod lenient;
pub(crate) mod multipart;
pub(crate) mod object;
pub(crate) mod options;
pub(crate) mod paging;
pub(crate) mod request;
pub(crate) mod retry;
pub(crate) mod timestamp;
pub(crate) mod trace;

pub(crate) use client::Auth;
pub use client::{Client, ClientBuilder};
pub use error::{ApiError, DecodeError, Error};
pub use file::File;
pub use hook::{Attempt, Hook, HookError};
#[allow(unused_imports)] // the crate root exports them only where operations are paginated
pub use paging::{Items, Pages};
pub use request::{Call, Response};
pub use timestamp::{ParseTimestampError, Timestamp};
