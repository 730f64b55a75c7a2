//! heron-codegen: OpenAPI 3.0 or 3.1 in, a typed async Rust client crate out.
//!
//! The pipeline, each stage in its own module and each owning its types:
//!
//! ```text
//! load -> lower -> split -> features -> rust_types, release -> emit    -> format -> write
//! text    IR       IR       IR          IR + types + version   syn trees  text      files
//! ```
//!
//! [`generate`] runs everything up to formatting and does no I/O; [`write`] is the only
//! place that touches the disk. See `ARCHITECTURE.md` for the invariants.

// Spec data must never panic the generator: problems become diagnostics.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

pub mod diagnostics;
pub mod diff;
mod emit;
pub mod features;
pub mod format;
pub mod ir;
mod load;
mod lower;
mod names;
mod overlay;
mod parallel;
pub mod release;
pub mod rust_types;
pub mod source;
pub mod split;
pub mod write;

pub use diagnostics::{Diagnostic, Location, Severity};
pub use names::NameBook;

use std::time::{Duration, Instant};

use emit::{Artifact, EmittedFile};
use format::Preamble;
use rust_types::RustTypes;

/// What to generate.
#[derive(Clone, Debug)]
pub struct Options {
    /// The Cargo package name, e.g. `heron-client`.
    pub crate_name: String,
    /// The command that regenerates the output, named in every file's preamble.
    pub regenerate_with: String,
    /// The names file's text (`spec/heron.names.toml`): the names to keep. `None` when
    /// there is none yet, so that every name is fresh.
    pub names: Option<String>,
    /// An OpenAPI Overlay's text (`spec/heron.overlay.yaml`), applied to the spec when it
    /// is loaded (`overlay.rs`). `None`: the spec as it is.
    pub overlay: Option<String>,
    /// The crate's previous release, which this one follows (`release.rs`). `None`: the
    /// first release.
    pub previous: Option<release::Previous>,
    /// What `Cargo.toml` says of the package that the spec does not.
    pub package: Package,
}

/// The package's metadata beyond the spec's: a crate with a `license` is publishable
/// (`cargo publish` needs one); without one it says `publish = false`, so that a client
/// of a private API is never published by accident.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Package {
    /// An SPDX expression, e.g. `MIT OR Apache-2.0`.
    pub license: Option<String>,
    /// Where the crate's source lives (the repository that holds the generated crate).
    pub repository: Option<String>,
}

/// A file ready to be written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative to the crate directory, with `/` separators.
    pub path: String,
    pub contents: String,
}

/// The generated crate, with the IR it came from and the warnings found on the way.
#[derive(Debug)]
pub struct Generated {
    pub files: Vec<OutputFile>,
    pub api: ir::Api,
    /// The names file for this output: to write next to the spec.
    pub names: NameBook,
    pub warnings: Vec<Diagnostic>,
    /// The crate's version and changelog.
    pub release: release::Release,
    pub timings: Timings,
}

/// Generates a crate from spec text (JSON or YAML). Fails with every error found; a
/// failure produces no files at all.
pub fn generate(spec: &str, options: &Options) -> Result<Generated, Vec<Diagnostic>> {
    let mut clock = Stopwatch::start();
    let loaded = load::load(spec, options.overlay.as_deref());
    generate_loaded(loaded, options, clock.lap())
}

/// Generates a crate from a spec kept in several files: `entry` is the path of its entry
/// file in `source` (see [`source`]), and its relative `$ref`s to other files of `source`
/// are followed. Diagnostics in other files name them ([`Location::FileLineColumn`],
/// [`Location::FilePointer`], relative to `entry`'s folder).
pub fn generate_files(
    source: &dyn source::Source,
    entry: &str,
    options: &Options,
) -> Result<Generated, Vec<Diagnostic>> {
    let mut clock = Stopwatch::start();
    let loaded = load::load_files(source, entry, options.overlay.as_deref());
    generate_loaded(loaded, options, clock.lap())
}

fn generate_loaded(
    loaded: Result<load::Loaded, Diagnostic>,
    options: &Options,
    load: Duration,
) -> Result<Generated, Vec<Diagnostic>> {
    let mut clock = Stopwatch::start();
    let loaded = loaded.map_err(|err| vec![err])?;
    let (api, names, warnings) = lower_loaded(&loaded, options.names.as_deref())?;
    let lower = clock.lap();
    let api = features::gate(split::split(api));
    let types = RustTypes::decide(&api);
    let release = release::decide(&api, &options.crate_name, options.previous.as_ref());
    let passes = clock.lap();
    let emitted = emit::emit(&api, &types, options, &release);
    let preamble = Preamble::new(&options.regenerate_with);
    // Freeing the loaded spec takes milliseconds; this thread does it while the others
    // start on the files.
    let (files, emit_cpu, format_cpu) = render_all(emitted, &preamble, || drop(loaded))?;
    let emit_and_format = clock.lap();
    Ok(Generated {
        files,
        timings: Timings {
            load,
            lower,
            passes,
            emit_and_format,
            emit_cpu,
            format_cpu,
        },
        api,
        names,
        warnings,
        release,
    })
}

