//! `cargo xtask contract [SPEC]`: the generated client against Stoplight Prism, for a
//! whole spec (default: `$HERON_FULL_SPEC`).
//!
//! It generates the client into `target/contract/`, writes a test that calls every
//! operation with inputs sampled from the spec's examples (`sample.rs`), and runs it: Prism
//! (`mock --errors`) must accept each request and each response must decode into the
//! generated types. Operations listed in `EXCLUDED` are skipped, each with its reason.

pub(crate) mod sample;

use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;

use generator::ir::{Api, BodyEncoding, Operation, ParamLocation, SchemeKind, TypeRef};
use serde_json::Value;

use crate::scratch::{
    generate_scratch_crate, io_failure, scratch_cargo, write_if_changed, write_workspace,
};
use crate::{project_root, Failure};
use sample::Sampler;

/// Operations the contract test does not call, and why. Every entry is a fact about the
/// spec or about Prism, not about the client.
const EXCLUDED: &[(&str, &str)] = &[
    (
        "get_current_user",
        "`MetricFormula` nests itself through required properties; Prism's faker stops at a \
         fixed depth and leaves the required `type` out, so its response breaks the spec",
    ),
    (
        "upload_pdf_files_for_broker_submission",
        "`files` is an array in a multipart body, sent (as OpenAPI says) as repeated parts; \
         Prism keeps only the last part of a repeated name and reports `files` is not an \
         array (stoplightio/prism#2654)",
    ),
];

const CRATE_NAME: &str = "contract-client";

/// What Prism's answers are judged on.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Judge {
    /// Every request is valid and every response decodes.
    Everything,
    /// Every request meets its operation's security requirement: Prism checks credentials
    /// before anything else and answers 401 when they fall short, so any other answer
    /// (a 422 for a sample that misses a pattern, say) means they were met. For specs whose
    /// samples Prism would refuse for other reasons (patterns the sampler does not follow).
    Credentials,
}

pub(crate) fn run(args: &[String]) -> Result<(), Failure> {
    let judge = match args.iter().any(|arg| arg == "--credentials") {
        true => Judge::Credentials,
        false => Judge::Everything,
    };
    let args: Vec<&String> = args.iter().filter(|arg| *arg != "--credentials").collect();
    let spec = match args.as_slice() {
        [] => std::env::var_os("HERON_FULL_SPEC")
            .map(PathBuf::from)
            .ok_or_else(|| Failure::Usage("no spec: pass one, or set HERON_FULL_SPEC".into()))?,
        [spec] => PathBuf::from(spec),
        _ => return Err(Failure::Usage("`contract` takes one spec".into())),
    };
    let spec = fs::canonicalize(&spec).map_err(|err| io_failure(&spec, err))?;
    let text = fs::read_to_string(&spec).map_err(|err| io_failure(&spec, err))?;
    let tree = parse_tree(&text).map_err(|message| {
        eprintln!("error: {}: {message}", spec.display());
        Failure::BadInput
    })?;
    let generated = generate_scratch_crate(
        &text,
        &spec.display().to_string(),
        CRATE_NAME,
        "cargo xtask contract",
    )?;

    let workspace = project_root().join("target/contract");
    fs::create_dir_all(&workspace).map_err(|err| io_failure(&workspace, err))?;
    // Prism serves the spec's response examples where it has them, and many of Heron's do
    // not match their own schemas (numbers as strings, dates without a time). The
    // contract is the schema: Prism gets a copy without examples and generates responses
    // from the schemas (with a fixed seed, so runs repeat).
    let prism_spec = workspace.join("spec-without-examples.json");
    let mut stripped = tree.clone();
    prepare_for_prism(&mut stripped);
    write_if_changed(&prism_spec, &stripped.to_string())?;
    let crate_dir = workspace.join(CRATE_NAME);
    generator::write::write(&crate_dir, &generated.files)
        .map_err(|err| io_failure(&crate_dir, err))?;
    let tests = crate_dir.join("tests");
    fs::create_dir_all(&tests).map_err(|err| io_failure(&tests, err))?;
    write_if_changed(
        &tests.join("prism.rs"),
        include_str!("../../../generated-client/tests/support/prism.rs"),
    )?;
    write_if_changed(
        &tests.join("contract.rs"),
        &contract_test(&generated.api, &tree, judge),
    )?;
    write_workspace(&workspace, &[CRATE_NAME.to_owned()])?;

    let status = scratch_cargo(&workspace)
        .args([
            "test",
            "--quiet",
            "--package",
            CRATE_NAME,
            "--test",
            "contract",
            "--",
            "--nocapture",
        ])
        .env("CONTRACT_SPEC", &prism_spec)
        .env("PRISM_BIN", project_root().join("node_modules/.bin/prism"))
        .status()
        .map_err(|err| io_failure(&workspace, err))?;
    if status.success() {
        Ok(())
    } else {
        Err(Failure::CheckFailed)
    }
}

