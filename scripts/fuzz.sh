#!/usr/bin/env bash
# Fuzzes every import format: vCard, CSV and the Rapport JSON export. Each of the nine fuzz
# tests (crates/core/src/formats/fuzz_tests.rs) feeds its parser arbitrary bytes, text built from the
# format's own tokens, or a valid file mutated at random, and every input must end in Ok
# or a plain error (no panic, nothing half-imported).
#
#   bash scripts/fuzz.sh               1,000,000 cases per test
#   CASES=20000 bash scripts/fuzz.sh   fewer
#
# `cargo test --workspace` (and so scripts/test-all.sh) runs a short pass of 1,000 cases per
# test. The dev profile is used on purpose: dependencies are optimised there (Cargo.toml) and it
# avoids a native LTO build of the whole engine. Expect roughly two minutes per million
# cases per test on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/setup.sh

cases="${CASES:-1000000}"
echo "fuzzing every import format: $cases cases per test"
started=$SECONDS
RAPPORT_FUZZ_CASES="$cases" cargo test -p rapport-core --lib fuzz_ -- --nocapture --test-threads 1
echo "fuzzing done: 9 tests x $cases cases in $((SECONDS - started)) s"
