//! [`Generator`]: the options of one generation, and the calls that run it.

use std::path::{Path, PathBuf};

use generator::release::{Previous, Release};
use generator::{write, Generated, Options, Package};

use crate::config::Config;
use crate::error::{Error, Problem};
use crate::out_dir;
use crate::paths;
use crate::previous::previous_release;
use crate::spec_files::SpecFiles;

/// What generated files name as their generator when nobody says otherwise.
const DEFAULT_COMMAND: &str = "heron-codegen";

/// One spec to one crate: builder-style options, then [`generate_into`],
/// [`check`] or, in a build script, [`generate_into_out_dir`].
///
/// ```no_run
/// # fn main() -> Result<(), heron_codegen::Error> {
/// let report = heron_codegen::Generator::new("vendor/petstore/openapi.yaml")
///     .crate_name("petstore")
///     .names_file("petstore/petstore.names.toml")
///     .generate_into("petstore")?;
/// println!("{} files written", report.written.len());
/// # Ok(())
/// # }
/// ```
///
/// [`generate_into`]: Generator::generate_into
/// [`check`]: Generator::check
/// [`generate_into_out_dir`]: Generator::generate_into_out_dir
#[derive(Clone, Debug)]
pub struct Generator {
    spec: PathBuf,
    crate_name: Option<String>,
    names: Option<PathBuf>,
    overlay: Option<PathBuf>,
    regenerate_with: Option<String>,
    /// What paths in generated files are relative to (see `paths::portable`); by default
    /// the names file's folder.
    anchor: Option<PathBuf>,
    /// The git revision whose committed changelog and spec are the previous release.
    since: Option<String>,
    package: Package,
}

/// What a generation wrote.
#[derive(Debug)]
pub struct Report {
    /// Files written (their contents changed), relative to the crate's folder.
    pub written: Vec<String>,
    /// Generated files removed because the spec no longer produces them.
    pub removed: Vec<String>,
    /// Files left as they were (their mtimes too, so cargo rebuilds nothing).
    pub unchanged: usize,
    /// Whether the names file was written (it changed).
    pub names_file_written: bool,
    pub operations: usize,
    pub types: usize,
    /// What the generator noticed but did not refuse, located.
    pub warnings: Vec<Problem>,
    /// The API as generated (the generator's model): what `heron-codegen diff` compares.
    pub api: generator::ir::Api,
    /// The crate's version, and the step from the previous release when there was one.
    pub release: Release,
    /// The previous release's API, generated from the spec as committed at the
    /// [`Generator::release_since`] revision, when it was read: what `release`'s changes
    /// are counted against.
    pub previous_api: Option<generator::ir::Api>,
}

/// What a check found.
#[derive(Debug)]
pub struct Checked {
    /// One unified diff per file that is not what the spec produces (the names file
    /// included); empty when the crate is fresh.
    pub stale: Vec<String>,
    pub warnings: Vec<Problem>,
}

/// A generation in memory, before anything is written.
struct Generation {
    files: SpecFiles,
    generated: Generated,
    /// The names file's text for this output.
    names: String,
    previous_api: Option<generator::ir::Api>,
}

impl Generator {
    /// Generates from the spec at `spec` (JSON or YAML; for a spec kept in several files,
    /// its entry file), with the names file and the overlay beside it.
    pub fn new(spec: impl Into<PathBuf>) -> Generator {
        Generator {
            spec: spec.into(),
            crate_name: None,
            names: None,
            overlay: None,
            regenerate_with: None,
            anchor: None,
            since: None,
            package: Package::default(),
        }
    }

    /// Generates what the config file at `path` (`heron-codegen.toml`) says.
    pub fn from_config(path: impl AsRef<Path>) -> Result<Generator, Error> {
        let path = path.as_ref();
        Generator::with_config(Config::read(path)?)
    }

    pub(crate) fn with_config(config: Config) -> Result<Generator, Error> {
        let spec = config.spec.ok_or_else(|| {
            Error::NoSpec(format!(
                "{}: no `spec`: name the spec to generate from",
                config.path.display()
            ))
        })?;
        Ok(Generator {
            crate_name: config.name,
            names: config.names,
            overlay: config.overlay,
            package: Package {
                license: config.license,
                repository: config.repository,
            },
            ..Generator::new(spec)
        })
    }

    /// The generated crate's package name. Default: the name of the folder it is
    /// generated into, or in a build script the package's own name.
    pub fn crate_name(mut self, name: impl Into<String>) -> Generator {
        self.crate_name = Some(name.into());
        self
    }

