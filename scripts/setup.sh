#!/usr/bin/env bash
# Idempotent set-up for a fresh machine: a virtualenv at .venv with the project and its
# dependencies; with --dev also the test tools and Debian's Chromium for the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0
[[ "${1:-}" == "--dev" ]] && dev=1

if [[ ! -x .venv/bin/python ]]; then
  python3 -m venv .venv
fi
stamp=.venv/.arcopilot-installed
hash="$(sha256sum pyproject.toml | cut -c1-16)"
installed="$(cat "$stamp" 2>/dev/null || true)"
# A dev install also satisfies a plain one; a changed pyproject.toml means install again.
if [[ "$installed" != "$hash-dev1" && "$installed" != "$hash-dev$dev" ]]; then
  .venv/bin/pip install --quiet --upgrade pip
  if [[ $dev == 1 ]]; then
    .venv/bin/pip install --quiet -e ".[dev]"
  else
    .venv/bin/pip install --quiet -e .
  fi
  echo "$hash-dev$dev" > "$stamp"
fi

if [[ $dev == 1 ]] && [[ ! -x /usr/bin/chromium ]]; then
  if [[ $(id -u) == 0 ]]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
fi