/// How long each stage took, for `cargo xtask bench`. Emitting (up to each file's
/// laid-out text and syntax trees) and formatting (the trees printed) run file by file on
/// every core, each tree printed on the thread that built it (syntax trees cannot cross
/// threads): their wall time is one figure, which includes freeing the loaded spec, and
/// the CPU time of each is summed over the threads.
#[derive(Clone, Copy, Debug, Default)]
pub struct Timings {
    pub load: Duration,
    pub lower: Duration,
    /// The passes over the lowered IR: the split, the features' gates, the Rust types,
    /// the release (with the diff against the previous one).
    pub passes: Duration,
    pub emit_and_format: Duration,
    pub emit_cpu: Duration,
    pub format_cpu: Duration,
}

/// Every file's text, with the CPU time spent emitting and formatting, summed over the
/// threads; this thread runs `first` before it takes its share of the files.
fn render_all(
    emitted: Vec<EmittedFile>,
    preamble: &Preamble,
    first: impl FnOnce(),
) -> Result<(Vec<OutputFile>, Duration, Duration), Vec<Diagnostic>> {
    let rendered = parallel::map(&emitted, first, |file| render(file, preamble));
    let (mut emitting, mut formatting) = (Duration::ZERO, Duration::ZERO);
    let mut files = Vec::with_capacity(rendered.len());
    for (file, rendered) in emitted.into_iter().zip(rendered) {
        emitting += rendered.emitting;
        formatting += rendered.formatting;
        let contents = rendered.contents.map_err(|err| {
            vec![Diagnostic::error(
                Location::Pointer("#".into()),
                format!(
                    "internal error: generated `{}` is not valid Rust: {err}",
                    file.path
                ),
            )]
        })?;
        files.push(OutputFile {
            path: file.path,
            contents,
        });
    }
    Ok((files, emitting, formatting))
}

/// One file's text, with the time its emission and its formatting took.
struct Rendered {
    contents: syn::Result<String>,
    emitting: Duration,
    formatting: Duration,
}

/// Emits and formats one file, on the calling thread.
fn render(file: &EmittedFile, preamble: &Preamble) -> Rendered {
    let started = Instant::now();
    let (contents, emitted) = match &file.artifact {
        Artifact::Rust(build) => {
            let tree = build();
            let emitted = Instant::now();
            (tree.map(|tree| format::rust(tree, preamble)), emitted)
        }
        Artifact::RustSource(source) => (Ok(format::rust_source(source, preamble)), started),
        Artifact::Manifest(text) => (Ok(format::toml(text, preamble)), started),
        Artifact::Markdown(text) => (Ok(format::markdown(text, preamble)), started),
    };
    Rendered {
        contents,
        emitting: emitted - started,
        formatting: emitted.elapsed(),
    }
}

struct Stopwatch(Instant);

impl Stopwatch {
    fn start() -> Stopwatch {
        Stopwatch(Instant::now())
    }

    /// The time since the last lap.
    fn lap(&mut self) -> Duration {
        let now = Instant::now();
        let lap = now - self.0;
        self.0 = now;
        lap
    }
}

/// The IR before the read/write split, and its warnings: for tests and tools that
/// inspect lowering on its own.
pub fn lower_spec(spec: &str) -> Result<(ir::Api, Vec<Diagnostic>), Vec<Diagnostic>> {
    let loaded = load::load(spec, None).map_err(|err| vec![err])?;
    lower_loaded(&loaded, None).map(|(api, _, warnings)| (api, warnings))
}

/// [`lower_spec`] for a spec kept in several files (see [`generate_files`]).
pub fn lower_files(
    source: &dyn source::Source,
    entry: &str,
) -> Result<(ir::Api, Vec<Diagnostic>), Vec<Diagnostic>> {
    let loaded = load::load_files(source, entry, None).map_err(|err| vec![err])?;
    lower_loaded(&loaded, None).map(|(api, _, warnings)| (api, warnings))
}

type Lowered = (ir::Api, NameBook, Vec<Diagnostic>);

fn lower_loaded(loaded: &load::Loaded, names: Option<&str>) -> Result<Lowered, Vec<Diagnostic>> {
    let text = names.unwrap_or_default();
    let book = match names {
        Some(text) => NameBook::parse(text).map_err(|err| vec![err])?,
        None => NameBook::default(),
    };
    let (api, names, lowering) = lower::lower(loaded, &book, text);
    let diagnostics = loaded
        .warnings
        .iter()
        .cloned()
        .chain(lowering)
        .map(|diagnostic| Diagnostic {
            location: loaded.origins.locate(diagnostic.location),
            ..diagnostic
        });
    let (errors, warnings): (Vec<_>, Vec<_>) = diagnostics.partition(Diagnostic::is_error);
    if errors.is_empty() {
        Ok((api, names, warnings))
    } else {
        Err(errors)
    }
}
