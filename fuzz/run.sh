#!/usr/bin/env bash
# Runs each fuzz target for MINUTES (default 1) and prints the executions libFuzzer
# reports. Exits non-zero when a target does not build or a run finds a crash, a timeout
# or an out-of-memory input (saved under fuzz/artifacts/<target>/).
#   bash fuzz/run.sh 1     # after a change to loading or lowering: a minute per target
#   bash fuzz/run.sh 30    # a long run
# cargo-fuzz needs nightly compiler flags; RUSTC_BOOTSTRAP lets the stable toolchain
# accept them.
set -euo pipefail
cd "$(dirname "$0")"
minutes="${1:-1}"
seconds=$(( minutes * 60 ))
targets=(load_and_generate structured_spec)
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1

# Build first: a target that does not compile is a failure, not an empty run.
for target in "${targets[@]}"; do
    cargo fuzz build "$target"
done

mkdir -p corpus/load_and_generate corpus/structured_spec
# Seed the byte-level target with real specs, so it starts from valid documents (the
# fixtures include OpenAPI 3.1 ones, under generator/tests/fixtures/v31/).
for seed in ../spec/heron.yaml ../generator/tests/fixtures/*.yaml ../generator/tests/fixtures/*/*.yaml ../generator/tests/fixtures/*/*.json; do
    cp "$seed" "corpus/load_and_generate/seed-$(basename "$(dirname "$seed")")-$(basename "$seed")"
done

failed=0
for target in "${targets[@]}"; do
    mkdir -p "artifacts/$target"
    before=$(find "artifacts/$target" -type f | wc -l)
    status=0
    cargo fuzz run "$target" "corpus/$target" -- -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
        >"$target.log" 2>&1 || status=$?
    grep -E "^(#[0-9]+ +DONE|==[0-9]+==|SUMMARY)" "$target.log" || true
    grep -E "Done [0-9]+ runs" "$target.log" || tail -5 "$target.log"
    after=$(find "artifacts/$target" -type f | wc -l)
    if [ "$status" -ne 0 ] || [ "$after" -ne "$before" ]; then
        echo "FAILED: $target (exit $status, $(( after - before )) new artifacts in fuzz/artifacts/$target/; log: fuzz/$target.log)" >&2
        failed=1
    fi
done
exit "$failed"
