//! Cargo features: one per tag, `hidden` for `x-hidden` operations, `client` for the HTTP
//! client, `types` for every model. What each module is gated on (`features.rs`), as the
//! generated files spell it. `compile.rs` builds the fixture with each combination.

mod common;

use common::*;
use generator::features::MAX_GATE_FEATURES;

/// The `#[cfg(..)]` right before `item` (`mod pets;`, `pub fn list_pets(`) in `code`, on
/// one line, or `""` when the item is not gated.
#[track_caller]
fn cfg_of(code: &str, item: &str) -> String {
    let at = code
        .find(item)
        .unwrap_or_else(|| panic!("no `{item}` in:\n{code}"));
    let before = &code[..at];
    let Some(start) = before.rfind("#[cfg(") else {
        return String::new();
    };
    let Some(end) = before[start..].find(")]").map(|end| start + end + 2) else {
        return String::new();
    };
    // Only doc comments may stand between the attribute and the item.
    let between_is_docs = before[end..]
        .lines()
        .all(|line| line.trim().is_empty() || line.trim().starts_with("///"));
    if !between_is_docs {
        return String::new();
    }
    let one_line = before[start..end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    one_line
        .replace("( ", "(")
        .replace(" )", ")")
        .replace(",)", ")")
}

#[test]
fn the_manifest_has_a_feature_per_tag_and_the_defaults_turn_everything_on() {
    let generated = generate(&fixture("features.yaml"));
    let manifest = file(&generated, "Cargo.toml");
    for line in [
        "default = [\"client\", \"hidden\", \"types\"]",
        "types = [\"admin\", \"pets\", \"stores\", \"untagged\"]",
        "hidden = []",
        "# The 2 operations tagged `Pets`.\npets = []",
        // `adoptPet` counts for both of its tags.
        "# The 2 operations tagged `Stores`.\nstores = []",
        "# The 1 operation without a tag.\nuntagged = []",
        "reqwest = { version = \"0.13\", default-features = false, features = [\"rustls-no-provider\"], optional = true }",
    ] {
        assert!(manifest.contains(line), "no `{line}` in:\n{manifest}");
    }
    assert!(manifest.contains("\nclient = [\"dep:bytes\""), "{manifest}");
    assert!(manifest.contains("\"dep:reqwest\"") && manifest.contains("\"dep:tokio\""));
    // Plain dependencies are what the models need.
    assert!(manifest.contains("\nserde = { version = \"1\", features = [\"derive\"] }\n"));

    let lib = file(&generated, "src/lib.rs");
    assert!(
        lib.contains("#[cfg(feature = \"client\")]\npub mod operations;"),
        "{lib}"
    );
    assert!(lib.contains("pub use runtime::{File, ParseTimestampError, Timestamp};"));
    // The crate's front page (`include_str!` in lib.rs) lists its features.
    let readme = file(&generated, "README.md");
    assert!(
        readme.contains("\n- `pets`: The 2 operations tagged `Pets`."),
        "{readme}"
    );
    assert!(readme.contains("\n- `hidden` (default)"), "{readme}");
    let runtime = file(&generated, "src/runtime/mod.rs");
    assert!(runtime.contains("#[cfg(feature = \"client\")]\npub(crate) mod wire;"));
    assert!(runtime.contains("\npub(crate) mod timestamp;"));
}

#[test]
fn a_model_is_compiled_when_a_feature_whose_operations_reach_it_is_on() {
    let generated = generate(&fixture("features.yaml"));
    let models = file(&generated, "src/models/mod.rs");
    // `Category`: `Pet` (reached by `pets`) and `Store` (by `stores`) name it.
    assert_eq!(
        cfg_of(models, "mod category;"),
        "#[cfg(any(feature = \"pets\", feature = \"stores\"))]"
    );
    assert_eq!(
        cfg_of(models, "pub use self::category::*;"),
        cfg_of(models, "mod category;")
    );
    // `Pet` is reached by `stores` too, through `adoptPet`'s `Adoption`.
    assert_eq!(
        cfg_of(models, "mod pet;"),
        "#[cfg(any(feature = \"pets\", feature = \"stores\"))]"
    );
    assert_eq!(
        cfg_of(models, "mod audit_entry;"),
        "#[cfg(feature = \"admin\")]"
    );
    assert_eq!(
        cfg_of(models, "mod health;"),
        "#[cfg(feature = \"untagged\")]"
    );
    // No operation uses `Unused`: every model is there with `types`.
    assert_eq!(cfg_of(models, "mod unused;"), "#[cfg(feature = \"types\")]");
}

#[test]
fn an_operation_is_compiled_when_one_of_its_tags_is_on_and_hidden_ones_need_hidden() {
    let generated = generate(&fixture("features.yaml"));
    let operations = file(&generated, "src/operations/mod.rs");
    // `pets.rs` holds `adoptPet` (tags `Pets` and `Stores`): it is there with either.
    assert_eq!(
        cfg_of(operations, "mod pets;"),
        "#[cfg(any(feature = \"pets\", feature = \"stores\"))]"
    );
    assert_eq!(
        cfg_of(operations, "mod stores;"),
        "#[cfg(feature = \"stores\")]"
    );
    assert_eq!(
        cfg_of(operations, "mod default;"),
        "#[cfg(feature = \"untagged\")]"
    );
    assert_eq!(
        cfg_of(operations, "mod admin;"),
        "#[cfg(feature = \"admin\")]"
    );

    let pets = file(&generated, "src/operations/pets.rs");
    assert_eq!(
        cfg_of(pets, "pub fn list_pets("),
        "#[cfg(feature = \"pets\")]"
    );
    assert_eq!(
        cfg_of(pets, "pub enum ListPets"),
        "#[cfg(feature = \"pets\")]"
    );
    assert_eq!(
        cfg_of(pets, "impl<T> Call<'_, T, ListPets>"),
        "#[cfg(feature = \"pets\")]"
    );
    assert_eq!(
        cfg_of(pets, "pub fn adopt_pet("),
        "",
        "the module's gate is its own"
    );

    let admin = file(&generated, "src/operations/admin.rs");
    let hidden = "#[cfg(all(feature = \"hidden\", feature = \"admin\"))]";
    assert_eq!(cfg_of(admin, "pub fn purge_pets("), hidden);
    assert_eq!(cfg_of(admin, "impl<T> Call<'_, T, PurgePets>"), hidden);
    assert_eq!(cfg_of(admin, "pub fn list_audit_entries("), "");
    // `list_audit_entries` uses the models, `purge_pets` does not: the import is not gated.
    assert!(admin.contains("use crate::{models, Client};"), "{admin}");
}

#[test]
fn a_spec_with_one_tag_has_no_tag_features_and_no_gated_module() {
    let seed = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/heron.yaml"),
    )
    .expect("spec/heron.yaml");
    let generated = generate(&seed);
    assert!(generated.api.features.tags.is_empty());
    assert!(generated.names.features.is_empty());
    assert!(!generated.names.render("heron.yaml").contains("[features]"));
    let manifest = file(&generated, "Cargo.toml");
    assert!(
        manifest.contains("default = [\"client\", \"types\"]\n"),
        "{manifest}"
    );
    assert!(manifest.contains("\ntypes = []\n"), "{manifest}");
    assert!(!manifest.contains("hidden"), "{manifest}");
    for path in ["src/models/mod.rs", "src/operations/mod.rs"] {
        assert!(!file(&generated, path).contains("#[cfg("), "{path}");
    }
}

