#!/usr/bin/env bash
# Runs every test layer of Rapport, in order, stopping at the first layer that fails:
#   1. lint      cargo fmt --all --check and cargo clippy --workspace --all-targets (reported;
#                only clippy errors fail, unless RAPPORT_STRICT_LINT=1 makes warnings and
#                formatting fatal)
#   2. native    cargo test --workspace: the engine crate (crates/core: domain, formats,
#                schema, storage engine with a failing storage double, property tests) and
#                the app crate's native tests (pure Rust, no browser)
#   3. browser   cargo test --target wasm32-unknown-unknown: wasm-bindgen-test against real
#                localStorage and a real CouchDB-compatible server (pouchdb-server on
#                loopback, scripts/couch.sh; tests/*.rs guarded by
#                #![cfg(target_arch = "wasm32")]), built once and run in headless Chromium,
#                then Firefox ESR (GECKODRIVER), and built for release and run in WebKitGTK
#                (SAFARIDRIVER=WebKitWebDriver, which starts MiniBrowser on Xvfb)
#   4. e2e       trunk build --release, then Playwright (tests/e2e) against dist/ served on
#                127.0.0.1, in headless Chromium, acting as a person (the sync specs against
#                the same pouchdb-server, still up)
#   5. engines   the cross-engine suite (tests/engines, scripts/test-engines.sh) against the
#                same dist/, in Firefox ESR and WebKitGTK through WebDriver
# Installs what is missing first (scripts/setup.sh). Logs go to target/test-logs/.
# Ends with one line "total: N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/setup.sh

logs=target/test-logs
mkdir -p "$logs"
# A clean run builds three targets (native, wasm tests, release wasm). On CI's one-off clone,
# incremental caches only cost disk: they were a third of the target directory.
if [ -n "${CI:-}" ]; then export CARGO_INCREMENTAL=0; fi
free_kb="$(df -Pk . 2>/dev/null | awk 'NR == 2 { print $4 }')" || free_kb=""
if [ -n "$free_kb" ] && [ "$free_kb" -lt $((5 * 1024 * 1024)) ]; then
  echo "warning: only $((free_kb / 1024)) MB free here; a clean run writes about 3 GB" >&2
fi
# wasm-bindgen-test-runner's limit is for a whole test binary (default 20 s); the capacity
# tests fill localStorage to the quota. 180 s leaves them a wide margin (they took a few
# seconds here) while a test binary that hangs or aborts on a panic fails in 3 minutes.
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-180}"

declare -a lines=()
total_passed=0 total_failed=0 total_skipped=0
run_started=$SECONDS

banner() { printf '\n==== %s ====\n' "$*"; }

fail() {
  local layer="$1" log="$2"
  printf '\n!!!! FAILED: %s\n!!!! full output: %s\n' "$layer" "$log" >&2
  if [ "${#lines[@]}" -gt 0 ]; then printf '%s\n' "layers that passed before it:" "${lines[@]}" >&2; fi
  exit 1
}

# Sums the libtest result lines ("test result: ok. 12 passed; 0 failed; 1 ignored; 0
# filtered out; ...") of a log into "passed failed skipped": ignored and filtered-out tests
# (a --skip) are skipped.
cargo_counts() {
  awk '/test result: / {
         for (i = 1; i <= NF; i++) {
           if ($(i+1) ~ /^passed/) p += $i
           if ($(i+1) ~ /^failed/) f += $i
           if ($(i+1) ~ /^ignored/) s += $i
           if ($(i+1) ~ /^filtered/) s += $i
         }
       }
       END { printf "%d %d %d\n", p, f, s }' "$1"
}

# WebKit's MiniBrowser needs a display: one Xvfb for the run, on a free display that Xvfb
# picks itself (-displayfd), stopped on exit. The sync tests need a CouchDB: one
# pouchdb-server for the run, on a free port, stopped on exit too.
source scripts/xvfb.sh
source scripts/couch.sh
stop_services() {
  stop_couch
  stop_xvfb
}
trap stop_services EXIT

record() { # layer passed failed skipped seconds [extra]
  lines+=("$(printf '  %-8s %4d passed, %d failed, %d skipped  (%ds)%s' "$1" "$2" "$3" "$4" "$5" "${6:+  $6}")")
  total_passed=$((total_passed + $2))
  total_failed=$((total_failed + $3))
  total_skipped=$((total_skipped + $4))
}

