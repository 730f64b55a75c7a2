//! `generate` and `check` as the command runs them: one spec, one crate folder, the
//! messages, and after a write the API changes against the committed spec.

use std::path::{Path, PathBuf};

use generator::release::Step;

use crate::cli::compare;
use crate::cli::exit::{reported, Exit};
use crate::generate::Generator;
use crate::paths::portable;

/// A generation as a command runs it.
#[derive(Clone, Debug)]
pub struct Job {
    generator: Generator,
    out: PathBuf,
    /// After a write, print the API changes against the spec as committed at `HEAD`,
    /// pointing to this command for all of them.
    api_changes: Option<String>,
}

impl Job {
    /// `generator` into the crate folder `out`.
    pub fn new(generator: Generator, out: impl Into<PathBuf>) -> Job {
        Job {
            generator,
            out: out.into(),
            api_changes: None,
        }
    }

    /// After a write, prints what changed for callers against the spec as committed at
    /// `HEAD` (when the spec is in a git work tree and committed there), and
    /// `full_summary` as the command that prints every change.
    pub fn with_api_changes(mut self, full_summary: impl Into<String>) -> Job {
        self.api_changes = Some(full_summary.into());
        self
    }
}

/// The command line that regenerates a crate from flags, for the generated files' first
/// line: `PROGRAM --spec SPEC --out OUT --name NAME`, the paths relative to `anchor`.
pub fn regenerate_command(
    program: &str,
    spec: &Path,
    out: &Path,
    name: &str,
    anchor: &Path,
) -> String {
    format!(
        "{program} --spec {} --out {} --name {name}",
        portable(spec, anchor),
        portable(out, anchor)
    )
}

/// Writes the crate: exit 0, or 2 with every error on stderr (nothing written).
pub fn generate(job: &Job) -> Exit {
    let report = match job.generator.generate_into(&job.out) {
        Ok(report) => report,
        Err(error) => return reported(&error),
    };
    for warning in &report.warnings {
        eprintln!("{warning}");
    }
    if let Some(full_summary) = &job.api_changes {
        compare::print_api_changes_since_head(&job.generator, &report, full_summary);
    }
    if let Some((before, step)) = report.release.stepped {
        let kind = match step {
            Step::Breaking => "breaking changes",
            Step::Additions => "changes that break nobody",
            Step::Unchanged => "the API unchanged",
        };
        println!(
            "{}: version {before} -> {} ({kind}); CHANGELOG.md has its section",
            shown(&job.out),
            report.release.version
        );
    }
    println!(
        "{}: {} files written, {} removed, {} unchanged ({} operations, {} types, {} warnings)",
        shown(&job.out),
        report.written.len(),
        report.removed.len(),
        report.unchanged,
        report.operations,
        report.types,
        report.warnings.len(),
    );
    Exit::Success
}

/// Checks the crate: exit 0 when fresh, 1 with a unified diff per stale file, 2 on bad
/// input. Writes nothing.
pub fn check(job: &Job) -> Exit {
    let checked = match job.generator.check(&job.out) {
        Ok(checked) => checked,
        Err(error) => return reported(&error),
    };
    for warning in &checked.warnings {
        eprintln!("{warning}");
    }
    let files = job.generator.spec_files();
    let (out, names) = (shown(&job.out), files.names.display());
    if checked.stale.is_empty() {
        println!(
            "{out} and {names} are up to date with {}",
            files.spec.display()
        );
        return Exit::Success;
    }
    for diff in &checked.stale {
        print!("{diff}");
    }
    eprintln!(
        "error: {out} or {names} is stale ({} files differ): run `{}`",
        checked.stale.len(),
        job.generator.regeneration_command()
    );
    Exit::CheckFailed
}

/// The crate folder as messages name it: as given, or by its name for the current folder
/// (`pets`, not `.`).
fn shown(out: &Path) -> String {
    if out != Path::new(".") {
        return out.display().to_string();
    }
    crate::paths::resolved(out).file_name().map_or_else(
        || ".".to_owned(),
        |name| name.to_string_lossy().into_owned(),
    )
}

/// The crate name `generate` gives a crate in `folder` when none is given: the folder's
/// name as a Cargo package name.
pub fn default_crate_name(folder: &Path) -> String {
    crate::paths::crate_name_for(folder)
}
