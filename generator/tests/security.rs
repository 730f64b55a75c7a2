//! Security schemes and requirements in the IR (`lower/security.rs`): each operation's own
//! requirement or the top-level one, the kinds of schemes, the setters' names and the
//! names file, and what the client cannot send (undefined schemes, mutual TLS), warned.

mod common;

use common::{file, generate, options};
use generator::ir::{Api, KeyLocation, Requirement, SchemeKind};

/// An operation's requirement as the setters of its alternatives' schemes (with scopes).
fn needs(api: &Api, operation: &str) -> Vec<Vec<String>> {
    let op = api
        .operations
        .iter()
        .find(|op| op.rust_name == operation)
        .unwrap_or_else(|| panic!("no operation {operation}"));
    described(api, &op.security)
}

fn described(api: &Api, requirement: &Requirement) -> Vec<Vec<String>> {
    requirement
        .iter()
        .map(|alternative| {
            alternative
                .schemes
                .iter()
                .map(|used| {
                    let scheme = api.security.scheme(used.scheme).expect("scheme");
                    match used.scopes.is_empty() {
                        true => scheme.setter.clone(),
                        false => format!("{} ({})", scheme.setter, used.scopes.join(" ")),
                    }
                })
                .collect()
        })
        .collect()
}

fn spec(security: &str, schemes: &str, operations: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\n{security}paths:\n{operations}components:\n  securitySchemes:\n{schemes}"
    )
}

fn op(path: &str, id: &str, security: &str) -> String {
    format!(
        "  {path}:\n    get:\n      operationId: {id}\n{security}      responses:\n        '204': {{description: done}}\n"
    )
}

#[test]
fn each_operation_has_its_own_requirement_or_the_top_level_one() {
    let operations = [
        op("/default", "usesDefault", ""),
        op("/none", "needsNothing", "      security: []\n"),
        op(
            "/either",
            "either",
            "      security: [{Token: []}, {Key: [], Secret: []}]\n",
        ),
        op(
            "/optional",
            "optional",
            "      security: [{}, {Token: []}]\n",
        ),
        op(
            "/scoped",
            "scoped",
            "      security: [{Login: [read, write]}]\n",
        ),
        // Scopes mean nothing to an API key (Heron writes some): they are dropped.
        op(
            "/key-scopes",
            "keyScopes",
            "      security: [{Key: [key_XXX]}]\n",
        ),
    ]
    .concat();
    let schemes = "    Key: {type: apiKey, in: header, name: X-Key}\n    Secret: {type: apiKey, in: query, name: secret}\n    Token: {type: http, scheme: bearer}\n    Login:\n      type: oauth2\n      flows:\n        authorizationCode: {authorizationUrl: 'https://a/auth', tokenUrl: 'https://a/token', scopes: {read: r, write: w}}\n";
    let generated = generate(&spec("security: [{Key: []}]\n", schemes, &operations));
    let api = &generated.api;
    assert_eq!(described(api, &api.security.default), [["key"]]);
    assert_eq!(needs(api, "uses_default"), [["key"]]);
    assert_eq!(needs(api, "needs_nothing"), Vec::<Vec<String>>::new());
    assert_eq!(
        needs(api, "either"),
        [vec!["bearer_token"], vec!["key", "secret"]]
    );
    assert_eq!(needs(api, "optional"), [vec![], vec!["bearer_token"]]);
    assert_eq!(needs(api, "scoped"), [["oauth2 (read write)"]]);
    assert_eq!(needs(api, "key_scopes"), [["key"]]);
    // Two API keys share the kind's name, so each is named after its scheme.
    let setters: Vec<(&str, &str)> = api
        .security
        .schemes
        .iter()
        .map(|s| (s.name.as_str(), s.setter.as_str()))
        .collect();
    assert_eq!(
        setters,
        [
            ("Key", "key"),
            ("Login", "oauth2"),
            ("Secret", "secret"),
            ("Token", "bearer_token")
        ]
    );
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    // Only operations that differ from the top level name their requirement.
    let operations = file(&generated, "src/operations/default.rs");
    assert_eq!(operations.matches(".security(").count(), 4, "{operations}");
    assert!(operations.contains(".security(&[])"), "{operations}");
}

#[test]
fn schemes_the_client_cannot_send_are_warned_about() {
    let operations = [
        // Only an undefined scheme: the operation sends the top-level credentials.
        op("/admin", "admin", "      security: [{AdminAuth: []}]\n"),
        // An undefined scheme next to a defined one: the defined one is sent.
        op(
            "/mixed",
            "mixed",
            "      security: [{AdminAuth: [], Token: []}]\n",
        ),
        op("/odd", "odd", "      security: [{Odd: []}]\n"),
    ]
    .concat();
    let schemes = "    Key: {type: apiKey, in: header, name: X-Key}\n    Token: {$ref: '#/components/securitySchemes/Bearer'}\n    Bearer: {type: http, scheme: bearer}\n    Odd: {type: magic}\n";
    let generated = generate(&spec("security: [{Key: []}]\n", schemes, &operations));
    let api = &generated.api;
    assert_eq!(needs(api, "admin"), [["api_key"]]);
    // A scheme given as a `$ref` to another is read as that one.
    assert_eq!(needs(api, "mixed"), [["bearer_token"]]);
    assert_eq!(needs(api, "odd"), [["api_key"]]);
    let warnings: Vec<String> = generated
        .warnings
        .iter()
        .map(|w| format!("{:?}: {}", w.location, w.message))
        .collect();
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    assert!(
        warnings[0].contains("#/components/securitySchemes/Odd")
            && warnings[0].contains("security scheme `Odd` is of type Some(\"magic\")"),
        "{warnings:#?}"
    );
    assert!(
        warnings[1].contains("#/paths/~1admin/get/security")
            && warnings[1].contains("`AdminAuth` is required but never defined"),
        "{warnings:#?}"
    );
}

