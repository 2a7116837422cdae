"""docker-compose.yml is valid and every command it runs exists (no Docker needed)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_compose_has_the_documented_services_and_their_commands_exist():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"db", "migrate", "api", "ui", "worker"}
    assert services["db"]["image"] == "pgvector/pgvector:pg16"
    assert services["migrate"]["restart"] == "no"
    for name in ("migrate", "api", "ui", "worker"):
        command = services[name]["command"]
        assert command[0] == "arcopilot", name
        args = [arg for arg in command[1:] if not arg.startswith("-")][:2]
        words = [a for a in args if not a.replace(".", "").isdigit()]
        shown = subprocess.run([sys.executable, "-m", "cli.main", *words, "--help"], capture_output=True, text=True,
                               timeout=60)
        assert shown.returncode == 0, f"{name}: arcopilot {' '.join(words)} --help failed: {shown.stderr}"
        for option in (a for a in command if a.startswith("--")):
            assert option in shown.stdout, f"{name}: {option} is not an option of arcopilot {' '.join(words)}"
    for name in ("api", "ui", "worker"):
        assert services[name]["environment"]["DATABASE_URL"].startswith("postgresql+psycopg://")


def test_ci_runs_the_readmes_test_command():
    readme = (ROOT / "README.md").read_text()
    assert "bash scripts/test.sh" in readme and "bash scripts/demo.sh" in readme
    assert "bash scripts/test.sh" in (ROOT / ".ci/run").read_text()