/// Removes `example`/`examples` keywords, leaving properties of those names alone. Also
/// writes `format: url` as `uri`: Prism's faker and its validator disagree on `url`.
fn prepare_for_prism(value: &mut Value) {
    match value {
        Value::Object(fields) => {
            fields.remove("example");
            fields.remove("examples");
            if fields.get("format").and_then(Value::as_str) == Some("url") {
                fields.insert("format".into(), Value::String("uri".into()));
            }
            for (key, child) in fields.iter_mut() {
                match (key.as_str(), child) {
                    // Keys here are property names, not keywords.
                    ("properties", Value::Object(properties)) => {
                        properties.values_mut().for_each(prepare_for_prism)
                    }
                    (_, child) => prepare_for_prism(child),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(prepare_for_prism),
        _ => {}
    }
}

/// The spec as a JSON tree, from JSON or YAML text.
pub(crate) fn parse_tree(text: &str) -> Result<Value, String> {
    if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|err| err.to_string())
    } else {
        let yaml: serde_yaml::Value = serde_yaml::from_str(text).map_err(|err| err.to_string())?;
        serde_json::to_value(yaml).map_err(|err| err.to_string())
    }
}

/// The test file: one call per operation, collected, then judged together.
fn contract_test(api: &Api, tree: &Value, judge: Judge) -> String {
    let (open, close) = match judge {
        Judge::Everything => ("", ".map(drop).map_err(|e| e.to_string())"),
        Judge::Credentials => ("credentials_met(", ".map(drop))"),
    };
    let mut calls = String::new();
    let mut first_pages = String::new();
    let mut called = 0;
    let mut methods: Vec<&str> = Vec::new();
    for op in &api.operations {
        if EXCLUDED.iter().any(|(name, _)| *name == op.rust_name) {
            continue;
        }
        let Some(raw) = tree.pointer(op.pointer.trim_start_matches('#')) else {
            continue;
        };
        let args = arguments(op, tree, raw);
        let name = op.rust_name.trim_start_matches("r#");
        let route = format!("{} {}", op.method.as_str(), op.path);
        let _ = writeln!(
            calls,
            "    outcomes.push(({name:?}, {route:?}, {open}client.{}({}).await{close}));",
            op.rust_name,
            args.join(", ")
        );
        called += 1;
        methods.push(op.method.as_str());
        // A paginated operation's first page again, through its stream.
        if let Some(pagination) = &op.pagination {
            let _ = writeln!(
                first_pages,
                "    pages.push(({name:?}, {route:?}, first_page(client.{}({}).{}()).await));",
                op.rust_name,
                args.join(", "),
                pagination.pages_method
            );
        }
    }
    methods.sort();
    methods.dedup();
    let methods = methods.join(" ");
    format!(
        r#"//! Generated by `cargo xtask contract`: every operation of the spec, called with inputs
//! sampled from its examples, against Stoplight Prism.
#![allow(deprecated)] // deprecated operations are part of the contract too

mod prism;

use {crate_ident}::Client;
{first_page}
{credentials_met}
fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> T {{
    serde_json::from_str(text).unwrap_or_else(|err| panic!("sample does not fit the generated type: {{err}}\n{{text}}"))
}}

/// The sample with the spec's examples, or, where they do not fit the schema, without.
#[allow(dead_code)] // for specs whose examples differ from their schemas' samples
fn from_json_or<T: serde::de::DeserializeOwned>(text: &str, fallback: &str) -> T {{
    serde_json::from_str(text).unwrap_or_else(|_| from_json(fallback))
}}

#[tokio::test]
async fn prism_accepts_every_call_and_every_response_decodes() {{
    let binary = std::path::PathBuf::from(std::env::var_os("PRISM_BIN").expect("PRISM_BIN"));
    let spec = std::path::PathBuf::from(std::env::var_os("CONTRACT_SPEC").expect("CONTRACT_SPEC"));
    // Responses generated from the schemas, with a fixed seed (see `run`).
    let prism = prism::Prism::start_with(&binary, &spec, &["--dynamic", "--seed", "heron-codegen"]);
    let client = Client::builder().base_url(&prism.base_url){credentials}.max_retries(0).build().expect("client");
    let mut outcomes: Vec<(&str, &str, Result<(), String>)> = Vec::new();
{calls}
    let failed = outcomes.iter().filter(|(_, _, result)| result.is_err()).count();
{control}
    println!("contract: {{}} operations called ({called} of {total}; methods {methods}), {{}} {accepted}, {{failed}} failed",
        outcomes.len(), outcomes.len() - failed);
    #[allow(unused_mut)] // for specs without paginated operations
    let mut pages: Vec<(&str, &str, Result<(), String>)> = Vec::new();
{first_pages}
    let failed = pages.iter().filter(|(_, _, result)| result.is_err()).count();
    println!("pagination: {{}} first pages read through pages(), {{}} accepted and decoded, {{failed}} failed",
        pages.len(), pages.len() - failed);
    outcomes.extend(pages);
    let failures: Vec<_> = outcomes.iter().filter(|(_, _, result)| result.is_err()).collect();
    for (name, route, result) in &failures {{
        println!("FAIL {{name}} ({{route}}): {{}}", result.as_ref().err().map(String::as_str).unwrap_or_default());
    }}
    assert!(failures.is_empty(), "Prism rejected calls or responses did not decode; see above\n{{}}", prism.log().lines().rev().take(40).collect::<Vec<_>>().join("\n"));
}}
"#,
        crate_ident = CRATE_NAME.replace('-', "_"),
        total = api.operations.len(),
        credentials = credentials(api),
        accepted = match judge {
            Judge::Everything => "accepted and decoded",
            Judge::Credentials => "with their credentials met",
        },
        control = match (judge, api.operations.first()) {
            (Judge::Credentials, Some(op)) => refusal_control(op),
            _ => String::new(),
        },
        credentials_met = match judge {
            Judge::Everything => "",
            Judge::Credentials => CREDENTIALS_MET,
        },
        first_page = if first_pages.is_empty() {
            String::new()
        } else {
            format!(
                r#"
/// The first page of a paginated call, read through its `pages()` stream.
async fn first_page<T: Send + 'static>(pages: {crate_ident}::Pages<'_, T>) -> Result<(), String> {{
    use futures_util::StreamExt;
    let pages: Vec<_> = pages.max_pages(1).collect().await;
    match pages.as_slice() {{
        [Ok(_)] => Ok(()),
        [Err(err)] => Err(err.to_string()),
        other => Err(format!("expected one page, got {{}}", other.len())),
    }}
}}
"#,
                crate_ident = CRATE_NAME.replace('-', "_"),
            )
        },
    )
}

