//! The summary of a diff for a pull request.

use std::collections::BTreeMap;

use super::{Change, Verdict};

/// A short Markdown summary for a pull request: the count, breaking changes first (the
/// wire before compilation), then deprecations, then the rest grouped by tag.
pub fn markdown(changes: &[Change]) -> String {
    let count = |verdict: Verdict| changes.iter().filter(|c| c.verdict == verdict).count();
    let breaking = changes.iter().filter(|c| c.breaking()).count();
    let mut out = format!(
        "**{} API change{}, {} breaking**",
        changes.len(),
        if changes.len() == 1 { "" } else { "s" },
        breaking,
    );
    if breaking > 0 {
        out.push_str(&format!(
            " ({} break the wire, {} of them silently; {} break only compilation)",
            count(Verdict::BreaksWire) + count(Verdict::BreaksWireSilently),
            count(Verdict::BreaksWireSilently),
            count(Verdict::BreaksCompilation),
        ));
    }
    let deprecated = count(Verdict::Deprecated);
    if deprecated > 0 {
        out.push_str(&format!(
            ", {deprecated} deprecation{}",
            if deprecated == 1 { "" } else { "s" }
        ));
    }
    out.push('\n');
    for (verdict, heading) in [
        (
            Verdict::BreaksWireSilently,
            "Breaking at run time: old code still compiles, but calls can fail",
        ),
        (
            Verdict::BreaksWire,
            "Breaking: the API changed (old binaries can fail, old code does not compile)",
        ),
        (
            Verdict::BreaksCompilation,
            "Breaking compilation only (deployed binaries keep working)",
        ),
        (
            Verdict::Deprecated,
            "Deprecated: old code compiles with warnings (builds that deny warnings fail)",
        ),
    ] {
        if count(verdict) == 0 {
            continue;
        }
        out.push_str(&format!("\n### {heading}\n\n"));
        for change in changes.iter().filter(|c| c.verdict == verdict) {
            out.push_str(&format!(
                "- `{}`: {} ({})\n",
                change.subject, change.description, change.reason
            ));
        }
    }
    let mut groups: BTreeMap<&str, Vec<&Change>> = BTreeMap::new();
    for change in changes.iter().filter(|c| c.verdict == Verdict::Compatible) {
        groups
            .entry(change.group.as_str())
            .or_default()
            .push(change);
    }
    for (group, changes) in groups {
        out.push_str(&format!("\n### {group}\n\n"));
        for change in changes {
            let reason = if change.reason.is_empty() {
                String::new()
            } else {
                format!(" ({})", change.reason)
            };
            out.push_str(&format!(
                "- `{}`: {}{reason}\n",
                change.subject, change.description
            ));
        }
    }
    out
}
