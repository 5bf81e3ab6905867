#!/bin/bash
# Writes the golden store of one commit: `scripts/golden/make-golden-store.sh <commit> <version>`
# leaves crates/core/tests/golden/v<version>-<short commit>.{store,export}.json.
#
# It checks the commit out in a worktree of its own beside this one, drops
# write_golden_store.rs into its storage module as a test, runs that test with the commit's
# own generator and engine, and removes the worktree. docs/SCHEMA.md says when to run it.
set -euo pipefail
commit=$(git rev-parse "$1")
version=$2
here=$(git rev-parse --show-toplevel)
short=$(git rev-parse --short=7 "$commit")
out="$here/crates/core/tests/golden/v$version-$short"
worktree="$(dirname "$here")/golden-$short"

git worktree add --detach "$worktree" "$commit"
trap 'git worktree remove --force "$worktree"' EXIT
cd "$worktree"
if [ -d crates/core ]; then
  storage=crates/core/src/storage; package=(-p rapport-core)
else
  storage=src/storage; package=()  # before 1 December 2026, one crate
fi
cp "$here/scripts/golden/write_golden_store.rs" "$storage/golden_dump.rs"
printf '\n#[cfg(test)]\nmod golden_dump;\n' >> "$storage/mod.rs"
# A target directory of its own, so old dependencies do not replace the current build's.
CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$(dirname "$here")/target-old}" GOLDEN_OUT="$out" \
  cargo test "${package[@]}" --lib write_golden_store
echo "Wrote $out.store.json and $out.export.json; list them in crates/core/tests/golden/check.rs."
