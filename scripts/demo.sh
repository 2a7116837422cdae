#!/usr/bin/env bash
# Set everything up and open the product: database, demo portfolio, agent run, API and review UI.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/arcopilot demo "$@"
