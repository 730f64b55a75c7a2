//! The cargo workspace the verdicts are checked in: generated crates, and callers that
//! depend on them with the default features or with features named in their
//! `Cargo.toml`. All crates go into one workspace, so the runtime's dependencies are
//! checked once; each set of features is checked in its own `cargo check`, since cargo
//! unifies the features of the packages one command builds.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use generator::{NameBook, Options};

use crate::common::scratch_target;

pub fn generated(crate_name: &str, spec: &str, names: &NameBook) -> generator::Generated {
    let options = Options {
        crate_name: crate_name.to_owned(),
        names: Some(names.render("spec.yaml")),
        ..crate::common::options()
    };
    generator::generate(spec, &options).unwrap_or_else(|e| panic!("{crate_name}: {e:?}"))
}

pub struct Workspace {
    root: PathBuf,
    members: Vec<String>,
}

/// What checking the workspace found.
pub struct Checked {
    /// Callers whose `Cargo.toml` names a feature the client does not have.
    pub unresolved: BTreeSet<String>,
    /// Each target with errors: their codes (`E0308`, or a lint's name such as
    /// `deprecated`).
    pub errors: BTreeMap<String, Vec<String>>,
}

impl Workspace {
    /// A workspace under the test's temporary directory, its crates from an earlier run
    /// removed (its lock file and target directory are kept).
    pub fn new(name: &str) -> Workspace {
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
        let _ = std::fs::remove_dir_all(root.join("crates"));
        Workspace {
            root,
            members: Vec::new(),
        }
    }

    pub fn add_crate(&mut self, name: &str, generated: &generator::Generated) {
        generator::write::write(&self.root.join("crates").join(name), &generated.files)
            .expect("write a generated crate");
        self.members.push(name.to_owned());
    }

    /// A caller of the crate `client` (as `api`): with its default features, or with
    /// only `features`.
    pub fn add_caller(
        &mut self,
        name: &str,
        client: &str,
        features: Option<&[String]>,
        source: &str,
    ) {
        let dir = self.root.join("crates").join(name);
        std::fs::create_dir_all(dir.join("src")).expect("caller dir");
        let features = match features {
            None => String::new(),
            Some(features) => {
                let quoted: Vec<String> = features.iter().map(|f| format!("\"{f}\"")).collect();
                format!(
                    ", default-features = false, features = [{}]",
                    quoted.join(", ")
                )
            }
        };
        std::fs::write(
            dir.join("Cargo.toml"),
            format!(
                "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\napi = {{ path = \"../{client}\", package = \"{client}\"{features} }}\n"
            ),
        )
        .expect("caller manifest");
        std::fs::write(dir.join("src/lib.rs"), source).expect("caller source");
        self.members.push(name.to_owned());
    }

    /// Resolves the workspace, leaving out the callers that cannot resolve, then checks
    /// each group of packages with one `cargo check`, carrying on past failures.
    pub fn check(&mut self, groups: &[Vec<String>]) -> Checked {
        if !self.root.join("Cargo.lock").exists() {
            let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
            std::fs::create_dir_all(&self.root).expect("workspace dir");
            std::fs::copy(lock, self.root.join("Cargo.lock")).expect("lock file");
        }
        let mut unresolved = BTreeSet::new();
        while let Some(package) = self.unresolvable() {
            self.members.retain(|member| *member != package);
            unresolved.insert(package);
        }
        let mut errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for group in groups {
            let packages: Vec<&String> = group
                .iter()
                .filter(|package| !unresolved.contains(*package))
                .collect();
            if packages.is_empty() {
                continue;
            }
            for (target, code) in self.errors(&packages) {
                errors.entry(target).or_default().push(code);
            }
        }
        Checked { unresolved, errors }
    }

    fn cargo(&self) -> Command {
        let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        command
            .current_dir(&self.root)
            .env("CARGO_TARGET_DIR", scratch_target());
        command
    }

    /// Writes the workspace's manifest and resolves it: `None` when it resolves, or the
    /// member cargo names as depending on a feature its dependency does not have.
    fn unresolvable(&self) -> Option<String> {
        let members: Vec<String> = self
            .members
            .iter()
            .map(|member| format!("\"crates/{member}\""))
            .collect();
        std::fs::write(
            self.root.join("Cargo.toml"),
            format!(
                "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
                members.join(", ")
            ),
        )
        .expect("workspace manifest");
        let output = self
            .cargo()
            .args(["metadata", "--format-version", "1"])
            .output()
            .expect("run cargo metadata");
        if output.status.success() {
            return None;
        }
        // "package `caller-x` depends on `client-y` with feature `z` but `client-y` does
        // not have that feature."
        let stderr = String::from_utf8_lossy(&output.stderr);
        let package = stderr
            .split("package `")
            .skip(1)
            .filter_map(|rest| rest.split(['`', ' ']).next())
            .find(|package| self.members.iter().any(|member| member == package))
            .map(str::to_owned);
        Some(package.unwrap_or_else(|| panic!("the workspace does not resolve:\n{stderr}")))
    }

    /// `cargo check` of `packages`: each error's target and code.
    fn errors(&self, packages: &[&String]) -> Vec<(String, String)> {
        let mut command = self.cargo();
        command.args(["check", "--keep-going", "--message-format=json"]);
        for package in packages {
            command.args(["-p", package]);
        }
        let output = command.output().expect("run cargo check");
        let mut errors = Vec::new();
        for line in String::from_utf8_lossy(&output.stdout).lines() {
            let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            // rustc's closing "aborting due to N previous errors" counts nothing new.
            let is_error = message["reason"] == "compiler-message"
                && message["message"]["level"] == "error"
                && !message["message"]["message"]
                    .as_str()
                    .is_some_and(|text| text.starts_with("aborting due to"));
            if let (true, Some(target)) = (is_error, message["target"]["name"].as_str()) {
                let code = message["message"]["code"]["code"]
                    .as_str()
                    .unwrap_or("error");
                errors.push((target.to_owned(), code.to_owned()));
            }
        }
        errors
    }
}