/// `count` tags whose operations all return `Shared` (which names `Inner`), and one more
/// tag whose operation returns `Other`.
fn shared_by(count: usize) -> String {
    let mut paths = String::new();
    for n in 0..count {
        paths.push_str(&format!(
            "  /t{n}:\n    get:\n      operationId: get{n}\n      tags: [T{n}]\n      responses:\n        '200':\n          description: ok\n          content: {{application/json: {{schema: {{$ref: '#/components/schemas/Shared'}}}}}}\n"
        ));
    }
    format!(
        r#"openapi: 3.0.3
info: {{title: Shared, version: '1'}}
paths:
{paths}  /other:
    get:
      operationId: getOther
      tags: [Other]
      responses:
        '200':
          description: ok
          content: {{application/json: {{schema: {{$ref: '#/components/schemas/Other'}}}}}}
components:
  schemas:
    Shared:
      type: object
      properties: {{inner: {{$ref: '#/components/schemas/Inner'}}}}
    Inner:
      type: object
      properties: {{id: {{type: string}}}}
    Other:
      type: object
      properties: {{id: {{type: string}}}}
"#
    )
}

#[test]
fn a_model_most_tags_reach_is_always_compiled_and_so_is_what_it_names() {
    let generated = generate(&shared_by(MAX_GATE_FEATURES + 1));
    let models = file(&generated, "src/models/mod.rs");
    assert_eq!(cfg_of(models, "mod shared;"), "");
    assert_eq!(cfg_of(models, "mod inner;"), "");
    assert_eq!(cfg_of(models, "mod other;"), "#[cfg(feature = \"other\")]");

    // Up to the limit, the list is written out.
    let generated = generate(&shared_by(MAX_GATE_FEATURES));
    let models = file(&generated, "src/models/mod.rs");
    let gate = cfg_of(models, "mod shared;");
    assert_eq!(
        gate.matches("feature = ").count(),
        MAX_GATE_FEATURES,
        "{gate}"
    );
    assert_eq!(cfg_of(models, "mod inner;"), gate);
}

#[test]
fn a_model_every_tag_reaches_is_always_compiled() {
    let generated = generate(&shared_by(2).replace("tags: [Other]", "tags: [T0]"));
    let models = file(&generated, "src/models/mod.rs");
    assert_eq!(cfg_of(models, "mod shared;"), "");
    assert_eq!(cfg_of(models, "mod other;"), "#[cfg(feature = \"t0\")]");
}
