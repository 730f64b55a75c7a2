//! Specs kept in several files: relative `$ref`s to other files are resolved (YAML or
//! JSON, with or without a fragment, inside referenced files, cycles across files), the
//! types keep names recorded under keys that name the file, and a bad or escaping
//! reference is an error naming the file and line it is in.

mod common;

use common::*;
use generator::source::{Folder, InMemory};
use generator::{Diagnostic, Location};

fn fixture_folder() -> Folder {
    Folder::new(fixture_path("multi"))
}

#[track_caller]
fn generate_multi(source: &dyn generator::source::Source, entry: &str) -> generator::Generated {
    generator::generate_files(source, entry, &options()).unwrap_or_else(|errors| {
        let shown: Vec<String> = errors
            .iter()
            .map(|e| e.display_in(entry).to_string())
            .collect();
        panic!("generation failed:\n{}", shown.join("\n"))
    })
}

#[track_caller]
fn errors(source: &dyn generator::source::Source, entry: &str) -> Vec<Diagnostic> {
    match generator::generate_files(source, entry, &options()) {
        Ok(_) => panic!("expected an error"),
        Err(errors) => errors,
    }
}

#[test]
fn a_spec_in_nested_folders_generates_with_shared_types() {
    let generated = generate_multi(&fixture_folder(), "api.yaml");
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    let api = &generated.api;
    // The component that is only a `$ref` to a file keeps its name; the schema is one
    // type however many files name it, and the cycle pet -> owner -> pet is a
    // recursive type.
    let pet = type_named(api, "Pet");
    assert_eq!(render_ref(api, &field(pet, "id").ty), "PetId");
    assert_eq!(render_ref(api, &field(pet, "owner").ty), "Owner");
    let owner = type_named(api, "Owner");
    assert_eq!(render_ref(api, &field(owner, "pets").ty), "[Pet]");
    let names: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names.iter().filter(|n| **n == "Pet").count(),
        1,
        "{names:?}"
    );
    // Path Items, operations, parameters (with a fragment), responses (a sub-file's own
    // `#/components/...`) and a description come from their files.
    let list = api
        .operations
        .iter()
        .find(|op| op.rust_name == "list_pets")
        .expect("list_pets");
    assert_eq!(
        list.params
            .iter()
            .map(|p| p.wire_name.as_str())
            .collect::<Vec<_>>(),
        ["limit"]
    );
    let get = api
        .operations
        .iter()
        .find(|op| op.rust_name == "get_pet")
        .expect("get_pet");
    assert_eq!(render_ref(api, &get.params[0].ty), "PetId");
    assert_eq!(
        api.description.as_deref(),
        Some("Pets, and the people who own them.")
    );
}

