//! `Cargo.toml` and `src/lib.rs`: the crate's identity, its module tree, and the facts of
//! the spec the runtime needs (default server, how the API key travels).
//!
//! `lib.rs` is the root the runtime folder (`src/runtime/`, see `runtime.rs`) is written
//! against: it supplies `DEFAULT_BASE_URL` and `AUTH`, re-exports the runtime's public
//! types, and carries the doc examples, which must name the crate.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, runtime};
use crate::ir::{Api, Auth};
use crate::Options;

pub(crate) fn manifest(api: &Api, options: &Options) -> String {
    let description = toml_string(&format!(
        "Client for the {} (API version {})",
        api.title, api.version
    ));
    // Only a crate with webhooks gets their dependencies, and the axum glue's feature.
    let (webhook_dependencies, features) = match &api.webhooks {
        Some(_) => (
            runtime::webhook_dependencies()
                .iter()
                .map(|line| format!("\n{line}"))
                .collect(),
            "\n[features]\n# The axum extractor `webhooks::Verified`; off by default.\naxum = [\"dep:axum\"]\n",
        ),
        None => (String::new(), ""),
    };
    format!(
        r#"[package]
name = "{name}"
version = "0.1.0"
edition = "2021"
description = "{description}"
publish = false

[dependencies]
{dependencies}{webhook_dependencies}
{features}
[dev-dependencies]
{stream_ext}tokio = {{ version = "1", features = ["io-util", "macros", "net", "rt-multi-thread"] }}
"#,
        name = options.crate_name,
        // The doc examples of paginated operations read streams with `StreamExt::next`.
        stream_ext = if paginated(api) {
            "futures-util = { version = \"0.3\", default-features = false }\n"
        } else {
            ""
        },
        dependencies = runtime::dependencies().collect::<Vec<_>>().join("\n"),
    )
}

fn paginated(api: &Api) -> bool {
    api.operations.iter().any(|op| op.pagination.is_some())
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

/// The crate docs' examples: how to build a client and tell its errors apart. A doc
/// example is compiled as a crate of its own, so it names the crate by its library name
/// (`lib`): these examples live here, where that name is known, and not in the runtime.
fn usage(lib: &str) -> String {
    format!(
        r#"# Usage

```no_run
# async fn run() -> Result<(), {lib}::Error> {{
use std::time::Duration;

let client = {lib}::Client::builder()
    .api_key("key_XXX")
    .timeout(Duration::from_secs(10))
    .max_retries(3)
    .build()?;
# let _ = client;
# Ok(())
# }}
```

Every operation is a method of [`Client`] returning a [`Call`]; awaiting it gives the
decoded body or an [`Error`]:

```no_run
# async fn run(call: impl std::future::Future<Output = Result<(), {lib}::Error>>) {{
match call.await {{
    Ok(()) => {{}}
    Err({lib}::Error::Api(err)) if err.status.as_u16() == 404 => {{
        println!("not found: {{}}", err.body)
    }}
    Err(err) => eprintln!("{{err}}"),
}}
# }}
```"#
    )
}

/// `lib_name`: the crate's library name (`heron_client`), which the doc examples use.
pub(crate) fn lib_rs(api: &Api, lib_name: &str) -> TokenStream {
    let mut crate_docs = docs::sanitize(&format!(
        "Client for the {} (API version {}).",
        api.title, api.version
    ));
    if let Some(description) = &api.description {
        crate_docs.push(String::new());
        crate_docs.extend(docs::sanitize(description));
    }
    crate_docs.push(String::new());
    crate_docs.extend(usage(lib_name).lines().map(str::to_owned));
    let crate_docs = crate_docs.iter().map(|line| {
        let text = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#![doc = #text])
    });
    let base_url = api.servers.first().cloned().unwrap_or_default();
    let auth = match &api.auth {
        Auth::None => quote!(Auth::None),
        Auth::ApiKeyHeader(name) => quote!(Auth::ApiKeyHeader(#name)),
        Auth::ApiKeyQuery(name) => quote!(Auth::ApiKeyQuery(#name)),
        Auth::Bearer => quote!(Auth::Bearer),
    };
    // `use runtime::{codec, multipart, request}`: the models and operations name runtime
    // items by these root paths (`crate::codec::string_enum!`, `crate::paging::Paging`),
    // and not every spec needs all three, hence the `allow`.
    let webhooks = api.webhooks.is_some().then(|| {
        quote!(
            pub mod webhooks;
        )
    });
    // The streams of paginated operations, only for a crate that has some.
    let paginated = paginated(api);
    let streams = paginated.then(|| {
        quote!(
            pub use runtime::{Items, Pages};
        )
    });
    let paging = paginated.then(|| {
        quote!(
            use runtime::paging;
        )
    });
    quote! {
        #(#crate_docs)*

        pub mod models;
        pub mod operations;
        mod runtime;
        #webhooks

        pub use runtime::{
            ApiError, Attempt, Call, Client, ClientBuilder, DecodeError, Error, File, Hook,
            HookError, ParseTimestampError, Response, Timestamp,
        };
        #streams

        #[allow(unused_imports)]
        use runtime::{codec, multipart, request};
        #paging
        use runtime::Auth;

        /// The server a [`Client`] talks to unless told otherwise: the spec's first server.
        pub const DEFAULT_BASE_URL: &str = #base_url;

        /// How the API key travels, from the spec's `securitySchemes`.
        const AUTH: Auth = #auth;
    }
}
