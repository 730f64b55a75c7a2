//! `Cargo.toml` and `src/lib.rs`: the crate's identity, its module tree, and the facts of
//! the spec the runtime needs (default server, how the API key travels).
//!
//! `lib.rs` is the root the runtime folder (`src/runtime/`, see `runtime.rs`) is written
//! against: it supplies `DEFAULT_BASE_URL` and `AUTH`, re-exports the runtime's public
//! types, and carries the doc examples, which must name the crate.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, runtime};
use crate::ir::{
    Api, Features, SchemeKind, TagFeature, CLIENT_FEATURE, HIDDEN_FEATURE, TYPES_FEATURE,
};
use crate::release::Version;
use crate::Package;

/// The oldest Rust the generated crates build with: the highest `rust-version` among the
/// dependencies a fresh lockfile resolves (`icu_*` 2.x, through reqwest, url and idna, need
/// 1.88; `cargo xtask publish-check` fails when a fresh resolution needs more), while
/// clippy's `incompatible_msrv` lint, which reads it, holds the crate's own code to it.
pub const RUST_VERSION: &str = "1.88";

/// `Cargo.toml` of the package `crate_name` at `version`.
pub(crate) fn manifest(api: &Api, crate_name: &str, version: Version, package: &Package) -> String {
    let description = toml_string(&format!(
        "Client for the {} (API version {})",
        api.title, api.version
    ));
    // Only a crate with webhooks gets their dependencies, and the axum glue's feature.
    let (webhook_dependencies, axum) = match &api.webhooks {
        Some(_) => (
            runtime::webhook_dependencies()
                .iter()
                .map(|line| format!("\n{line}"))
                .collect(),
            "# The axum extractor `webhooks::Verified`; off by default.\naxum = [\"dep:axum\"]\n",
        ),
        None => (String::new(), ""),
    };
    // Publishable only with a license (see `Package`).
    let publishing = match &package.license {
        Some(license) => {
            let mut lines = format!("license = \"{}\"\n", toml_string(license));
            if let Some(repository) = &package.repository {
                lines.push_str(&format!("repository = \"{}\"\n", toml_string(repository)));
            }
            lines
        }
        None => "publish = false\n".to_owned(),
    };
    format!(
        r#"[package]
name = "{name}"
version = "{version}"
edition = "2021"
rust-version = "{RUST_VERSION}"
description = "{description}"
{publishing}readme = "README.md"
documentation = "https://docs.rs/{name}"
keywords = ["openapi", "api", "client", "async"]
categories = ["api-bindings", "web-programming::http-client"]

[dependencies]
{dependencies}{webhook_dependencies}

[features]
{features}{axum}
[dev-dependencies]
{stream_ext}tokio = {{ version = "1", features = ["io-util", "macros", "net", "rt-multi-thread"] }}
"#,
        name = crate_name,
        // The doc examples of paginated operations read streams with `StreamExt::next`.
        stream_ext = if paginated(api) {
            "futures-util = { version = \"0.3\", default-features = false }\n"
        } else {
            ""
        },
        dependencies = runtime::dependencies().collect::<Vec<_>>().join("\n"),
        features = features(&api.features),
    )
}

fn paginated(api: &Api) -> bool {
    api.operations.iter().any(|op| op.pagination.is_some())
}

/// The `[features]` lines of the crate's own features (the crate docs explain them).
fn features(features: &Features) -> String {
    let mut default = vec![CLIENT_FEATURE, TYPES_FEATURE];
    if features.hidden {
        default.insert(1, HIDDEN_FEATURE);
    }
    let types = if features.tags.is_empty() {
        "# Every model (the operations share one tag: there is no feature per tag)."
    } else {
        "# Every tag's feature: all models, and with `client` all operations."
    };
    let mut out = format!(
        "default = [{}]\n\
         # The HTTP client and the operations; without it, the crate has its models alone.\n\
         {}\n\
         # Typed mocks of the API for tests (`mock::MockServer`); off by default.\n\
         {}\n\
         {types}\n\
         {TYPES_FEATURE} = [{}]\n",
        quoted_list(default),
        runtime::client_feature(),
        runtime::mock_feature(),
        quoted_list(features.tags.iter().map(|tag| tag.name.as_str())),
    );
    if features.hidden {
        out.push_str(&format!(
            "# The operations the spec marks `x-hidden`, for the tags that are on.\n\
             {HIDDEN_FEATURE} = []\n"
        ));
    }
    for tag in &features.tags {
        out.push_str(&format!("# {}\n{} = []\n", tag_summary(tag), tag.name));
    }
    out
}

