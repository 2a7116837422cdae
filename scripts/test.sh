#!/usr/bin/env bash
# Set everything up (test tools and Chromium included) and run the whole suite: lint, tests, offline eval gate.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
chmod 700 "$XDG_RUNTIME_DIR"
.venv/bin/ruff check .
.venv/bin/python -m pytest "$@"
