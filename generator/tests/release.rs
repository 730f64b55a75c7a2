//! The version steps of `generator::release`, for the versions the in-place test
//! (`heron-codegen/tests/release.rs`) does not walk through: `0.0.z`, where Cargo treats
//! every release as incompatible with the one before, and versions it refuses to step.

use generator::release::{released_version, Step, Version};

fn next(version: &str, step: Step) -> String {
    Version::parse(version).unwrap().next(step).to_string()
}

#[test]
fn every_step_from_0_0_z_is_a_patch_step() {
    for step in [Step::Breaking, Step::Additions, Step::Unchanged] {
        assert_eq!(next("0.0.3", step), "0.0.4");
    }
    assert_eq!(next("0.4.2", Step::Breaking), "0.5.0");
    assert_eq!(next("0.4.2", Step::Additions), "0.4.3");
    assert_eq!(next("1.4.2", Step::Additions), "1.5.0");
    assert_eq!(next("1.4.2", Step::Breaking), "2.0.0");
}

#[test]
fn versions_with_suffixes_or_missing_parts_are_not_stepped() {
    for text in [
        "1.0",
        "01.2.3",
        "1.2.3-beta.1",
        "1.2.3+build",
        "1.2.3.4",
        "",
        "a.b.c",
    ] {
        assert_eq!(Version::parse(text), None, "{text}");
    }
    let wrong = released_version("# Changelog\n\n## 1.2.3-rc.1 (API version 2)\n").unwrap_err();
    assert_eq!(wrong.line, 3);
    assert!(wrong
        .message
        .contains("`1.2.3-rc.1` is not a release version"));
    assert_eq!(released_version("# Changelog\n").unwrap_err().line, 1);
}
