#!/usr/bin/env bash
# Measures a first visit on a phone, as issue 23 targets it, and prints the figures (nothing
# here asserts): Lighthouse 12.2.3's mobile defaults (simulated slow 4G, 4× CPU slowdown)
# on the release app with an empty ledger, served gzip-only as a static host such as GitHub
# Pages serves it (http-server -g, every text file beside its .gz). RUNS runs (5 by
# default); prints each run and the median of performance, LCP, TBT, time to interactive
# and bytes transferred, with accessibility and best practices.
#
#   bash scripts/lighthouse.sh          RUNS=5 PORT=8475 by default
#
# Installs what is missing first: the app's tools (scripts/setup.sh), then Lighthouse and
# http-server, pinned, into target/tools/lighthouse (Lighthouse 13 wants Node 22).
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/setup.sh

runs="${RUNS:-5}"
port="${PORT:-8475}"
tools=target/tools/lighthouse
out=target/lighthouse
site="$out/site"

if [ ! -x "$tools/node_modules/.bin/lighthouse" ] || [ ! -x "$tools/node_modules/.bin/http-server" ]; then
  echo "==== installing lighthouse 12.2.3 and http-server 14 into $tools"
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-save --no-audit --no-fund --loglevel=error \
    lighthouse@12.2.3 http-server@14.1.0
fi

echo "==== building the release app (trunk build --release)"
trunk build --release

echo "==== the site, gzip-only"
rm -rf "$site" "$out"/run-*.json
mkdir -p "$site"
cp -r dist/. "$site/"
find "$site" -type f \( -name '*.html' -o -name '*.js' -o -name '*.css' -o -name '*.wasm' \
  -o -name '*.json' -o -name '*.webmanifest' -o -name '*.svg' \) -exec gzip -9 -k {} \;

"$tools/node_modules/.bin/http-server" "$site" -g -p "$port" -a 127.0.0.1 -s &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$port/" > /dev/null && break
  sleep 0.1
done

export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
echo "==== lighthouse, mobile defaults, $runs runs"
for run in $(seq "$runs"); do
  "$tools/node_modules/.bin/lighthouse" "http://127.0.0.1:$port/" --quiet \
    --only-categories=performance,accessibility,best-practices \
    --chrome-flags="--headless=new --no-sandbox" \
    --output=json --output-path="$out/run-$run.json"
  jq -r --arg run "$run" '"run \($run): performance \(.categories.performance.score * 100 | round), LCP \(.audits["largest-contentful-paint"].numericValue | round) ms, TBT \(.audits["total-blocking-time"].numericValue | round) ms, TTI \(.audits.interactive.numericValue | round) ms, transferred \(.audits["total-byte-weight"].numericValue / 1024 | round) KiB, accessibility \(.categories.accessibility.score * 100 | round), best practices \(.categories["best-practices"].score * 100 | round)"' "$out/run-$run.json"
done

echo "==== medians of $runs runs"
jq -s -r '
  def median: sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
  "performance \(map(.categories.performance.score * 100) | median | round), LCP \(map(.audits["largest-contentful-paint"].numericValue) | median | round) ms, TBT \(map(.audits["total-blocking-time"].numericValue) | median | round) ms, TTI \(map(.audits.interactive.numericValue) | median | round) ms, transferred \(map(.audits["total-byte-weight"].numericValue) | median / 1024 | round) KiB, accessibility \(map(.categories.accessibility.score * 100) | median | round), best practices \(map(.categories["best-practices"].score * 100) | median | round)"
' "$out"/run-*.json
echo "(reports: $out/run-*.json)"
