//! Credentials as `spec.yaml` declares them, checked on the wire: each operation's exact
//! headers, query and cookies against a loopback server, for every scheme kind, sets of
//! schemes sent together, alternatives, optional credentials, missing ones (nothing sent),
//! credentials per call, and OAuth2 tokens (fetched, cached per scopes, refreshed once for
//! many calls in flight, refreshed on a 401, refused by the token endpoint).

#[path = "../../generated-client/tests/support/mod.rs"]
mod support;

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use auth_client::{
    BoxError, Client, ClientBuilder, ClientCredentials, Credentials, Error, TokenError,
    TokenProvider, TokenRequest, Tokens,
};
use support::{Recorded, Reply, TestServer};

const OK: &str = r#"{"ok": true}"#;

/// `user:pass` in base64, as HTTP basic sends it.
const USER_PASS: &str = "Basic dXNlcjpwYXNz";

fn builder(server: &TestServer) -> ClientBuilder {
    Client::builder().base_url(&server.base_url).max_retries(0)
}

/// A client with a credential for every scheme that takes a plain value.
fn every_value(server: &TestServer) -> Client {
    builder(server)
        .header_key("hk")
        .query_key("qk")
        .session_cookie("sc")
        .tenant_cookie("tc")
        .basic_auth("user", "pass")
        .bearer_token("bt")
        .signature_token("st")
        .build()
        .expect("client")
}

/// What each request carried of credentials: its target, then each credential header.
fn sent(server: &TestServer) -> Vec<String> {
    server
        .requests()
        .iter()
        .map(|request| {
            let mut line = request.target.clone();
            for name in ["x-api-key", "authorization", "cookie"] {
                if let Some(value) = request.header(name) {
                    line.push_str(&format!(" | {name}: {value}"));
                }
            }
            line
        })
        .collect()
}

#[tokio::test]
async fn each_scheme_sends_its_credential_where_the_spec_says_and_nothing_else() {
    let server = TestServer::start(|_, _| Reply::json(200, OK)).await;
    let client = every_value(&server);
    client.header_key().await.expect("header key");
    client.query_key().with_limit(5).await.expect("query key");
    client.cookie_key().await.expect("cookie");
    client.basic().await.expect("basic");
    client.bearer().await.expect("bearer");
    client.other_token().await.expect("other token");
    client.open().await.expect("open");
    assert_eq!(
        sent(&server),
        [
            "/header-key | x-api-key: hk".to_owned(),
            "/query-key?limit=5&api_key=qk".to_owned(),
            "/cookie-key | cookie: session=sc".to_owned(),
            format!("/basic | authorization: {USER_PASS}"),
            "/bearer | authorization: Bearer bt".to_owned(),
            "/other-token | authorization: Signature st".to_owned(),
            "/open".to_owned(),
        ]
    );
}

#[tokio::test]
async fn a_set_of_schemes_is_sent_together_headers_query_and_cookies() {
    let server = TestServer::start(|_, _| Reply::json(200, OK)).await;
    every_value(&server).all_together().await.expect("call");
    assert_eq!(
        sent(&server),
        ["/all-together?api_key=qk | x-api-key: hk | cookie: session=sc; tenant=tc"]
    );
}

#[tokio::test]
async fn alternatives_use_the_first_the_client_can_satisfy() {
    let server = TestServer::start(|_, _| Reply::json(200, OK)).await;
    // Both alternatives can be satisfied: the first (bearer) alone is sent.
    every_value(&server).either().await.expect("both");
    // Only the second: the key and basic together.
    let key_and_basic = builder(&server)
        .header_key("hk")
        .basic_auth("user", "pass")
        .build()
        .expect("client");
    key_and_basic.either().await.expect("second");
    assert_eq!(
        sent(&server),
        [
            "/either | authorization: Bearer bt".to_owned(),
            format!("/either | x-api-key: hk | authorization: {USER_PASS}"),
        ]
    );

    // Half of the second alternative satisfies nothing: the call fails unsent.
    let half = builder(&server).header_key("hk").build().expect("client");
    let error = half.either().await.expect_err("half an alternative");
    match &error {
        Error::MissingCredentials { operation, needs } => {
            assert_eq!(*operation, "either");
            assert_eq!(needs, "`bearer_token`, or `basic_auth` and `header_key`");
        }
        other => panic!("expected missing credentials, got {other:?}"),
    }
    assert_eq!(server.requests().len(), 2, "nothing more was sent");
}

