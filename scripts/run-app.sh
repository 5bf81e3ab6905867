#!/usr/bin/env bash
# Runs Rapport locally: installs what is missing (scripts/setup.sh), builds the release
# WebAssembly with Trunk and serves it on http://127.0.0.1:8080/ , rebuilding on changes.
# Stop it with Ctrl-C. Set PORT to use another port.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/setup.sh

port="${PORT:-8080}"
echo
echo "Rapport: building, then serving at  http://127.0.0.1:${port}/"
echo "(the first build compiles every crate and takes a few minutes; Ctrl-C stops the server)"
echo
exec trunk serve --release --address 127.0.0.1 --port "$port"
