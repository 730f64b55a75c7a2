//! `cargo xtask diff OLD_SPEC NEW_SPEC [--format markdown|json] [--fail-on-breaking]`:
//! what changed in the generated Rust API between two specs.

use std::path::Path;

use generator::diff::Change;
use generator::Options;

use crate::Failure;

pub(crate) fn run(args: &[String]) -> Result<(), Failure> {
    let mut specs = Vec::new();
    let (mut json, mut fail_on_breaking) = (false, false);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--fail-on-breaking" => fail_on_breaking = true,
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
    let [old, new] = specs.as_slice() else {
        return Err(Failure::Usage(
            "`diff` takes two specs: OLD_SPEC NEW_SPEC".into(),
        ));
    };
    let changes = generator::diff::diff(&api(old)?, &api(new)?);
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
    let options = Options {
        crate_name: "diff".into(),
        regenerate_with: "cargo xtask diff".into(),
    };
    generator::generate(&text, &options)
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
