//! Versions and the changelog: a crate regenerated in place, commit after commit, as a
//! spec changes, takes the semver step its API changes call for (`0.x` and `1.x` rules),
//! gains one changelog section per release and keeps the older ones, changes nothing when
//! regenerated unchanged, and fails `check` when its version is edited by hand.

mod support;

use std::fs;
use std::path::{Path, PathBuf};

use heron_codegen::{Generator, Report};
use support::{git, Scratch};

/// A spec of `version` whose operations are `paths` (YAML path items) and whose `Pet`
/// schema has the description `about`.
fn spec(version: &str, about: &str, paths: &[&str]) -> String {
    format!(
        r#"openapi: 3.0.3
info:
  title: Pets
  version: "{version}"
paths:
{}
components:
  schemas:
    Pet:
      description: {about}
      type: object
      required: [name]
      properties:
        name:
          type: string
"#,
        paths.concat()
    )
}

const LIST: &str = r##"  /pets:
    get:
      operationId: listPets
      tags: [pets]
      responses:
        "200":
          description: the pets
          content:
            application/json:
              schema:
                type: array
                items:
                  $ref: "#/components/schemas/Pet"
"##;

const SHOW: &str = r##"  /pets/{id}:
    get:
      operationId: showPet
      tags: [pets]
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: string
      responses:
        "200":
          description: the pet
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Pet"
"##;

/// A git repository holding `spec/pets.yaml` and the crate `pets/`.
struct Repository {
    _scratch: Scratch,
    root: PathBuf,
}

impl Repository {
    fn new(name: &str) -> Repository {
        let scratch = Scratch::new(name);
        let root = scratch.0.clone();
        fs::create_dir_all(root.join("spec")).unwrap();
        git(&root, &["init", "-q"]);
        Repository {
            _scratch: scratch,
            root,
        }
    }

    fn generator(&self) -> Generator {
        Generator::new(self.root.join("spec/pets.yaml"))
            .crate_name("pets")
            .release_since("HEAD")
    }

    fn crate_folder(&self) -> PathBuf {
        self.root.join("pets")
    }

    /// Writes `spec`, regenerates the crate and commits both.
    fn release(&self, spec: &str) -> Report {
        fs::write(self.root.join("spec/pets.yaml"), spec).unwrap();
        let report = self.generator().generate_into(self.crate_folder()).unwrap();
        self.commit("regenerate");
        report
    }

    fn commit(&self, message: &str) {
        git(&self.root, &["add", "-A"]);
        git(
            &self.root,
            &["commit", "-q", "--allow-empty", "-m", message],
        );
    }

    fn read(&self, file: &str) -> String {
        fs::read_to_string(self.crate_folder().join(file)).unwrap()
    }

    /// The `version` in the crate's `Cargo.toml`.
    fn version(&self) -> String {
        let manifest = self.read("Cargo.toml");
        let line = manifest
            .lines()
            .find(|line| line.starts_with("version = "))
            .unwrap();
        line.trim_start_matches("version = ")
            .trim_matches('"')
            .to_owned()
    }

    /// The changelog's sections, newest first: each heading and its text.
    fn sections(&self) -> Vec<(String, String)> {
        let changelog = self.read("CHANGELOG.md");
        changelog
            .split("\n## ")
            .skip(1)
            .map(|section| {
                let (heading, text) = section.split_once('\n').unwrap();
                (heading.to_owned(), text.to_owned())
            })
            .collect()
    }

    fn check_is_fresh(&self) -> bool {
        let checked = self.generator().check(self.crate_folder()).unwrap();
        checked.stale.is_empty()
    }
}

fn headings(repository: &Repository) -> Vec<String> {
    repository.sections().into_iter().map(|(h, _)| h).collect()
}

