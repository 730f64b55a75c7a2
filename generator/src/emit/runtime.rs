//! The hand-written runtime every generated crate carries: the client, its errors,
//! timestamps and wire encoding. Kept as real Rust files under `templates/` so they read
//! (and are formatted) like any other source.

use super::{Artifact, EmittedFile};
use crate::Options;

const TEMPLATES: &[(&str, &str)] = &[
    ("src/client.rs", include_str!("../../templates/client.rs")),
    ("src/codec.rs", include_str!("../../templates/codec.rs")),
    ("src/error.rs", include_str!("../../templates/error.rs")),
    ("src/file.rs", include_str!("../../templates/file.rs")),
    (
        "src/multipart.rs",
        include_str!("../../templates/multipart.rs"),
    ),
    ("src/request.rs", include_str!("../../templates/request.rs")),
    ("src/retry.rs", include_str!("../../templates/retry.rs")),
    (
        "src/timestamp.rs",
        include_str!("../../templates/timestamp.rs"),
    ),
];

/// The templates' doc examples name the crate `heron_client`.
const TEMPLATE_CRATE: &str = "heron_client";

pub(crate) fn files(options: &Options) -> Vec<EmittedFile<'static>> {
    let lib_name = options.crate_name.replace('-', "_");
    TEMPLATES
        .iter()
        .map(|(path, source)| EmittedFile {
            path: (*path).to_owned(),
            artifact: Artifact::RustSource(source.replace(TEMPLATE_CRATE, &lib_name)),
        })
        .collect()
}
