//! `cargo xtask diff`: `heron-codegen diff`, with `spec/heron.yaml` as the spec when
//! `--base` is given without one.

use std::path::PathBuf;

use heron_codegen::cli::{self, DiffRequest, Sides};
use heron_codegen::Generator;

use crate::project::{ended, project_root, Failure};

pub(crate) struct Diff {
    pub specs: Vec<PathBuf>,
    pub base: Option<String>,
    pub json: bool,
    pub fail_on_breaking: bool,
}

pub(crate) fn run(diff: Diff) -> Result<(), Failure> {
    let sides = match (diff.base, diff.specs.as_slice()) {
        (Some(revision), [spec]) => Sides::Base {
            revision,
            spec: Generator::new(spec),
        },
        (Some(revision), []) => Sides::Base {
            revision,
            spec: Generator::new(project_root().join("spec/heron.yaml")),
        },
        (None, [old, new]) => Sides::Specs {
            old: old.clone(),
            new: new.clone(),
        },
        _ => {
            return Err(Failure::Usage(
                "`diff` takes OLD_SPEC NEW_SPEC, or --base GIT_REV [SPEC]".into(),
            ))
        }
    };
    ended(cli::diff(&DiffRequest {
        sides,
        json: diff.json,
        fail_on_breaking: diff.fail_on_breaking,
    }))
}