#[tokio::test]
async fn optional_credentials_are_sent_when_the_client_has_them() {
    let server = TestServer::start(|_, _| Reply::json(200, OK)).await;
    let anonymous = builder(&server).build().expect("client");
    anonymous.optional().await.expect("anonymous");
    every_value(&server).optional().await.expect("with a token");
    assert_eq!(
        sent(&server),
        ["/optional", "/optional | authorization: Bearer bt"]
    );
}

#[tokio::test]
async fn a_call_without_the_credentials_it_needs_fails_before_anything_is_sent() {
    let server = TestServer::start(|_, _| Reply::json(200, OK)).await;
    let client = builder(&server).bearer_token("bt").build().expect("client");
    for (call, operation, needs) in [
        (
            client.header_key().await.err(),
            "header_key",
            "`header_key`",
        ),
        (client.query_key().await.err(), "query_key", "`query_key`"),
        (
            client.all_together().await.err(),
            "all_together",
            "`header_key` and `query_key` and `session_cookie` and `tenant_cookie`",
        ),
    ] {
        match call {
            Some(Error::MissingCredentials {
                operation: got,
                needs: what,
            }) => assert_eq!((got, what.as_str()), (operation, needs)),
            other => panic!("{operation}: expected missing credentials, got {other:?}"),
        }
    }
    assert!(server.requests().is_empty(), "{:?}", server.requests());
}

#[tokio::test]
async fn credentials_per_call_replace_the_clients_for_that_call() {
    let server = TestServer::start(|_, _| Reply::json(200, OK)).await;
    let client = builder(&server).header_key("mine").build().expect("client");
    let tenant = Credentials::new().header_key("tenant-7");
    client
        .header_key()
        .credentials(&tenant)
        .await
        .expect("per call");
    client.header_key().await.expect("the client's");
    // Per-call credentials replace the client's whole set: none of its own remain.
    let error = client
        .header_key()
        .credentials(&Credentials::new().bearer_token("bt"))
        .await
        .expect_err("no header key in these credentials");
    assert!(
        matches!(error, Error::MissingCredentials { .. }),
        "{error:?}"
    );
    let keys: Vec<Option<String>> = server
        .requests()
        .iter()
        .map(|r| r.header("x-api-key").map(str::to_owned))
        .collect();
    assert_eq!(keys, [Some("tenant-7".to_owned()), Some("mine".to_owned())]);
}

#[tokio::test]
async fn credentials_that_cannot_be_sent_fail_the_build_or_the_call_unsent() {
    let invalid_header = Client::builder().header_key("line\nbreak").build();
    assert!(
        matches!(&invalid_header, Err(Error::InvalidHeader(what)) if what == "the `header_key` credential"),
        "{invalid_header:?}"
    );
    let invalid_cookie = Client::builder().session_cookie("a; b=c").build();
    assert!(
        matches!(&invalid_cookie, Err(Error::InvalidCredentials(message)) if message == "the `session_cookie` credential cannot be sent in a cookie"),
        "{invalid_cookie:?}"
    );
    // `UserLogin` declares no client credentials flow: there is nowhere to fetch from.
    let no_token_url = Client::builder()
        .user_login(ClientCredentials::new("id", "secret"))
        .build();
    assert!(
        matches!(&no_token_url, Err(Error::InvalidCredentials(message)) if message.contains("needs a token URL")),
        "{no_token_url:?}"
    );
    let server = TestServer::start(|_, _| Reply::json(200, OK)).await;
    let client = builder(&server).build().expect("client");
    let error = client
        .header_key()
        .credentials(&Credentials::new().header_key("bad\u{7f}"))
        .await
        .expect_err("invalid per-call credential");
    assert!(matches!(error, Error::InvalidHeader(_)), "{error:?}");
    assert!(server.requests().is_empty());
}