/// How `Judge::Credentials` reads a call's outcome.
const CREDENTIALS_MET: &str = r#"/// Whether Prism found the call's credentials met: it checks them before anything else
/// and answers 401 when they fall short.
fn credentials_met(result: Result<(), contract_client::Error>) -> Result<(), String> {
    match result {
        Ok(()) => Ok(()),
        Err(err) => match err.status() {
            Some(status) if status.as_u16() == 401 => Err(err.to_string()),
            Some(_) => Ok(()),
            None => Err(format!("not sent: {err}")),
        },
    }
}
"#;

/// Prism is a judge of credentials only if it refuses a request without them: the first
/// operation's path (parameters as `x`), bare, must get 401.
fn refusal_control(op: &Operation) -> String {
    let path: String = op
        .path_template
        .iter()
        .map(|part| match part {
            generator::ir::PathPart::Literal(text) => text.as_str(),
            generator::ir::PathPart::Param(_) => "x",
        })
        .collect();
    format!(
        r#"    let _ = rustls::crypto::ring::default_provider().install_default();
    let bare = reqwest::Client::new()
        .request(reqwest::Method::{method}, format!("{{}}{path}", prism.base_url))
        .send()
        .await
        .expect("send");
    assert_eq!(bare.status().as_u16(), 401, "Prism must refuse {method} {path} without credentials");
"#,
        method = op.method.as_str(),
    )
}

/// A credential for every scheme of the spec, so that Prism, which checks that each
/// operation's credentials are there, sees every requirement met.
fn credentials(api: &Api) -> String {
    let crate_ident = CRATE_NAME.replace('-', "_");
    api.security
        .schemes
        .iter()
        .filter(|scheme| !scheme.setter.is_empty())
        .map(|scheme| {
            let args = match &scheme.kind {
                SchemeKind::ApiKey { .. } => "\"key_XXX\"".to_owned(),
                SchemeKind::Basic => "\"user\", \"password\"".to_owned(),
                SchemeKind::HttpToken { .. } => "\"token_XXX\"".to_owned(),
                SchemeKind::OAuth2 { .. } | SchemeKind::OpenIdConnect { .. } => {
                    format!("{crate_ident}::Tokens::fixed(\"token_XXX\")")
                }
                SchemeKind::MutualTls => String::new(),
            };
            format!(".{}({args})", scheme.setter)
        })
        .collect()
}

