#!/usr/bin/env bash
# Benchmarks Rapport at scale and prints the figures (nothing here asserts on time):
#   1. builds the release app (trunk build --release, into dist/);
#   2. writes the seeded heavy ledger (5,000 contacts, 50,000 interactions) as a JSON export
#      (cargo run --example export_sample -- heavy);
#   3. drives the built app in headless Chromium (tests/bench/bench.mjs): transferred size,
#      cold start against the browser's own JSON.parse of the export, one edit saved on the
#      heavy ledger against an empty one, search keystrokes, JS heap;
#   4. measures what reading files costs the page's own thread (tests/bench/import.mjs): the
#      heavy export imported, a 100,000-row CSV read to its mapping; longest task, blocking;
#   5. runs the native criterion benches (benches/engine.rs): codec per MB, a whole save and
#      load, the playbook, Today, the statistics and search over the heavy ledger.
# Installs what is missing first (scripts/setup.sh). Figures also land in
# target/bench/results.json; BENCHMARKS.md records them with date and machine.
#
#   bash scripts/bench.sh            RUNS=5 by default
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/setup.sh

runs="${RUNS:-5}"
bench=target/bench
site="$bench/site"

echo "==== building the release app (trunk build --release)"
trunk build --release

echo "==== writing the seeded heavy ledger"
rm -rf "$site"
mkdir -p "$site"
cp -r dist/. "$site/"
# The dev profile (dependencies optimised) writes it in seconds without a native LTO build.
cargo run --quiet --example export_sample -- heavy > "$site/heavy.json"
echo "heavy.json: $(wc -c < "$site/heavy.json") bytes"

echo "==== browser benchmarks ($runs runs)"
node tests/bench/bench.mjs --site "$site" --ledger heavy.json --runs "$runs"

echo "==== reading files: what the page's own thread spends ($runs runs)"
node tests/bench/import.mjs --site "$site" --ledger heavy.json --runs "$runs"

echo "==== native benches: codec per MB, engine, playbook, Today, insights, search (criterion)"
cargo bench --bench engine -- --warm-up-time 1 --measurement-time 3
