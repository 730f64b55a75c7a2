//! Describing one call ([`Request`], built by the generated operations) and sending it
//! ([`Call`], which the caller awaits).

use std::borrow::Cow;
use std::fmt::{self, Display};
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;
use std::time::Instant;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};

use super::multipart::Multipart;
use super::options::CallOptions;
use super::security::Requirement;
use super::upload::Payload;
use super::{trace, wire, Client, Error};

/// One call as the generated operations describe it. Building never fails: the first
/// problem (a path parameter that cannot be a segment, a body that cannot be encoded) is
/// kept and reported when the call is sent, so operations stay one expression long.
pub(crate) struct Request {
    /// The operation's method name on the client, for spans and hooks.
    pub(crate) operation: &'static str,
    pub(crate) method: Method,
    /// Already percent-encoded.
    pub(crate) path: String,
    /// The path as the spec writes it, `{name}` for each parameter: what spans and hooks
    /// see, since the filled-in values (ids) may identify people. A literal of the
    /// generated operation: building it again for each call, part by part, cost the
    /// seed's operation 670 of its 2,780 instructions for describing the call (valgrind's
    /// callgrind on `generated-client/examples/overhead.rs` with `ONLY=generated`, the
    /// count for 2,000 calls minus that for 1,000).
    pub(crate) template: &'static str,
    /// `name=value` pairs, already percent-encoded.
    pub(crate) query: Vec<String>,
    pub(crate) headers: Vec<(&'static str, String)>,
    /// `Content-Type` and the body: encoded (shared, not copied, by every attempt), or
    /// read while sent (`upload.rs`).
    pub(crate) body: Option<(Cow<'static, str>, Payload)>,
    /// The credentials the operation needs: the API's (`crate::credentials::SECURITY`)
    /// unless it says otherwise.
    pub(crate) security: Requirement,
    pub(crate) error: Option<Error>,
    /// Boxed and absent until a call sets one: few calls do, and every call's future
    /// holds the request (see `Call::future` for why its size matters).
    options: Option<Box<CallOptions>>,
}

impl Request {
    #[allow(dead_code)] // used by every generated operation; heron-runtime itself has none
    pub(crate) fn new(operation: &'static str, method: Method, template: &'static str) -> Request {
        Request {
            operation,
            method,
            // Room for ids longer than their placeholders (a UUID has 36 characters,
            // `{end_user_id}` 13): growing the string would `realloc`, which takes a lock
            // shared by every thread (see `wire::url`).
            path: String::with_capacity(template.len() + 32),
            template,
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            security: crate::credentials::SECURITY,
            error: None,
            options: None,
        }
    }

    /// Appends a literal part of the path template.
    #[allow(dead_code)] // used by every generated operation; heron-runtime itself has none
    pub(crate) fn path(mut self, literal: &'static str) -> Request {
        self.path.push_str(literal);
        self
    }

    /// Appends a path parameter as one percent-encoded segment.
    #[allow(dead_code)] // used only where the spec has path parameters
    pub(crate) fn path_param(mut self, name: &'static str, value: impl Display) -> Request {
        if let Err(error) = wire::push_path_segment(&mut self.path, name, &value.to_string()) {
            self.fail(error);
        }
        self
    }

    /// For operations whose `security` is not the API's.
    #[allow(dead_code)] // used only where the spec has such operations
    pub(crate) fn security(mut self, requirement: Requirement) -> Request {
        self.security = requirement;
        self
    }

    #[allow(dead_code)] // used only where the spec has required query parameters
    pub(crate) fn query(mut self, name: &'static str, value: impl Display) -> Request {
        self.push_query(name, value);
        self
    }

    fn push_query(&mut self, name: &'static str, value: impl Display) {
        self.query.push(format!(
            "{}={}",
            wire::encode(name),
            wire::encode(&value.to_string())
        ));
    }

    /// An array parameter: `explode` repeats the name (`a=1&a=2`), otherwise the values
    /// are joined with commas (`a=1,2`), as OpenAPI's `form` style says. The joining
    /// commas stay literal; commas inside values are encoded.
    #[allow(dead_code)] // used only where the spec has array query parameters
    pub(crate) fn query_list<T: Display>(
        mut self,
        name: &'static str,
        values: &[T],
        explode: bool,
    ) -> Request {
        if explode {
            return values
                .iter()
                .fold(self, |request, value| request.query(name, value));
        }
        if !values.is_empty() {
            let joined: Vec<String> = values
                .iter()
                .map(|value| wire::encode(&value.to_string()))
                .collect();
            self.query
                .push(format!("{}={}", wire::encode(name), joined.join(",")));
        }
        self
    }

    #[allow(dead_code)] // used only where the spec has required header parameters
    pub(crate) fn header(mut self, name: &'static str, value: impl Display) -> Request {
        self.headers.push((name, value.to_string()));
        self
    }

    /// An object parameter in `deepObject` style: `name[key]=value` for each property,
    /// nested objects as `name[key][inner]=value`, arrays repeating their key.
    #[allow(dead_code)] // used only where the spec has deepObject parameters
    pub(crate) fn query_deep_object<T: serde::Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &T,
    ) -> Request {
        match serde_json::to_value(value) {
            Ok(value) => push_deep_object(&mut self.query, name.to_owned(), &value),
            Err(error) => self.fail(Error::Encode(error.to_string())),
        }
        self
    }

    #[allow(dead_code)] // used only where the spec has JSON request bodies
    pub(crate) fn json<T: serde::Serialize + ?Sized>(self, body: &T) -> Request {
        let encoded = serde_json::to_vec(body).map_err(|error| error.to_string());
        self.body(Cow::Borrowed("application/json"), encoded)
    }

    /// An `application/x-www-form-urlencoded` body: each property as `name=value`, an
    /// array as its name repeated for each item (OpenAPI's default for form bodies, `style:
    /// form` exploded), an object's properties as `name[key]=value`; nulls are left out.
    #[allow(dead_code)] // used only where the spec has form-encoded request bodies
    pub(crate) fn form<T: serde::Serialize + ?Sized>(self, body: &T) -> Request {
        let encoded = match serde_json::to_value(body) {
            Ok(serde_json::Value::Object(fields)) => {
                let mut pairs = Vec::new();
                for (name, value) in &fields {
                    flatten(&mut pairs, name.clone(), value);
                }
                serde_urlencoded::to_string(pairs)
                    .map(String::into_bytes)
                    .map_err(|error| error.to_string())
            }
            Ok(_) => Err("a form body must be an object".to_owned()),
            Err(error) => Err(error.to_string()),
        };
        self.body(Cow::Borrowed("application/x-www-form-urlencoded"), encoded)
    }

    #[allow(dead_code)] // used only where the spec has multipart request bodies
    pub(crate) fn multipart(mut self, form: Multipart) -> Request {
        let (content_type, payload) = form.finish();
        self.body = Some((Cow::Owned(content_type), payload));
        self
    }

    /// A body sent as it is (`application/octet-stream`, images, XML, plain text).
    #[allow(dead_code)] // used only where the spec has raw request bodies
    pub(crate) fn raw(self, content_type: &'static str, body: &[u8]) -> Request {
        self.body(Cow::Borrowed(content_type), Ok(body.to_vec()))
    }

    fn body(
        mut self,
        content_type: Cow<'static, str>,
        encoded: Result<Vec<u8>, String>,
    ) -> Request {
        match encoded {
            Ok(bytes) => self.body = Some((content_type, Payload::Bytes(Bytes::from(bytes)))),
            Err(message) => self.fail(Error::Encode(message)),
        }
        self
    }

    #[allow(dead_code)] // used only where the spec has optional JSON request bodies
    pub(crate) fn json_opt<T: serde::Serialize + ?Sized>(self, body: Option<&T>) -> Request {
        match body {
            Some(body) => self.json(body),
            None => self,
        }
    }

    #[allow(dead_code)] // used only where the spec has optional form-encoded request bodies
    pub(crate) fn form_opt<T: serde::Serialize + ?Sized>(self, body: Option<&T>) -> Request {
        match body {
            Some(body) => self.form(body),
            None => self,
        }
    }

    pub(crate) fn options(&self) -> &CallOptions {
        self.options.as_deref().unwrap_or(CallOptions::NONE)
    }

    pub(crate) fn options_mut(&mut self) -> &mut CallOptions {
        self.options.get_or_insert_with(Box::default)
    }

    /// Removes what an earlier setting of the optional parameter `name` added, so that
    /// the last setting wins.
    pub(crate) fn forget_param(&mut self, name: &'static str) {
        let key = wire::encode(name);
        let deep_object_key = format!("{key}%5B");
        self.query.retain(|pair| {
            let pair_key = pair.split_once('=').map_or(pair.as_str(), |(key, _)| key);
            pair_key != key && !pair_key.starts_with(&deep_object_key)
        });
        self.headers.retain(|(header, _)| *header != name);
    }

    /// Sets the query parameter `name` to `value`, replacing earlier values (the next page).
    pub(crate) fn replace_query(&mut self, name: &'static str, value: impl Display) {
        let key = wire::encode(name);
        self.query
            .retain(|pair| pair.split_once('=').map_or(pair.as_str(), |(k, _)| k) != key);
        self.push_query(name, value);
    }

    pub(crate) fn fail(&mut self, error: Error) {
        self.error.get_or_insert(error);
    }
}

/// One API call, ready to send: what every operation method returns.
///
/// `.await` it for the decoded body, or await [`Call::with_response`] to get the status
/// and headers as well. Nothing is sent until then.
///
/// `Op` tells one operation's calls from another's: the generated `with_` methods that set
/// an operation's optional parameters are defined for its marker type alone.
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<'a, T, Op = ()> {
    client: &'a Client,
    request: Request,
    decode: Decode<T>,
    /// How `decode` reads a body, for a mock answering the call (`mock.rs`); not part of
    /// the call's future.
    answer: Answer,
    operation: PhantomData<fn() -> Op>,
}

