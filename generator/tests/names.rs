//! Stable names: the names file keeps every recorded name, fresh names depend on nothing
//! but the items' own facts, and a person's edits are used or refused with a location.

mod common;

use common::*;
use generator::{Generated, Location, NameBook, Options};

/// Two operations without operationIds; the second's inline body and response are named
/// after it.
const BASE: &str = r#"
openapi: 3.0.3
info: {title: Names, version: '1'}
paths:
  /api/merchants/extract:
    post:
      summary: Extract merchants
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties: {text: {type: string}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties: {name: {type: string}}
  /api/end_user_emails:
    get:
      summary: Get End User Emails
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Email'}
components:
  schemas:
    Email:
      type: object
      properties: {address: {type: string}}
"#;

fn generate_with(
    spec: &str,
    names: Option<&NameBook>,
) -> Result<Generated, Vec<generator::Diagnostic>> {
    let options = Options {
        names: names.map(|book| book.render("spec.yaml")),
        overlay: None,
        ..options()
    };
    generator::generate(spec, &options)
}

#[track_caller]
fn regenerate(spec: &str, names: &NameBook) -> Generated {
    generate_with(spec, Some(names)).unwrap_or_else(|errors| panic!("{errors:?}"))
}

fn method_names(generated: &Generated) -> Vec<(String, String)> {
    let mut names: Vec<(String, String)> = generated
        .api
        .operations
        .iter()
        .map(|op| {
            (
                format!("{} {}", op.method.as_str(), op.path),
                op.rust_name.clone(),
            )
        })
        .collect();
    names.sort();
    names
}

fn type_names(generated: &Generated) -> Vec<String> {
    let mut names: Vec<String> = generated.api.types.iter().map(|t| t.name.clone()).collect();
    names.sort();
    names
}

#[test]
fn an_added_operation_id_keeps_the_method_and_its_inline_type_names() {
    let base = generate(BASE);
    let with_id = BASE.replace(
        "      summary: Extract merchants\n",
        "      summary: Extract merchants\n      operationId: extractMerchant\n",
    );
    // Without the names file the operationId would win: the test's premise.
    let fresh = generate(&with_id);
    assert!(method_names(&fresh).contains(&(
        "POST /api/merchants/extract".into(),
        "extract_merchant".into()
    )));

    let kept = regenerate(&with_id, &base.names);
    assert_eq!(method_names(&kept), method_names(&base));
    assert_eq!(type_names(&kept), type_names(&base));
    assert!(type_names(&kept).contains(&"ExtractMerchantsBody".to_owned()));
    assert_eq!(kept.names, base.names, "the names file does not change");
}

#[test]
fn reordering_the_document_changes_no_name() {
    // Two operations with the same summary and two schemas whose names collide after
    // case conversion: fresh names must not depend on which comes first.
    let spec = |first: &str, second: &str, schemas: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{first}{second}components:\n  schemas:\n{schemas}"
        )
    };
    let list = "  /widgets:\n    get:\n      summary: List the Widgets\n      responses: {'204': {description: OK}}\n";
    let one = "  /widgets/{id}:\n    get:\n      summary: List the Widgets\n      parameters: [{in: path, name: id, required: true, schema: {type: string}}]\n      responses: {'204': {description: OK}}\n";
    let schemas_a = "    user_id: {type: string}\n    UserId: {type: integer}\n";
    let schemas_b = "    UserId: {type: integer}\n    user_id: {type: string}\n";
    let a = generate(&spec(list, one, schemas_a));
    let b = generate(&spec(one, list, schemas_b));
    assert_eq!(method_names(&a), method_names(&b));
    assert_eq!(a.names, b.names);
    assert_eq!(
        method_names(&a),
        [
            ("GET /widgets".to_owned(), "get_widgets".to_owned()),
            (
                "GET /widgets/{id}".to_owned(),
                "get_widgets_by_id".to_owned()
            ),
        ]
    );
}

#[test]
fn a_new_operation_with_the_same_summary_does_not_rename_the_first() {
    let base = generate(BASE);
    // The new operation comes first in the document and suggests the same name.
    let added = BASE.replace(
        "paths:\n",
        "paths:\n  /api/end_users/{id}/emails:\n    get:\n      summary: Get End User Emails\n      parameters: [{in: path, name: id, required: true, schema: {type: string}}]\n      responses: {'204': {description: OK}}\n",
    );
    let next = regenerate(&added, &base.names);
    let names = method_names(&next);
    assert!(names.contains(&(
        "GET /api/end_user_emails".into(),
        "get_end_user_emails".into()
    )));
    assert!(names.contains(&(
        "GET /api/end_users/{id}/emails".into(),
        "get_api_end_users_by_id_emails".into()
    )));
}