/// A token endpoint at `/oauth/token` (the spec's relative `tokenUrl`) that hands out
/// `token-1`, `token-2`, ... with the given lifetime, and an API that answers 401 to the
/// tokens in `refused`.
struct OAuthServer {
    server: TestServer,
}

impl OAuthServer {
    async fn start(expires_in: u64, refused: &'static [&'static str], delay: Duration) -> Self {
        let counter = Arc::new(AtomicUsize::new(0));
        let server = TestServer::start(move |request, _| {
            if request.target == "/oauth/token" {
                let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
                let body = format!(
                    r#"{{"access_token": "token-{n}", "token_type": "bearer", "expires_in": {expires_in}}}"#
                );
                return Reply::json(200, &body).delayed(delay);
            }
            let bearer = request.header("authorization").unwrap_or_default();
            match refused.iter().any(|token| bearer == format!("Bearer {token}")) {
                true => Reply::json(401, r#"{"error": "invalid_token"}"#),
                false => Reply::json(200, OK),
            }
        })
        .await;
        OAuthServer { server }
    }

    fn client(&self) -> Client {
        builder(&self.server)
            .service(ClientCredentials::new("app id", "s3cret:x"))
            .build()
            .expect("client")
    }

    fn token_requests(&self) -> Vec<Recorded> {
        self.server
            .requests()
            .into_iter()
            .filter(|r| r.target == "/oauth/token")
            .collect()
    }

    fn api_tokens(&self) -> Vec<String> {
        self.server
            .requests()
            .iter()
            .filter(|r| r.target != "/oauth/token")
            .map(|r| r.header("authorization").unwrap_or_default().to_owned())
            .collect()
    }
}

#[tokio::test]
async fn client_credentials_fetch_a_token_per_set_of_scopes_and_cache_it() {
    let oauth = OAuthServer::start(3600, &[], Duration::ZERO).await;
    let client = oauth.client();
    client.read_reports().await.expect("read");
    client.write_reports().await.expect("write");
    client
        .read_reports()
        .await
        .expect("read again, from the cache");
    let tokens = oauth.token_requests();
    let bodies: Vec<String> = tokens
        .iter()
        .map(|r| String::from_utf8_lossy(&r.body).into_owned())
        .collect();
    assert_eq!(
        bodies,
        [
            "grant_type=client_credentials&scope=reports%3Aread",
            "grant_type=client_credentials&scope=reports%3Aread+reports%3Awrite",
        ]
    );
    for request in &tokens {
        assert_eq!(request.method, "POST");
        assert_eq!(
            request.header("content-type"),
            Some("application/x-www-form-urlencoded")
        );
        // RFC 6749 2.3.1: id and secret form-encoded, then HTTP basic:
        // base64("app+id:s3cret%3Ax").
        assert_eq!(
            request.header("authorization"),
            Some("Basic YXBwK2lkOnMzY3JldCUzQXg=")
        );
    }
    assert_eq!(
        oauth.api_tokens(),
        ["Bearer token-1", "Bearer token-2", "Bearer token-1"]
    );
}

#[tokio::test]
async fn client_credentials_can_travel_in_the_form_body() {
    let oauth = OAuthServer::start(3600, &[], Duration::ZERO).await;
    let client = builder(&oauth.server)
        .service(
            ClientCredentials::new("app", "secret")
                .credentials_in_body()
                .scopes(["audit"]),
        )
        .build()
        .expect("client");
    client.read_reports().await.expect("read");
    let token = &oauth.token_requests()[0];
    assert_eq!(token.header("authorization"), None);
    assert_eq!(
        String::from_utf8_lossy(&token.body),
        "grant_type=client_credentials&scope=audit+reports%3Aread&client_id=app&client_secret=secret"
    );
}

