//! Pagination: which operations stream every page, detected from their parameters and
//! response or asked for with the `x-heron-codegen-pagination` extension (directly or through an
//! Overlay), and what is refused. The generated streams run against a loopback server in
//! `runtime-client/tests/paging.rs`.

mod common;
#[path = "../../xtask/tests/support/mod.rs"]
mod support;

use common::*;
use generator::ir::{Api, Operation, Pagination, PagingSource, PagingStyle, TypeRef};
use generator::{Location, Options, Severity};

/// A `GET /widgets` with `parameters` and a 200 response of `response`, plus `Widget`.
fn spec(parameters: &str, response: &str, extension: &str) -> String {
    format!(
        r##"
openapi: 3.0.3
info: {{title: Paging, version: "1"}}
paths:
  /widgets:
    get:
      operationId: list_widgets
      parameters: {parameters}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {response}
{extension}
components:
  schemas:
    Widget:
      type: object
      properties: {{id: {{type: integer}}}}
"##
    )
}

const LIMIT: &str = "{name: limit, in: query, schema: {type: integer}}";
const PAGE: &str = "{name: page, in: query, schema: {type: integer}}";
const OFFSET: &str = "{name: offset, in: query, schema: {type: integer}}";
const WIDGETS: &str = "{type: array, items: {$ref: '#/components/schemas/Widget'}}";

fn widgets(spec: &str) -> Option<Pagination> {
    operation(&generate(spec).api, "list_widgets")
        .pagination
        .clone()
}

#[track_caller]
fn operation<'a>(api: &'a Api, name: &str) -> &'a Operation {
    api.operations
        .iter()
        .find(|op| op.rust_name == name)
        .unwrap_or_else(|| panic!("no operation {name}"))
}

#[track_caller]
fn is_widget(api: &Api, item: &TypeRef) {
    let TypeRef::Named(id) = item else {
        panic!("expected the Widget model, found {item:?}");
    };
    assert_eq!(api.type_def(*id).name, "Widget");
}

fn next_url_spec() -> String {
    spec(
        &format!("[{PAGE}, {LIMIT}]"),
        &format!(
            "{{type: object, properties: {{widgets: {WIDGETS}, _meta: {{type: object, properties: \
             {{page: {{type: integer}}, next_url: {{type: string, nullable: true}}}}}}}}}}"
        ),
        "",
    )
}