#[test]
fn versions_follow_the_api_changes_by_cargo_semver_rules() {
    let repository = Repository::new("release");

    // The first release.
    repository.release(&spec("1.0", "A pet.", &[LIST]));
    assert_eq!(repository.version(), "0.1.0");
    assert_eq!(headings(&repository), ["0.1.0 (API version 1.0)"]);
    assert!(repository.check_is_fresh());

    // Regenerated unchanged: nothing is written, nothing changes.
    let again = repository
        .generator()
        .generate_into(repository.crate_folder())
        .unwrap();
    assert!(again.written.is_empty(), "{:?}", again.written);
    assert_eq!(again.release.stepped, None);

    // An operation added: below 1.0 an addition is a patch step (Cargo treats 0.1.0 and
    // 0.1.1 as compatible). Regenerating twice before committing gives the same release.
    fs::write(
        repository.root.join("spec/pets.yaml"),
        spec("1.1", "A pet.", &[LIST, SHOW]),
    )
    .unwrap();
    repository
        .generator()
        .generate_into(repository.crate_folder())
        .unwrap();
    let twice = repository
        .generator()
        .generate_into(repository.crate_folder())
        .unwrap();
    assert!(twice.written.is_empty(), "{:?}", twice.written);
    repository.commit("show a pet");
    assert_eq!(repository.version(), "0.1.1");
    let sections = repository.sections();
    assert_eq!(
        headings(&repository),
        ["0.1.1 (API version 1.1)", "0.1.0 (API version 1.0)"]
    );
    assert!(
        sections[0]
            .1
            .contains("`Client::show_pet`: added (`GET /pets/{id}`)"),
        "{}",
        sections[0].1
    );

    // An operation removed: breaking, the minor number below 1.0.
    let report = repository.release(&spec("2.0", "A pet.", &[SHOW]));
    assert_eq!(repository.version(), "0.2.0");
    let (heading, text) = &repository.sections()[0];
    assert_eq!(heading, "0.2.0 (API version 2.0)");
    assert!(text.contains("1 breaking"), "{text}");
    assert!(text.contains("`Client::list_pets`: removed"), "{text}");
    assert_eq!(
        report.release.stepped.map(|(from, _)| from.to_string()),
        Some("0.1.1".into())
    );

    // Only a description and the spec's version changed: a patch step whose section says
    // there is nothing to do.
    repository.release(&spec("2.0.1", "A pet in the shop.", &[SHOW]));
    assert_eq!(repository.version(), "0.2.1");
    let (heading, text) = &repository.sections()[0];
    assert_eq!(heading, "0.2.1 (API version 2.0.1)");
    assert!(text.contains("without changing the API"), "{text}");
    // Every older section is kept as it was.
    assert_eq!(repository.sections().len(), 4);

    // Releasing 1.0 is a decision, not a change: the top section's heading, edited and
    // committed, is the version the crate carries from then on.
    let changelog = repository
        .read("CHANGELOG.md")
        .replacen("## 0.2.1 ", "## 1.0.0 ", 1);
    fs::write(repository.crate_folder().join("CHANGELOG.md"), changelog).unwrap();
    repository.commit("release 1.0.0");
    repository.release(&spec("2.0.1", "A pet in the shop.", &[SHOW]));
    assert_eq!(repository.version(), "1.0.0");
    assert!(repository.check_is_fresh());

    // From 1.0: additions are a minor step, breaks a major one, the rest a patch.
    repository.release(&spec("3.0", "A pet in the shop.", &[SHOW, LIST]));
    assert_eq!(repository.version(), "1.1.0");
    repository.release(&spec("4.0", "A pet in the shop.", &[LIST]));
    assert_eq!(repository.version(), "2.0.0");
    repository.release(&spec("4.0", "A pet.", &[LIST]));
    assert_eq!(repository.version(), "2.0.1");
    assert_eq!(
        headings(&repository)[..4],
        [
            "2.0.1 (API version 4.0)",
            "2.0.0 (API version 4.0)",
            "1.1.0 (API version 3.0)",
            "1.0.0 (API version 2.0.1)",
        ]
    );
    assert!(repository.check_is_fresh());
}

#[test]
fn check_fails_on_a_version_edited_by_hand() {
    let repository = Repository::new("release-edited");
    repository.release(&spec("1.0", "A pet.", &[LIST]));
    repository.release(&spec("1.1", "A pet.", &[LIST, SHOW]));
    assert_eq!(repository.version(), "0.1.1");

    let manifest = repository.crate_folder().join("Cargo.toml");
    let edited = fs::read_to_string(&manifest)
        .unwrap()
        .replace("version = \"0.1.1\"", "version = \"0.3.0\"");
    fs::write(&manifest, edited).unwrap();
    let checked = repository
        .generator()
        .check(repository.crate_folder())
        .unwrap();
    assert_eq!(checked.stale.len(), 1, "{:?}", checked.stale);
    assert!(
        checked.stale[0].contains("-version = \"0.3.0\""),
        "{}",
        checked.stale[0]
    );

    // Committed, the edit is still wrong: the version is the changelog's.
    repository.commit("a version by hand");
    assert!(!repository.check_is_fresh());
}

#[test]
fn a_changelog_without_a_version_is_a_located_error_and_nothing_is_written() {
    let repository = Repository::new("release-broken");
    repository.release(&spec("1.0", "A pet.", &[LIST]));
    let path = repository.crate_folder().join("CHANGELOG.md");
    let broken = fs::read_to_string(&path)
        .unwrap()
        .replace("## 0.1.0 ", "## next ");
    fs::write(&path, &broken).unwrap();
    repository.commit("a broken changelog");
    fs::write(
        repository.root.join("spec/pets.yaml"),
        spec("1.1", "A pet.", &[LIST, SHOW]),
    )
    .unwrap();
    let before = fs::read_to_string(repository.crate_folder().join("Cargo.toml")).unwrap();
    let error = repository
        .generator()
        .generate_into(repository.crate_folder())
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("CHANGELOG.md:7:1: `next` is not a release version"),
        "{error}"
    );
    assert_eq!(
        fs::read_to_string(repository.crate_folder().join("Cargo.toml")).unwrap(),
        before
    );
}

/// Outside version control the changelog on disk is kept, with its version: the API
/// changes since it are not known.
#[test]
fn without_git_the_release_is_kept() {
    let scratch = Scratch::new("release-no-git");
    let spec_path: &Path = &scratch.0.join("pets.yaml");
    let folder = scratch.0.join("pets");
    let generate = |text: &str| {
        fs::write(spec_path, text).unwrap();
        Generator::new(spec_path)
            .release_since("HEAD")
            .generate_into(&folder)
            .unwrap()
    };
    generate(&spec("1.0", "A pet.", &[LIST]));
    let first = fs::read_to_string(folder.join("CHANGELOG.md")).unwrap();
    let report = generate(&spec("2.0", "A pet.", &[SHOW]));
    assert_eq!(report.release.stepped, None);
    assert_eq!(
        fs::read_to_string(folder.join("CHANGELOG.md")).unwrap(),
        first
    );
}