# ---- 1. lint -------------------------------------------------------------------------------
banner "1/5 lint: cargo fmt --all --check, cargo clippy --workspace --all-targets"
started=$SECONDS
log="$logs/lint.log"
: > "$log"
strict="${RAPPORT_STRICT_LINT:-0}"
fmt_note="fmt ok"
if cargo fmt --version >/dev/null 2>&1; then
  if ! cargo fmt --all --check >> "$log" 2>&1; then
    files="$(grep -c '^Diff in' "$log" || true)"
    fmt_note="fmt: ${files} hunks need 'cargo fmt'"
    echo "warning: $fmt_note (see $log)"
    [ "$strict" = 1 ] && fail "lint: cargo fmt --all --check (RAPPORT_STRICT_LINT=1)" "$log"
  fi
else
  fmt_note="fmt skipped (rustfmt not installed)"
fi
clippy_args=()
[ "$strict" = 1 ] && clippy_args=(-- -D warnings)
if ! cargo clippy --workspace --all-targets --color never "${clippy_args[@]}" 2>&1 | tee -a "$log"; then
  fail "lint: cargo clippy --workspace --all-targets (errors)" "$log"
fi
warnings="$(grep -cE '^warning: ' "$log" | tr -d ' ' || true)"
# cargo's own "generated N warnings" summary lines are not warnings themselves.
summaries="$(grep -cE '^warning: .* generated [0-9]+ warnings?' "$log" || true)"
warnings=$(( ${warnings:-0} - ${summaries:-0} ))
lint_note="$fmt_note; clippy: $warnings warnings"
echo "lint: $lint_note"
lines+=("$(printf '  %-8s %s  (%ds)' lint "$lint_note" $((SECONDS - started)))")

# ---- 2. native tests -----------------------------------------------------------------------
banner "2/5 native tests: cargo test --workspace"
started=$SECONDS
log="$logs/native.log"
if ! cargo test --workspace --color never 2>&1 | tee "$log"; then
  fail "native tests (cargo test --workspace)" "$log"
fi
read -r passed failed skipped < <(cargo_counts "$log")
record native "$passed" "$failed" "$skipped" $((SECONDS - started))

# ---- 3. browser tests ----------------------------------------------------------------------
banner "3/5 browser tests: cargo test --target wasm32-unknown-unknown (headless Chromium)"
started=$SECONDS
# The server's address and users are compiled into tests/web_couch.rs (option_env!), so it
# starts before the first browser build and serves every engine (about 2 s).
start_couch "$logs/couch.log" || fail "pouchdb-server did not start (scripts/couch.sh)" "$logs/couch.log"
echo "pouchdb-server on $RAPPORT_COUCH_URL"
log="$logs/browser.log"
if ! cargo test --target wasm32-unknown-unknown --color never 2>&1 | tee "$log"; then
  fail "browser tests (cargo test --target wasm32-unknown-unknown)" "$log"
fi
read -r passed failed skipped < <(cargo_counts "$log")
record browser "$passed" "$failed" "$skipped" $((SECONDS - started)) "Chromium"

# The same test binaries (already built) in Firefox, then WebKit. wasm-bindgen-test-runner
# takes the first of GECKODRIVER, SAFARIDRIVER, CHROMEDRIVER that is set; WebKitWebDriver
# speaks safaridriver's protocol and starts MiniBrowser by itself. Every test runs in all
# three, the capacity ledger's too (since schema version 7 it fits WebKit's smaller room).
banner "3/5 browser tests in Firefox ESR (GECKODRIVER)"
started=$SECONDS
log="$logs/browser-firefox.log"
if ! GECKODRIVER="$(command -v geckodriver)" cargo test --target wasm32-unknown-unknown --color never 2>&1 | tee "$log"; then
  fail "browser tests in Firefox (GECKODRIVER=geckodriver cargo test --target wasm32-unknown-unknown)" "$log"
fi
read -r passed failed skipped < <(cargo_counts "$log")
record firefox "$passed" "$failed" "$skipped" $((SECONDS - started)) "browser tests"