#[tokio::test]
async fn two_hundred_calls_in_flight_on_an_expired_token_fetch_one_new_token() {
    // A lifetime of 1 s is refreshed after half of it; the token endpoint takes 100 ms, so
    // every call arrives while the one fetch is under way.
    let oauth = OAuthServer::start(1, &[], Duration::from_millis(100)).await;
    let client = oauth.client();
    client.read_reports().await.expect("first token");
    tokio::time::sleep(Duration::from_millis(700)).await;
    let calls = (0..200).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.read_reports().await })
    });
    for call in calls.collect::<Vec<_>>() {
        call.await.expect("task").expect("call");
    }
    assert_eq!(
        oauth.token_requests().len(),
        2,
        "one fetch, then one refresh"
    );
    let used = oauth.api_tokens();
    assert_eq!(used.len(), 201);
    assert!(
        used[1..].iter().all(|token| token == "Bearer token-2"),
        "{used:?}"
    );
}

#[tokio::test]
async fn a_401_fetches_a_fresh_token_once_and_retries_the_call() {
    let oauth = OAuthServer::start(3600, &["token-1"], Duration::ZERO).await;
    oauth
        .client()
        .read_reports()
        .await
        .expect("retried with a fresh token");
    assert_eq!(oauth.api_tokens(), ["Bearer token-1", "Bearer token-2"]);

    // A server that refuses every token: one refresh, then the 401 is the answer.
    let oauth = OAuthServer::start(3600, &["token-1", "token-2", "token-3"], Duration::ZERO).await;
    let error = oauth.client().read_reports().await.expect_err("refused");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(oauth.token_requests().len(), 2);
    assert_eq!(oauth.api_tokens(), ["Bearer token-1", "Bearer token-2"]);
}

#[tokio::test]
async fn token_endpoint_failures_are_typed_errors_and_nothing_reaches_the_api() {
    let refusing = TestServer::start(|request, _| match request.target.as_str() {
        "/oauth/token" => Reply::json(
            400,
            r#"{"error": "invalid_client", "error_description": "unknown client"}"#,
        ),
        _ => Reply::json(200, OK),
    })
    .await;
    let error = builder(&refusing)
        .service(ClientCredentials::new("id", "wrong-secret"))
        .build()
        .expect("client")
        .read_reports()
        .await
        .expect_err("refused");
    match &error {
        Error::Token(token) => match token.as_ref() {
            TokenError::Refused {
                status,
                error,
                description,
            } => {
                assert_eq!(status.as_u16(), 400);
                assert_eq!(error.as_deref(), Some("invalid_client"));
                assert_eq!(description.as_deref(), Some("unknown client"));
            }
            other => panic!("expected a refusal, got {other:?}"),
        },
        other => panic!("expected a token error, got {other:?}"),
    }
    let message = error.to_string();
    assert_eq!(
        message,
        "the token endpoint answered 400 Bad Request: invalid_client (unknown client)"
    );
    assert_eq!(refusing.requests().len(), 1, "only the token request");

    let tokenless = TestServer::start(|_, _| Reply::json(200, r#"{"token_type": "bearer"}"#)).await;
    let error = builder(&tokenless)
        .service(ClientCredentials::new("id", "secret"))
        .build()
        .expect("client")
        .read_reports()
        .await
        .expect_err("no access token");
    assert!(
        matches!(&error, Error::Token(token) if matches!(**token, TokenError::InvalidResponse(_))),
        "{error:?}"
    );

    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = closed.local_addr().expect("address").port();
    drop(closed);
    let server = TestServer::start(|_, _| Reply::json(200, OK)).await;
    let error = builder(&server)
        .service(
            ClientCredentials::new("id", "secret")
                .token_url(format!("http://127.0.0.1:{port}/token")),
        )
        .build()
        .expect("client")
        .read_reports()
        .await
        .expect_err("unreachable");
    assert!(
        matches!(&error, Error::Token(token) if matches!(**token, TokenError::Transport(_))),
        "{error:?}"
    );
    assert!(server.requests().is_empty());
}

/// A caller's token source: `user-1` first, `user-2` once the server refused a token.
#[derive(Default)]
struct Session {
    asked: std::sync::Mutex<Vec<(Vec<String>, Option<String>)>>,
}

impl TokenProvider for Session {
    fn token<'a>(
        &'a self,
        request: TokenRequest<'a>,
    ) -> Pin<Box<dyn Future<Output = Result<String, BoxError>> + Send + 'a>> {
        Box::pin(async move {
            let scopes = request.scopes.iter().map(|s| (*s).to_owned()).collect();
            let rejected = request.rejected.map(str::to_owned);
            self.asked
                .lock()
                .expect("lock")
                .push((scopes, rejected.clone()));
            Ok(match rejected {
                None => "user-1".to_owned(),
                Some(_) => "user-2".to_owned(),
            })
        })
    }
}

