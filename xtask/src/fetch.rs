//! `cargo xtask fetch-spec [URL] [--out PATH]`: `heron-codegen fetch` of Heron's published
//! spec into `spec/heron.yaml`.

use std::path::PathBuf;

use heron_codegen::cli::{self, FetchRequest};
use heron_codegen::Generator;

use crate::project::{ended, project_root, Failure};

/// Where Heron publishes its OpenAPI document.
pub(crate) const DEFAULT_URL: &str = "https://app.herondata.io/swagger";

pub(crate) fn run(url: Option<String>, out: Option<PathBuf>) -> Result<(), Failure> {
    ended(cli::fetch(&FetchRequest {
        url: url.unwrap_or_else(|| DEFAULT_URL.to_owned()),
        spec: Generator::new(out.unwrap_or_else(|| project_root().join("spec/heron.yaml"))),
    }))
}
