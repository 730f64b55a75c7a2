//! `fetch`: download the published spec, check that the generator accepts it, and only
//! then replace the spec file (atomically), printing what changed for Rust callers. A
//! failed download or a spec the generator refuses changes nothing.

use std::fs;
use std::path::Path;

use generator::source::{InMemory, Layered};

use crate::cli::exit::{reported, Exit};
use crate::generate::Generator;

/// Where to download from, and the spec (with its companions) to replace.
#[derive(Clone, Debug)]
pub struct FetchRequest {
    pub url: String,
    pub spec: Generator,
}

/// Downloads and replaces: exit 0, or 2 with the spec file untouched.
pub fn fetch(request: &FetchRequest) -> Exit {
    let url = &request.url;
    let files = request.spec.spec_files();
    let out = &files.spec;
    let unchanged = |message: String| {
        eprintln!("error: {url}: {message}; {} is unchanged", out.display());
        Exit::BadInput
    };
    let body = match download(url) {
        Ok(body) => body,
        Err(message) => return unchanged(message),
    };
    let text = match in_the_format_of(out, &body) {
        Ok(text) => text,
        Err(message) => return unchanged(message),
    };
    let read = match files.read_companions() {
        Ok(read) => read,
        Err(error) => return reported(&error),
    };
    // The new entry file with the files next to it, which its `$ref`s may name.
    let (_, entry) = files.folder_and_entry();
    let beside = files.folder();
    let downloaded = InMemory::new([(entry.as_str(), text.as_str())]);
    let new_side = Layered {
        top: &downloaded,
        below: &beside,
    };
    let companions = || crate::spec_files::Read {
        names: read.names.clone(),
        overlay: read.overlay.clone(),
    };
    let new_api = match crate::previous::from_source(url, &files, &new_side, companions()) {
        Ok(side) => side.api,
        Err(error) => {
            eprintln!("{error}");
            return unchanged("the generator refuses this spec".to_owned());
        }
    };
    let existing = fs::read_to_string(out).ok();
    if existing.as_deref() == Some(text.as_str()) {
        println!("{}: unchanged ({url} serves the same spec)", out.display());
        return Exit::Success;
    }
    let shown = out.display().to_string();
    let old_api = existing.and_then(|_| {
        crate::previous::from_source(&shown, &files, &beside, companions())
            .ok()
            .map(|side| side.api)
    });
    let temporary = out.with_file_name(format!("{entry}.tmp-fetch"));
    if let Err(err) = fs::write(&temporary, &text).and_then(|()| fs::rename(&temporary, out)) {
        let _ = fs::remove_file(&temporary);
        eprintln!("error: {}: {err}", out.display());
        return Exit::BadInput;
    }
    println!("{}: written from {url}", out.display());
    match old_api {
        Some(old) => print!(
            "{}",
            generator::diff::markdown(&generator::diff::diff(&old, &new_api))
        ),
        None => println!("(no previous spec to compare with)"),
    }
    Exit::Success
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

/// The downloaded spec in the format of the file it replaces: JSON becomes YAML for a
/// `.yaml` or `.yml` file (keys keep their order), so the file keeps one format and
/// successive fetches diff line by line; anything else is kept as downloaded.
fn in_the_format_of(out: &Path, body: &str) -> Result<String, String> {
    let yaml = out
        .extension()
        .is_some_and(|extension| extension == "yaml" || extension == "yml");
    if !yaml || !body.trim_start().starts_with('{') {
        return Ok(body.to_owned());
    }
    let value: serde_json::Value =
        serde_json::from_str(body).map_err(|err| format!("not valid JSON: {err}"))?;
    serde_yaml::to_string(&value).map_err(|err| format!("cannot write it as YAML: {err}"))
}
