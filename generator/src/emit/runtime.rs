//! The runtime every generated crate carries as its `src/runtime/`: the files of the
//! `heron-runtime` crate's `src/runtime/` folder, embedded as they are. They are compiled,
//! linted and tested in that crate; here they are only copied.

use super::{Artifact, EmittedFile};

/// Each file's name in the folder, and its contents.
const FILES: &[(&str, &str)] = &[
    (
        "client.rs",
        include_str!("../../../runtime/src/runtime/client.rs"),
    ),
    (
        "codec.rs",
        include_str!("../../../runtime/src/runtime/codec.rs"),
    ),
    (
        "declared.rs",
        include_str!("../../../runtime/src/runtime/declared.rs"),
    ),
    (
        "download.rs",
        include_str!("../../../runtime/src/runtime/download.rs"),
    ),
    (
        "error.rs",
        include_str!("../../../runtime/src/runtime/error.rs"),
    ),
    (
        "file.rs",
        include_str!("../../../runtime/src/runtime/file.rs"),
    ),
    (
        "hook.rs",
        include_str!("../../../runtime/src/runtime/hook.rs"),
    ),
    (
        "lenient.rs",
        include_str!("../../../runtime/src/runtime/lenient.rs"),
    ),
    (
        "mod.rs",
        include_str!("../../../runtime/src/runtime/mod.rs"),
    ),
    (
        "mock.rs",
        include_str!("../../../runtime/src/runtime/mock.rs"),
    ),
    (
        "multipart.rs",
        include_str!("../../../runtime/src/runtime/multipart.rs"),
    ),
    (
        "object.rs",
        include_str!("../../../runtime/src/runtime/object.rs"),
    ),
    (
        "options.rs",
        include_str!("../../../runtime/src/runtime/options.rs"),
    ),
    (
        "paging.rs",
        include_str!("../../../runtime/src/runtime/paging.rs"),
    ),
    (
        "request.rs",
        include_str!("../../../runtime/src/runtime/request.rs"),
    ),
    (
        "retry.rs",
        include_str!("../../../runtime/src/runtime/retry.rs"),
    ),
    (
        "security.rs",
        include_str!("../../../runtime/src/runtime/security.rs"),
    ),
    (
        "timestamp.rs",
        include_str!("../../../runtime/src/runtime/timestamp.rs"),
    ),
    (
        "tokens.rs",
        include_str!("../../../runtime/src/runtime/tokens.rs"),
    ),
    (
        "trace.rs",
        include_str!("../../../runtime/src/runtime/trace.rs"),
    ),
    (
        "upload.rs",
        include_str!("../../../runtime/src/runtime/upload.rs"),
    ),
    (
        "wire.rs",
        include_str!("../../../runtime/src/runtime/wire.rs"),
    ),
];

/// The runtime's `Cargo.toml`, whose `[dependencies]` become the generated crate's.
const MANIFEST: &str = include_str!("../../../runtime/Cargo.toml");

pub(crate) fn files() -> Vec<EmittedFile<'static>> {
    FILES
        .iter()
        .map(|(name, source)| EmittedFile {
            path: format!("src/runtime/{name}"),
            artifact: Artifact::RustSource(source),
        })
        .collect()
}

/// The runtime's webhook module, for crates whose spec has webhooks: the file shared with
/// the runtime crate (the generated `src/webhooks/mod.rs` goes next to it).
const WEBHOOK_SIGNATURE: &str = include_str!("../../../runtime/src/webhooks/signature.rs");

pub(crate) fn webhook_files() -> Vec<EmittedFile<'static>> {
    vec![EmittedFile {
        path: "src/webhooks/signature.rs".to_owned(),
        artifact: Artifact::RustSource(WEBHOOK_SIGNATURE),
    }]
}

/// The `[dependencies]` entries of the runtime crate, one per line: what a generated crate
/// needs to build its copy of the runtime (its models and operations need nothing more).
/// The client's entries stay optional, behind the `client` feature ([`client_feature`]),
/// and so do the mocks', behind `mock` ([`mock_feature`]); the other optional entries
/// belong to the webhook module (`webhook_dependencies`).
pub(crate) fn dependencies() -> impl Iterator<Item = &'static str> {
    manifest_dependencies().filter(|line| !is_optional(line) || is_client(line) || is_mock(line))
}

/// The runtime's `client = [..]` feature line, as the generated crate's `client` feature.
pub(crate) fn client_feature() -> &'static str {
    feature_line("client")
}

/// The runtime's `mock = [..]` feature line, as the generated crate's `mock` feature.
pub(crate) fn mock_feature() -> &'static str {
    feature_line("mock")
}

