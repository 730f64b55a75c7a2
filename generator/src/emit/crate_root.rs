//! `Cargo.toml` and `src/lib.rs`: the crate's identity, its module tree, and the facts of
//! the spec the runtime needs (default server, how the API key travels).

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use crate::ir::{Api, Auth};
use crate::Options;

pub(crate) fn manifest(api: &Api, options: &Options) -> String {
    let description = toml_string(&format!(
        "Client for the {} (API version {})",
        api.title, api.version
    ));
    format!(
        r#"[package]
name = "{name}"
version = "0.1.0"
edition = "2021"
description = "{description}"
publish = false

[dependencies]
bytes = "1"
chrono = {{ version = "0.4", default-features = false, features = ["clock", "serde", "std"] }}
reqwest = {{ version = "0.12", default-features = false, features = ["rustls-tls"] }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
serde_urlencoded = "0.7"
thiserror = "2"
tokio = {{ version = "1", features = ["time"] }}

[dev-dependencies]
tokio = {{ version = "1", features = ["io-util", "macros", "net", "rt-multi-thread"] }}
"#,
        name = options.crate_name,
    )
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

pub(crate) fn lib_rs(api: &Api) -> TokenStream {
    let mut crate_docs = docs::sanitize(&format!(
        "Client for the {} (API version {}).",
        api.title, api.version
    ));
    if let Some(description) = &api.description {
        crate_docs.push(String::new());
        crate_docs.extend(docs::sanitize(description));
    }
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
    quote! {
        #(#crate_docs)*

        mod client;
        mod codec;
        mod error;
        mod file;
        pub mod models;
        mod multipart;
        pub mod operations;
        mod request;
        mod retry;
        mod timestamp;

        use client::Auth;
        pub use client::{Client, ClientBuilder};
        pub use error::{ApiError, DecodeError, Error};
        pub use file::File;
        pub use request::{Call, Response};
        pub use timestamp::{ParseTimestampError, Timestamp};

        /// The server a [`Client`] talks to unless told otherwise: the spec's first server.
        pub const DEFAULT_BASE_URL: &str = #base_url;

        /// How the API key travels, from the spec's `securitySchemes`.
        const AUTH: Auth = #auth;
    }
}
