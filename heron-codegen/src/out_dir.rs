//! What generating in a build script needs beyond writing files: the files read (for
//! `cargo::rerun-if-changed`), a crate root that `include!` takes, and the package's
//! `Cargo.toml` checked against what the generated code uses.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use generator::source::{Folder, Source};
use generator::{Diagnostic, Location, OutputFile};

use crate::error::{Error, Problem};

/// A spec's folder that remembers which files the generator read from it.
pub(crate) struct Recording {
    folder: Folder,
    root: PathBuf,
    read: Mutex<BTreeSet<String>>,
}

impl Recording {
    pub fn new(root: PathBuf) -> Recording {
        Recording {
            folder: Folder::new(root.clone()),
            root,
            read: Mutex::new(BTreeSet::new()),
        }
    }

    /// Every file read so far, in path order.
    pub fn files_read(&self) -> Vec<PathBuf> {
        let read = self
            .read
            .lock()
            .map(|read| read.clone())
            .unwrap_or_default();
        read.iter().map(|path| self.root.join(path)).collect()
    }
}

impl Source for Recording {
    fn read(&self, path: &str) -> Result<String, String> {
        if let Ok(mut read) = self.read.lock() {
            read.insert(path.to_owned());
        }
        self.folder.read(path)
    }
}

/// Makes `src/lib.rs` something `include!` takes: its inner attributes and crate docs
/// (`#![..]`, `//!`) go, everything from its first item on stays.
pub(crate) fn make_includable(files: &mut [OutputFile]) {
    if let Some(root) = files.iter_mut().find(|file| file.path == "src/lib.rs") {
        root.contents = without_inner_attributes(&root.contents);
    }
}

fn without_inner_attributes(text: &str) -> String {
    let mut kept = String::with_capacity(text.len());
    let mut open_brackets = 0usize;
    let mut header = true;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if header && open_brackets == 0 && !trimmed.starts_with("#![") {
            if trimmed.starts_with("//!") {
                continue;
            }
            // Comments and blank lines of the header stay (the `@generated` line).
            header = trimmed.is_empty() || trimmed.starts_with("//");
        }
        if header && (open_brackets > 0 || trimmed.starts_with("#![")) {
            // An inner attribute, perhaps over several lines: skip to its closing `]`.
            for c in trimmed.chars() {
                match c {
                    '[' => open_brackets += 1,
                    ']' => open_brackets = open_brackets.saturating_sub(1),
                    _ => {}
                }
            }
            continue;
        }
        kept.push_str(line);
    }
    kept
}

/// Checks that the package manifest at `path` declares every dependency and feature of
/// the generated `Cargo.toml` (a feature it lacks would silently compile code out).
pub(crate) fn check_manifest(path: &Path, files: &[OutputFile]) -> Result<(), Error> {
    let Some(generated) = files.iter().find(|file| file.path == "Cargo.toml") else {
        return Ok(());
    };
    let text = std::fs::read_to_string(path).map_err(|err| Error::io(path, err))?;
    let manifest: toml::Table = toml::from_str(&text).map_err(|err| Error::io(path, err))?;
    let mut missing = Vec::new();
    for table in ["dependencies", "features"] {
        let present = |key: &str| {
            manifest
                .get(table)
                .and_then(toml::Value::as_table)
                .is_some_and(|entries| entries.contains_key(key))
        };
        let lines: Vec<&str> = lines_of(&generated.contents, table)
            .into_iter()
            .filter(|line| {
                line.split_once('=')
                    .is_some_and(|(key, _)| !present(key.trim().trim_matches('"')))
            })
            .collect();
        if !lines.is_empty() {
            missing.push(format!("[{table}]"));
            missing.extend(lines.into_iter().map(str::to_owned));
        }
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(Error::Manifest {
            path: path.to_path_buf(),
            missing,
        })
    }
}

/// The `key = value` lines of `[table]` in a generated manifest (one line per entry, as
/// the generator writes them).
fn lines_of<'a>(manifest: &'a str, table: &str) -> Vec<&'a str> {
    let header = format!("[{table}]");
    manifest
        .lines()
        .skip_while(|line| line.trim() != header)
        .skip(1)
        .take_while(|line| !line.starts_with('['))
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .collect()
}

pub(crate) fn stale_names_warning(names: &Path) -> Problem {
    Problem {
        file: names.display().to_string(),
        diagnostic: Diagnostic::warning(
            Location::NamesFile { line: 1, column: 1 },
            "the names file is not up to date with the spec (new or removed items): \
             run `heron-codegen generate` to record the names this build used",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_crate_root_loses_its_inner_attributes_and_docs_and_keeps_the_rest() {
        let root = "// @generated by `x`. Do not edit by hand.\n#![cfg_attr(rustfmt, rustfmt::skip)]\n\n//! Docs.\n//!\n//! ```\n//! #![allow(x)]\n//! ```\n#![allow(\n    clippy::a,\n    clippy::b,\n)]\n\npub mod models;\n/// An item's doc.\n#[cfg(feature = \"client\")]\npub mod operations;\n";
        assert_eq!(
            without_inner_attributes(root),
            "// @generated by `x`. Do not edit by hand.\n\n\npub mod models;\n/// An item's doc.\n#[cfg(feature = \"client\")]\npub mod operations;\n"
        );
    }

    #[test]
    fn the_manifest_check_lists_each_missing_line_under_its_table() {
        let dir =
            std::env::temp_dir().join(format!("heron-codegen-manifest-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("Cargo.toml");
        std::fs::write(
            &path,
            "[package]\nname = \"pets\"\n\n[dependencies]\nserde = \"1\"\n\n[features]\ndefault = [\"client\"]\n",
        )
        .expect("write");
        let generated = OutputFile {
            path: "Cargo.toml".into(),
            contents: "[package]\nname = \"pets\"\n\n[dependencies]\nserde = { version = \"1\", features = [\"derive\"] }\nreqwest = { version = \"0.13\", optional = true }\n\n[features]\ndefault = [\"client\", \"types\"]\n# The client.\nclient = [\"dep:reqwest\"]\ntypes = []\n\n[dev-dependencies]\ntokio = \"1\"\n".into(),
        };
        let error = check_manifest(&path, &[generated]).expect_err("two lines missing");
        let Error::Manifest { missing, .. } = &error else {
            panic!("{error}");
        };
        assert_eq!(
            missing,
            &[
                "[dependencies]",
                "reqwest = { version = \"0.13\", optional = true }",
                "[features]",
                "client = [\"dep:reqwest\"]",
                "types = []",
            ]
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
