# Sourced by the scripts whose tests talk to a CouchDB: `start_couch <log file>` starts
# npm's pouchdb-server 4.2.0 (a CouchDB-compatible server; Debian has no CouchDB package) on
# 127.0.0.1, in memory, on a free port, and exports what the tests need:
#
#   RAPPORT_COUCH_URL              http://127.0.0.1:PORT, the server
#   RAPPORT_COUCH_USER / _PASSWORD its server admin: may create databases
#   RAPPORT_COUCH_STRANGER_USER / _PASSWORD
#                                  a plain user who is not a member of the private database
#   RAPPORT_COUCH_PRIVATE_DB       a database only its admin may read
#   RAPPORT_COUCH_NO_CORS_URL      a tiny Node server that answers CouchDB-like JSON without
#                                  any CORS header: what a CouchDB without CORS looks like
#                                  to a page
#   RAPPORT_COUCH_CLOSED_URL       a loopback port nothing listens on
#
# `stop_couch` stops both servers (the caller traps it on EXIT). Returns 1, with the reason on
# stderr and in the log, if the server did not start or did not refuse a wrong password.
#
# The browser tests read these variables when they are compiled (option_env!), so a test
# binary built inside `start_couch` talks to this server. By hand:
#   source scripts/couch.sh; start_couch /tmp/couch.log
#   cargo test --target wasm32-unknown-unknown --test web_couch
couch_pid="" couch_no_cors_pid="" couch_dir=""

# A port nothing listens on now (the kernel's choice for port 0), for a server started next.
__couch_free_port() {
  node -e 'const s = require("net").createServer();
           s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

start_couch() {
  [ -n "$couch_pid" ] && return 0
  local log="$1" root bin port url admin=rapport-admin password stranger=rapport-stranger
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  bin="$root/node_modules/.bin/pouchdb-server"
  [ -x "$bin" ] || { echo "start_couch: $bin is missing: run scripts/setup.sh (npm ci)" >&2; return 1; }
  command -v curl >/dev/null || { echo "start_couch: curl is missing" >&2; return 1; }
  mkdir -p "$(dirname "$log")"
  log="$(cd "$(dirname "$log")" && pwd)/$(basename "$log")"
  : > "$log"

  # pouchdb-server keeps its settings (config.json, where the admin's hashed password goes) in
  # the folder it starts in; a folder of its own keeps them out of the repository and away
  # from other runs. Its request log goes to the same log as its output.
  couch_dir="$(mktemp -d "${TMPDIR:-/tmp}/rapport-couch.XXXXXX")"
  printf '{"log": {"file": "%s", "level": "info"}}\n' "$log" > "$couch_dir/config.json"
  port="$(__couch_free_port)"
  url="http://127.0.0.1:$port"
  (cd "$couch_dir" && exec "$bin" --in-memory --host 127.0.0.1 -p "$port" -n >> "$log" 2>&1) &
  couch_pid=$!
  # It answers in about a second; 30 s covers a loaded machine.
  local i
  for i in $(seq 300); do
    curl -fsS -o /dev/null "$url/" 2>/dev/null && break
    kill -0 "$couch_pid" 2>/dev/null || break
    sleep 0.1
  done
  if ! curl -fsS -o /dev/null "$url/" 2>/dev/null; then
    echo "start_couch: pouchdb-server did not answer on $url (see $log)" >&2
    stop_couch
    return 1
  fi

  # Out of the box it is an "admin party" (anyone is admin). Naming an admin ends that: from
  # then on a wrong password is refused (401), as in a real CouchDB.
  password="pw-$RANDOM$RANDOM"
  local as_admin=(-fsS -o /dev/null -u "$admin:$password" -H 'Content-Type: application/json')
  local stranger_password="pw-$RANDOM$RANDOM" private=rapport-private
  if ! curl -fsS -o /dev/null -X PUT "$url/_config/admins/$admin" -d "\"$password\"" \
     || ! curl "${as_admin[@]}" -X PUT "$url/_users/org.couchdb.user:$stranger" \
          -d "{\"name\": \"$stranger\", \"password\": \"$stranger_password\", \"roles\": [], \"type\": \"user\"}" \
     || ! curl "${as_admin[@]}" -X PUT "$url/$private" \
     || ! curl "${as_admin[@]}" -X PUT "$url/$private/_security" \
          -d "{\"admins\": {\"names\": [\"$admin\"], \"roles\": []}, \"members\": {\"names\": [\"$admin\"], \"roles\": []}}"; then
    echo "start_couch: could not set up the admin, the user and the private database (see $log)" >&2
    stop_couch
    return 1
  fi
  local status
  status="$(curl -sS -o /dev/null -w '%{http_code}' -u "$admin:not-$password" "$url/$private")"
  if [ "$status" != 401 ]; then
    echo "start_couch: a wrong password got HTTP $status, not 401 (see $log)" >&2
    stop_couch
    return 1
  fi

  # A server that answers but sends no CORS header: the browser refuses the page its answers.
  local no_cors_port
  no_cors_port="$(__couch_free_port)"
  node -e 'require("http").createServer((req, res) => {
             res.writeHead(200, { "Content-Type": "application/json" });
             res.end("{\"couchdb\": \"Welcome\", \"version\": \"3.4.2\"}");
           }).listen(Number(process.argv[1]), "127.0.0.1");' "$no_cors_port" >> "$log" 2>&1 &
  couch_no_cors_pid=$!
  for i in $(seq 100); do
    curl -fsS -o /dev/null "http://127.0.0.1:$no_cors_port/" 2>/dev/null && break
    sleep 0.1
  done

  export RAPPORT_COUCH_URL="$url"
  export RAPPORT_COUCH_USER="$admin" RAPPORT_COUCH_PASSWORD="$password"
  export RAPPORT_COUCH_STRANGER_USER="$stranger" RAPPORT_COUCH_STRANGER_PASSWORD="$stranger_password"
  export RAPPORT_COUCH_PRIVATE_DB="$private"
  export RAPPORT_COUCH_NO_CORS_URL="http://127.0.0.1:$no_cors_port"
  export RAPPORT_COUCH_CLOSED_URL="http://127.0.0.1:$(__couch_free_port)"
}

stop_couch() {
  if [ -n "$couch_pid" ]; then kill "$couch_pid" 2>/dev/null || true; fi
  if [ -n "$couch_no_cors_pid" ]; then kill "$couch_no_cors_pid" 2>/dev/null || true; fi
  if [ -n "$couch_dir" ]; then rm -rf "$couch_dir"; fi
  couch_pid="" couch_no_cors_pid="" couch_dir=""
}
