//! `cargo xtask diff OLD_SPEC NEW_SPEC [--format markdown|json] [--fail-on-breaking]`:
//! what changed in the generated Rust API between two specs.

use std::path::Path;

use generator::diff::Change;
use generator::Options;

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
    let (old, new) = match (base, specs.as_slice()) {
        // The spec as committed at the revision, against the working tree.
        (Some(revision), [new]) => (api_at(new, &revision)?, api(new)?),
        (Some(revision), []) => {
            let new = crate::project_root()
                .join("spec/heron.yaml")
                .display()
                .to_string();
            (api_at(&new, &revision)?, api(&new)?)
        }
        (None, [old, new]) => (api(old)?, api(new)?),
        _ => {
            return Err(Failure::Usage(
                "`diff` takes OLD_SPEC NEW_SPEC, or --base GIT_REV [SPEC]".into(),
            ))
        }
    };
    let changes = generator::diff::diff(&old, &new);
    if json {
        println!("{}", to_json(&changes));
    } else {
        print!("{}", generator::diff::markdown(&changes));
    }
    if fail_on_breaking && changes.iter().any(|c| c.breaking) {
        return Err(Failure::CheckFailed);
    }
    Ok(())
}

fn api(path: &str) -> Result<generator::ir::Api, Failure> {
    let text = std::fs::read_to_string(Path::new(path)).map_err(|err| {
        eprintln!("error: {path}: cannot read: {err}");
        Failure::BadInput
    })?;
    api_from(path, &text)
}

fn api_at(path: &str, revision: &str) -> Result<generator::ir::Api, Failure> {
    let text = spec_at_revision(Path::new(path), revision).map_err(|message| {
        eprintln!("error: {path} at {revision}: {message}");
        Failure::BadInput
    })?;
    api_from(&format!("{path} at {revision}"), &text)
}

/// The generated API of the spec at `path`, or the diagnostics that prevent it.
pub(crate) fn api_from(path: &str, text: &str) -> Result<generator::ir::Api, Failure> {
    let options = Options {
        crate_name: "diff".into(),
        regenerate_with: "cargo xtask diff".into(),
    };
    generator::generate(text, &options)
        .map(|generated| generated.api)
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
                "breaking": change.breaking,
                "group": change.group,
                "subject": change.subject,
                "description": change.description,
                "reason": change.reason,
            })
        })
        .collect();
    let breaking = changes.iter().filter(|c| c.breaking).count();
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
