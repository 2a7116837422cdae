"""Schemathesis against the live API: generated requests (valid and invalid) never get a 5xx.

Runs the `schemathesis` CLI (4.x) against uvicorn on 127.0.0.1 and a random port, signed in as an
admin, with the real agent (so no endpoint answers 503), bounded by --max-examples."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest
import uvicorn
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

from api.app import create_app
from api.security import create_access_token
from tests.api.conftest import AS_OF, SECRET, api_settings, import_scenario, make_real_agent, seed_users

if TYPE_CHECKING:
    from tests.support.database import TestDatabases

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
MAX_EXAMPLES = os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "20")
CHECKS = os.environ.get("SCHEMATHESIS_CHECKS", "not_a_server_error")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture()
def live_api(test_databases: TestDatabases, tmp_path: Path) -> Iterator[tuple[str, str]]:
    url = test_databases.clone()
    engine = create_engine(url, pool_pre_ping=True)
    factory = sessionmaker(engine, expire_on_commit=False)
    agent = make_real_agent(factory, url, tmp_path / "outbox")
    admin = seed_users(factory)["admin"]
    for scenario in ("pub-t1-friendly", "pub-final-notice", "pub-partial-dispute"):
        agent.run_account(import_scenario(factory, scenario), as_of=AS_OF)
    app = create_app(session_factory=factory, agent=agent, settings=api_settings(tmp_path))
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.1)
    try:
        yield base, create_access_token(admin, secret=SECRET, ttl_minutes=60)
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        agent.close()
        engine.dispose()


@pytest.mark.slow
@pytest.mark.skipif(not SCHEMATHESIS.exists() and shutil.which("schemathesis") is None,
                    reason="schemathesis is not installed (pip install -e '.[dev]')")
def test_no_generated_request_gets_a_server_error(live_api: tuple[str, str], tmp_path: Path,
                                                  artifacts_dir: Path) -> None:
    base, token = live_api
    command = [
        str(SCHEMATHESIS if SCHEMATHESIS.exists() else shutil.which("schemathesis")), "run",
        f"{base}/openapi.json", "--url", base,
        "-H", f"Authorization: Bearer {token}",
        "--checks", CHECKS,
        "--max-examples", MAX_EXAMPLES, "--seed", "4", "--workers", "1",
        "--request-timeout", "30", "--phases", "examples,coverage,fuzzing",
        "--suppress-health-check", "all", "--no-color",
        "--report", "junit", "--report-dir", str(tmp_path),
    ]
    # cwd: schemathesis keeps a replay cache (.schemathesis/) in the working directory, not in the repo.
    result = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False, cwd=tmp_path,
                            env={**os.environ, "NO_COLOR": "1"})
    (artifacts_dir / "schemathesis.txt").write_text(result.stdout + result.stderr, encoding="utf-8")
    report = result.stdout[-6000:] + result.stderr[-2000:]
    assert result.returncode == 0, report