/// The Rust arguments of one call, in the order the generated method takes them.
fn arguments(op: &Operation, tree: &Value, raw: &Value) -> Vec<String> {
    let sampler = Sampler::new(tree);
    let raw_params = raw_parameters(&sampler, tree, op, raw);
    let mut args = Vec::new();
    for param in op.params.iter().filter(|p| p.required) {
        let schema = raw_params
            .iter()
            .find(|p| p.get("name").and_then(Value::as_str) == Some(param.wire_name.as_str()));
        let value = schema
            .map(|p| {
                p.get("example").cloned().unwrap_or_else(|| {
                    p.get("schema")
                        .map(|s| sampler.sample(s))
                        .unwrap_or(Value::Null)
                })
            })
            .unwrap_or(Value::Null);
        args.push(rust_argument(&param.ty, param.location, &value));
    }
    if let Some(body) = &op.body {
        let content = raw
            .pointer("/requestBody")
            .map(|b| sampler.resolve(b))
            .and_then(|b| b.get("content"))
            .and_then(Value::as_object);
        let media = content.and_then(|c| c.values().next());
        let sample = |examples: bool| {
            let mut body_sampler = Sampler::new(tree);
            body_sampler.multipart = body.encoding == BodyEncoding::Multipart;
            body_sampler.examples = examples;
            media
                .and_then(|m| m.get("schema"))
                .map(|s| body_sampler.sample(s))
                .unwrap_or(Value::Null)
        };
        let value = media
            .and_then(|m| m.get("example").cloned())
            .unwrap_or_else(|| sample(true));
        // Where the spec's examples do not fit its schemas, the schemas alone.
        let body_json = |value: &Value| match sample(false) {
            fallback if fallback != *value => format!(
                "from_json_or({}, {})",
                raw_string(value),
                raw_string(&fallback)
            ),
            _ => format!("from_json({})", raw_string(value)),
        };
        let arg = match body.encoding {
            BodyEncoding::Binary => "b\"%PDF-1.7 sample\"".to_owned(),
            BodyEncoding::Text => format!("{:?}", value.as_str().unwrap_or("<sample/>")),
            BodyEncoding::Json | BodyEncoding::Form if !body.required => {
                format!("Some(&{})", body_json(&value))
            }
            BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Multipart => {
                format!("&{}", body_json(&value))
            }
        };
        args.push(arg);
    }
    args
}

/// The operation's parameters as the spec writes them (path-level ones included).
fn raw_parameters<'a>(
    sampler: &Sampler<'a>,
    tree: &'a Value,
    op: &Operation,
    raw: &'a Value,
) -> Vec<&'a Value> {
    let path_item = tree.pointer(&format!(
        "/paths/{}",
        op.path.replace('~', "~0").replace('/', "~1")
    ));
    let path_level = path_item
        .and_then(|item| item.get("parameters"))
        .and_then(Value::as_array);
    let op_level = raw.get("parameters").and_then(Value::as_array);
    path_level
        .into_iter()
        .chain(op_level)
        .flatten()
        .map(|p| sampler.resolve(p))
        .collect()
}

fn rust_argument(ty: &TypeRef, location: ParamLocation, value: &Value) -> String {
    let text = |value: &Value| match value {
        Value::String(text) => text.clone(),
        Value::Null => "sample".to_owned(),
        other => other.to_string(),
    };
    match ty {
        TypeRef::String => format!("{:?}", text(value)),
        // A path segment must be a string even when the sample is a number.
        _ if location == ParamLocation::Path && matches!(ty, TypeRef::Named(_)) => {
            format!("&from_json({})", raw_string(&Value::String(text(value))))
        }
        TypeRef::Integer(_)
        | TypeRef::Number
        | TypeRef::Boolean
        | TypeRef::DateTime
        | TypeRef::Date => {
            format!("from_json({})", raw_string(value))
        }
        TypeRef::List(_) => {
            let list = if value.is_array() {
                value.clone()
            } else {
                Value::Array(vec![value.clone()])
            };
            format!("&from_json::<Vec<_>>({})[..]", raw_string(&list))
        }
        _ => format!("&from_json({})", raw_string(value)),
    }
}

/// A Rust raw string literal holding `value` as JSON.
fn raw_string(value: &Value) -> String {
    format!("r###\"{value}\"###")
}
