# Sourced by the scripts that drive WebKit's MiniBrowser, which needs a display:
# `start_xvfb <log file>` starts one Xvfb for the script (once) on a free display number that
# Xvfb chooses itself (-displayfd), so parallel runs never clash, and exports DISPLAY;
# `stop_xvfb` stops it (the caller traps it on EXIT). Returns 1 if Xvfb did not start.
xvfb_pid=""

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
