//! Typed errors per operation: [`Call::typed_errors`] sorts a failed call into the
//! operation's own error enum (`operations::<Operation>Error`, generated), whose variants
//! are the error responses the spec declares, each with its body decoded, plus
//! `Undeclared` (any other answer outside 2xx, whole) and `Failed` (no answer to sort).
//!
//! `.await` on a call still gives [`Error`]: the typed form is asked for, so no caller of
//! the plain form changes, and an ordinary call pays nothing for it (the sorting runs
//! only on a failure, after the call's future is done). The generated `From<Error>` of
//! each enum does the sorting with the functions below, so that the code each operation
//! adds is one `match` on the status.

use std::future::{Future, IntoFuture};

use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use super::error::ApiError;
use super::request::{Call, Response};
use super::{wire, Error};

/// An operation whose failures can be sorted into its own error enum: the generated
/// marker type of every operation (`operations::CreateItem`) implements it.
pub trait DeclaredErrors {
    /// The operation's error enum (`operations::CreateItemError`).
    type Error: From<Error> + Send;
}

impl<'a, T: Send + 'a, Op: DeclaredErrors + 'a> Call<'a, T, Op> {
    /// Sends the call, like `.await`, but fails with the operation's own error enum: a
    /// variant per error response the spec declares (`Status404`, `Status4xx`,
    /// `Default`), holding the status, the headers and the body decoded into its schema
    /// (the text, when the spec gives no JSON schema); `Undeclared` for any other answer
    /// outside 2xx, whole; `Failed` when there was no answer to sort (transport, timeout,
    /// a body that does not match its schema).
    ///
    /// A code (`404`) is matched before a range (`4XX`), and a range before `default`.
    pub fn typed_errors(self) -> impl Future<Output = Result<T, Op::Error>> + Send + 'a {
        let call = self.into_future();
        async move { call.await.map_err(Op::Error::from) }
    }
}

/// Sorts `error`: an answer outside 2xx goes to `answered` (the generated `match` on its
/// status), anything else to `failed`.
#[allow(dead_code)] // used by every generated error enum; heron-runtime itself has none
pub(crate) fn sort<E>(
    error: Error,
    failed: fn(Error) -> E,
    answered: impl FnOnce(Box<ApiError>) -> E,
) -> E {
    match error {
        Error::Api(answer) => answered(answer),
        other => failed(other),
    }
}

/// A declared answer whose body is JSON: decoded into `B`, or, when it does not match,
/// the decode error (naming the JSON path of the bad value), sorted as a failure.
#[allow(dead_code)] // used only where the spec declares an error body schema
pub(crate) fn json<B: DeserializeOwned, E: From<Error>>(
    answer: ApiError,
    variant: fn(Box<Response<B>>) -> E,
) -> E {
    let ApiError {
        status,
        headers,
        body,
    } = answer;
    match wire::decode_json(status, body.as_bytes()) {
        Ok(body) => variant(Box::new(Response {
            status,
            headers,
            body,
        })),
        Err(error) => E::from(error),
    }
}

/// A declared answer without a JSON schema: its body as text.
#[allow(dead_code)] // used only where the spec declares an error without a body schema
pub(crate) fn text<E>(answer: ApiError, variant: fn(Box<Response<String>>) -> E) -> E {
    let ApiError {
        status,
        headers,
        body,
    } = answer;
    variant(Box::new(Response {
        status,
        headers,
        body,
    }))
}

/// How an error enum prints an answer: its status, as `Error::Api` prints one, without
/// the body (a decoded body is the caller's to show).
#[allow(dead_code)] // used by every generated error enum; heron-runtime itself has none
pub(crate) fn describe(
    f: &mut std::fmt::Formatter<'_>,
    status: Option<StatusCode>,
) -> std::fmt::Result {
    match status {
        Some(status) => write!(f, "server answered {status}"),
        None => f.write_str("server answered"),
    }
}
