//! Each operation's error enum (`operations::<Operation>Error`), which its
//! `Call::typed_errors` fails with: a variant per declared error response, with the body
//! decoded, then `Undeclared` and `Failed`. The sorting itself is the runtime's
//! (`runtime/src/runtime/declared.rs`); an operation adds one `match` on the status.
//!
//! Every operation has one, all of the same shape, so they are written out as text in
//! prettyplease's layout (`format::written`), not built as syntax trees.

use std::fmt::Write;

use super::docs;
use super::types::{write_type, ModelPath};
use crate::format;
use crate::ir::{Api, ErrorResponse, ErrorStatuses, Operation};
use crate::rust_types::RustType;

/// The enum, its `DeclaredErrors` impl on the operation's marker, and its `status`,
/// `From<Error>`, `Display` and `Error` impls, each behind `cfg` (the text of the
/// operation's attribute, where it needs one).
pub(crate) fn error_enum(
    api: &Api,
    op: &Operation,
    cfg: Option<&str>,
) -> syn::Result<Vec<format::Item>> {
    let (name, marker) = (&op.error_enum, &op.call_marker);
    let gated = |text: String| {
        let text = match cfg {
            Some(cfg) => format!("{cfg}\n{text}"),
            None => text,
        };
        format::written(|_| text.clone())
    };
    Ok(vec![
        format::written(|_| definition(api, op, cfg))?,
        gated(status(op))?,
        gated(declared_errors(marker, name))?,
        gated(from(op))?,
        gated(display(name))?,
        gated(error(name))?,
    ])
}

/// The enum: its docs, a variant per declared response, `Undeclared` and `Failed`.
fn definition(api: &Api, op: &Operation, cfg: Option<&str>) -> String {
    let method = op.rust_name.trim_start_matches("r#");
    let mut out = String::with_capacity(1024 + 256 * op.errors.len());
    docs::write_lines(&mut out, "", &docs::wrapped(&[
        format!("The answers of [`Client::{method}`](crate::Client::{method}) other than a success, as [`Call::typed_errors`](crate::Call::typed_errors) gives them: one variant per error response the spec declares, with its body decoded, then any other answer outside 2xx (`Undeclared`) and the failures without an answer to sort (`Failed`)."),
        String::new(),
        "Non-exhaustive: a response the spec declares later is a new variant (those answers arrive as `Undeclared` until then).".to_owned(),
    ]));
    if let Some(cfg) = cfg {
        out.push_str(cfg);
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "#[derive(Debug)]\n#[non_exhaustive]\npub enum {} {{",
        op.error_enum
    );
    for error in &op.errors {
        docs::write_lines(&mut out, "    ", &variant_docs(error));
        let _ = write!(out, "    {}(Box<crate::Response<", error.variant);
        match &error.ty {
            Some(ty) => write_type(&mut out, &RustType::of(api, ty), ModelPath::Qualified),
            None => out.push_str("String"),
        }
        out.push_str(">>),\n");
    }
    out.push_str(
        "    /// An answer outside 2xx that the spec does not declare for this operation, whole.
    Undeclared(Box<crate::ApiError>),
    /// No answer to sort: the call failed otherwise (transport, timeout, missing
    /// credentials, a body that does not match its schema).
    Failed(crate::Error),
}
",
    );
    out
}

/// `status()`: the HTTP status, when the server answered.
fn status(op: &Operation) -> String {
    let mut out = String::with_capacity(384 + 64 * op.errors.len());
    let _ = write!(
        out,
        "impl {} {{
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<reqwest::StatusCode> {{
        match self {{
",
        op.error_enum
    );
    for error in &op.errors {
        let _ = writeln!(
            out,
            "            Self::{}(answer) => Some(answer.status),",
            error.variant
        );
    }
    out.push_str(
        "            Self::Undeclared(answer) => Some(answer.status),
            Self::Failed(error) => error.status(),
        }
    }
}
",
    );
    out
}

/// `impl DeclaredErrors` on the call's marker.
fn declared_errors(marker: &str, name: &str) -> String {
    format!("impl crate::DeclaredErrors for {marker} {{\n    type Error = {name};\n}}\n")
}

/// `From<Error>`: a `match` on the status whose arms run from the most specific response
/// to `default`.
fn from(op: &Operation) -> String {
    let mut out = String::with_capacity(512 + 96 * op.errors.len());
    let _ = writeln!(
        out,
        "impl From<crate::Error> for {} {{\n    fn from(error: crate::Error) -> Self {{",
        op.error_enum
    );
    let mut errors: Vec<&ErrorResponse> = op.errors.iter().collect();
    errors.sort_by_key(|error| error.statuses());
    let decode = |error: &ErrorResponse| {
        format!(
            "crate::runtime::declared::{}(*answer, Self::{})",
            decode_function(error),
            error.variant
        )
    };
    match errors.as_slice() {
        [] => out.push_str(
            "        crate::runtime::declared::sort(error, Self::Failed, Self::Undeclared)\n",
        ),
        // `default` alone: every answer is its, and a `match` of one arm is no match.
        [only] if only.statuses() == ErrorStatuses::Default => {
            let _ = writeln!(
                out,
                "        crate::runtime::declared::sort(
            error,
            Self::Failed,
            |answer| {},
        )",
                decode(only)
            );
        }
        errors => {
            out.push_str(
                "        crate::runtime::declared::sort(
            error,
            Self::Failed,
            |answer| match answer.status.as_u16() {
",
            );
            for error in errors {
                let pattern = match error.statuses() {
                    ErrorStatuses::Code(code) => code.to_string(),
                    ErrorStatuses::Range(first) => format!("{first}..={}", first + 99),
                    ErrorStatuses::Default => "_".to_owned(),
                };
                let _ = writeln!(out, "                {pattern} => {},", decode(error));
            }
            if !errors
                .iter()
                .any(|error| error.statuses() == ErrorStatuses::Default)
            {
                out.push_str("                _ => Self::Undeclared(answer),\n");
            }
            out.push_str("            },\n        )\n");
        }
    }
    out.push_str("    }\n}\n");
    out
}

/// `Display`: the runtime's description of the status, or the failure.
fn display(name: &str) -> String {
    format!(
        "impl std::fmt::Display for {name} {{
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {{
        match self {{
            Self::Failed(error) => error.fmt(f),
            _ => crate::runtime::declared::describe(f, self.status()),
        }}
    }}
}}
"
    )
}

