//! A contract test against a server no one here wrote: Stoplight Prism mocks
//! `spec/heron.yaml` with `--errors`, so any request that does not match the spec comes
//! back as an error instead of a mock response. Every generated operation is called with
//! valid inputs; each must be accepted and its response must decode.
//!
//! Prism comes from `package.json` (`npm ci` at the repository root installs it).

#[path = "support/prism.rs"]
mod prism;

use std::path::{Path, PathBuf};

use heron_client::models::{IntegrationLinkUpdateSchemaRequest, UpdateIntegrationLinkBody};
use heron_client::Client;

use prism::Prism;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn prism_binary() -> PathBuf {
    repo_root().join("node_modules/.bin/prism")
}

/// The names of every method the generator put on `Client`.
fn generated_operations() -> Vec<String> {
    let dir = repo_root().join("generated-client/src/operations");
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).expect("operations dir") {
        let text = std::fs::read_to_string(entry.expect("entry").path()).expect("read");
        // The methods of `impl Client`, not those of the operations' error enums.
        let mut on_client = false;
        for line in text.lines() {
            match line {
                "impl Client {" => on_client = true,
                "}" => on_client = false,
                _ => {}
            }
            if let (true, Some(rest)) = (on_client, line.trim_start().strip_prefix("pub fn ")) {
                names.extend(rest.split('(').next().map(str::to_owned));
            }
        }
    }
    names.sort();
    names
}

#[tokio::test]
async fn prism_accepts_every_generated_operation_and_its_responses_decode() {
    let prism = Prism::start(&prism_binary(), &repo_root().join("spec/heron.yaml"));
    let client = Client::builder()
        .base_url(&prism.base_url)
        .api_key("key_XXX")
        .max_retries(0)
        .build()
        .expect("client");

    // One block per operation; the list below must name them all.
    let body =
        UpdateIntegrationLinkBody::new().with_end_user(IntegrationLinkUpdateSchemaRequest::new(
            "access-sandbox-de3ce8ef-33f8-452c-a685-8671031fc0f6",
        ));
    let response = client
        .update_integration_link("M5eVJqLnv3tbzdngLDp9FL5OlDNxlNhlE55op", &body)
        .await;
    let response = response.unwrap_or_else(|err| {
        panic!(
            "Prism rejected update_integration_link: {err}\n{}",
            prism.log()
        )
    });
    let link = response
        .integration_link
        .expect("Prism's example has an integration_link");
    assert!(!link.item_id.is_empty());

    let called = ["update_integration_link"];
    assert_eq!(
        generated_operations(),
        called,
        "every generated operation must be exercised here"
    );
}

/// Prism is only a judge if it rejects what the spec forbids: a body without the required
/// `access_token`, and a request without the API key (which the client refuses to send).
#[tokio::test]
async fn prism_rejects_requests_that_break_the_spec() {
    let prism = Prism::start(&prism_binary(), &repo_root().join("spec/heron.yaml"));
    let url = format!("{}/api/integration_links/item-1", prism.base_url);
    // A reqwest client of the caller's own: reqwest is built without a TLS crypto provider
    // (`rustls-no-provider`), so an application installs one, as here.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::new();
    let missing_token = http
        .put(&url)
        .header("x-api-key", "key_XXX")
        .header("content-type", "application/json")
        .body(r#"{"end_user": {}}"#)
        .send()
        .await
        .expect("send");
    assert_eq!(missing_token.status().as_u16(), 422, "{}", prism.log());

    let unauthenticated = http
        .put(&url)
        .header("content-type", "application/json")
        .body(r#"{"end_user": {"access_token": "access-sandbox-1"}}"#)
        .send()
        .await
        .expect("send");
    assert_eq!(unauthenticated.status().as_u16(), 401, "{}", prism.log());

    // The client itself never sends that request: without the key it fails unsent.
    let client = Client::builder()
        .base_url(&prism.base_url)
        .max_retries(0)
        .build()
        .expect("client without key");
    let body = UpdateIntegrationLinkBody::new()
        .with_end_user(IntegrationLinkUpdateSchemaRequest::new("access-sandbox-1"));
    let unsent = client.update_integration_link("item-1", &body).await;
    assert!(
        matches!(
            &unsent,
            Err(heron_client::Error::MissingCredentials { operation: "update_integration_link", needs })
                if needs == "`api_key`"
        ),
        "{unsent:?}"
    );
}