    /// Where the names file is (read when present; written by [`generate_into`]).
    /// Default: beside the spec, its path with `.names.toml` (`openapi.names.toml`).
    ///
    /// [`generate_into`]: Generator::generate_into
    pub fn names_file(mut self, path: impl Into<PathBuf>) -> Generator {
        self.names = Some(path.into());
        self
    }

    /// The OpenAPI Overlay to apply to the spec (it must exist). Default: the spec's path
    /// with `.overlay.yaml`, applied when that file exists.
    pub fn overlay(mut self, path: impl Into<PathBuf>) -> Generator {
        self.overlay = Some(path.into());
        self
    }

    /// The command the generated files' first line names as the way to regenerate them.
    /// Default: `heron-codegen`.
    pub fn regenerate_with(mut self, command: impl Into<String>) -> Generator {
        self.regenerate_with = Some(command.into());
        self
    }

    /// Paths that generated files name (the spec, in the names file's header) are written
    /// relative to `folder`. Default: the names file's folder (`../vendor/openapi.yaml`);
    /// a path elsewhere is written `.../NAME`, never as a path of one machine.
    pub fn paths_relative_to(mut self, anchor: PathBuf) -> Generator {
        self.anchor = Some(anchor);
        self
    }

    /// The crate's license, an SPDX expression (`MIT OR Apache-2.0`). With one the crate
    /// is publishable; without one its `Cargo.toml` says `publish = false`.
    pub fn license(mut self, license: impl Into<String>) -> Generator {
        self.package.license = Some(license.into());
        self
    }

    /// The repository the generated crate lives in, for its `Cargo.toml`.
    pub fn repository(mut self, url: impl Into<String>) -> Generator {
        self.package.repository = Some(url.into());
        self
    }

    /// The crate's version and `CHANGELOG.md` follow the release committed at `revision`
    /// (`HEAD` where a command runs): when the API changed since the spec committed there,
    /// the version takes the step Cargo's semver rules give the changes (breaking,
    /// additions, or neither) and the changelog a section listing them. Without it, or
    /// when the changelog or spec is not committed there, the changelog on disk is kept
    /// with its version, and a crate without one is a first release (`0.1.0`).
    pub fn release_since(mut self, revision: impl Into<String>) -> Generator {
        self.since = Some(revision.into());
        self
    }

    pub(crate) fn spec_files(&self) -> SpecFiles {
        SpecFiles::new(self.spec.clone(), self.names.clone(), self.overlay.clone())
    }

    /// The command named in the generated files' first line.
    pub(crate) fn regeneration_command(&self) -> &str {
        self.regenerate_with.as_deref().unwrap_or(DEFAULT_COMMAND)
    }

    /// Writes the crate into `folder` and the names file where it goes, changing only the
    /// files whose contents change. Fails, writing nothing, on any error in the spec, the
    /// names file or the overlay.
    pub fn generate_into(&self, folder: impl AsRef<Path>) -> Result<Report, Error> {
        let folder = folder.as_ref();
        let generation = self.generation(folder, None, &self.spec_files().folder())?;
        let (path, names) = (generation.files.names.clone(), generation.names.clone());
        let mut report = write_crate(folder, generation)?;
        report.names_file_written =
            write::write_file(&path, &names).map_err(|err| Error::io(&path, err))?;
        Ok(report)
    }

    /// Compares `folder` and the names file with what the spec produces, writing nothing.
    pub fn check(&self, folder: impl AsRef<Path>) -> Result<Checked, Error> {
        let folder = folder.as_ref();
        let generation = self.generation(folder, None, &self.spec_files().folder())?;
        let mut stale = write::check(folder, &generation.generated.files)
            .map_err(|err| Error::io(folder, err))?;
        let names = &generation.files.names;
        stale.extend(
            write::check_file(names, &names.display().to_string(), &generation.names)
                .map_err(|err| Error::io(names, err))?,
        );
        Ok(Checked {
            stale,
            warnings: warnings(&generation),
        })
    }

