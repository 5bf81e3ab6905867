#!/usr/bin/env bash
# Installs what Rapport needs to build, run and test, skipping whatever is already present.
# Idempotent: a second run installs nothing and takes a few seconds.
#
#   bash scripts/setup.sh        install / check everything
#   source scripts/setup.sh      the same, and leave PATH set up in the calling shell
#                                (scripts/run-app.sh and scripts/test-all.sh do this)
#
# What it installs, each only when missing or at the wrong version:
#   - the Rust target wasm32-unknown-unknown            (rustup)
#   - trunk 0.21                                        (cargo install, ~20 min on 2 cores)
#   - wasm-bindgen-cli at the exact wasm-bindgen version of Cargo.lock, which also brings
#     wasm-bindgen-test-runner                          (cargo install, ~5 min)
#   - chromium and chromium-driver                      (apt-get)
#   - firefox-esr, webkit2gtk-driver (WebKitWebDriver, driving WebKitGTK's MiniBrowser) and
#     xvfb (MiniBrowser needs a display): the cross-engine tests   (apt-get)
#   - geckodriver 0.37.1, Firefox's WebDriver           (cargo install, ~3 min)
#   - node_modules: @playwright/test, selenium-webdriver, binaryen (wasm-opt 132) and
#     pouchdb-server (the CouchDB of the sync tests, scripts/couch.sh), from
#     package-lock.json                                 (npm ci; never downloads a browser)
#   - the crates of Cargo.lock                          (cargo fetch, so builds can be offline)
# It needs no standard input and works with CI=true.

# The environment the other scripts need: tools on PATH (npm's wasm-opt first), no downloads.
__rapport_env() {
  local root="$1"
  export PATH="$root/node_modules/.bin:$HOME/.cargo/bin:$PATH"
  export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
  # Never let Playwright (or anything it pulls in) download a browser: we use Debian's.
  export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
  # Trunk must not call home for a version check.
  export TRUNK_SKIP_VERSION_CHECK=true
  # wasm-bindgen-test-runner drives Debian's Chromium through this WebDriver.
  export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
}