#[tokio::test]
async fn caller_tokens_fixed_or_from_a_provider_refreshed_on_a_401() {
    let server = TestServer::start(|request, _| match request.header("authorization") {
        Some("Bearer user-1") => Reply::json(401, "{}"),
        _ => Reply::json(200, OK),
    })
    .await;
    let session = Arc::new(Session::default());
    struct Shared(Arc<Session>);
    impl TokenProvider for Shared {
        fn token<'a>(
            &'a self,
            request: TokenRequest<'a>,
        ) -> Pin<Box<dyn Future<Output = Result<String, BoxError>> + Send + 'a>> {
            self.0.token(request)
        }
    }
    let client = builder(&server)
        .user_login(Tokens::provider(Shared(session.clone())))
        .openid_connect(Tokens::fixed("id-token"))
        .build()
        .expect("client");
    client.me().await.expect("refreshed by the provider");
    client.identity().await.expect("fixed token");
    assert_eq!(
        *session.asked.lock().expect("lock"),
        [
            (vec!["profile".to_owned()], None),
            (vec!["profile".to_owned()], Some("user-1".to_owned())),
        ]
    );
    let used: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.header("authorization").unwrap_or_default().to_owned())
        .collect();
    assert_eq!(used, ["Bearer user-1", "Bearer user-2", "Bearer id-token"]);

    // A fixed token has nothing to refresh: the 401 is the answer, after one request.
    let fixed = builder(&server)
        .user_login(Tokens::fixed("user-1"))
        .build()
        .expect("client");
    let error = fixed.me().await.expect_err("refused");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(server.requests().len(), 4);
}

#[tokio::test]
async fn no_credential_appears_in_debug_output_or_error_messages() {
    let secrets = [
        "hk-SECRET",
        "qk-SECRET",
        "sc-SECRET",
        "tc-SECRET",
        "pw-SECRET",
        "bt-SECRET",
        "cs-SECRET",
    ];
    let builder = Client::builder()
        .header_key("hk-SECRET")
        .query_key("qk-SECRET")
        .session_cookie("sc-SECRET")
        .tenant_cookie("tc-SECRET")
        .basic_auth("user", "pw-SECRET")
        .bearer_token("bt-SECRET")
        .service(ClientCredentials::new("id", "cs-SECRET"));
    let credentials = Credentials::new()
        .query_key("qk-SECRET")
        .basic_auth("user", "pw-SECRET");
    let mut printed = vec![format!("{builder:?}"), format!("{credentials:?}")];
    // Nothing listens: a transport error, whose URL would hold the query key.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = closed.local_addr().expect("address");
    drop(closed);
    let client = builder
        .base_url(format!("http://{address}"))
        .max_retries(0)
        .build()
        .expect("client");
    printed.push(format!("{client:?}"));
    let error = client.all_together().await.expect_err("nothing listens");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    printed.push(format!("{error}"));
    printed.push(format!("{error:?}"));
    for text in &printed {
        for secret in secrets {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
    assert!(printed[0].contains("<redacted>"), "{}", printed[0]);
}
