#!/usr/bin/env bash
# Set up (if needed) and start the production stack on this machine: nginx (compression, sticky
# sessions, security headers, the upload limit, per-address limits) in front of N app processes,
# both under supervisord (restarted with back-off when they exit, killed and restarted when they
# stop answering; logs rotated). Default: http://localhost:8080, as many processes as cores.
# Ctrl-C or SIGTERM stops everything it started.
#   bash scripts/serve.sh [--replicas N] [--port P] [--host H] [--trusted-proxy CIDR]
#                         [--embed-origins "https://a.go.id https://b.go.id"]  (default: any site)
set -euo pipefail
cd "$(dirname "$0")/.."
# a bad --embed-origins is refused before anything is set up or started
python3 scripts/frame_policy.py "$@"
bash scripts/setup.sh --serve
exec .venv/bin/python scripts/serve.py "$@"