/// What a 2xx body of a call is: JSON, bytes (a download), text, or nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Answer {
    Json,
    Bytes,
    Text,
    Empty,
}

impl<'a, T, Op> Call<'a, T, Op> {
    pub(crate) fn new(
        client: &'a Client,
        request: Request,
        decode: Decode<T>,
        answer: Answer,
    ) -> Self {
        Call {
            client,
            request,
            decode,
            answer,
            operation: PhantomData,
        }
    }

    /// What its 2xx body is.
    #[allow(dead_code)] // used by the mocks (the `mock` feature)
    pub(crate) fn answer(&self) -> Answer {
        self.answer
    }

    /// Sets the optional parameter `name` with `add`, replacing an earlier value.
    #[allow(dead_code)] // used only where the spec has optional parameters
    pub(crate) fn param(
        mut self,
        name: &'static str,
        add: impl FnOnce(Request) -> Request,
    ) -> Self {
        self.request.forget_param(name);
        self.request = add(self.request);
        self
    }

    /// The request, for the per-call options (`options.rs`).
    pub(crate) fn request_mut(&mut self) -> &mut Request {
        &mut self.request
    }

    /// Sends the call and returns the decoded body with the response's status and headers.
    pub fn with_response(
        self,
    ) -> impl Future<Output = Result<Response<T>, Error>> + use<'a, T, Op> {
        self.future(|response| response)
    }

    /// The future of the whole call, keeping what `keep` takes of the response.
    ///
    /// Its size matters: `.await` on a call boxes it (`IntoFuture` needs a type to name),
    /// and glibc's allocator serves blocks of up to 1,032 bytes from a cache of the thread's
    /// own but takes a lock shared by all threads for larger ones. At 2,576 bytes, with
    /// tokio's workers freeing each other's blocks, waiting on that lock made the generated
    /// call 1.16x the time of the same call by hand, 64 in flight (`cargo xtask bench
    /// overhead`). It is 896 bytes now (`tests/request.rs` fails past 1,032) because:
    /// - the call is taken apart here, before the future exists, so the future holds the
    ///   request once (an `async fn` taking `self` holds it as its argument and again as
    ///   the part it moved out);
    /// - an attempt is prepared by a plain function (`Client::outgoing`), so only
    ///   reqwest's boxed future is held while waiting;
    /// - the body is read chunk by chunk (`wire::read_body`), not with `Response::bytes`;
    /// - reading an error's body is boxed, and the per-call options are boxed and absent
    ///   until set.
    fn future<U>(
        self,
        keep: fn(Response<T>) -> U,
    ) -> impl Future<Output = Result<U, Error>> + use<'a, T, Op, U> {
        let Call {
            client,
            mut request,
            decode,
            answer: _,
            operation: _,
        } = self;
        async move { exchange(client, &mut request, decode).await.map(keep) }
    }

    /// The parts, for pagination (`paging.rs`), which sends the request once per page.
    pub(crate) fn into_parts(self) -> (&'a Client, Request, Decode<T>) {
        (self.client, self.request, self.decode)
    }
}