/// What one tag's feature turns on, in words.
pub(super) fn tag_summary(tag: &TagFeature) -> String {
    let operations = match tag.operations {
        1 => "1 operation".to_owned(),
        n => format!("{n} operations"),
    };
    match &tag.tag {
        Some(name) => format!("The {operations} tagged `{}`.", toml_string(name)),
        None => format!("The {operations} without a tag."),
    }
}

fn quoted_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items
        .into_iter()
        .map(|item| format!("\"{}\"", toml_string(item)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A TOML basic string's contents: quotes, backslashes, control and bidirectional
/// characters escaped.
fn toml_string(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '"' => "\\\"".to_owned(),
            '\\' => "\\\\".to_owned(),
            c if c.is_control() || docs::is_bidi_control(c) => format!("\\u{:04X}", c as u32),
            c => c.to_string(),
        })
        .collect()
}

/// The `mock` module's docs: what the feature gives, with an example naming the crate.
fn mock_docs(lib: &str, package: &str) -> Vec<TokenStream> {
    let text = format!(
        r#"Typed mocks of the API for the tests of code that calls it: the `mock` feature, off by
default (`{package} = {{ .., features = ["mock"] }}` in your `[dev-dependencies]`).

A [`MockServer`] listens on 127.0.0.1; its `client()` is a [`Client`](crate::Client)
pointed at it. An expectation is the call itself, built with that client: the mock
answers the requests that call would send (method, path, the parameters it sets, its
body) with a value of the call's response type, an error status, or pages in turn.

```no_run
# async fn run() {{
let server = {lib}::mock::MockServer::start().await;
let client = server.client();
// server.on(client.<operation>(..)).respond(<its response value>).await;
# let _ = client;
# }}
```"#
    );
    text.lines()
        .map(|line| {
            let line = if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            };
            quote!(#![doc = #line])
        })
        .collect()
}

/// `package`: the crate's package name (`heron-client`), which `Cargo.toml` names; its
/// library name (`heron_client`) is the one the doc examples use.
pub(crate) fn lib_rs(api: &Api, package: &str) -> TokenStream {
    let lib_name = &package.replace('-', "_");
    let base_url = api.servers.first().cloned().unwrap_or_default();
    // The token types, only for a crate with an OAuth2 or OpenID Connect scheme.
    let takes_tokens = api.security.schemes.iter().any(|scheme| {
        matches!(
            scheme.kind,
            SchemeKind::OAuth2 { .. } | SchemeKind::OpenIdConnect { .. }
        )
    });
    let tokens = takes_tokens.then(|| {
        quote!(
            #[cfg(feature = "client")]
            pub use runtime::{
                BoxError, ClientCredentials, TokenError, TokenProvider, TokenRequest, Tokens,
            };
        )
    });
    // Models and operations name the runtime's items by their full paths
    // (`crate::runtime::codec::string_enum!`), so the root holds no imports of plumbing.
    // The operations and the client's half of the runtime are behind the `client` feature
    // (`runtime/mod.rs`); the webhook runtime is not (it reads headers with `http`'s `HeaderMap`, which reqwest and
    // axum re-export), so a service that only receives webhooks builds no HTTP client.
    let webhooks = api.webhooks.is_some().then(|| {
        quote!(
            pub mod webhooks;
        )
    });
    // The streams of paginated operations, only for a crate that has some.
    let paginated = paginated(api);
    let streams = paginated.then(|| {
        quote!(
            #[cfg(feature = "client")]
            pub use runtime::{Items, Pages};
        )
    });
    let mock_docs = mock_docs(lib_name, package);
    quote! {
        #![doc = include_str!("../README.md")]

        #[cfg(feature = "mock")]
        pub mod mock {
            #(#mock_docs)*
            pub use crate::runtime::{Expectation, MockBuilder, MockServer, Mocked, One, Sequence};
        }
        pub mod models;
        #[cfg(feature = "client")]
        pub mod operations;
        #[cfg(feature = "client")]
        mod credentials;
        mod runtime;
        #webhooks

        pub use runtime::{File, ParseTimestampError, Timestamp};
        #[cfg(feature = "client")]
        pub use runtime::{
            ApiError, Attempt, Call, Client, ClientBuilder, Credentials, DecodeError,
            DeclaredErrors, Download, Error, Hook, HookError, Response,
        };
        #streams
        #tokens

        /// The server a `Client` talks to unless told otherwise: the spec's first server.
        pub const DEFAULT_BASE_URL: &str = #base_url;
    }
}
