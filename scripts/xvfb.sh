# Sourced by the scripts that drive WebKit's MiniBrowser, which needs a display:
# `start_xvfb <log file>` starts one Xvfb for the script (once) on a free display number that
# Xvfb chooses itself (-displayfd), so parallel runs never clash, and exports DISPLAY;
# `stop_xvfb` stops it (the caller traps it on EXIT). Returns 1 if Xvfb did not start.
xvfb_pid=""

# WebKitGTK 2.50.6's JavaScriptCore, compiling code on its background threads, sometimes makes
# the WebAssembly read wrong memory: the same stored chunk decoded twice gave two different
# results, an LZ4 copy ran past its buffer, a release build trapped with "Out of bounds
# memory access" (tests/web_storage.rs every_chunk_decodes_to_the_same_records_twice, in the
# debug build: 7 failures in 16 runs; with this set, none in 48; turning off BBQ, OMG, OSR,
# IPInt, DFG, FTL or the freeing of retired code one at a time did not help). JSC reads its
# options from JSC_* variables, and MiniBrowser's web process inherits them: compiling on the
# main thread instead is the engine's fault worked around, not a change to what is tested.
export JSC_useConcurrentJIT=false

start_xvfb() {
  [ -n "$xvfb_pid" ] && return 0
  local log="$1" file
  file="$(mktemp)"
  Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp 3> "$file" 2> "$log" &
  xvfb_pid=$!
  for _ in $(seq 100); do
    [ -s "$file" ] && break
    sleep 0.1
  done
  [ -s "$file" ] || { rm -f "$file"; return 1; }
  export DISPLAY=":$(head -n1 "$file")"
  rm -f "$file"
}

stop_xvfb() {
  if [ -n "$xvfb_pid" ]; then kill "$xvfb_pid" 2>/dev/null || true; fi
}