#[test]
fn a_next_url_in_the_meta_object_is_the_next_url_style() {
    let generated = generate(&next_url_spec());
    let op = operation(&generated.api, "list_widgets");
    let pagination = op.pagination.as_ref().expect("paginated");
    assert_eq!(
        pagination.style,
        PagingStyle::NextUrl {
            next_url: "/_meta/next_url".into()
        }
    );
    assert_eq!(pagination.items, "/widgets");
    assert_eq!(pagination.page_size.as_deref(), Some("limit"));
    assert_eq!(pagination.source, PagingSource::Detected);
    assert_eq!(
        (
            pagination.pages_method.as_str(),
            pagination.items_method.as_str()
        ),
        ("pages", "items")
    );
    is_widget(&generated.api, &pagination.item);

    let code = file(&generated, "src/operations/default.rs");
    assert!(
        code.contains("pub fn items(self) -> Items<'a, models::Widget>"),
        "{code}"
    );
    assert!(
        code.contains("pub fn pages(self) -> Pages<'a, T>"),
        "{code}"
    );
    assert!(code.contains(r#"next_url: "/_meta/next_url""#), "{code}");
    // The one-page method is unchanged.
    assert!(
        code.contains(
            "pub fn list_widgets(&self) -> Call<'_, models::ListWidgetsResponse, ListWidgets>"
        ),
        "{code}"
    );
    let lib = file(&generated, "src/lib.rs");
    assert!(lib.contains("pub use runtime::{Items, Pages};"), "{lib}");
    assert!(file(&generated, "Cargo.toml").contains("futures-util"));
}

#[test]
fn a_page_parameter_with_has_more_and_the_pages_own_number_is_the_page_number_style() {
    let response = format!(
        "{{type: object, properties: {{emails: {WIDGETS}, _meta: {{type: object, properties: \
         {{has_more: {{type: boolean}}, page: {{type: number}}, total_pages: {{type: number}}}}}}}}}}"
    );
    let pagination =
        widgets(&spec(&format!("[{PAGE}, {LIMIT}]"), &response, "")).expect("paginated");
    assert_eq!(
        pagination.style,
        PagingStyle::PageNumber {
            param: "page".into(),
            page: "/_meta/page".into(),
            has_more: "/_meta/has_more".into()
        }
    );
    assert_eq!(pagination.items, "/emails");

    // Without the page's own number next to the flag there is no next number to ask for.
    let numberless = response.replace("page: {type: number}, ", "");
    assert_eq!(
        widgets(&spec(&format!("[{PAGE}, {LIMIT}]"), &numberless, "")),
        None
    );
}

#[test]
fn an_offset_parameter_with_has_more_is_the_offset_style() {
    let response = format!(
        "{{type: object, properties: {{data: {WIDGETS}, has_more: {{type: boolean}}, total: {{type: integer}}}}}}"
    );
    let pagination =
        widgets(&spec(&format!("[{LIMIT}, {OFFSET}]"), &response, "")).expect("paginated");
    assert_eq!(
        pagination.style,
        PagingStyle::Offset {
            param: "offset".into(),
            has_more: "/has_more".into()
        }
    );
    assert_eq!(pagination.items, "/data");
}

#[test]
fn lists_without_an_unambiguous_next_page_are_not_paginated() {
    let list =
        format!("{{type: object, properties: {{widgets: {WIDGETS}, total: {{type: integer}}}}}}");
    // A `limit` alone says nothing about a next page.
    assert_eq!(widgets(&spec(&format!("[{LIMIT}]"), &list, "")), None);
    assert_eq!(widgets(&spec(&format!("[{LIMIT}]"), WIDGETS, "")), None);
    // `has_more` with neither a page nor an offset parameter, or with both.
    let flagged = list.replace("total:", "has_more: {type: boolean}, total:");
    assert_eq!(widgets(&spec(&format!("[{LIMIT}]"), &flagged, "")), None);
    assert_eq!(
        widgets(&spec(&format!("[{PAGE}, {OFFSET}]"), &flagged, "")),
        None
    );
    // Two arrays: which one holds the items?
    let two = list.replace("total: {type: integer}", &format!("others: {WIDGETS}"));
    let with_next = two.replace("others:", "next_url: {type: string}, others:");
    assert_eq!(widgets(&spec(&format!("[{PAGE}]"), &with_next, "")), None);
    // Two next URLs, at the root and in `_meta`.
    let twice = next_url_spec().replace(
        "widgets: {type: array",
        "next_url: {type: string}, widgets: {type: array",
    );
    assert_eq!(widgets(&twice), None);
    // Only reads are detected.
    assert_eq!(
        widgets(&next_url_spec().replace("    get:", "    post:")),
        None
    );
    // And the extension turns detection off.
    let off = next_url_spec().replace(
        "components:",
        "      x-heron-codegen-pagination: false\ncomponents:",
    );
    assert_eq!(widgets(&off), None);
    let generated = generate(&off);
    assert!(!file(&generated, "src/lib.rs").contains("Items"));
    assert!(!file(&generated, "Cargo.toml").contains("futures-util"));
}

/// An API whose lists look like no detected shape: items nested, custom parameter names.
const CUSTOM_PARAMS: &str = "[{name: skip, in: query, schema: {type: integer}}, {name: take, in: query, schema: {type: integer}}]";
const CUSTOM_RESPONSE: &str = "{type: object, properties: {result: {type: object, properties: {rows: {type: array, items: {$ref: '#/components/schemas/Widget'}}}}, more: {type: boolean}}}";
const CUSTOM_EXTENSION: &str = r#"      x-heron-codegen-pagination:
        type: offsetLimit
        inputs:
          - {name: skip, in: parameters, type: offset}
          - {name: take, in: parameters, type: limit}
        outputs: {results: $.result.rows, hasMore: $.more}"#;

#[test]
fn the_extension_says_how_an_unusual_list_pages() {
    assert_eq!(widgets(&spec(CUSTOM_PARAMS, CUSTOM_RESPONSE, "")), None);
    let generated = generate(&spec(CUSTOM_PARAMS, CUSTOM_RESPONSE, CUSTOM_EXTENSION));
    let pagination = operation(&generated.api, "list_widgets")
        .pagination
        .clone()
        .expect("paginated");
    assert_eq!(
        pagination.style,
        PagingStyle::Offset {
            param: "skip".into(),
            has_more: "/more".into()
        }
    );
    assert_eq!(pagination.items, "/result/rows");
    assert_eq!(pagination.page_size.as_deref(), Some("take"));
    assert_eq!(pagination.source, PagingSource::Extension);
    is_widget(&generated.api, &pagination.item);

    let url = r#"      x-heron-codegen-pagination: {type: url, outputs: {results: $.result.rows, nextUrl: $.links.next}}"#;
    let response = CUSTOM_RESPONSE.replace(
        "more: {type: boolean}",
        "links: {type: object, properties: {next: {type: string}}}",
    );
    let pagination = widgets(&spec(CUSTOM_PARAMS, &response, url)).expect("paginated");
    assert_eq!(
        pagination.style,
        PagingStyle::NextUrl {
            next_url: "/links/next".into()
        }
    );
}

/// The user does not own the spec: an Overlay next to it adds the extension.
#[test]
fn an_overlay_adds_the_extension_to_a_spec_that_lacks_it() {
    let overlay = r#"
overlay: 1.0.0
info: {title: Paging, version: 1.0.0}
actions:
  - target: $.paths['/widgets'].get
    update:
      x-heron-codegen-pagination:
        type: offsetLimit
        inputs: [{name: skip, in: parameters, type: offset}, {name: take, in: parameters, type: limit}]
        outputs: {results: $.result.rows, hasMore: $.more}
"#;
    let options = Options {
        overlay: Some(overlay.to_owned()),
        ..options()
    };
    let overlaid = generator::generate(&spec(CUSTOM_PARAMS, CUSTOM_RESPONSE, ""), &options)
        .expect("generates");
    let direct = generate(&spec(CUSTOM_PARAMS, CUSTOM_RESPONSE, CUSTOM_EXTENSION));
    assert!(operation(&overlaid.api, "list_widgets")
        .pagination
        .is_some());
    assert_eq!(
        operation(&overlaid.api, "list_widgets").pagination,
        operation(&direct.api, "list_widgets").pagination
    );
    assert_eq!(
        file(&overlaid, "src/operations/default.rs"),
        file(&direct, "src/operations/default.rs")
    );
}

#[test]
fn extension_content_the_client_cannot_follow_is_a_located_error() {
    let at = "#/paths/~1widgets/get/x-heron-codegen-pagination";
    let cases = [
        (
            "x-heron-codegen-pagination: {type: cursor, outputs: {results: $.result.rows}}",
            format!("{at}/type"),
            "cursor pagination is not supported",
        ),
        (
            "x-heron-codegen-pagination: {type: pages, outputs: {results: $.result.rows}}",
            format!("{at}/type"),
            "expected `url`, `page` or `offsetLimit`, found `pages`",
        ),
        (
            "x-heron-codegen-pagination: [url]",
            at.to_owned(),
            "expected an object or `false`",
        ),
        (
            "x-heron-codegen-pagination: {type: offsetLimit, inputs: [{name: from, in: parameters, type: offset}], outputs: {results: $.result.rows, hasMore: $.more}}",
            format!("{at}/inputs/0/name"),
            "the operation has no integer query parameter `from`",
        ),
        (
            "x-heron-codegen-pagination: {type: offsetLimit, inputs: [{name: skip, in: requestBody, type: offset}], outputs: {results: $.result.rows, hasMore: $.more}}",
            format!("{at}/inputs/0/in"),
            "only query parameters",
        ),
        (
            "x-heron-codegen-pagination: {type: offsetLimit, inputs: [{name: skip, type: offset}], outputs: {results: $.result.rowz, hasMore: $.more}}",
            format!("{at}/outputs/results"),
            "`$.result.rowz` names no property of the response (`rowz`)",
        ),
        (
            "x-heron-codegen-pagination: {type: offsetLimit, inputs: [{name: skip, type: offset}], outputs: {results: $.more, hasMore: $.more}}",
            format!("{at}/outputs/results"),
            "expected the path of an array of items",
        ),
        (
            "x-heron-codegen-pagination: {type: url, outputs: {results: $.result.rows}}",
            format!("{at}/outputs"),
            "`nextUrl` is missing",
        ),
        (
            "x-heron-codegen-pagination: {type: url, outputs: {results: result.rows, nextUrl: $.more}}",
            format!("{at}/outputs/results"),
            "expected a JSONPath such as `$.data`, found `result.rows`",
        ),
    ];
    for (extension, pointer, message) in cases {
        let spec = spec(
            CUSTOM_PARAMS,
            CUSTOM_RESPONSE,
            &format!("      {extension}"),
        );
        let errors = generator::generate(&spec, &options()).expect_err(extension);
        let error = errors
            .iter()
            .find(|e| e.location == Location::Pointer(pointer.clone()))
            .unwrap_or_else(|| panic!("{extension}: no error at {pointer}: {errors:?}"));
        assert_eq!(error.severity, Severity::Error);
        assert!(
            error.message.contains(message),
            "{extension}: {}",
            error.message
        );
    }
}

/// Exactly Heron's six list operations are paginated, each in its own style.
#[test]
fn the_full_heron_spec_has_six_paginated_operations() {
    let Some(path) =
        support::outside_input("HERON_FULL_SPEC", "../shared/heron/heron-openapi.json")
    else {
        return;
    };
    let text = std::fs::read_to_string(&path).expect("reads the spec");
    let generated = generate(&text);
    let next_url = |pointer: &str| PagingStyle::NextUrl {
        next_url: pointer.into(),
    };
    let mut found: Vec<(String, PagingStyle, &str, Option<&str>)> = generated
        .api
        .operations
        .iter()
        .filter_map(|op| {
            let p = op.pagination.as_ref()?;
            Some((
                op.path.clone(),
                p.style.clone(),
                p.items.as_str(),
                p.page_size.as_deref(),
            ))
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    let expected = vec![
        (
            "/api/end_user_emails".to_owned(),
            PagingStyle::PageNumber {
                param: "page".into(),
                page: "/_meta/page".into(),
                has_more: "/_meta/has_more".into(),
            },
            "/emails",
            Some("limit"),
        ),
        (
            "/api/end_users".to_owned(),
            next_url("/_meta/next_url"),
            "/end_users",
            Some("limit"),
        ),
        (
            "/api/end_users/summary".to_owned(),
            next_url("/_meta/next_url"),
            "/end_users",
            Some("limit"),
        ),
        (
            "/api/end_users/{end_user_id_or_heron_id}/transactions".to_owned(),
            next_url("/_meta/next_url"),
            "/transactions_enriched",
            Some("per_page"),
        ),
        (
            "/api/merchants/list".to_owned(),
            PagingStyle::Offset {
                param: "offset".into(),
                has_more: "/has_more".into(),
            },
            "/data",
            Some("limit"),
        ),
        (
            "/api/transactions".to_owned(),
            next_url("/_meta/next_url"),
            "/transactions",
            Some("limit"),
        ),
    ];
    assert_eq!(found, expected);
    for op in generated
        .api
        .operations
        .iter()
        .filter(|op| op.pagination.is_some())
    {
        assert_eq!(op.method, generator::ir::Method::Get, "{}", op.path);
    }
}

/// The extension's first name, `x-pagination`, is still read when its content has our
/// shape, `false` included.
#[test]
fn the_first_name_x_pagination_is_read_when_it_has_our_shape() {
    let legacy = CUSTOM_EXTENSION.replace("x-heron-codegen-pagination", "x-pagination");
    let old = generate(&spec(CUSTOM_PARAMS, CUSTOM_RESPONSE, &legacy));
    let new = generate(&spec(CUSTOM_PARAMS, CUSTOM_RESPONSE, CUSTOM_EXTENSION));
    assert!(old.warnings.is_empty(), "{:?}", old.warnings);
    assert_eq!(
        operation(&old.api, "list_widgets").pagination,
        operation(&new.api, "list_widgets").pagination
    );
    let off = next_url_spec().replace("components:", "      x-pagination: false\ncomponents:");
    assert_eq!(widgets(&off), None);
}

/// Another vendor's `x-pagination` (this shape is a real API's) never fails the spec:
/// it is ignored with a warning at the extension, and detection runs as without it.
#[test]
fn a_foreign_x_pagination_is_ignored_with_a_located_warning() {
    let foreign =
        "      x-pagination: {limitParam: limit, pageOffsetParam: page, resultsPath: widgets}";
    let detected = widgets(&next_url_spec()).expect("detected without the extension");
    let spec = next_url_spec().replace("components:", &format!("{foreign}\ncomponents:"));
    let generated = generate(&spec);
    assert_eq!(
        operation(&generated.api, "list_widgets").pagination,
        Some(detected)
    );
    let [warning] = generated.warnings.as_slice() else {
        panic!("one warning: {:?}", generated.warnings)
    };
    assert_eq!(
        warning.location,
        Location::Pointer("#/paths/~1widgets/get/x-pagination".to_owned())
    );
    assert!(
        warning.message.contains("x-heron-codegen-pagination"),
        "{}",
        warning.message
    );
}