#[test]
fn entries_of_items_that_are_gone_are_dropped_and_new_items_are_recorded() {
    let base = generate(BASE);
    let without_extract = BASE.replace(
        &BASE[BASE.find("  /api/merchants/extract:").unwrap()
            ..BASE.find("  /api/end_user_emails:").unwrap()],
        "",
    );
    let next = regenerate(&without_extract, &base.names);
    assert!(!next
        .names
        .operations
        .contains_key("POST /api/merchants/extract"));
    assert!(next
        .names
        .types
        .keys()
        .all(|key| !key.contains("merchants")));
    assert_eq!(next.names.operations.len(), 1);
}

#[test]
fn a_person_chooses_a_name_by_editing_the_file_and_keeps_the_old_one_as_a_deprecated_alias() {
    let base = generate(BASE);
    let mut book = base.names.clone();
    book.operations
        .insert("GET /api/end_user_emails".into(), "list_emails".into());
    book.types
        .insert("#/components/schemas/Email".into(), "EmailAddress".into());
    book.operation_aliases
        .insert("get_end_user_emails".into(), "list_emails".into());
    book.type_aliases
        .insert("Email".into(), "EmailAddress".into());
    let next = regenerate(BASE, &book);
    assert!(
        method_names(&next).contains(&("GET /api/end_user_emails".into(), "list_emails".into()))
    );
    let operations = file(&next, "src/operations/default.rs");
    assert!(
        operations.contains("#[deprecated(note = \"renamed to `list_emails`\")]")
            && operations.contains("pub fn get_end_user_emails(")
            && operations.contains("self.list_emails()"),
        "{operations}"
    );
    let model = file(&next, "src/models/email_address.rs");
    assert!(
        model.contains("pub struct EmailAddress")
            && model.contains("#[deprecated(note = \"renamed to `EmailAddress`\")]")
            && model.contains("pub type Email = EmailAddress;"),
        "{model}"
    );
    assert_eq!(next.names, book, "the edited file is kept as it is");
}

#[test]
fn invalid_or_clashing_names_in_the_file_are_errors_located_in_it() {
    let base = generate(BASE);
    let cases: [(&str, &str, &str); 4] = [
        ("operations", "fn", "`fn` is not a Rust identifier"),
        ("operations", "2go", "`2go` is not a Rust identifier"),
        ("operations", "new", "`new` is taken"),
        ("types", "IntegrationLink", ""),
    ];
    for (table, name, expected) in cases {
        let mut book = base.names.clone();
        match table {
            "operations" => {
                book.operations
                    .insert("GET /api/end_user_emails".into(), name.into());
            }
            _ => {
                // Two types given one name: a clash.
                book.types
                    .insert("#/components/schemas/Email".into(), name.into());
                let other = book
                    .types
                    .keys()
                    .find(|key| key.contains("merchants"))
                    .cloned()
                    .expect("an inline type");
                book.types.insert(other, name.into());
            }
        }
        let text = book.render("spec.yaml");
        let errors = generate_with(BASE, Some(&book)).expect_err(name);
        let error = &errors[0];
        let Location::NamesFile { line, .. } = error.location else {
            panic!("{name}: not located in the names file: {error:?}")
        };
        let line_text = text.lines().nth(line - 1).unwrap_or_default();
        assert!(
            line_text.contains(&format!("\"{name}\"")),
            "{name}: line {line} is `{line_text}`"
        );
        let expected = if expected.is_empty() {
            format!("`{name}` is taken")
        } else {
            expected.to_owned()
        };
        assert!(
            error.message.contains(&expected),
            "{name}: {}",
            error.message
        );
    }
}

#[test]
fn a_names_file_that_is_not_toml_is_an_error_with_line_and_column() {
    let options = Options {
        names: Some("[operations]\n\"GET /x\" = \n".into()),
        overlay: None,
        ..options()
    };
    let errors = generator::generate(BASE, &options).expect_err("bad file");
    assert!(
        matches!(errors[0].location, Location::NamesFile { line: 2, .. }),
        "{:?}",
        errors[0]
    );
}

#[test]
fn a_parameter_added_before_another_keeps_the_others_type_name_and_key() {
    let spec = |extra: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /items:\n    get:\n      summary: List Items\n      parameters:\n{extra}        - {{in: query, name: order, schema: {{type: string, enum: [asc, desc]}}}}\n      responses: {{'204': {{description: OK}}}}\n"
        )
    };
    let base = generate(&spec(""));
    let next = regenerate(
        &spec("        - {in: query, name: page, schema: {type: integer}}\n"),
        &base.names,
    );
    assert_eq!(next.names.types, base.names.types);
    assert_eq!(
        base.names.types.keys().collect::<Vec<_>>(),
        ["#/paths/~1items/get/parameters/query:order/schema"]
    );
    let diff = generator::diff::diff(&base.api, &next.api);
    assert!(diff.iter().all(|c| !c.breaking()), "{diff:#?}");
}

