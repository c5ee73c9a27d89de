#!/usr/bin/env bash
# Set up (if needed) and start the production stack on this machine: nginx (compression, sticky
# sessions, security headers, the upload limit, per-address limits) in front of N app processes,
# restarted when they exit or stop answering. Default: http://localhost:8080, as many processes
# as cores.
#   bash scripts/serve.sh [--replicas N] [--port P] [--host H] [--trusted-proxy CIDR]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --serve
exec .venv/bin/python scripts/serve.py "$@"