#[test]
fn mutual_tls_takes_no_setter_and_is_warned_with_the_operations_it_affects() {
    let text = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\nsecurity: [{Cert: []}]\npaths:\n  /a:\n    get:\n      responses: {'204': {description: done}}\n  /b:\n    get:\n      responses: {'204': {description: done}}\n  /c:\n    get:\n      security: [{Key: []}]\n      responses: {'204': {description: done}}\ncomponents:\n  securitySchemes:\n    Cert: {type: mutualTLS}\n    Key: {type: apiKey, in: cookie, name: sid}\n";
    let generated = generate(text);
    let api = &generated.api;
    let kinds: Vec<(&str, &SchemeKind)> = api
        .security
        .schemes
        .iter()
        .map(|s| (s.setter.as_str(), &s.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            ("", &SchemeKind::MutualTls),
            (
                "api_key",
                &SchemeKind::ApiKey {
                    location: KeyLocation::Cookie,
                    name: "sid".into()
                }
            )
        ]
    );
    assert_eq!(generated.warnings.len(), 1, "{:?}", generated.warnings);
    assert!(generated.warnings[0]
        .message
        .contains("mutual TLS, which the client does not set up: 2 operations need it"));
    let credentials = file(&generated, "src/credentials.rs");
    assert!(
        credentials.contains("SchemeKind::MutualTls"),
        "{credentials}"
    );
    assert!(credentials.contains("pub fn api_key("), "{credentials}");
}

#[test]
fn a_spec_that_defines_schemes_but_requires_none_sends_them_when_given() {
    let schemes =
        "    Key: {type: apiKey, in: query, name: key}\n    Login: {type: http, scheme: basic}\n";
    let generated = generate(&spec("", schemes, &op("/a", "a", "")));
    let api = &generated.api;
    assert_eq!(
        described(api, &api.security.default),
        [vec!["api_key"], vec!["basic_auth"], vec![]]
    );
    // `Client::new` takes the first alternative's credential.
    let credentials = file(&generated, "src/credentials.rs");
    assert!(
        credentials.contains("pub fn new(api_key: impl Into<String>) -> Result<Client, Error>"),
        "{credentials}"
    );
    assert!(credentials.contains("pub fn basic_auth(\n        self,\n        username: impl Into<String>,\n        password: impl Into<String>,"), "{credentials}");
}

/// A scheme's name and the name of its key are spec text: control characters in them are
/// written as spaces in the docs (a bare CR is an error inside a doc comment), and the
/// file stays Rust. The fuzz target found a scheme named with CRs.
#[test]
fn control_characters_in_a_scheme_name_leave_its_file_valid_rust() {
    let schemes = "    \"Key\\r\\nName\": {type: apiKey, in: query, name: \"k\\re\\u0004y\"}\n";
    let security = "security: [{\"Key\\r\\nName\": []}]\n";
    let generated = generate(&spec(security, schemes, &op("/a", "a", "")));
    let credentials = file(&generated, "src/credentials.rs");
    assert!(
        syn::parse_file(credentials).is_ok(),
        "not valid Rust:\n{credentials}"
    );
    assert!(
        credentials.contains("/// The index of `Key  Name` in [`SCHEMES`]."),
        "{credentials}"
    );
}

#[test]
fn setters_are_kept_in_the_names_file_and_a_bad_one_is_located() {
    let schemes = "    Key: {type: apiKey, in: header, name: X-Key}\n";
    let text = spec("security: [{Key: []}]\n", schemes, &op("/a", "a", ""));
    let generated = generate(&text);
    let names = generated.names.render("spec.yaml");
    assert!(
        names.contains("[credentials]\n\"Key\" = \"api_key\"\n"),
        "{names}"
    );
    let renamed = names.replace("\"Key\" = \"api_key\"", "\"Key\" = \"partner_key\"");
    let again = generator::generate(
        &text,
        &generator::Options {
            names: Some(renamed.clone()),
            ..options()
        },
    )
    .expect("generates");
    assert_eq!(again.api.security.schemes[0].setter, "partner_key");
    assert!(file(&again, "src/credentials.rs").contains("pub fn partner_key("));

    let clashing = names.replace("\"Key\" = \"api_key\"", "\"Key\" = \"timeout\"");
    let errors = generator::generate(
        &text,
        &generator::Options {
            names: Some(clashing.clone()),
            ..options()
        },
    )
    .expect_err("a setter may not take a builder method's name");
    let line = clashing
        .lines()
        .position(|l| l.contains("\"timeout\""))
        .expect("the entry")
        + 1;
    assert!(
        matches!(errors[0].location, generator::Location::NamesFile { line: l, .. } if l == line),
        "{errors:?}"
    );
    assert!(
        errors[0].message.contains("`timeout` is taken"),
        "{errors:?}"
    );
}
