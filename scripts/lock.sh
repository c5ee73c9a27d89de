#!/usr/bin/env bash
# The lock files setup.sh installs from: every package (direct and indirect) at one version,
# with the SHA-256 of each of its files, compiled by pip-tools from the pins humans edit
# (requirements.txt, requirements-dev.txt). Run after changing a pin; commit all four files.
set -euo pipefail
cd "$(dirname "$0")/.."
for req in requirements requirements-dev; do
  .venv/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
    --no-emit-index-url --no-emit-find-links --output-file "$req.lock" "$req.txt"
done
