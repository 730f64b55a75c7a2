#!/usr/bin/env bash
# Runs both fuzz targets for MINUTES in all (default 30), half each, and prints the
# executions libFuzzer reports. Crashes land in fuzz/artifacts/<target>/.
#   bash fuzz/run.sh 30
# cargo-fuzz needs nightly compiler flags; RUSTC_BOOTSTRAP lets the stable toolchain
# accept them.
set -euo pipefail
cd "$(dirname "$0")"
minutes="${1:-30}"
seconds=$(( minutes * 60 / 2 ))
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1
mkdir -p corpus/load_and_generate corpus/structured_spec
# Seed the byte-level target with real specs, so it starts from valid documents (the
# fixtures include OpenAPI 3.1 ones, under generator/tests/fixtures/v31/).
for seed in ../spec/heron.yaml ../generator/tests/fixtures/*.yaml ../generator/tests/fixtures/*/*.yaml ../generator/tests/fixtures/*/*.json; do
    cp "$seed" "corpus/load_and_generate/seed-$(basename "$(dirname "$seed")")-$(basename "$seed")"
done
for target in load_and_generate structured_spec; do
    cargo fuzz run "$target" "corpus/$target" -- -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 2>&1 \
        | tee "$target.log" | grep -E "^(Done|#[0-9]+ +DONE|==[0-9]+==|SUMMARY)" || true
    grep -E "Done [0-9]+ runs" "$target.log" || tail -5 "$target.log"
done