    /// In a build script: writes the generated code into `$OUT_DIR/heron-codegen/`, for
    /// `include!(concat!(env!("OUT_DIR"), "/heron-codegen/src/lib.rs"))` at the root of the
    /// package's library or binary. The crate root loses its inner attributes and crate
    /// docs (`include!` takes items only); the names file is read, never written (a build
    /// script writes only into `OUT_DIR`); a `cargo::rerun-if-changed` line is printed for
    /// every file read; and the package's `Cargo.toml` must have the dependencies and
    /// features the generated code uses ([`Error::Manifest`] lists the lines it lacks).
    /// The crate name defaults to the package's, so that doc examples name it.
    pub fn generate_into_out_dir(&self) -> Result<Report, Error> {
        let env = |name: &str| {
            std::env::var_os(name).map(PathBuf::from).ok_or_else(|| {
                Error::io(
                    Path::new(name),
                    "not set: `generate_into_out_dir` runs in a build script",
                )
            })
        };
        let folder = env("OUT_DIR")?.join("heron-codegen");
        let manifest = env("CARGO_MANIFEST_DIR")?.join("Cargo.toml");
        let package = std::env::var("CARGO_PKG_NAME").ok();
        let spec_files = self.spec_files();
        let reads = out_dir::Recording::new(spec_files.folder_and_entry().0);
        let mut generation = self.generation(&folder, package, &reads)?;
        for file in reads.files_read() {
            println!("cargo::rerun-if-changed={}", file.display());
        }
        // The manifest is checked against the generated one below.
        println!("cargo::rerun-if-changed={}", manifest.display());
        for companion in [&spec_files.names, &spec_files.overlay] {
            if companion.exists() {
                println!("cargo::rerun-if-changed={}", companion.display());
            }
        }
        // Only the entries count: the header names the spec as seen from where it ran.
        let entries = |text: &str| -> Vec<String> {
            text.lines()
                .filter(|line| !line.starts_with('#'))
                .map(|line| line.trim_end().to_owned())
                .collect()
        };
        let stale_names = std::fs::read_to_string(&spec_files.names)
            .is_ok_and(|recorded| entries(&recorded) != entries(&generation.names));
        out_dir::check_manifest(&manifest, &generation.generated.files)?;
        out_dir::make_includable(&mut generation.generated.files);
        let mut report = write_crate(&folder, generation)?;
        if stale_names {
            report
                .warnings
                .push(out_dir::stale_names_warning(&spec_files.names));
        }
        Ok(report)
    }

    /// Runs the generator on the spec's files in `source`, for output in `folder`.
    fn generation(
        &self,
        folder: &Path,
        default_name: Option<String>,
        source: &dyn generator::source::Source,
    ) -> Result<Generation, Error> {
        let files = self.spec_files();
        let read = files.read_companions()?;
        let crate_name = self
            .crate_name
            .clone()
            .or(default_name)
            .unwrap_or_else(|| paths::crate_name_for(folder));
        let options = Options {
            crate_name,
            regenerate_with: self.regeneration_command().to_owned(),
            names: read.names,
            overlay: read.overlay,
            previous: previous_release(&files, folder, self.since.as_deref())?,
            package: self.package.clone(),
        };
        let (_, entry) = files.folder_and_entry();
        let shown = files.spec.display().to_string();
        let generated = generator::generate_files(source, &entry, &options)
            .map_err(|errors| Error::Invalid(files.locate(&shown, errors)))?;
        // The names file names its spec relative to a folder that does not depend on
        // where the command runs: the one given, or its own.
        let spec_shown = match &self.anchor {
            Some(anchor) => paths::portable(&files.spec, anchor),
            None => {
                let names_folder = files.names.parent().unwrap_or(Path::new(""));
                paths::relative(names_folder, &files.spec)
            }
        };
        let names = generated.names.render(&spec_shown);
        Ok(Generation {
            files,
            generated,
            names,
            previous_api: options.previous.and_then(Previous::into_api),
        })
    }
}

fn warnings(generation: &Generation) -> Vec<Problem> {
    let shown = generation.files.spec.display().to_string();
    generation
        .files
        .locate(&shown, generation.generated.warnings.clone())
}

fn write_crate(folder: &Path, generation: Generation) -> Result<Report, Error> {
    let changes =
        write::write(folder, &generation.generated.files).map_err(|err| Error::io(folder, err))?;
    let warnings = warnings(&generation);
    let api = generation.generated.api;
    Ok(Report {
        written: changes.written,
        removed: changes.removed,
        unchanged: changes.unchanged,
        names_file_written: false,
        operations: api.operations.len(),
        types: api.types.len(),
        warnings,
        api,
        release: generation.generated.release,
        previous_api: generation.previous_api,
    })
}
