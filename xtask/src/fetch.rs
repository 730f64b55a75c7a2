//! `cargo xtask fetch-spec [URL] [--out PATH]`: download the published spec, check that
//! the generator accepts it, and only then replace `spec/heron.yaml` (atomically), printing
//! what changed for Rust callers. A failed download or a spec the generator refuses changes
//! nothing.

use std::fs;
use std::path::PathBuf;

use crate::{project_root, Failure};

/// Where Heron publishes its OpenAPI document.
const DEFAULT_URL: &str = "https://app.herondata.io/swagger";

pub(crate) fn run(args: &[String]) -> Result<(), Failure> {
    let (mut url, mut out) = (None, None);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--out" => {
                out =
                    Some(PathBuf::from(args.next().ok_or_else(|| {
                        Failure::Usage("`--out` needs a path".into())
                    })?))
            }
            flag if flag.starts_with("--") => {
                return Err(Failure::Usage(format!("unexpected argument `{flag}`")))
            }
            value if url.is_none() => url = Some(value.to_owned()),
            extra => return Err(Failure::Usage(format!("unexpected argument `{extra}`"))),
        }
    }
    let url = url.unwrap_or_else(|| DEFAULT_URL.to_owned());
    let out = out.unwrap_or_else(|| project_root().join("spec/heron.yaml"));

    let body = download(&url).map_err(|message| {
        eprintln!("error: {url}: {message}; {} is unchanged", out.display());
        Failure::BadInput
    })?;
    let text = as_yaml(&body).map_err(|message| {
        eprintln!("error: {url}: {message}; {} is unchanged", out.display());
        Failure::BadInput
    })?;
    // Both sides with the names file and overlay next to the spec, as `cargo xtask
    // codegen` will use them.
    let companion = |file: std::path::PathBuf| {
        crate::codegen::read_companion(&file, &file.display().to_string())
    };
    let names = companion(crate::codegen::names_file_for(&out))?;
    let overlay = companion(crate::codegen::overlay_file_for(&out))?;
    // The new entry file with the files next to it, which its `$ref`s may name.
    let (folder, entry) = crate::codegen::spec_folder(&out);
    let beside = generator::source::Folder::new(folder);
    let downloaded = generator::source::InMemory::new([(entry.as_str(), text.as_str())]);
    let new_side = generator::source::Layered {
        top: &downloaded,
        below: &beside,
    };
    let new_api = crate::diff::side_from(&url, &new_side, &entry, names.clone(), overlay.clone())
        .inspect_err(|_| {
            eprintln!(
                "error: {url}: the generator refuses this spec; {} is unchanged",
                out.display()
            );
        })?
        .api;

    let old_api = out.exists().then_some(()).and_then(|()| {
        crate::diff::side_from(&out.display().to_string(), &beside, &entry, names, overlay)
            .ok()
            .map(|side| side.api)
    });
    let temporary = out.with_extension("yaml.tmp-fetch");
    fs::write(&temporary, &text)
        .and_then(|()| fs::rename(&temporary, &out))
        .map_err(|err| {
            let _ = fs::remove_file(&temporary);
            eprintln!("error: {}: {err}", out.display());
            Failure::BadInput
        })?;
    println!("{}: written from {url}", out.display());
    match old_api {
        Some(old) => print!(
            "{}",
            generator::diff::markdown(&generator::diff::diff(&old, &new_api))
        ),
        None => println!("(no previous spec to compare with)"),
    }
    Ok(())
}

fn download(url: &str) -> Result<String, String> {
    let mut response = ureq::get(url)
        .config()
        .timeout_global(Some(std::time::Duration::from_secs(60)))
        .build()
        .call()
        .map_err(|err| format!("download failed: {err}"))?;
    response
        .body_mut()
        .read_to_string()
        .map_err(|err| format!("reading the body failed: {err}"))
}

/// The spec as YAML: a JSON download is converted (keys keep their order), so the file
/// keeps one format and successive fetches diff line by line.
fn as_yaml(body: &str) -> Result<String, String> {
    if !body.trim_start().starts_with('{') {
        return Ok(body.to_owned());
    }
    let value: serde_json::Value =
        serde_json::from_str(body).map_err(|err| format!("not valid JSON: {err}"))?;
    serde_yaml::to_string(&value).map_err(|err| format!("cannot write it as YAML: {err}"))
}
