#!/usr/bin/env bash
# Set up the project on a fresh machine: a virtualenv in .venv with the pinned requirements,
# and Leaflet copied from its pip package into static/vendor/. `--dev` adds the test tools,
# Debian's chromium for the browser tests and Debian's postgresql for the store's tests.
# `--serve` (and `--dev`) adds Debian's nginx and its brotli module for scripts/serve.sh.
# Safe to rerun.
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0
serve=0
[ "${1:-}" = "--dev" ] && dev=1 && serve=1  # the browser tests run once through the proxy
[ "${1:-}" = "--serve" ] && serve=1

py=""
for cand in python3.11 python3; do
  if command -v "$cand" >/dev/null 2>&1; then py="$cand"; break; fi
done
[ -n "$py" ] || { echo "setup: Python 3.11 is required" >&2; exit 1; }
[ -x .venv/bin/python ] || "$py" -m venv .venv

# installed from the lock files: every package at one version, each file checked by its hash
req=requirements.lock
[ "$dev" = 1 ] && req=requirements-dev.lock
stamp=".venv/.installed-$(sha256sum requirements.lock requirements-dev.lock | sha256sum | cut -c1-16)-$dev"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet --require-hashes -r "$req"
  touch "$stamp"
fi
.venv/bin/python -c "from coverage_map.render.assets import ensure_leaflet; ensure_leaflet()"

if [ "$dev" = 1 ] && [ ! -x /usr/bin/chromium ]; then
  echo "setup: installing Debian's chromium for the browser tests"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi

apt_install() {  # Debian packages, without their recommendations; as root, or through sudo
  local sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends \
    "$@" >/dev/null
}

if [ "$dev" = 1 ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  # the store's tests run against a real PostgreSQL server they start themselves (tests/postgres.py)
  echo "setup: installing Debian's postgresql for the tests of the published-data store"
  apt_install postgresql
fi

if [ "$serve" = 1 ] && ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  echo "setup: installing Debian's nginx (and its brotli module) for scripts/serve.sh"
  apt_install nginx
  # brotli where Debian has it; gzip otherwise
  apt_install libnginx-mod-http-brotli-filter libnginx-mod-http-brotli-static 2>&1 || true
fi
