#!/usr/bin/env bash
# Runs each fuzz target for MINUTES (default 1) and prints the executions libFuzzer
# reports. Exits non-zero when a target does not build or a run finds a crash, a timeout
# or an out-of-memory input (saved under fuzz/artifacts/<target>/).
#   bash fuzz/run.sh 1                  # after a change to loading or lowering: a minute per target
#   bash fuzz/run.sh 30                 # a long run
#   bash fuzz/run.sh 3 overlay_text     # some targets only
#   FRESH=1 bash fuzz/run.sh 30         # from the seeds alone, not what earlier runs kept
# Each target's corpus (fuzz/corpus/<target>/, not committed) starts from its seeds:
# fuzz/seeds/<target>/ (small inputs written for it) and, for the spec-text target, the
# project's own specs and fixtures. The structured targets build their inputs from the
# fuzzer's bytes (fuzz/src/) and need none.
# cargo-fuzz needs nightly compiler flags; RUSTC_BOOTSTRAP lets the stable toolchain
# accept them.
set -euo pipefail
cd "$(dirname "$0")"
minutes="${1:-1}"
seconds=$(( minutes * 60 ))
all_targets=(load_and_generate structured_spec structured_tree structured_overlay structured_names overlay_text names_text)
if [ "$#" -gt 1 ]; then
    targets=("${@:2}")
else
    targets=("${all_targets[@]}")
fi
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1

# Build first: a target that does not compile is a failure, not an empty run.
for target in "${targets[@]}"; do
    cargo fuzz build "$target"
done

for target in "${targets[@]}"; do
    if [ "${FRESH:-0}" = 1 ]; then
        rm -rf "corpus/$target"
    fi
    mkdir -p "corpus/$target"
    if [ -d "seeds/$target" ]; then
        for seed in "seeds/$target"/*; do
            cp "$seed" "corpus/$target/seed-$(basename "$seed")"
        done
    fi
done
# Seed the spec-text target with real specs, so it starts from valid documents (the
# fixtures include OpenAPI 3.1 ones, under generator/tests/fixtures/v31/).
if [ -d corpus/load_and_generate ]; then
    for seed in ../spec/heron.yaml ../generator/tests/fixtures/*.yaml ../generator/tests/fixtures/*/*.yaml ../generator/tests/fixtures/*/*.json; do
        cp "$seed" "corpus/load_and_generate/seed-$(basename "$(dirname "$seed")")-$(basename "$seed")"
    done
fi

failed=0
summary=()
for target in "${targets[@]}"; do
    mkdir -p "artifacts/$target"
    before=$(find "artifacts/$target" -type f | wc -l)
    # The structured targets build their inputs out of the fuzzer's bytes, so more bytes
    # make richer inputs: they start at full length instead of growing it slowly (in a
    # minute on structured_overlay, 47,827 features against 19,568).
    length=()
    case "$target" in structured_*) length=(-len_control=0) ;; esac
    status=0
    cargo fuzz run "$target" "corpus/$target" -- -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
        "${length[@]}" >"$target.log" 2>&1 || status=$?
    grep -E "^(#[0-9]+ +DONE|==[0-9]+==|SUMMARY)" "$target.log" || true
    grep -E "Done [0-9]+ runs" "$target.log" || tail -5 "$target.log"
    after=$(find "artifacts/$target" -type f | wc -l)
    runs=$(grep -oE "Done [0-9]+ runs" "$target.log" | grep -oE "[0-9]+" || echo "?")
    summary+=("$(printf '%-20s %12s executions %4d new artifacts (exit %d)' "$target" "$runs" $(( after - before )) "$status")")
    if [ "$status" -ne 0 ] || [ "$after" -ne "$before" ]; then
        echo "FAILED: $target (exit $status, $(( after - before )) new artifacts in fuzz/artifacts/$target/; log: fuzz/$target.log)" >&2
        failed=1
    fi
done
printf '\n%s minute(s) per target:\n' "$minutes"
printf '%s\n' "${summary[@]}"
exit "$failed"
