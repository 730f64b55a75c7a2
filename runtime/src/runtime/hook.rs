//! Hooks: the caller's own code around every attempt (add a header, record a metric, put in
//! a freshly refreshed token, refuse a request).
//!
//! A trait of the runtime's own rather than `reqwest-middleware`: that crate wraps
//! `reqwest::Client` in a client type of its own (so `http_client` would change type), pins
//! the reqwest minor it was built for (generated crates would move in step with it) and
//! brings `async-trait` and `anyhow`. The hooks are synchronous on purpose: an attempt costs
//! no allocation for a boxed future, and the trait stays object-safe without a macro.
//! Credentials that need an async refresh are refreshed by the application (a background
//! task writing into an `Arc<RwLock<_>>`) and read by the hook.

use std::fmt;

use reqwest::Method;

/// Called around every attempt of every call, in the order the hooks were added with
/// `ClientBuilder::hook`.
pub trait Hook: Send + Sync + 'static {
    /// Runs just before an attempt is sent, with the request as it will go out (the API
    /// key already in place). An error fails the call with `Error::Hook`, unsent and not
    /// retried.
    fn before_attempt(
        &self,
        attempt: &Attempt<'_>,
        request: &mut reqwest::Request,
    ) -> Result<(), HookError> {
        let _ = (attempt, request);
        Ok(())
    }

    /// Runs when an attempt is over: the response (whose body is not read yet) or the
    /// transport error. Runs for attempts that will be retried too.
    fn after_attempt(
        &self,
        attempt: &Attempt<'_>,
        outcome: Result<&reqwest::Response, &reqwest::Error>,
    ) {
        let _ = (attempt, outcome);
    }
}

/// Which attempt of which call a hook is looking at.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct Attempt<'a> {
    /// The operation's method name on the client, e.g. `list_end_users`.
    pub operation: &'static str,
    pub method: &'a Method,
    /// The path as the spec writes it (`/api/end_users/{end_user_id}`), never with the
    /// values filled in.
    pub path_template: &'a str,
    /// 1 for the first attempt, 2 for the first retry, ...
    pub number: u32,
}

/// Why a hook refused a request: any error, kept as the source of `Error::Hook`.
pub type HookError = Box<dyn std::error::Error + Send + Sync>;

/// The hooks of a client, printed by count only (they may hold credentials).
#[derive(Clone, Default)]
pub(crate) struct Hooks(pub(crate) Vec<std::sync::Arc<dyn Hook>>);

impl fmt::Debug for Hooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{} hooks>", self.0.len())
    }
}
