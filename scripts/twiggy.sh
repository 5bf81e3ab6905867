#!/usr/bin/env bash
# Shows where the bytes of the app's WebAssembly are (issue 23), and prints the sizes a
# visitor downloads. Nothing here asserts.
#
#   bash scripts/twiggy.sh            build, then twiggy top, dominators and monos
#   TOP=40 bash scripts/twiggy.sh     more rows (20 by default)
#   NO_BUILD=1 bash scripts/twiggy.sh analyse the module the last release build left
#
# twiggy reads the module before wasm-opt: the release build's cargo output put through
# wasm-bindgen exactly as Trunk does, whose name section still names every function
# (wasm-opt -Oz drops it). The sizes printed last are of dist/'s module, after wasm-opt:
# raw, gzip -9 (what a gzip-only host such as GitHub Pages sends) and brotli at quality 11
# (Node's zlib: Debian has no brotli command).
#
# Installs twiggy 0.8, pinned by its lock file, into target/tools/twiggy when missing (as
# scripts/lighthouse.sh installs Lighthouse into target/tools: a benchmark's tool, not the
# app's).
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/setup.sh

top="${TOP:-20}"
tools=target/tools/twiggy
out=target/twiggy
target_dir="${CARGO_TARGET_DIR:-target}"

if [ ! -x "$tools/bin/twiggy" ]; then
  echo "==== installing twiggy 0.8 into $tools"
  cargo install twiggy --version '~0.8' --locked --root "$tools"
fi

if [ -z "${NO_BUILD:-}" ]; then
  echo "==== building the release app (trunk build --release)"
  trunk build --release
fi

echo "==== the module before wasm-opt (wasm-bindgen --target web, as Trunk runs it)"
rm -rf "$out"
mkdir -p "$out"
wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name rapport \
  "$target_dir/wasm32-unknown-unknown/release/rapport.wasm"
module="$out/rapport_bg.wasm"

for analysis in top dominators monos; do
  echo "==== twiggy $analysis"
  case "$analysis" in
    top) "$tools/bin/twiggy" top -n "$top" "$module" ;;
    dominators) "$tools/bin/twiggy" dominators -d 2 -r "$top" "$module" ;;
    monos) "$tools/bin/twiggy" monos -m "$top" -n 3 "$module" ;;
  esac
done

echo "==== sizes: the module before wasm-opt, and dist/'s (after wasm-opt)"
for file in "$module" dist/*.wasm; do
  node -e '
    const zlib = require("node:zlib");
    const data = require("node:fs").readFileSync(process.argv[1]);
    const brotli = zlib.brotliCompressSync(data, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length },
    }).length;
    console.log(`${process.argv[1]}: raw ${data.length} B, gzip -9 ${process.argv[2]} B, brotli 11 ${brotli} B`);
  ' "$file" "$(gzip -9c "$file" | wc -c)"
done