/// `impl Error`.
fn error(name: &str) -> String {
    format!("impl std::error::Error for {name} {{}}\n")
}

/// The runtime's function that makes the variant's body: `json` with a schema, else `text`.
fn decode_function(error: &ErrorResponse) -> &'static str {
    match error.ty {
        Some(_) => "json",
        None => "text",
    }
}

/// "`422`: Invalid item", from the status and the response's description.
fn variant_docs(error: &ErrorResponse) -> Vec<String> {
    let body = match error.ty {
        Some(_) => "",
        None => " (no JSON schema: the body as text)",
    };
    let status = format!("`{}`", error.status);
    let text = match &error.description {
        Some(description) => format!("{status}{body}: {description}"),
        None => format!("{status}{body}."),
    };
    docs::sanitize(&text)
}

#[cfg(test)]
mod tests {
    use super::error_enum;
    use crate::format::Item;

    /// Declared errors of every kind: a status with a schema, a range without one, and
    /// `default`; `default` alone; none; statuses without `default`.
    const SPEC: &str = r##"
openapi: 3.0.3
info: {title: Errors, version: "1"}
paths:
  /a:
    get:
      operationId: getA
      responses:
        "200": {description: OK}
        "404": {description: Not found., content: &problem {application/json: {schema: {$ref: "#/components/schemas/Problem"}}}}
        "4XX": {description: A client error.}
        default: {description: Anything else., content: *problem}
  /b:
    get:
      operationId: getB
      responses: {"200": {description: OK}, default: {description: Anything., content: *problem}}
  /c:
    get: {operationId: getC, responses: {"200": {description: OK}}}
  /d:
    get:
      operationId: getD
      responses:
        "200": {description: OK}
        "400": {description: Bad request., content: *problem}
        "5XX": {description: A server error.}
components:
  schemas:
    Problem: {type: object, properties: {message: {type: string}}}
"##;

    /// Every item of an error enum that is kept as text is what prettyplease prints of
    /// it, with and without a `cfg`, for names of 1 to 100 characters.
    #[test]
    fn error_enums_are_written_as_prettyplease_lays_them_out() {
        let options = crate::Options {
            crate_name: "errors".into(),
            regenerate_with: "cargo test".into(),
            names: None,
            overlay: None,
            previous: None,
            package: Default::default(),
        };
        let generated = crate::generate(SPEC, &options);
        assert!(generated.is_ok(), "the spec generates");
        let Ok(generated) = generated else { return };
        let (mut laid_out, mut parsed) = (0, 0);
        for length in 1..=100 {
            let name = format!("A{}", "b".repeat(length - 1));
            for op in &generated.api.operations {
                let mut op = op.clone();
                op.rust_name = format!("a{}", "b".repeat(length - 1));
                op.error_enum = format!("{name}Error");
                op.call_marker = name.clone();
                for error in &mut op.errors {
                    error.variant.push_str(&"x".repeat(length / 2));
                }
                for cfg in [
                    None,
                    Some(r#"#[cfg(all(feature = "hidden", feature = "a"))]"#),
                ] {
                    let items = error_enum(&generated.api, &op, cfg);
                    assert!(items.is_ok(), "the text parses");
                    for item in items.into_iter().flatten() {
                        let Item::LaidOut(text) = item else {
                            parsed += 1;
                            continue;
                        };
                        laid_out += 1;
                        let printed =
                            syn::parse_file(&text).map(|file| prettyplease::unparse(&file));
                        assert_eq!(printed.ok().as_deref(), Some(text.as_str()), "{length}");
                    }
                }
            }
        }
        assert!(
            laid_out >= 2000 && parsed >= 100,
            "{laid_out} laid out, {parsed} parsed"
        );
    }
}
