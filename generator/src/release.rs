//! The crate's version and its `CHANGELOG.md`: a pass after the features' gates, before
//! emission. The previous release is the changelog as last committed (its first section's
//! heading is the crate's version) and the API that release was generated from; the
//! changes between that API and this one (`diff`) decide the step, by Cargo's semver rules:
//!
//! | version  | breaking change (compilation or wire) | other API change    | API unchanged, spec changed |
//! |----------|---------------------------------------|---------------------|-----------------------------|
//! | `0.0.z`  | `0.0.z+1`                             | `0.0.z+1`           | `0.0.z+1`                   |
//! | `0.y.z`  | `0.y+1.0`                             | `0.y.z+1`           | `0.y.z+1`                   |
//! | `x.y.z`  | `x+1.0.0`                             | `x.y+1.0`           | `x.y.z+1`                   |
//!
//! Cargo treats `0.y.z` and `0.y.z+1` as compatible, so below 1.0 an addition can only be
//! a patch step. Every change the diff reports that breaks nobody (an addition, a
//! deprecation, a changed default server) counts as an addition: all are new behaviour
//! a caller may notice. A regeneration whose API and spec are unchanged changes nothing.

use crate::diff::{self, Change};
use crate::format::GENERATED_MARKER;
use crate::ir::Api;

/// The version of a crate's first release.
pub const FIRST_VERSION: Version = Version {
    major: 0,
    minor: 1,
    patch: 0,
};

/// A release version, `major.minor.patch` (pre-release and build suffixes are not
/// stepped automatically: the changelog must not end on one).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
}

impl Version {
    pub fn parse(text: &str) -> Option<Version> {
        let mut parts = text.split('.').map(|part| {
            // `01` is not a semver number.
            (!part.is_empty() && (part == "0" || !part.starts_with('0')))
                .then(|| part.parse::<u64>().ok())
                .flatten()
        });
        let version = Version {
            major: parts.next()??,
            minor: parts.next()??,
            patch: parts.next()??,
        };
        parts.next().is_none().then_some(version)
    }

    /// The version after a release of kind `step`.
    pub fn next(self, step: Step) -> Version {
        let Version {
            major,
            minor,
            patch,
        } = self;
        let (major, minor, patch) = match (major, minor, step) {
            (0, 0, _) => (0, 0, patch + 1),
            (0, _, Step::Breaking) => (0, minor + 1, 0),
            (0, _, _) => (0, minor, patch + 1),
            (_, _, Step::Breaking) => (major + 1, 0, 0),
            (_, _, Step::Additions) => (major, minor + 1, 0),
            (_, _, Step::Unchanged) => (major, minor, patch + 1),
        };
        Version {
            major,
            minor,
            patch,
        }
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// What kind of release a regeneration is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Some change breaks callers' compilation or the wire.
    Breaking,
    /// Changes that break nobody.
    Additions,
    /// The API is the same; the spec changed elsewhere (descriptions, its version).
    Unchanged,
}

/// The release the crate was last generated as.
#[derive(Clone, Debug)]
pub struct Previous {
    version: Version,
    /// `CHANGELOG.md` as last committed, without its generated-file marker.
    changelog: String,
    api: Option<Api>,
}

impl Previous {
    /// The API the previous release was generated from, when it is known: what this
    /// release's changes are counted against.
    pub fn into_api(self) -> Option<Api> {
        self.api
    }

    /// The release `changelog` (`CHANGELOG.md` as last committed) records, generated from
    /// `api`. `api` is `None` when it is not known (the spec is not under version
    /// control): then the release is kept as it is.
    pub fn new(changelog: &str, api: Option<Api>) -> Result<Previous, NoVersion> {
        Ok(Previous {
            version: released_version(changelog)?,
            changelog: without_marker(changelog).to_owned(),
            api,
        })
    }
}

/// This generation's release.
#[derive(Clone, Debug, PartialEq)]
pub struct Release {
    pub version: Version,
    /// `CHANGELOG.md`, without its first (generated) line.
    pub changelog: String,
    /// The previous release's version, and the kind of step to this one; `None` when the
    /// release is the same as before, or the first.
    pub stepped: Option<(Version, Step)>,
    /// The API changes since the previous release.
    pub changes: Vec<Change>,
}

/// A changelog that names no version where its first section should.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoVersion {
    /// 1-based line of the heading, or of the end of the text when it has no section.
    pub line: usize,
    pub message: String,
}

