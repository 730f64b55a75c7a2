//! `cargo xtask diff OLD_SPEC NEW_SPEC [--format markdown|json] [--fail-on-breaking]`:
//! what changed in the generated Rust API between two specs.

use std::path::Path;

use generator::diff::Change;
use generator::Options;

use crate::codegen::{names_file_for, overlay_file_for, read_companion};
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

fn read(path: &str) -> Result<String, Failure> {
    std::fs::read_to_string(Path::new(path)).map_err(|err| {
        eprintln!("error: {path}: cannot read: {err}");
        Failure::BadInput
    })
}

/// The spec at `path` with the files that go with it (its names file and overlay); a spec
/// without a names file takes `fallback`'s names.
fn side(path: &str, fallback: Option<&generator::NameBook>) -> Result<Side, Failure> {
    let spec = Path::new(path);
    let companion = |file: std::path::PathBuf| read_companion(&file, &file.display().to_string());
    let names = companion(names_file_for(spec))?.or_else(|| fallback.map(|book| book.render(path)));
    let overlay = companion(overlay_file_for(spec))?;
    side_from(path, &read(path)?, names, overlay)
}

fn side_at(path: &str, revision: &str) -> Result<Side, Failure> {
    let text = spec_at_revision(Path::new(path), revision).map_err(|message| {
        eprintln!("error: {path} at {revision}: {message}");
        Failure::BadInput
    })?;
    let (names, overlay) = companions_at(Path::new(path), revision);
    side_from(&format!("{path} at {revision}"), &text, names, overlay)
}

/// The names file and the overlay that go with `spec`, as committed at `revision`.
pub(crate) fn companions_at(spec: &Path, revision: &str) -> (Option<String>, Option<String>) {
    let companion = |file: std::path::PathBuf| spec_at_revision(&file, revision).ok();
    (
        companion(names_file_for(spec)),
        companion(overlay_file_for(spec)),
    )
}

/// The generated API of the spec at `path` with the names file `names` and the overlay
/// `overlay`, or the diagnostics that prevent it.
pub(crate) fn side_from(
    path: &str,
    text: &str,
    names: Option<String>,
    overlay: Option<String>,
) -> Result<Side, Failure> {
    let options = Options {
        crate_name: "diff".into(),
        regenerate_with: "cargo xtask diff".into(),
        names,
        overlay,
    };
    generator::generate(text, &options)
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

/// The file at `spec` as committed at `revision`, read with `git show`.
pub(crate) fn spec_at_revision(spec: &Path, revision: &str) -> Result<String, String> {
    let spec = spec.canonicalize().map_err(|err| err.to_string())?;
    let dir = spec.parent().ok_or("the spec has no directory")?;
    let git = |args: &[&str]| -> Result<String, String> {
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
    };
    let top = std::path::PathBuf::from(git(&["rev-parse", "--show-toplevel"])?.trim());
    let top = top.canonicalize().map_err(|err| err.to_string())?;
    let relative = spec
        .strip_prefix(&top)
        .map_err(|_| "the spec is outside the git work tree")?;
    git(&["show", &format!("{revision}:{}", relative.display())])
}
