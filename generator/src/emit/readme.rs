//! `README.md`: the crate's front page on a registry and, through `include_str!` in
//! `lib.rs`, its rustdoc front page, so every example in it is compiled as a doc test.
//! It shows what a new user does in order: add the crate, give it credentials, make a
//! first call, page through a list, tell errors apart; then the Cargo features.
//!
//! A doc example is compiled as a crate of its own, so it names the crate by its library
//! name: the examples live here, where that name is known, and not in the runtime.

use super::crate_root::tag_summary;
use super::docs;
use crate::ir::{
    Api, Features, Operation, SchemeId, SchemeKind, SuccessResponse, CLIENT_FEATURE,
    HIDDEN_FEATURE, TYPES_FEATURE,
};
use crate::release::Version;

/// The README of the package `package` at `version`.
pub(crate) fn readme(api: &Api, package: &str, version: Version) -> String {
    let lib = package.replace('-', "_");
    let mut lines = vec![format!("# {package}"), String::new()];
    lines.extend(docs::sanitize(&format!(
        "Client for the {} (API version {}).",
        api.title, api.version
    )));
    if let Some(description) = &api.description {
        lines.push(String::new());
        lines.extend(docs::sanitize(description));
    }
    let requirement = match version.major {
        0 => format!("{}.{}", version.major, version.minor),
        major => major.to_string(),
    };
    lines.extend(
        format!(
            r#"
## Adding it

```toml
[dependencies]
{package} = "{requirement}"
tokio = {{ version = "1", features = ["macros", "rt-multi-thread"] }}
```

`CHANGELOG.md` lists what changed in each release; a breaking change is a new major
version (by Cargo's rules: below 1.0, a new minor one), so `cargo update` never breaks
a build.
"#
        )
        .lines()
        .map(str::to_owned),
    );
    lines.push(String::new());
    lines.extend(usage(api, &lib).lines().map(str::to_owned));
    lines.push(String::new());
    lines.extend(features_docs(&api.features, package));
    docs::wrapped(&lines).join("\n") + "\n"
}

/// How to build a client, make a first call, page through a list and tell errors apart.
fn usage(api: &Api, lib: &str) -> String {
    let credentials: String = example_credentials(api, lib)
        .iter()
        .map(|call| format!("\n        .{call}"))
        .collect();
    let mut text = format!(
        r#"## A first call

Every operation is a method of [`Client`](crate::Client) returning a
[`Call`](crate::Call): set its optional parameters, then await it for the decoded body
or an [`Error`](crate::Error).

```no_run
use std::time::Duration;

#[tokio::main]
async fn main() -> Result<(), {lib}::Error> {{
    let client = {lib}::Client::builder(){credentials}
        .timeout(Duration::from_secs(10))
        .max_retries(3)
        .build()?;
{first_call}    Ok(())
}}
```
"#,
        first_call = first_call(api)
            .map(|op| format!(
                "    let answer = client.{}().await?;\n    println!(\"{{answer:?}}\");\n",
                method(op)
            ))
            .unwrap_or_default(),
    );
    if let Some(op) = api
        .operations
        .iter()
        .find(|op| op.pagination.is_some() && takes_no_arguments(op))
    {
        text.push_str(&format!(
            r#"
## Pages

A list that comes in pages is read item by item with `.items()`, each page fetched when
the one before is used up:

```no_run
use futures_util::StreamExt;

async fn every_item(client: &{lib}::Client) -> Result<(), {lib}::Error> {{
    let mut items = client.{method}().items();
    while let Some(item) = items.next().await {{
        println!("{{:?}}", item?);
    }}
    Ok(())
}}
```
"#,
            method = method(op)
        ));
    }
    text.push_str(&format!(
        r#"
## Errors

A call fails with an [`Error`](crate::Error): an answer outside 2xx is `Error::Api`,
with its status and body; `.typed_errors()` on a call sorts the error responses its
operation declares into an enum of that operation's own, bodies decoded.

```no_run
async fn report(call: impl std::future::Future<Output = Result<(), {lib}::Error>>) {{
    match call.await {{
        Ok(()) => {{}}
        Err({lib}::Error::Api(err)) if err.status.as_u16() == 404 => {{
            println!("not found: {{}}", err.body)
        }}
        Err(err) => eprintln!("{{err}}"),
    }}
}}
```"#
    ));
    text
}

/// The operation the first example calls: the first that takes no arguments and
/// answers with a body to print.
fn first_call(api: &Api) -> Option<&Operation> {
    api.operations
        .iter()
        .find(|op| takes_no_arguments(op) && matches!(op.response, SuccessResponse::Json(_)))
}

fn takes_no_arguments(op: &Operation) -> bool {
    op.params.iter().all(|param| !param.required) && op.body.is_none()
}

fn method(op: &Operation) -> &str {
    &op.rust_name
}

/// The setter calls that give a client the credentials most operations need: the first
/// alternative of the API's requirement (or, when it needs none, the first scheme).
fn example_credentials(api: &Api, lib: &str) -> Vec<String> {
    let security = &api.security;
    let alternative: Vec<SchemeId> = security
        .default
        .iter()
        .find(|alternative| !alternative.schemes.is_empty())
        .map(|alternative| alternative.schemes.iter().map(|used| used.scheme).collect())
        .unwrap_or_else(|| {
            (0..security.schemes.len().min(1))
                .map(|index| SchemeId(index as u32))
                .collect()
        });
    alternative
        .into_iter()
        .filter_map(|id| security.scheme(id))
        .filter(|scheme| !scheme.setter.is_empty())
        .map(|scheme| {
            let setter = scheme.setter.trim_start_matches("r#");
            let args = match &scheme.kind {
                SchemeKind::ApiKey { .. } => "\"key_XXX\"".to_owned(),
                SchemeKind::Basic => "\"user\", \"password\"".to_owned(),
                SchemeKind::HttpToken { .. } => "\"token_XXX\"".to_owned(),
                SchemeKind::OAuth2 { token_url: Some(_) } => {
                    format!("{lib}::ClientCredentials::new(\"client-id\", \"client-secret\")")
                }
                SchemeKind::OAuth2 { token_url: None } | SchemeKind::OpenIdConnect { .. } => {
                    format!("{lib}::Tokens::fixed(\"token_XXX\")")
                }
                SchemeKind::MutualTls => String::new(),
            };
            format!("{setter}({args})")
        })
        .collect()
}

/// The crate docs' list of its Cargo features. Tag names come from the spec, so they are
/// sanitized like any doc text.
fn features_docs(features: &Features, package: &str) -> Vec<String> {
    let mut lines = vec![
        "## Features".to_owned(),
        String::new(),
        format!("- `{CLIENT_FEATURE}` (default): [`Client`] and the operations. Without it the crate has its models alone, and no HTTP client in its dependencies: `default-features = false, features = [\"{TYPES_FEATURE}\"]`."),
        if features.tags.is_empty() {
            format!("- `{TYPES_FEATURE}` (default): every model. The operations share one tag, so there is no feature per tag.")
        } else {
            format!("- `{TYPES_FEATURE}` (default): every tag's feature below, so every model (and with `{CLIENT_FEATURE}`, every operation).")
        },
    ];
    if features.hidden {
        lines.push(format!("- `{HIDDEN_FEATURE}` (default): the operations the spec marks `x-hidden`, for the tags that are on."));
    }
    if !features.tags.is_empty() {
        lines.push(String::new());
        lines.push(format!("One feature per tag turns on its operations and the models they use (a model several tags use is there when one of them is on). To build less, turn off the defaults and name the tags, e.g. `{package} = {{ default-features = false, features = [\"{CLIENT_FEATURE}\", \"{}\"] }}`:", features.tags.first().map_or("", |tag| tag.name.as_str())));
        lines.push(String::new());
        for tag in &features.tags {
            lines.extend(docs::sanitize(&format!(
                "- `{}`: {}",
                tag.name,
                tag_summary(tag)
            )));
        }
    }
    lines
}
