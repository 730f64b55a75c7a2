#!/usr/bin/env bash
# The spec update loop, one round: download the spec, regenerate the crate, and when
# anything changed, commit it and write the pull request's body (the API changes for
# callers). Run at the top of a git work tree, with `heron-codegen` on PATH:
#
#   bash update-spec.sh CRATE_DIR BODY_FILE
#
# CRATE_DIR holds the generated crate and its heron-codegen.toml, whose `url` says where
# the spec is published and `spec` which file it replaces. BODY_FILE (outside the work
# tree) receives the pull request's body; it is written only when there is a commit.
#
# Exit 0: a commit was made, or nothing changed (no commit, no body). Any other exit is a
# failure to look at: the download failed or the generator refused the new spec (its
# errors, located, are on stderr) and nothing was changed. Under GitHub Actions,
# `changed=true` or `changed=false` goes to $GITHUB_OUTPUT.
set -euo pipefail

if [ "$#" -ne 2 ]; then
    echo "usage: bash update-spec.sh CRATE_DIR BODY_FILE" >&2
    exit 2
fi
crate_dir=$1
body_file=$2

changed() {
    if [ -n "${GITHUB_OUTPUT:-}" ]; then
        echo "changed=$1" >>"$GITHUB_OUTPUT"
    fi
}

# Downloads, checks that the new spec generates, and only then replaces the spec file.
heron-codegen -C "$crate_dir" fetch
heron-codegen -C "$crate_dir" generate

if [ -z "$(git status --porcelain)" ]; then
    echo "the published spec is the committed one: nothing to do"
    changed false
    exit 0
fi

summary=$(heron-codegen -C "$crate_dir" diff --base HEAD)
# The summary's first line: `**3 API changes, 1 breaking** (...)`.
headline=$(printf '%s\n' "$summary" | head -n 1 | sed -e 's/^\*\*\([^*]*\)\*\*.*/\1/')
url=$(sed -n -E "s/^url *= *[\"']([^\"']*)[\"'].*/\1/p" "$crate_dir/heron-codegen.toml")

git add --all
git commit --quiet --message "Update $crate_dir from its published spec: $headline" \
    --message "Fetched from $url and regenerated with \`heron-codegen generate\`."
{
    echo "The spec published at $url changed; \`$crate_dir\` is regenerated from it."
    echo
    echo "$summary"
} >"$body_file"
echo "committed: $(git log -1 --format=%s)"
changed true
