#!/usr/bin/env bash
# Runs the model-based tests long: the store's (crates/core/src/storage/engine/model_tests.rs) and
# sync's (crates/core/src/sync/model_tests.rs: two or three devices editing, pulling and
# pushing through a model of CouchDB, requests and answers lost; every device must end with
# the same ledger and no acknowledged write lost) and sync's with two tabs of one device
# (crates/core/src/sync/tabs_model_tests.rs: steps begun in one tab and finished after the
# other tab's commits; no change pushed twice, none lost). The store's test:
# several simulated tabs over one localStorage, with writes delivered late, storage events,
# back/forward restores, reloads, failures at any write, crashes between writes and quotas
# from tight to none. Every change a tab reported as saved must be in the store at the end,
# and a new tab must be able to load the store after every step.
#
#   bash scripts/model.sh                 100,000 cases of each
#   CASES=20000 bash scripts/model.sh     fewer
#
# `cargo test --workspace` (and so scripts/test-all.sh) runs 1,000 cases. The figures (cases,
# steps, faults injected, writes delivered, time) are printed at the end. It runs optimised
# (--release): the same test, several times faster than a test build.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/setup.sh

cases="${CASES:-100000}"
echo "model-based test of the store: $cases cases"
RAPPORT_MODEL_RANDOM=1 PROPTEST_CASES="$cases" cargo test -p rapport-core --release --lib tabs_faults_and_crashes -- --nocapture
echo "model-based test of sync: $cases cases"
RAPPORT_MODEL_RANDOM=1 PROPTEST_CASES="$cases" cargo test -p rapport-core --release --lib devices_that_sync_converge -- --nocapture
echo "model-based test of two tabs syncing: $cases cases"
RAPPORT_MODEL_RANDOM=1 PROPTEST_CASES="$cases" cargo test -p rapport-core --release --lib two_tabs_syncing -- --nocapture
