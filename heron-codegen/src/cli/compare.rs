//! `diff`: what changed for Rust callers between two versions of a spec, each generated
//! with its own names file and overlay; and the short form `generate` prints.

use std::path::PathBuf;

use generator::diff::Change;
use generator::NameBook;

use crate::cli::exit::{reported, Exit};
use crate::error::Error;
use crate::generate::{Generator, Report};
use crate::previous::{at_revision, from_source, Side};
use crate::spec_files::SpecFiles;

/// The two sides of a comparison.
#[derive(Clone, Debug)]
pub enum Sides {
    /// Two specs, each with the names file and overlay beside it.
    Specs { old: PathBuf, new: PathBuf },
    /// A spec (with its names file and overlay) as committed at a git revision, against
    /// the working tree.
    Base { revision: String, spec: Generator },
}

/// What `diff` prints and when it fails.
#[derive(Clone, Debug)]
pub struct DiffRequest {
    pub sides: Sides,
    /// JSON for tools, instead of Markdown for people.
    pub json: bool,
    /// Exit 1 when a change breaks callers.
    pub fail_on_breaking: bool,
}

/// Prints the API changes: exit 0, 1 on a breaking change with `fail_on_breaking`, 2 on
/// bad input.
pub fn diff(request: &DiffRequest) -> Exit {
    match changes(&request.sides) {
        Err(error) => reported(&error),
        Ok(changes) => {
            if request.json {
                println!("{}", to_json(&changes));
            } else {
                print!("{}", generator::diff::markdown(&changes));
            }
            if request.fail_on_breaking && changes.iter().any(Change::breaking) {
                Exit::CheckFailed
            } else {
                Exit::Success
            }
        }
    }
}

fn changes(sides: &Sides) -> Result<Vec<Change>, Error> {
    // Each side keeps the names of its own names file; a new side without one is
    // generated with the old side's names, as `generate` would with the committed file.
    let (old, new) = match sides {
        Sides::Specs { old, new } => {
            let old = on_disk(&SpecFiles::new(old.clone(), None, None), None)?;
            let new = on_disk(&SpecFiles::new(new.clone(), None, None), Some(&old.names))?;
            (old, new)
        }
        Sides::Base { revision, spec } => {
            let files = spec.spec_files();
            let old = at_revision(&files, revision)?;
            let new = on_disk(&files, Some(&old.names))?;
            (old, new)
        }
    };
    Ok(generator::diff::diff(&old.api, &new.api))
}

/// The spec on disk with its companions; a spec without a names file takes `fallback`'s
/// names.
fn on_disk(files: &SpecFiles, fallback: Option<&NameBook>) -> Result<Side, Error> {
    let mut read = files.read_companions()?;
    if read.names.is_none() {
        read.names = fallback.map(|book| book.render(&files.spec.display().to_string()));
    }
    let shown = files.spec.display().to_string();
    from_source(&shown, files, &files.folder(), read)
}

/// After a regeneration: what changed for callers against the spec as committed at
/// `HEAD`, in one paragraph. Silent where there is no committed spec to compare with.
pub(crate) fn print_api_changes_since_head(spec: &Generator, report: &Report, full_summary: &str) {
    // The release was counted against `HEAD` (the command's `release_since`) when its
    // changelog is committed: that API is in the report. Otherwise it is generated here.
    let generated;
    let old = match &report.previous_api {
        Some(old) => old,
        None => {
            let files = spec.spec_files();
            if !files.committed_at("HEAD") {
                return;
            }
            let Ok(side) = at_revision(&files, "HEAD") else {
                return;
            };
            generated = side.api;
            &generated
        }
    };
    let changes = generator::diff::diff(old, &report.api);
    if changes.is_empty() {
        println!("API changes against HEAD: none.");
        return;
    }
    let breaking = changes.iter().filter(|c| c.breaking()).count();
    let shown: Vec<String> = changes
        .iter()
        .take(5)
        .map(|c| format!("`{}` {}", c.subject, c.description))
        .collect();
    let more = changes.len().saturating_sub(shown.len());
    println!(
        "API changes against HEAD: {} ({breaking} breaking): {}{}. Run `{full_summary}` for all of them.",
        changes.len(),
        shown.join("; "),
        if more > 0 { format!("; and {more} more") } else { String::new() },
    );
}

fn to_json(changes: &[Change]) -> String {
    let list: Vec<serde_json::Value> = changes
        .iter()
        .map(|change| {
            serde_json::json!({
                "breaking": change.breaking(),
                "verdict": change.verdict.as_str(),
                "group": change.group,
                "subject": change.subject,
                "description": change.description,
                "reason": change.reason,
            })
        })
        .collect();
    let breaking = changes.iter().filter(|c| c.breaking()).count();
    serde_json::to_string_pretty(&serde_json::json!({"breaking": breaking, "changes": list}))
        .unwrap_or_default()
}
