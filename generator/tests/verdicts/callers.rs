//! The callers: code written against the old client's documented API (every operation
//! called with every optional parameter set, every model built with `new` and every
//! setter, every field read with its type, every enum matched), so that any change a
//! caller could notice stops it compiling; deprecation warnings are denied.

use std::fmt::Write;

use generator::ir::{
    Api, BodyEncoding, Gate, Operation, SchemeKind, SuccessResponse, TypeKind, TypeRef,
    TYPES_FEATURE,
};
use generator::rust_types::{RustType, RustTypes};

/// The features a caller turns on besides `client`, the default features turned off;
/// `None`: the default features.
pub type Features<'a> = Option<&'a [String]>;

/// Whether an item behind `gates` (none: always) is compiled with `features`: `types`
/// turns on every tag's feature, and the default features turn on everything.
pub fn compiled(api: &Api, gates: &[Gate], features: Features) -> bool {
    let Some(features) = features else {
        return true;
    };
    let on = |feature: &String| {
        features.contains(feature)
            || (features.iter().any(|f| f == TYPES_FEATURE)
                && api.features.tags.iter().any(|tag| tag.name == *feature))
    };
    gates.is_empty()
        || gates.iter().any(|gate| {
            (gate.any.is_empty() || gate.any.iter().any(on))
                && (!gate.hidden || on(&generator::ir::HIDDEN_FEATURE.to_owned()))
        })
}

/// Every variant of an operation's error enum matched, each body read with its type.
fn errors_caller(api: &Api, op: &Operation, args: &str, output: &str) -> String {
    let error_enum = format!("api::operations::{}", op.error_enum);
    let mut arms = String::new();
    for error in &op.errors {
        let body = error
            .ty
            .as_ref()
            .map_or("String".to_owned(), |ty| spelled(&RustType::of(api, ty)));
        let _ = writeln!(
            arms,
            "        Err({error_enum}::{}(answer)) => {{\n            let _: &{body} = &answer.body;\n            let _: u16 = answer.status.as_u16();\n        }}",
            error.variant
        );
    }
    format!(
        "pub async fn errors_{name}(client: &api::Client) {{\n    match client.{name}({args}).typed_errors().await {{\n        Ok(value) => {{\n            let _: {output} = value;\n        }}\n{arms}        Err({error_enum}::Undeclared(answer)) => {{\n            let _: &api::ApiError = &answer;\n        }}\n        Err({error_enum}::Failed(error)) => {{\n            let _: api::Error = error;\n        }}\n        Err(_) => {{}}\n    }}\n}}\n\n",
        name = op.rust_name,
    )
}

/// A receiver matching every webhook event and holding its payload by its type.
fn webhooks_caller(api: &Api) -> String {
    let Some(webhooks) = &api.webhooks else {
        return String::new();
    };
    let mut arms = String::new();
    for event in &webhooks.events {
        let payload = match &event.payload {
            Some(ty) => spelled(&RustType::of(api, ty)),
            None => "serde_json::Value".to_owned(),
        };
        let _ = writeln!(
            arms,
            "        api::webhooks::Event::{}(payload) => {{\n            let _: {payload} = payload;\n        }}",
            event.variant
        );
    }
    format!("pub fn receive(event: api::webhooks::Event) {{\n    match event {{\n{arms}        _ => {{}}\n    }}\n}}\n\n")
}

/// Every credential setter on the builder and on `Credentials`, and `Client::new`.
fn credentials_caller(api: &Api) -> String {
    let args = |kind: &SchemeKind| match kind {
        SchemeKind::ApiKey { .. } | SchemeKind::HttpToken { .. } => "any::<String>()",
        SchemeKind::Basic => "any::<String>(), any::<String>()",
        SchemeKind::OAuth2 { .. } | SchemeKind::OpenIdConnect { .. } => "any::<api::Tokens>()",
        SchemeKind::MutualTls => "",
    };
    let mut out = String::from("pub fn credentials() -> Result<(), api::Error> {\n");
    for scheme in api.security.schemes.iter().filter(|s| !s.setter.is_empty()) {
        let call = format!(".{}({})", scheme.setter, args(&scheme.kind));
        let _ = writeln!(
            out,
            "    let _: api::Client = api::Client::builder(){call}.build()?;\n    let _: api::Credentials = api::Credentials::new(){call};"
        );
    }
    if let Some(takes) = api.security.client_new() {
        let new_args = takes
            .and_then(|id| api.security.scheme(id))
            .map_or("", |scheme| args(&scheme.kind));
        let _ = writeln!(
            out,
            "    let _: api::Client = api::Client::new({new_args})?;"
        );
    }
    out.push_str("    Ok(())\n}\n\n");
    out
}