/// The version `changelog`'s first section is headed by (`## 1.2.0 ...`).
pub fn released_version(changelog: &str) -> Result<Version, NoVersion> {
    let Some((index, heading)) = changelog
        .lines()
        .enumerate()
        .find(|(_, line)| line.starts_with("## "))
    else {
        return Err(NoVersion {
            line: changelog.lines().count().max(1),
            message: "no release section (`## VERSION ...`)".into(),
        });
    };
    let word = heading
        .trim_start_matches("## ")
        .split_whitespace()
        .next()
        .unwrap_or_default();
    Version::parse(word).ok_or_else(|| NoVersion {
        line: index + 1,
        message: format!(
            "`{word}` is not a release version (MAJOR.MINOR.PATCH, without a pre-release or build suffix)"
        ),
    })
}

/// The release of `api` (package `crate_name`) after `previous`: the first when there
/// is none.
pub fn decide(api: &Api, crate_name: &str, previous: Option<&Previous>) -> Release {
    let Some(previous) = previous else {
        let section = format!(
            "## {FIRST_VERSION} (API version {})\n\nThe first release, generated from the {} (API version {}).\n",
            api.version, api.title, api.version
        );
        return Release {
            version: FIRST_VERSION,
            changelog: with_header(crate_name, &section, ""),
            stepped: None,
            changes: Vec::new(),
        };
    };
    let (version, committed) = (previous.version, previous.changelog.as_str());
    let kept = Release {
        version,
        changelog: committed.to_owned(),
        stepped: None,
        changes: Vec::new(),
    };
    let Some(old) = &previous.api else {
        return kept;
    };
    let changes = diff::diff(old, api);
    let step = if changes.iter().any(Change::breaking) {
        Step::Breaking
    } else if !changes.is_empty() {
        Step::Additions
    } else if old != api {
        Step::Unchanged
    } else {
        return kept;
    };
    let next = version.next(step);
    let body = match step {
        Step::Unchanged => format!(
            "The spec changed{} without changing the API (descriptions, examples or other \
             details): nothing to do when upgrading.\n",
            if old.version == api.version {
                String::new()
            } else {
                format!(" (API version {} to {})", old.version, api.version)
            }
        ),
        Step::Breaking | Step::Additions => diff::markdown(&changes),
    };
    let section = format!("## {next} (API version {})\n\n{body}", api.version);
    let older = committed
        .find("\n## ")
        .and_then(|start| committed.get(start + 1..))
        .unwrap_or_default();
    Release {
        version: next,
        changelog: with_header(crate_name, &section, older),
        stepped: Some((version, step)),
        changes,
    }
}

/// `changelog` without the generated-file marker `format::markdown` puts first.
fn without_marker(changelog: &str) -> &str {
    match changelog.split_once('\n') {
        Some((first, rest)) if first.starts_with("<!--") && first.contains(GENERATED_MARKER) => {
            rest.trim_start_matches('\n')
        }
        _ => changelog,
    }
}

/// The changelog: its title and what it is, the new section, then the older ones as
/// they were.
fn with_header(crate_name: &str, section: &str, older: &str) -> String {
    let mut text = format!(
        "# Changelog\n\nThe releases of `{crate_name}`, newest first: for each, the API changes \
         since the one before, breaking changes first with why they break callers. New sections \
         are written when the crate is regenerated; older ones are kept as committed.\n\n{section}"
    );
    if !older.is_empty() {
        text.push('\n');
        text.push_str(older);
    }
    text
}