__rapport_setup() {
  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  cd "$root"

  say() { printf '[setup] %s\n' "$*"; }
  die() { printf '[setup] ERROR: %s\n' "$*" >&2; return 1; }

  __rapport_env "$root"
  export DEBIAN_FRONTEND=noninteractive

  command -v cargo >/dev/null || die "cargo not found: install Rust with rustup first (https://rustup.rs)" || return 1
  command -v rustup >/dev/null || die "rustup not found: the wasm32 target is installed with rustup" || return 1

  # 1. The WebAssembly target.
  if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "ok: rust target wasm32-unknown-unknown"
  else
    say "installing: rust target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi

  # 2. Trunk 0.21 (the bundler). Compiling it takes ~20 minutes on 2 cores, once.
  if command -v trunk >/dev/null && trunk --version 2>/dev/null | grep -q '^trunk 0\.21\.'; then
    say "ok: $(trunk --version)"
  else
    say "installing: trunk ~0.21 (cargo install, this takes a while the first time)"
    cargo install trunk --version '~0.21' --locked
  fi

  # 3. wasm-bindgen-cli, exactly the version of the wasm-bindgen crate in Cargo.lock
  #    (the CLI and the crate must match). It also provides wasm-bindgen-test-runner.
  #    `--locked` is known to fail for this crate, so it is installed without it.
  local wbg_version
  wbg_version="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
  [ -n "$wbg_version" ] || die "could not read the wasm-bindgen version from Cargo.lock" || return 1
  if command -v wasm-bindgen >/dev/null && [ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $wbg_version" ] \
     && command -v wasm-bindgen-test-runner >/dev/null; then
    say "ok: wasm-bindgen-cli $wbg_version (and wasm-bindgen-test-runner)"
  else
    say "installing: wasm-bindgen-cli $wbg_version (cargo install, a few minutes)"
    cargo install wasm-bindgen-cli --version "=$wbg_version" --force
  fi

  # 4. The browsers and their WebDriver servers, from Debian: Chromium (every browser and
  #    end-to-end test), Firefox ESR and WebKitGTK (the cross-engine tests; WebKitWebDriver
  #    starts WebKitGTK's MiniBrowser, which needs a display: Xvfb). One apt-get update for
  #    whatever is missing.
  local sudo="" apt_updated=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
  apt_install() {
    command -v apt-get >/dev/null || die "apt-get not found: install $* by hand" || return 1
    if [ -z "$apt_updated" ]; then
      $sudo apt-get update -q
      apt_updated=1
    fi
    $sudo apt-get install -y -q --no-install-recommends "$@"
  }
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    say "ok: chromium and chromedriver ($(/usr/bin/chromedriver --version 2>/dev/null | cut -d' ' -f1-2))"
  else
    say "installing: chromium chromium-driver (apt-get)"
    apt_install chromium chromium-driver
  fi
  if [ -x /usr/bin/firefox-esr ]; then
    say "ok: $(/usr/bin/firefox-esr --version 2>/dev/null)"
  else
    say "installing: firefox-esr (apt-get)"
    apt_install firefox-esr
  fi
  if [ -x /usr/bin/WebKitWebDriver ] && command -v Xvfb >/dev/null; then
    say "ok: WebKitWebDriver $(dpkg-query -W -f='${Version}' webkit2gtk-driver 2>/dev/null) and Xvfb"
  else
    say "installing: webkit2gtk-driver xvfb (apt-get)"
    apt_install webkit2gtk-driver xvfb
  fi

  # 4b. geckodriver, Firefox's WebDriver server: not packaged by Debian, built from crates.io
  #     (its lock file pins its dependencies).
  #     (Its version is read whole: grep -q would close the pipe on its many lines, and
  #     pipefail would count the SIGPIPE as a failure.)
  local gecko_version=""
  command -v geckodriver >/dev/null && gecko_version="$(geckodriver --version 2>/dev/null || true)"
  if [[ "$gecko_version" == "geckodriver 0.37.1"* ]]; then
    say "ok: geckodriver 0.37.1"
  else
    say "installing: geckodriver 0.37.1 (cargo install, a few minutes)"
    cargo install geckodriver --version '=0.37.1' --locked
  fi

  # 5. Node packages: binaryen (wasm-opt 132 for Trunk), @playwright/test and
  #    selenium-webdriver (the cross-engine tests), pouchdb-server (scripts/couch.sh).
  #    Reinstalled when node_modules is missing or older than package.json / package-lock.json.
  #    Without install scripts: only two packages have one, both under pouchdb-server and for
  #    the on-disk databases the tests never use (--in-memory): sqlite3's would compile SQLite
  #    for two minutes (its prebuilt binary is not on the npm registry), leveldown's only
  #    checks the prebuilt binaries it ships. npm ci takes 13 s instead of 133 s.
  command -v npm >/dev/null || die "npm not found: install Node.js 18 or newer (Debian: apt-get install nodejs npm)" || return 1
  local stamp=node_modules/.rapport-installed want have=""
  want="$(cat package.json package-lock.json 2>/dev/null | sha256sum | cut -d' ' -f1)"
  [ -f "$stamp" ] && have="$(cat "$stamp")"
  if [ -d node_modules ] && [ "$want" = "$have" ]; then
    say "ok: node_modules (binaryen, @playwright/test, selenium-webdriver, pouchdb-server)"
  else
    if [ -f package-lock.json ]; then
      say "installing: node_modules with npm ci (no browser download)"
      npm ci --no-audit --no-fund --ignore-scripts
    else
      say "installing: node_modules with npm install (no package-lock.json yet)"
      npm install --no-audit --no-fund --ignore-scripts
      want="$(cat package.json package-lock.json 2>/dev/null | sha256sum | cut -d' ' -f1)"
    fi
    printf '%s\n' "$want" > "$stamp"
  fi

  # Trunk finds wasm-opt on PATH: npm's binaryen (node_modules/.bin, first on PATH) must win
  # over Debian's, which breaks the output.
  local opt_version
  opt_version="$(wasm-opt --version 2>/dev/null || true)"
  case "$opt_version" in
    *"version 132"*) say "ok: $opt_version (from node_modules/.bin)" ;;
    *) die "wasm-opt on PATH is '$opt_version', expected version 132 from node_modules/.bin" || return 1 ;;
  esac

  # 6. Crates: fetched now so that Trunk (offline = true in Trunk.toml) never needs the network.
  say "fetching crates (cargo fetch; quick when already present)"
  cargo fetch --quiet
  say "ready"
}

if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then
  # Sourced: run the installer as its own bash process (so that `set -e` really applies to
  # every step), then export the environment into the calling shell.
  if ! bash "${BASH_SOURCE[0]}"; then
    printf '[setup] ERROR: setup failed, see above\n' >&2
    return 1
  fi
  __rapport_env "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
else
  set -euo pipefail
  __rapport_setup
fi
