//! Where a spec's files come from.
//!
//! A spec kept in a source repository is often many files joined by relative `$ref`s
//! (`$ref: "resources/droplets/models/droplet.yml"`). The loader reads them through
//! [`Source`], so the same code reads a folder on disk ([`Folder`]), the files of a git
//! revision (`cargo xtask diff --base REV` implements [`Source`] over `git cat-file`), and
//! files held in memory ([`InMemory`], for tests and fuzzing):
//!
//! ```
//! use generator::source::InMemory;
//!
//! let files = InMemory::new([
//!     ("api.yaml", "openapi: 3.0.3\ninfo: {title: Pets, version: '1'}\npaths:\n  /pets:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: 'models/pet.yaml'}\n"),
//!     ("models/pet.yaml", "type: object\nproperties:\n  name: {type: string}\n"),
//! ]);
//! let options = generator::Options {
//!     crate_name: "pets".into(),
//!     regenerate_with: "cargo xtask codegen".into(),
//!     names: None,
//!     overlay: None,
//!     previous: None,
//!     package: Default::default(),
//! };
//! let generated = generator::generate_files(&files, "api.yaml", &options);
//! let types: Vec<String> = generated
//!     .map(|generated| generated.api.types.into_iter().map(|t| t.name).collect())
//!     .unwrap_or_default();
//! assert_eq!(types, ["Pet"]);
//! ```
//!
//! Paths are relative to the root of the tree, `/`-separated, with no `.` or `..` segment:
//! the loader resolves each `$ref` against the folder of the file it is in and refuses
//! one that leaves the tree (or is absolute, or a URL) before asking the source, so a
//! source never sees a path outside its root.

use std::collections::BTreeMap;
use std::path::PathBuf;

/// A tree of files the loader reads a spec from.
pub trait Source {
    /// The text of the file at `path` (relative to the tree's root, `/`-separated,
    /// normalised), or why it cannot be read.
    fn read(&self, path: &str) -> Result<String, String>;
}

/// Files held in memory: path -> text.
#[derive(Clone, Debug, Default)]
pub struct InMemory {
    files: BTreeMap<String, String>,
}

impl InMemory {
    pub fn new<P: Into<String>, T: Into<String>>(
        files: impl IntoIterator<Item = (P, T)>,
    ) -> InMemory {
        InMemory {
            files: files
                .into_iter()
                .map(|(path, text)| (path.into(), text.into()))
                .collect(),
        }
    }

    /// Adds or replaces one file.
    pub fn insert(&mut self, path: impl Into<String>, text: impl Into<String>) {
        self.files.insert(path.into(), text.into());
    }
}

impl Source for InMemory {
    fn read(&self, path: &str) -> Result<String, String> {
        self.files
            .get(path)
            .cloned()
            .ok_or_else(|| "no such file".to_owned())
    }
}

/// A folder on disk: the tree's root. Only reads.
#[derive(Clone, Debug)]
pub struct Folder {
    root: PathBuf,
}

impl Folder {
    pub fn new(root: impl Into<PathBuf>) -> Folder {
        Folder { root: root.into() }
    }
}

impl Source for Folder {
    fn read(&self, path: &str) -> Result<String, String> {
        std::fs::read_to_string(self.root.join(path)).map_err(|err| err.to_string())
    }
}

/// One source laid over another: a file of `top` hides the file of the same path below
/// (`cargo xtask fetch-spec` checks a downloaded entry file with the files next to it).
pub struct Layered<'a> {
    pub top: &'a dyn Source,
    pub below: &'a dyn Source,
}

impl Source for Layered<'_> {
    fn read(&self, path: &str) -> Result<String, String> {
        self.top.read(path).or_else(|_| self.below.read(path))
    }
}