/// A caller that uses everything the old client documents and compiles with `features`,
/// with every type spelled out, so that any change a caller could notice stops it
/// compiling.
pub fn caller_source(api: &Api, features: Features) -> String {
    let mut out = String::from(
        "#![allow(warnings, clippy::all)]\n#![deny(deprecated)]\nuse api::models;\n\nfn any<T>() -> T {\n    unimplemented!()\n}\n\n",
    );
    out.push_str(&credentials_caller(api));
    out.push_str(&webhooks_caller(api));
    for op in api
        .operations
        .iter()
        .filter(|op| compiled(api, std::slice::from_ref(&op.gate), features))
    {
        let mut args = Vec::new();
        for param in op.params.iter().filter(|p| p.required) {
            args.push(argument(api, &param.ty));
        }
        if let Some(body) = &op.body {
            let value = match body.encoding {
                BodyEncoding::Binary => "&any::<Vec<u8>>()".to_owned(),
                BodyEncoding::Text => "&any::<String>()".to_owned(),
                _ => format!("&any::<{}>()", spelled(&RustType::of(api, &body.ty))),
            };
            args.push(if body.required {
                value
            } else {
                format!("Some({value})")
            });
        }
        let setters: String = op
            .params
            .iter()
            .filter(|p| !p.required)
            .map(|p| format!(".{}({})", p.setter, argument(api, &p.ty)))
            .collect();
        let output = match &op.response {
            SuccessResponse::Empty => "()".to_owned(),
            SuccessResponse::Json(ty) => spelled(&RustType::of(api, ty)),
            SuccessResponse::Bytes => "Vec<u8>".to_owned(),
            SuccessResponse::Text => "String".to_owned(),
        };
        let _ = writeln!(
            out,
            "pub async fn call_{name}(client: &api::Client) -> Result<(), api::Error> {{\n    let _: {output} = client.{name}({args}){setters}.await?;\n    Ok(())\n}}\n",
            name = op.rust_name,
            args = args.join(", "),
        );
        out.push_str(&errors_caller(api, op, &args.join(", "), &output));
        if op.response == SuccessResponse::Bytes {
            let _ = writeln!(
                out,
                "pub async fn stream_{name}(client: &api::Client) -> Result<(), api::Error> {{\n    let download: api::Download = client.{name}({args}).stream().await?;\n    let _: Option<&str> = download.content_type();\n    let _: u64 = download.to_file(\"f\").await?;\n    Ok(())\n}}\n",
                name = op.rust_name,
                args = args.join(", "),
            );
        }
    }
    let types = RustTypes::decide(api);
    for (index, def) in api.types.iter().enumerate() {
        let gates = api.features.models.get(&def.module);
        if !compiled(api, gates.map_or(&[], Vec::as_slice), features) {
            continue;
        }
        let name = &def.name;
        let members = types.members(generator::ir::TypeId(index as u32));
        match &def.kind {
            TypeKind::Struct(s) => {
                let fields: Vec<_> = s.fields.iter().zip(members).collect();
                let mut reads = String::new();
                for (field, ty) in &fields {
                    let ty = spelled(ty);
                    let _ = writeln!(reads, "    let _: &{ty} = &value.{};", field.rust_name);
                }
                let mut required: Vec<_> = fields.iter().filter(|(f, _)| f.required).collect();
                required.sort_by(|(a, _), (b, _)| {
                    a.rust_name
                        .trim_start_matches("r#")
                        .cmp(b.rust_name.trim_start_matches("r#"))
                });
                let new_args: Vec<String> = required
                    .iter()
                    .map(|(_, ty)| format!("any::<{}>()", spelled(ty.unboxed())))
                    .collect();
                let mut setters = String::new();
                let sent = def.usage.includes(generator::ir::Direction::Request);
                for (field, value) in fields.iter().filter(|(f, _)| !f.required) {
                    let _ = write!(
                        setters,
                        "\n        .{}(any::<{}>())",
                        field.setter,
                        spelled(value.unwrap_option().unboxed())
                    );
                    if let (true, Some(null_setter)) = (sent, &field.null_setter) {
                        let _ = write!(setters, "\n        .{null_setter}()");
                    }
                }
                let _ = writeln!(
                    out,
                    "pub fn read_{name}(value: &models::{name}) {{\n{reads}}}\n\npub fn build_{name}() -> models::{name} {{\n    models::{name}::new({}){setters}\n}}\n",
                    new_args.join(", ")
                );
            }
            TypeKind::Enum(e) => {
                let arms: String = e
                    .variants
                    .iter()
                    .map(|v| format!("        models::{name}::{} => {{}}\n", v.rust_name))
                    .collect();
                let _ = writeln!(
                    out,
                    "pub fn match_{name}(value: &models::{name}) {{\n    match value {{\n{arms}        models::{name}::{}(_) => {{}}\n        _ => {{}}\n    }}\n}}\n",
                    e.catch_all
                );
            }
            TypeKind::Union(u) => {
                let arms: String = u
                    .variants
                    .iter()
                    .map(|v| format!("        models::{name}::{}(_) => {{}}\n", v.rust_name))
                    .collect();
                let _ = writeln!(
                    out,
                    "pub fn match_{name}(value: &models::{name}) {{\n    match value {{\n{arms}        _ => {{}}\n    }}\n}}\n"
                );
            }
            TypeKind::Alias(target) => {
                let _ = writeln!(
                    out,
                    "pub fn alias_{name}(value: models::{name}) -> {} {{\n    value\n}}\n",
                    spelled(&RustType::of(api, target))
                );
            }
        }
    }
    out
}

/// A required parameter as the generated method takes it.
fn argument(api: &Api, ty: &TypeRef) -> String {
    let owned = spelled(&RustType::of(api, ty));
    match ty {
        TypeRef::String => "&any::<String>()".to_owned(),
        TypeRef::Integer(_)
        | TypeRef::Number
        | TypeRef::Boolean
        | TypeRef::DateTime
        | TypeRef::Date => {
            format!("any::<{owned}>()")
        }
        TypeRef::List(_) => format!("any::<{owned}>().as_slice()"),
        _ => format!("&any::<{owned}>()"),
    }
}

/// A type as a caller outside the crate spells it.
fn spelled(ty: &RustType) -> String {
    match ty {
        RustType::Model(name) => format!("models::{name}"),
        RustType::Path(path) => path.replace("crate::", "api::"),
        RustType::Vec(inner) => format!("Vec<{}>", spelled(inner)),
        RustType::Map(inner) => format!("std::collections::BTreeMap<String, {}>", spelled(inner)),
        RustType::Option(inner) => format!("Option<{}>", spelled(inner)),
        RustType::Box(inner) => format!("Box<{}>", spelled(inner)),
    }
}