/// How a call reads a 2xx body.
pub(crate) type Decode<T> = fn(StatusCode, &[u8]) -> Result<T, Error>;

/// Sends `request` through the client (retries, timeout, auth, hooks) and decodes the
/// answer with `decode`: one call, or one page of a paginated one. The whole exchange,
/// decoding included, runs in a `tracing` span (`trace.rs`).
pub(crate) async fn exchange<U>(
    client: &Client,
    request: &mut Request,
    decode: impl FnOnce(StatusCode, &[u8]) -> Result<U, Error>,
) -> Result<Response<U>, Error> {
    let span = trace::call_span(request);
    let started = Instant::now();
    // Written in place rather than bound to a name first: a future moved out of a local
    // still takes room in the state of the function awaiting it.
    let result = tracing::Instrument::instrument(
        async {
            if let Some(error) = request.error.take() {
                return Err(error);
            }
            let mut response = client.send(request, &span).await?;
            let status = response.status();
            let headers = std::mem::take(response.headers_mut());
            let bytes = wire::read_body(&mut response).await?;
            let body = decode(status, &bytes)?;
            Ok(Response {
                status,
                headers,
                body,
            })
        },
        span.clone(),
    )
    .await;
    trace::finish(&span, started, result.as_ref().err());
    result
}

