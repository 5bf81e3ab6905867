#!/usr/bin/env bash
# Measures sync's first sync of the capacity ledger (5,000 contacts, 100,000 interactions),
# and prints the figures (nothing asserts on time):
#   1. natively, through the core's steps against a server kept in memory
#      (benches/sync.rs: the time to offer and to take every document, the slowest page,
#      the bytes as JSON and as sealed);
#   2. in headless Chromium against pouchdb-server on loopback (tests/bench_first_sync.rs,
#      an ignored test run here): the sync key made, the laptop offering every document
#      sealed with it, then an empty phone taking them all into localStorage page by page
#      through the storage engine, with the bytes sealed and the room the copy takes.
#
#   bash scripts/bench-sync.sh
#
# Installs what is missing first (scripts/setup.sh); starts and stops the server itself.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/setup.sh
source scripts/couch.sh

echo "==== natively (cargo bench --bench sync)"
cargo bench --bench sync

echo "==== in Chromium, against pouchdb-server"
# The whole first sync runs as one test: minutes, where the test runner allows 20 s.
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-1800}"
log="$(mktemp)"
start_couch "$log"
trap 'stop_couch' EXIT
cargo test --release --target wasm32-unknown-unknown --test bench_first_sync -- \
  --include-ignored --nocapture
