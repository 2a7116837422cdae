#!/usr/bin/env bash
# Set everything up (test tools and Chromium included) and run the whole suite:
# lint, type checks, tests, then the offline eval gate on the public examples and the project's dataset.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
chmod 700 "$XDG_RUNTIME_DIR"
.venv/bin/ruff check .
.venv/bin/mypy agent tools api cli evals prompts
.venv/bin/python -m pytest "$@"
# Evals are not tests: they score the template drafter's drafts and exit non-zero below
# evals/thresholds.json. --no-record keeps the run out of any local database.
report_dir="$(mktemp -d)"
.venv/bin/arcopilot eval --dataset ../shared/scenarios/examples --no-record --no-judge --report-dir "$report_dir/examples"
.venv/bin/arcopilot eval --dataset evals/datasets/scenarios --no-record --no-judge --report-dir "$report_dir/dataset"