# WebKit runs the release build, which is what ships. JavaScriptCore compiles on the main
# thread here (JSC_useConcurrentJIT=false, from scripts/xvfb.sh): WebKitGTK 2.50.6 compiling
# on its background threads made WebAssembly read wrong memory, once in a CI run of this
# release build too (web_golden: "Out of bounds memory access").
banner "3/5 browser tests in WebKitGTK, release build (SAFARIDRIVER=WebKitWebDriver, on Xvfb)"
started=$SECONDS
log="$logs/browser-webkit.log"
start_xvfb "$logs/xvfb.log" || fail "Xvfb did not start" "$logs/xvfb.log"
if ! SAFARIDRIVER=/usr/bin/WebKitWebDriver cargo test --release --target wasm32-unknown-unknown --color never 2>&1 | tee "$log"; then
  fail "browser tests in WebKit (SAFARIDRIVER=WebKitWebDriver cargo test --release --target wasm32-unknown-unknown)" "$log"
fi
read -r passed failed skipped < <(cargo_counts "$log")
record webkit "$passed" "$failed" "$skipped" $((SECONDS - started)) "browser tests"

# ---- 4. end-to-end -------------------------------------------------------------------------
banner "4/5 end to end: trunk build --release, then Playwright"
started=$SECONDS
log="$logs/trunk-build.log"
if ! trunk build --release 2>&1 | tee "$log"; then
  fail "release build (trunk build --release)" "$log"
fi
wasm="$(ls -S dist/*.wasm 2>/dev/null | head -n1 || true)"
[ -n "$wasm" ] || fail "release build: no .wasm in dist/" "$log"
size_note="wasm $(wc -c < "$wasm") B, gzip $(gzip -9 -c "$wasm" | wc -c) B"
echo "release build: $size_note ($wasm)"

# The sync specs (tests/e2e/sync.spec.ts) reach the same pouchdb-server as the browser
# tests, through the variables start_couch exported (RAPPORT_COUCH_URL, _USER, _PASSWORD,
# _CLOSED_URL), which Playwright passes on to them: still up from layer 3, else started now.
start_couch "$logs/couch.log" || fail "pouchdb-server did not start (scripts/couch.sh)" "$logs/couch.log"
curl -fsS -o /dev/null "$RAPPORT_COUCH_URL/" || fail "pouchdb-server on $RAPPORT_COUCH_URL does not answer" "$logs/couch.log"
echo "sync specs against pouchdb-server on $RAPPORT_COUCH_URL"
log="$logs/e2e.log"
report=test-results/e2e-report.json
rm -f "$report"
if ! playwright test 2>&1 | tee "$log"; then
  fail "end-to-end tests (playwright test; traces and screenshots in test-results/e2e)" "$log"
fi
[ -f "$report" ] || fail "end-to-end tests: no report at $report" "$log"
read -r passed failed skipped < <(node -e '
  const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).stats;
  console.log(`${s.expected + s.flaky} ${s.unexpected} ${s.skipped}`);
' "$report")
record e2e "$passed" "$failed" "$skipped" $((SECONDS - started)) "$size_note"

# ---- 5. cross-engine end-to-end --------------------------------------------------------------
banner "5/5 cross-engine end to end: Firefox ESR and WebKitGTK through WebDriver"
started=$SECONDS
log="$logs/engines.log"
tap="$logs/engines.tap"
rm -f "$tap"
if ! bash scripts/test-engines.sh 2>&1 | tee "$log"; then
  fail "cross-engine end-to-end tests (scripts/test-engines.sh)" "$log"
fi
[ -f "$tap" ] || fail "cross-engine end-to-end tests: no TAP report at $tap" "$log"
read -r passed failed skipped < <(awk '
  /^# pass / { p = $3 } /^# fail / { f = $3 } /^# cancelled / { f += $3 }
  /^# skipped / { s += $3 } /^# todo / { s += $3 }
  END { printf "%d %d %d\n", p, f, s }' "$tap")
record engines "$passed" "$failed" "$skipped" $((SECONDS - started)) "Firefox, WebKit"

# ---- summary -------------------------------------------------------------------------------
banner "summary ($((SECONDS - run_started)) s)"
printf '%s\n' "${lines[@]}"
echo "total: $total_passed passed, $total_failed failed, $total_skipped skipped"
[ "$total_failed" -eq 0 ]
