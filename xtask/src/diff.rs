//! `cargo xtask diff OLD_SPEC NEW_SPEC [--format markdown|json] [--fail-on-breaking]`:
//! what changed in the generated Rust API between two specs.

use std::path::Path;

use generator::diff::Change;
use generator::Options;

use generator::source::Source;

use crate::codegen::{names_file_for, overlay_file_for, read_companion, spec_folder};
use crate::git_tree::GitTree;
use crate::Failure;

pub(crate) fn run(args: &[String]) -> Result<(), Failure> {
    let mut specs = Vec::new();
    let (mut json, mut fail_on_breaking, mut base) = (false, false, None);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--fail-on-breaking" => fail_on_breaking = true,
            "--base" => {
                base = Some(
                    args.next()
                        .ok_or_else(|| Failure::Usage("`--base` needs a git revision".into()))?
                        .clone(),
                )
            }
            "--format" => match args.next().map(String::as_str) {
                Some("markdown") => json = false,
                Some("json") => json = true,
                other => {
                    return Err(Failure::Usage(format!(
                        "`--format` takes `markdown` or `json`, found {other:?}"
                    )))
                }
            },
            flag if flag.starts_with("--") => {
                return Err(Failure::Usage(format!("unexpected argument `{flag}`")))
            }
            spec => specs.push(spec.to_owned()),
        }
    }
    // Each side keeps the names of its own names file; a new spec without one is
    // generated with the old side's names, as `cargo xtask codegen` would with the
    // committed file.
    let (old, new) = match (base, specs.as_slice()) {
        (Some(revision), [new]) => (side_at(new, &revision)?, new.clone()),
        (Some(revision), []) => {
            let new = crate::project_root()
                .join("spec/heron.yaml")
                .display()
                .to_string();
            (side_at(&new, &revision)?, new)
        }
        (None, [old, new]) => (side(old, None)?, new.clone()),
        _ => {
            return Err(Failure::Usage(
                "`diff` takes OLD_SPEC NEW_SPEC, or --base GIT_REV [SPEC]".into(),
            ))
        }
    };
    let new = side(&new, Some(&old.names))?;
    let (old, new) = (old.api, new.api);
    let changes = generator::diff::diff(&old, &new);
    if json {
        println!("{}", to_json(&changes));
    } else {
        print!("{}", generator::diff::markdown(&changes));
    }
    if fail_on_breaking && changes.iter().any(|c| c.breaking()) {
        return Err(Failure::CheckFailed);
    }
    Ok(())
}

/// One side of a comparison: the generated API and the names it used.
pub(crate) struct Side {
    pub api: generator::ir::Api,
    pub names: generator::NameBook,
}

/// The spec at `path` with the files that go with it (its names file and overlay); a spec
/// without a names file takes `fallback`'s names. Files it names are read from its folder.
fn side(path: &str, fallback: Option<&generator::NameBook>) -> Result<Side, Failure> {
    let spec = Path::new(path);
    let companion = |file: std::path::PathBuf| read_companion(&file, &file.display().to_string());
    let names = companion(names_file_for(spec))?.or_else(|| fallback.map(|book| book.render(path)));
    let overlay = companion(overlay_file_for(spec))?;
    let (folder, entry) = spec_folder(spec);
    let source = generator::source::Folder::new(folder);
    side_from(path, &source, &entry, names, overlay)
}

/// The spec at `path` as committed at `revision`, every file it names from that tree.
fn side_at(path: &str, revision: &str) -> Result<Side, Failure> {
    let (folder, entry) = spec_folder(Path::new(path));
    let tree = GitTree::open(&folder, revision).map_err(|message| {
        eprintln!("error: {path} at {revision}: {message}");
        Failure::BadInput
    })?;
    let (names, overlay) = companions_at(Path::new(path), revision);
    side_from(
        &format!("{path} at {revision}"),
        &tree,
        &entry,
        names,
        overlay,
    )
}

/// The names file and the overlay that go with `spec`, as committed at `revision`.
pub(crate) fn companions_at(spec: &Path, revision: &str) -> (Option<String>, Option<String>) {
    let companion = |file: std::path::PathBuf| spec_at_revision(&file, revision).ok();
    (
        companion(names_file_for(spec)),
        companion(overlay_file_for(spec)),
    )
}

/// The generated API of the spec whose entry file is `entry` in `source`, with the names
/// file `names` and the overlay `overlay`, or the diagnostics that prevent it (shown
/// against `path`).
pub(crate) fn side_from(
    path: &str,
    source: &dyn generator::source::Source,
    entry: &str,
    names: Option<String>,
    overlay: Option<String>,
) -> Result<Side, Failure> {
    let options = Options {
        crate_name: "diff".into(),
        regenerate_with: "cargo xtask diff".into(),
        names,
        overlay,
    };
    generator::generate_files(source, entry, &options)
        .map(|generated| Side {
            api: generated.api,
            names: generated.names,
        })
        .map_err(|errors| {
            for error in &errors {
                eprintln!("{}", error.display_in(path));
            }
            Failure::BadInput
        })
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

/// The file at `spec` as committed at `revision`.
pub(crate) fn spec_at_revision(spec: &Path, revision: &str) -> Result<String, String> {
    let (folder, entry) = spec_folder(spec);
    GitTree::open(&folder, revision)?.read(&entry)
}

/// Runs git in `dir`: its output, or its error message.
pub(crate) fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|err| format!("cannot run git: {err}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).trim().to_owned())
    }
}
