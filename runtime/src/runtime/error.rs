use reqwest::header::HeaderMap;
use reqwest::StatusCode;

/// Everything that can go wrong with a call.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a status outside 2xx.
    #[error("server answered {}: {}", .0.status, .0.body)]
    Api(Box<ApiError>),
    /// A 2xx body did not match the expected type.
    #[error("could not decode the {} response at `{}`: {}", .0.status, .0.path, .0.message)]
    Decode(Box<DecodeError>),
    /// The attempt took longer than the configured timeout.
    #[error("the request timed out")]
    Timeout,
    /// Connecting, sending or receiving failed.
    #[error("transport error: {0}")]
    Transport(#[source] reqwest::Error),
    /// A path parameter could not be sent as one path segment.
    #[error("path parameter `{name}` {reason}")]
    InvalidPathParameter {
        name: &'static str,
        reason: &'static str,
    },
    /// A header value (a credential, the user agent, a header parameter) is not valid in
    /// HTTP.
    #[error("{0} is not a valid HTTP header value")]
    InvalidHeader(String),
    /// The base URL, or a URL built from it, does not parse.
    #[error("invalid URL: {0}")]
    InvalidUrl(String),
    /// A request body or parameter could not be encoded.
    #[error("could not encode the request: {0}")]
    Encode(String),
    /// A [`Hook`](super::Hook) refused the request; nothing was sent.
    #[error("a hook refused the request: {0}")]
    Hook(#[source] super::HookError),
    /// The operation needs credentials the client (or the call) does not have; nothing
    /// was sent. `needs` names the setters of the credentials that would do, e.g.
    /// "`api_key`, or `client_id` and `secret`".
    #[error("`{operation}` needs credentials that are not set: {needs}")]
    MissingCredentials {
        operation: &'static str,
        needs: String,
    },
    /// A credential cannot be sent as its scheme says (the message names its setter,
    /// never its value).
    #[error("{0}")]
    InvalidCredentials(String),
    /// No OAuth2 or OpenID Connect token could be had: the token endpoint refused or
    /// failed, or the caller's provider did.
    #[error(transparent)]
    Token(Box<super::tokens::TokenError>),
    /// Reading or writing a file failed: a download written to disk, a file uploaded from
    /// a path or a stream.
    #[error("file error: {0}")]
    Io(#[source] std::io::Error),
    /// A paginated stream stopped: the next page would be on another server (where the
    /// API key must not go), or the pages went round in a loop.
    #[error("pagination stopped: {0}")]
    Pagination(String),
}

/// A non-2xx response: its status, headers and the body as text.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl ApiError {
    /// The body decoded as JSON, e.g. into the error schema the spec declares.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(&self.body)
    }
}

/// A successful response whose body is not what the spec promised.
#[derive(Debug)]
pub struct DecodeError {
    pub status: StatusCode,
    /// Where in the body decoding failed, e.g. `integration_link.status`.
    pub path: String,
    pub message: String,
    /// The body as received (lossily converted to UTF-8).
    pub body: String,
}

impl Error {
    /// A reqwest error as the caller sees it. reqwest's errors name the URL; where the API
    /// takes a credential in the query, they do not.
    pub(crate) fn from_transport(err: reqwest::Error) -> Error {
        if err.is_timeout() {
            Error::Timeout
        } else if super::security::credentials_in_query() {
            Error::Transport(err.without_url())
        } else {
            Error::Transport(err)
        }
    }

    /// A short name of the variant, for spans: unlike the messages, never quotes a body.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Error::Api(_) => "api",
            Error::Decode(_) => "decode",
            Error::Timeout => "timeout",
            Error::Transport(_) => "transport",
            Error::InvalidPathParameter { .. } => "invalid_path_parameter",
            Error::InvalidHeader(_) => "invalid_header",
            Error::InvalidUrl(_) => "invalid_url",
            Error::Encode(_) => "encode",
            Error::Hook(_) => "hook",
            Error::Pagination(_) => "pagination",
            Error::MissingCredentials { .. } => "missing_credentials",
            Error::InvalidCredentials(_) => "invalid_credentials",
            Error::Token(_) => "token",
            Error::Io(_) => "io",
        }
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(err) => Some(err.status),
            Error::Decode(err) => Some(err.status),
            Error::Transport(err) => err.status(),
            _ => None,
        }
    }
}
