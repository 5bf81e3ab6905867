#!/usr/bin/env bash
# Benchmarks Rapport in every engine it supports and prints the figures (nothing here
# asserts on time): Chromium, Firefox ESR and WebKitGTK (the engine of Safari).
#   1. builds the release app (trunk build --release, into dist/);
#   2. writes the seeded heavy ledger (5,000 contacts, 50,000 interactions) as a JSON export
#      (cargo run --example export_sample -- heavy);
#   3. in each engine, runs the browser test the_capacity_target_persists_and_reloads
#      (tests/web_storage.rs, through wasm-bindgen-test-runner and the engine's WebDriver):
#      the capacity ledger (5,000 contacts, 100,000 interactions) in units, and its share of
#      the room this engine's localStorage gives;
#   4. in each engine, drives the release app through WebDriver (tests/bench/engines.mjs):
#      imports the heavy ledger, reloads RUNS times (the read of the ledger: `rapport:load`)
#      and logs interactions (one edit saved: `rapport:save`), and prints the table.
# Installs what is missing first (scripts/setup.sh). WebKit's MiniBrowser needs a display:
# Xvfb is started on a free one unless DISPLAY is set. Figures also land in
# target/bench-engines/results.json; BENCHMARKS.md records them with date and machine.
#
#   bash scripts/bench-engines.sh                       RUNS=7 reloads by default, three engines
#   RUNS=3 ENGINES=firefox,webkit bash scripts/bench-engines.sh
#   BUILD=0 bash scripts/bench-engines.sh               use the dist/ already built
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/setup.sh

runs="${RUNS:-7}"
engines="${ENGINES:-chromium,firefox,webkit}"
out=target/bench-engines
site="$out/site"
logs=target/test-logs
# The capacity test writes and reads 2.4 M units; in a debug build in WebKit that takes a while.
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-300}"

if [ "${BUILD:-1}" != 0 ]; then
  echo "==== building the release app (trunk build --release)"
  trunk build --release
fi
[ -f dist/index.html ] || { echo "no dist/: run 'trunk build --release' first" >&2; exit 1; }

echo "==== writing the seeded heavy ledger"
rm -rf "$out"
mkdir -p "$site" "$logs"
cp -R dist/. "$site/"
cargo run --quiet --example export_sample -- heavy > "$site/heavy.json"
echo "heavy.json: $(wc -c < "$site/heavy.json") bytes"

source scripts/xvfb.sh
trap stop_xvfb EXIT
if [[ ",$engines," == *",webkit,"* ]] && [ -z "${DISPLAY:-}" ]; then
  start_xvfb "$logs/xvfb-bench.log" || { echo "Xvfb did not start (see $logs/xvfb-bench.log)" >&2; exit 1; }
  echo "Xvfb on display $DISPLAY"
fi

# wasm-bindgen-test-runner takes the first of GECKODRIVER, SAFARIDRIVER, CHROMEDRIVER that
# is set, so each run sets only its own (setup.sh exports CHROMEDRIVER: unset for the others).
capacity() {
  local engine="$1" log="$out/capacity-$1.log"
  echo "==== the capacity ledger in $engine (cargo test --target wasm32-unknown-unknown --test web_storage -- the_capacity_target --nocapture)"
  local -a env=(env -u CHROMEDRIVER -u GECKODRIVER -u SAFARIDRIVER)
  case "$engine" in
    chromium) env+=(CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}") ;;
    firefox) env+=(GECKODRIVER="$(command -v geckodriver)") ;;
    webkit) env+=(SAFARIDRIVER=/usr/bin/WebKitWebDriver) ;;
  esac
  if ! "${env[@]}" cargo test --target wasm32-unknown-unknown --color never --test web_storage \
       -- the_capacity_target --nocapture > "$log" 2>&1; then
    echo "the capacity test failed in $engine (see $log); its figures are left out" >&2
  fi
  grep '^capacity:' "$log" || true
}
IFS=',' read -r -a chosen <<< "$engines"
for engine in "${chosen[@]}"; do
  capacity "$engine"
done

echo "==== every engine ($runs reloads each)"
node tests/bench/engines.mjs --site "$site" --runs "$runs" --engines "$engines" --capacity "$out"