/// Sends `request` through the client, for a caller that reads the body itself
/// (`download.rs`). The first problem found while building the request fails it unsent.
pub(crate) async fn send(
    client: &Client,
    request: &mut Request,
    span: &tracing::Span,
) -> Result<reqwest::Response, Error> {
    if let Some(error) = request.error.take() {
        return Err(error);
    }
    client.send(request, span).await
}

impl<'a, T: Send + 'a, Op: 'a> IntoFuture for Call<'a, T, Op> {
    type Output = Result<T, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<T, Error>> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.future(Response::into_body))
    }
}

impl<T, Op> fmt::Debug for Call<'_, T, Op> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("method", &self.request.method)
            .field("path", &self.request.path)
            .finish_non_exhaustive()
    }
}

/// A decoded body together with the status and headers it came with.
#[derive(Clone, Debug)]
pub struct Response<T> {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: T,
}

impl<T> Response<T> {
    pub fn into_body(self) -> T {
        self.body
    }
}

/// Appends encoded `prefix=value` pairs for `value`, as [`flatten`] names them.
fn push_deep_object(query: &mut Vec<String>, prefix: String, value: &serde_json::Value) {
    let mut pairs = Vec::new();
    flatten(&mut pairs, prefix, value);
    query.extend(
        pairs
            .iter()
            .map(|(name, text)| format!("{}={}", wire::encode(name), wire::encode(text))),
    );
}

/// `(name, text)` pairs for `value` under `prefix`: objects descend as `prefix[key]`,
/// arrays repeat `prefix` for each item, nulls are left out.
fn flatten(pairs: &mut Vec<(String, String)>, prefix: String, value: &serde_json::Value) {
    match value {
        serde_json::Value::Null => {}
        serde_json::Value::Object(fields) => {
            for (key, value) in fields {
                flatten(pairs, format!("{prefix}[{key}]"), value);
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                flatten(pairs, prefix.clone(), item);
            }
        }
        serde_json::Value::String(text) => pairs.push((prefix, text.clone())),
        other => pairs.push((prefix, other.to_string())),
    }
}
