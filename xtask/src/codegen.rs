//! `cargo xtask codegen`: `heron-codegen generate` (or `check`) with this repository's
//! defaults: `generated-client/` from `spec/heron.yaml`, or any spec with `--spec --out
//! --name`, the generated files naming `cargo xtask codegen` as their generator.

use std::path::PathBuf;

use heron_codegen::cli::{self, Job};
use heron_codegen::Generator;

use crate::project::{ended, project_root, Failure};

/// What to generate: this repository's client, or `spec` into `out`.
pub(crate) struct Codegen {
    pub spec: Option<PathBuf>,
    pub out: Option<PathBuf>,
    pub name: Option<String>,
    pub check: bool,
}

pub(crate) fn run(codegen: Codegen) -> Result<(), Failure> {
    let root = project_root();
    let job = match (codegen.spec, codegen.out) {
        (None, None) => {
            // Messages name the files relative to the project root, as the README does.
            std::env::set_current_dir(&root)
                .map_err(|err| crate::scratch::io_failure(&root, err))?;
            let spec = Generator::new("spec/heron.yaml")
                .crate_name(codegen.name.unwrap_or_else(|| "heron-client".to_owned()))
                .regenerate_with("cargo xtask codegen")
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