#[test]
fn types_from_other_files_are_recorded_under_keys_naming_the_file_and_pointer() {
    let generated = generate_multi(&fixture_folder(), "api.yaml");
    let names = generated.names.render("api.yaml");
    for line in [
        r##""#/components/schemas/Pet" = "Pet""##,
        r##""#/components/schemas/models~1owner.yaml#" = "Owner""##,
        r##""#/components/schemas/models~1common~1ids.json#~1PetId" = "PetId""##,
    ] {
        assert!(names.contains(line), "{line} in\n{names}");
    }
    assert!(!names.contains("fixtures"), "no machine path:\n{names}");
    // Recorded names are kept: renaming `Owner` in the names file renames the type.
    let renamed = names.replace(r#"= "Owner""#, r#"= "Keeper""#);
    let options = generator::Options {
        names: Some(renamed),
        ..options()
    };
    let again =
        generator::generate_files(&fixture_folder(), "api.yaml", &options).expect("generates");
    type_named(&again.api, "Keeper");
}

/// The same files from memory give the same crate as from disk.
#[test]
fn in_memory_files_give_the_same_crate_as_the_folder() {
    let root = fixture_path("multi");
    let mut files = InMemory::default();
    for path in [
        "api.yaml",
        "shared/texts.yaml",
        "shared/parameters.yaml",
        "paths/pets.yaml",
        "paths/pet_get.yaml",
        "models/pet.yaml",
        "models/owner.yaml",
        "models/common/ids.json",
    ] {
        files.insert(
            path,
            std::fs::read_to_string(root.join(path)).expect("fixture"),
        );
    }
    let from_memory = generate_multi(&files, "api.yaml");
    let from_disk = generate_multi(&fixture_folder(), "api.yaml");
    assert_eq!(from_memory.files, from_disk.files);
}

const ENTRY: &str = r#"openapi: 3.0.3
info: {title: Broken, version: "1"}
paths:
  /things:
    get:
      $ref: ops/things.yaml
"#;

/// A missing target deep in a sub-file: the error names that file and its line.
#[test]
fn a_bad_reference_in_a_sub_file_names_its_file_and_line() {
    let files = InMemory::new([
        ("api.yaml", ENTRY),
        (
            "ops/things.yaml",
            "operationId: things\nresponses:\n  '200':\n    description: ok\n    content:\n      application/json:\n        schema:\n          $ref: '../models/thing.yaml#/Nope'\n",
        ),
        ("models/thing.yaml", "Thing: {type: object}\n"),
    ]);
    let errors = errors(&files, "api.yaml");
    let [error] = errors.as_slice() else {
        panic!("one error: {errors:?}")
    };
    assert_eq!(
        error.location,
        Location::FileLineColumn {
            file: "ops/things.yaml".into(),
            line: 8,
            column: 18
        }
    );
    assert!(
        error
            .message
            .contains("`models/thing.yaml#/Nope` does not exist"),
        "{}",
        error.message
    );
    assert_eq!(
        error.display_in("spec/api.yaml").to_string(),
        format!("error: spec/ops/things.yaml:8:18: {}", error.message)
    );
    // A file that is not there at all, and a syntax error in a sub-file, likewise.
    let missing = InMemory::new([("api.yaml", ENTRY)]);
    let error = &errors_of(&missing)[0];
    assert_eq!(
        error.location,
        Location::Pointer("#/paths/~1things/get/$ref".into())
    );
    assert!(error.message.contains("cannot read"), "{}", error.message);
    let broken = InMemory::new([
        ("api.yaml", ENTRY),
        ("ops/things.yaml", "operationId: [unclosed\n"),
    ]);
    let error = &errors_of(&broken)[0];
    assert!(
        matches!(&error.location, Location::FileLineColumn { file, .. } if file == "ops/things.yaml"),
        "{error:?}"
    );
}

fn errors_of(files: &InMemory) -> Vec<Diagnostic> {
    errors(files, "api.yaml")
}

/// References that leave the entry's folder, absolute paths and URLs are refused before
/// anything is read, at the `$ref`.
#[test]
fn escaping_absolute_and_url_references_are_refused() {
    for (reference, why) in [
        ("../outside.yaml", "leaves the folder"),
        ("ops/../../outside.yaml", "leaves the folder"),
        ("/etc/passwd", "absolute paths"),
        ("https://example.com/op.yaml", "URLs are not followed"),
    ] {
        let entry = ENTRY.replace("ops/things.yaml", reference);
        // The source would answer, so only the loader can refuse.
        let files = InMemory::new([
            ("api.yaml", entry.as_str()),
            ("../outside.yaml", "operationId: x\n"),
        ]);
        let errors = errors_of(&files);
        let [error] = errors.as_slice() else {
            panic!("{reference}: one error: {errors:?}")
        };
        assert_eq!(
            error.location,
            Location::Pointer("#/paths/~1things/get/$ref".into()),
            "{reference}"
        );
        assert!(
            error.message.contains(why),
            "{reference}: {}",
            error.message
        );
    }
    // The same in a sub-file: located in that file.
    let files = InMemory::new([
        ("api.yaml", ENTRY),
        (
            "ops/things.yaml",
            "operationId: things\nresponses:\n  '200':\n    $ref: '../../up.yaml'\n",
        ),
    ]);
    let errors = errors_of(&files);
    assert_eq!(
        errors[0].location,
        Location::FileLineColumn {
            file: "ops/things.yaml".into(),
            line: 4,
            column: 12
        }
    );
}

/// Path Items that copy each other without end are an error, not a hang.
#[test]
fn a_loop_of_copied_objects_is_an_error() {
    let files = InMemory::new([
        ("api.yaml", ENTRY),
        ("ops/things.yaml", "$ref: 'again.yaml'\n"),
        ("ops/again.yaml", "$ref: 'things.yaml'\n"),
    ]);
    let errors = errors_of(&files);
    assert!(errors[0].message.contains("`$ref` loop"), "{errors:?}");
}

/// A warning found while lowering a schema from another file names that file.
#[test]
fn warnings_in_other_files_name_the_file_and_pointer() {
    let files = InMemory::new([
        ("api.yaml", ENTRY),
        (
            "ops/things.yaml",
            "operationId: things\nresponses:\n  '200':\n    description: ok\n    content:\n      application/json:\n        schema: {$ref: '../models/thing.yaml'}\n",
        ),
        ("models/thing.yaml", "type: object\nproperties:\n  size: {type: integer, maximum: 1.0e30}\n"),
    ]);
    let generated = generate_multi(&files, "api.yaml");
    let locations: Vec<&Location> = generated.warnings.iter().map(|w| &w.location).collect();
    assert_eq!(
        locations,
        [&Location::FilePointer {
            file: "models/thing.yaml".into(),
            pointer: "#/properties/size/maximum".into()
        }]
    );
}

/// A file at the root (`pet.yaml`) and a component the entry names `pet.yaml` (a legal
/// component name) stay two schemas: hoisted names always hold a `#`.
#[test]
fn a_hoisted_file_never_replaces_a_component_of_the_same_name() {
    let files = InMemory::new([
        (
            "api.yaml",
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: 'pet.yaml'}\ncomponents:\n  schemas:\n    pet.yaml:\n      type: object\n      properties:\n        local: {type: string}\n",
        ),
        ("pet.yaml", "type: object\nproperties:\n  remote: {type: string}\n"),
    ]);
    let generated = generate_multi(&files, "api.yaml");
    let fields: Vec<Vec<&str>> = generated.api.types.iter().map(|t| field_names(t)).collect();
    assert!(fields.contains(&vec!["local"]), "{fields:?}");
    assert!(fields.contains(&vec!["remote"]), "{fields:?}");
}
