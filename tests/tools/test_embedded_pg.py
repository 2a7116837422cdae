"""The embedded server: shared by processes, stopped by the last one out, recovered after a hard kill."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tools.embedded_pg import server_status, stop_server

CLI = [sys.executable, "-m", "cli.main"]
EXAMPLE = Path(__file__).resolve().parents[3] / "shared/scenarios/examples/pub-t1-friendly.json"


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["ARCOPILOT_DATA_DIR"] = str(tmp_path / "data")
    return env


def _cli(args: list[str], env: dict[str, str], **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], env=env, capture_output=True, text=True, timeout=120, **kwargs)


@pytest.fixture()
def data_dir(tmp_path):
    yield tmp_path
    stop_server(tmp_path / "data" / "pgdata")


def test_db_status_counts_tables_and_the_last_process_stops_the_server(data_dir):
    env = _env(data_dir)
    status = _cli(["db", "status", "--json"], env)
    assert status.returncode == 0, status.stderr
    report = json.loads(status.stdout)
    assert report["database"] == "embedded" and report["revision"] == "0002"
    assert report["counts"]["rule_set"] == 1 and report["counts"]["customer"] == 0
    # That process was the only user: it stopped the server on exit.
    assert server_status(data_dir / "data" / "pgdata")["running"] is False


def test_db_up_keeps_running_until_down_and_reset_needs_confirmation(data_dir):
    env = _env(data_dir)
    assert _cli(["db", "up"], env).returncode == 0
    pgdata = data_dir / "data" / "pgdata"
    assert server_status(pgdata)["running"] is True
    refused = _cli(["db", "reset"], env, input="n\n")
    assert refused.returncode == 1 and server_status(pgdata)["initialised"]
    down = _cli(["db", "down"], env)
    assert down.returncode == 0 and "stopped" in down.stdout
    assert server_status(pgdata)["running"] is False
    imported = _cli(["import", str(EXAMPLE)], env)
    assert imported.returncode == 0, imported.stderr
    reset = _cli(["db", "reset", "--yes"], env)
    assert reset.returncode == 0, reset.stdout + reset.stderr
    after = json.loads(_cli(["db", "status", "--json"], env).stdout)
    assert after["counts"]["customer"] == 0 and after["counts"]["rule_set"] == 1


def test_a_hard_killed_process_leaves_nothing_the_next_one_cannot_use(data_dir):
    env = _env(data_dir)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from cli.runtime import open_runtime; open_runtime(); "
         "print('ready', flush=True); time.sleep(120)"],
        env=env, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        holder.send_signal(signal.SIGKILL)  # no atexit, no clean shutdown
        holder.wait(10)
    finally:
        if holder.poll() is None:
            holder.kill()
    time.sleep(0.5)
    imported = _cli(["import", str(EXAMPLE)], env)
    assert imported.returncode == 0, imported.stderr
    status = json.loads(_cli(["db", "status", "--json"], env).stdout)
    assert status["counts"]["customer"] == 1
