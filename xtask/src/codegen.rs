//! `cargo xtask codegen`: `heron-codegen generate` (or `check`) with this repository's
//! defaults: `generated-client/` from `spec/heron.yaml`, or any spec with `--spec --out
//! --name`, the generated files naming `cargo xtask codegen` as their generator.

use std::path::{Path, PathBuf};

use heron_codegen::cli::{self, Job};
use heron_codegen::Generator;

use crate::project::{ended, project_root, Failure};
use crate::scratch::io_failure;

/// What to generate: this repository's client, or `spec` into `out`.
pub(crate) struct Codegen {
    pub spec: Option<PathBuf>,
    pub out: Option<PathBuf>,
    pub name: Option<String>,
    pub check: bool,
}

pub(crate) fn run(codegen: Codegen) -> Result<(), Failure> {
    let root = project_root();
    let (license, repository) = published_as(&root)?;
    let job = match (codegen.spec, codegen.out) {
        (None, None) => {
            // Messages name the files relative to the project root, as the README does.
            std::env::set_current_dir(&root).map_err(|err| io_failure(&root, err))?;
            let spec = Generator::new("spec/heron.yaml")
                .crate_name(codegen.name.unwrap_or_else(|| "heron-client".to_owned()))
                .regenerate_with("cargo xtask codegen")
                .license(license)
                .repository(repository)
                .paths_relative_to(root)
                .release_since("HEAD");
            Job::new(spec, "generated-client").with_api_changes("cargo xtask diff --base HEAD")
        }
        (Some(spec), Some(out)) => {
            let name = codegen
                .name
                .unwrap_or_else(|| cli::default_crate_name(&out));
            let command = cli::regenerate_command("cargo xtask codegen", &spec, &out, &name, &root);
            let spec = Generator::new(spec)
                .crate_name(name)
                .regenerate_with(command)
                .license(license)
                .repository(repository)
                .paths_relative_to(root)
                .release_since("HEAD");
            Job::new(spec, out)
        }
        _ => {
            return Err(Failure::Usage(
                "`--spec` and `--out` go together".to_owned(),
            ))
        }
    };
    ended(if codegen.check {
        cli::check(&job)
    } else {
        cli::generate(&job)
    })
}

/// The license and repository of this project's crates (`[workspace.package]` in the
/// root `Cargo.toml`), which the crates it generates are published under too.
fn published_as(root: &Path) -> Result<(String, String), Failure> {
    let path = root.join("Cargo.toml");
    let text = std::fs::read_to_string(&path).map_err(|err| io_failure(&path, err))?;
    let manifest: toml::Table = text.parse().map_err(|err| io_failure(&path, err))?;
    let package = manifest
        .get("workspace")
        .and_then(|workspace| workspace.get("package"));
    let key = |name: &str| {
        package
            .and_then(|package| package.get(name))
            .and_then(|value| value.as_str())
            .map(str::to_owned)
            .ok_or_else(|| io_failure(&path, format!("no `{name}` in `[workspace.package]`")))
    };
    Ok((key("license")?, key("repository")?))
}