fn feature_line(name: &str) -> &'static str {
    let prefix = format!("{name} = [");
    MANIFEST
        .lines()
        .find(|line| line.starts_with(&prefix))
        .unwrap_or_default()
}

/// What a crate with webhooks adds to `dependencies()`: the entries the runtime's
/// `webhooks` feature enables, as plain dependencies, and the `axum` entry, which stays
/// optional behind the generated crate's `axum` feature.
pub(crate) fn webhook_dependencies() -> Vec<String> {
    manifest_dependencies()
        .filter(|line| is_optional(line) && !is_client(line) && !is_mock(line))
        .map(|line| {
            if dependency_name(line) == "axum" {
                line.to_owned()
            } else {
                line.replace(", optional = true", "")
            }
        })
        .collect()
}

/// Whether the runtime's `client` feature enables this dependency.
fn is_client(line: &str) -> bool {
    client_feature().contains(&format!("\"dep:{}\"", dependency_name(line)))
}

/// Whether the runtime's `mock` feature enables this dependency.
fn is_mock(line: &str) -> bool {
    mock_feature().contains(&format!("\"dep:{}\"", dependency_name(line)))
}

fn manifest_dependencies() -> impl Iterator<Item = &'static str> {
    MANIFEST
        .lines()
        .skip_while(|line| line.trim() != "[dependencies]")
        .skip(1)
        .take_while(|line| !line.trim_start().starts_with('['))
        .filter(|line| !line.trim().is_empty())
}

fn is_optional(line: &str) -> bool {
    line.contains("optional = true")
}

fn dependency_name(line: &str) -> &str {
    line.split('=').next().unwrap_or_default().trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `include_str!` cannot list a folder: a module the runtime's `mod.rs` declares
    /// without a line in `FILES` would be missing from every generated crate.
    #[test]
    fn every_module_the_runtime_declares_is_embedded() {
        let mod_rs = FILES
            .iter()
            .find(|(name, _)| *name == "mod.rs")
            .map_or("", |(_, source)| source);
        let declared: Vec<String> = mod_rs
            .lines()
            .filter_map(|line| line.strip_prefix("pub(crate) mod "))
            .filter_map(|rest| rest.strip_suffix(';'))
            .map(|module| format!("{module}.rs"))
            .collect();
        let mut embedded: Vec<String> = FILES
            .iter()
            .map(|(name, _)| (*name).to_owned())
            .filter(|name| name != "mod.rs")
            .collect();
        embedded.sort();
        assert!(declared.len() >= 8, "{declared:?}");
        assert_eq!(declared, embedded);
    }

    #[test]
    fn the_dependencies_are_the_runtime_manifests_section() {
        let dependencies: Vec<&str> = dependencies().collect();
        assert!(
            dependencies
                .iter()
                .any(|line| line.starts_with("reqwest = ")),
            "{dependencies:?}"
        );
        assert!(
            dependencies.iter().all(|line| line.contains(" = ")
                && !line.contains("workspace")
                && !line.starts_with('#')),
            "plain entries only: {dependencies:?}"
        );
        // Optional entries are the client's and the mocks', each named by its feature.
        let optional: Vec<&str> = dependencies
            .iter()
            .filter(|line| is_optional(line))
            .map(|line| dependency_name(line))
            .collect();
        assert!(optional.contains(&"reqwest") && optional.contains(&"tokio"));
        assert!(optional.contains(&"wiremock"), "{optional:?}");
        for name in optional {
            let dep = format!("\"dep:{name}\"");
            assert!(
                client_feature().contains(&dep) || mock_feature().contains(&dep),
                "{name}: {} {}",
                client_feature(),
                mock_feature()
            );
        }
        assert!(
            mock_feature().starts_with("mock = [\"client\", "),
            "{}",
            mock_feature()
        );
        assert!(dependencies
            .iter()
            .any(|line| line.starts_with("serde = ") && !is_optional(line)));
    }

    /// The webhook entries are the runtime's optional ones: HMAC, base64 and http's header
    /// map always (the `webhooks` feature), axum optional; none of them reaches a crate without webhooks.
    #[test]
    fn the_webhook_dependencies_are_the_optional_entries() {
        let webhooks = webhook_dependencies();
        let names: Vec<&str> = webhooks.iter().map(|line| dependency_name(line)).collect();
        assert_eq!(names, ["base64", "ring", "http", "axum"]);
        assert_eq!(
            webhooks.iter().filter(|line| is_optional(line)).count(),
            1,
            "{webhooks:?}"
        );
        assert!(webhooks
            .iter()
            .any(|line| line.starts_with("axum = ") && is_optional(line)));
        let base: Vec<&str> = dependencies().map(dependency_name).collect();
        assert!(names.iter().all(|name| !base.contains(name)), "{base:?}");
    }
}