/// Two tagged operations and an untagged one.
const TAGGED: &str = r#"
openapi: 3.0.3
info: {title: Tagged, version: '1'}
paths:
  /users:
    get:
      operationId: listUsers
      tags: [End Users]
      responses: {'204': {description: ok}}
  /links:
    get:
      operationId: listLinks
      tags: [Integrations]
      responses: {'204': {description: ok}}
  /health:
    get:
      operationId: health
      responses: {'204': {description: ok}}
"#;

#[test]
fn feature_names_are_recorded_and_survive_reordering_and_a_persons_edit() {
    let first = generate(TAGGED);
    let recorded: Vec<(&str, &str)> = first
        .names
        .features
        .iter()
        .map(|(tag, name)| (tag.as_str(), name.as_str()))
        .collect();
    assert_eq!(
        recorded,
        [
            ("", "untagged"),
            ("End Users", "end-users"),
            ("Integrations", "integrations")
        ]
    );
    assert!(first
        .names
        .render("spec.yaml")
        .contains("\n[features]\n\"\" = \"untagged\"\n\"End Users\" = \"end-users\"\n"));

    // The tags in another order, a person's name for one feature: nothing else moves.
    let reordered = TAGGED
        .replace("  /users:", "  /zz-users:")
        .replace("  /health:", "  /a-health:");
    let mut book = first.names.clone();
    book.features.insert("Integrations".into(), "links".into());
    let next = regenerate(&reordered, &book);
    assert_eq!(next.names.features, book.features);
    let manifest = file(&next, "Cargo.toml");
    assert!(
        manifest.contains("types = [\"end-users\", \"links\", \"untagged\"]"),
        "{manifest}"
    );
    let operations = file(&next, "src/operations/mod.rs");
    assert!(
        operations.contains("#[cfg(feature = \"links\")]\nmod integrations;"),
        "{operations}"
    );
    // Without the file, the same names come back fresh.
    assert_eq!(generate(&reordered).names.features, first.names.features);
}

#[test]
fn a_feature_name_that_cargo_refuses_or_that_is_taken_is_an_error_located_in_the_file() {
    let base = generate(TAGGED);
    for (name, expected) in [
        ("end users", "`end users` is not a Cargo feature name"),
        ("client", "`client` is taken"),
    ] {
        let mut book = base.names.clone();
        book.features.insert("End Users".into(), name.into());
        let text = book.render("spec.yaml");
        let errors = generate_with(TAGGED, Some(&book)).expect_err(name);
        let Location::NamesFile { line, .. } = errors[0].location else {
            panic!("{name}: not located in the names file: {:?}", errors[0])
        };
        let line_text = text.lines().nth(line - 1).unwrap_or_default();
        assert!(
            line_text.contains("\"End Users\""),
            "{name}: line {line} is `{line_text}`"
        );
        assert!(
            errors[0].message.contains(expected),
            "{}",
            errors[0].message
        );
    }
}

/// A component wrapping a single inline union is lowered twice at one place: the
/// component (an alias) and the union it names, numbered ` (2)` in the names file. Both
/// have a request variant, and each must be recorded under its own key. They once shared
/// the component's, so the names file the first generation wrote was refused by the
/// second (`Wrapper2Request` is taken); found by the `structured_overlay` fuzz target.
#[test]
fn a_schema_lowered_twice_at_one_place_records_each_request_variant_under_its_own_key() {
    let spec = r#"
openapi: 3.0.3
info: {title: Wrapped, version: '1'}
paths: {}
components:
  schemas:
    Wrapper:
      anyOf:
        - anyOf:
            - {type: string}
            - type: object
              properties:
                id: {type: string, readOnly: true}
                name: {type: string}
"#;
    let first = generate(spec);
    let request_names = &first.names.request_types;
    assert_eq!(
        request_names
            .get("#/components/schemas/Wrapper")
            .map(String::as_str),
        Some("WrapperRequest")
    );
    assert_eq!(
        request_names
            .get("#/components/schemas/Wrapper (2)")
            .map(String::as_str),
        Some("Wrapper2Request")
    );
    let again = regenerate(spec, &first.names);
    assert_eq!(again.names, first.names, "the names file does not change");
    let files = |generated: &Generated| -> Vec<(String, String)> {
        generated
            .files
            .iter()
            .map(|file| (file.path.clone(), file.contents.clone()))
            .collect()
    };
    assert_eq!(files(&again), files(&first), "nor does the output");
}
