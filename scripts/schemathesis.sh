#!/usr/bin/env bash
# Fuzz the API with schemathesis (4.x) against a live uvicorn on 127.0.0.1 and a random port, signed in
# as an admin, with the real agent. Usage: scripts/schemathesis.sh [MAX_EXAMPLES] [CHECKS]
#   scripts/schemathesis.sh            # 20 examples per operation, fails on any 5xx
#   scripts/schemathesis.sh 100 all    # more examples, every conformance check (see test-artifacts/)
set -euo pipefail
cd "$(dirname "$0")/.."
export SCHEMATHESIS_MAX_EXAMPLES="${1:-20}"
export SCHEMATHESIS_CHECKS="${2:-not_a_server_error}"
exec .venv/bin/python -m pytest tests/api/test_schemathesis.py -q -p no:warnings "${@:3}"
