#!/usr/bin/env bash
# Set up (if needed) and run every test: unit, app (AppTest) and browser (Playwright + chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
exec .venv/bin/python -m pytest "$@"
