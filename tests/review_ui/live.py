"""Live servers for the UI tests: the real API (a uvicorn subprocess) over a database seeded with the
public scenarios and drafts queued by the real agent, and the Streamlit app (another subprocess)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import requests

from tests.support.smtp_server import free_port

REPO = Path(__file__).resolve().parents[2]
SCENARIOS = REPO.parent / "shared" / "scenarios" / "examples"
AS_OF = dt.datetime(2026, 11, 18, 15, 0, tzinfo=dt.UTC)
PASSWORD = "correct-horse-battery"
JWT_SECRET = "ui-tests-secret-of-at-least-32-bytes!"
ROLES = ("collector", "manager", "admin", "auditor")


def email_for(role: str) -> str:
    return f"{role}@ourco.example"


def seed(database_url: str, outbox_dir: Path) -> dict[str, int]:
    """Import every public scenario, add a user per role, and let the real agent queue the drafts.
    Returns draft ids by scenario name."""
    from cli.agent_factory import make_agent
    from cli.runtime import open_runtime
    from tools.importers.scenario import import_scenario_file
    from tools.mailer import EmlFolderTransport
    from tools.models import Customer
    from tools.settings import Settings
    from tools.users import create_user

    scenarios = sorted(SCENARIOS.glob("*.json"))
    assert scenarios, f"no public scenarios in {SCENARIOS}"
    settings = Settings(_env_file=None, DATABASE_URL=database_url)  # type: ignore[call-arg]
    runtime = open_runtime(settings)
    customers: dict[str, int] = {}
    with runtime.session_factory.begin() as session:
        for path in scenarios:
            summary = import_scenario_file(session, path, embedder=None)
            customers[path.stem] = session.query(Customer.id).filter_by(external_id=summary.customer).scalar()
        for role in ROLES:
            create_user(session, email=email_for(role), name=role.title(), role=role, password=PASSWORD)
    agent = make_agent(runtime, clock=lambda: AS_OF, with_embeddings=False,
                       transport=EmlFolderTransport(outbox_dir, sender="collections@ourco.example"))
    try:
        drafts = {name: agent.run_account(cid, as_of=AS_OF).draft_id for name, cid in customers.items()}
    finally:
        agent.close()
        runtime.engine.dispose()
    return {name: draft_id for name, draft_id in drafts.items() if draft_id is not None}


@dataclass
class Server:
    """A subprocess serving HTTP on 127.0.0.1:port, with its output in a log file."""

    name: str
    process: subprocess.Popen[bytes]
    port: int
    log_path: Path
    log: IO[bytes]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_healthy(self, path: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if requests.get(self.url + path, timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        self.stop()
        log = self.log_path.read_text(errors="replace")[-4000:]
        raise RuntimeError(f"{self.name} did not become healthy in {timeout:.0f}s:\n{log}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log.close()


def _start(name: str, args: list[str], env: dict[str, str], log_dir: Path) -> Server:
    port = free_port()
    log_path = log_dir / f"{name}.log"
    log = log_path.open("wb")
    process = subprocess.Popen([sys.executable, *[a.replace("{port}", str(port)) for a in args]], cwd=REPO,
                               env=os.environ | env, stdout=log, stderr=subprocess.STDOUT)
    return Server(name=name, process=process, port=port, log_path=log_path, log=log)


def start_api(database_url: str, log_dir: Path, *, smtp_port: int | None = None, timeout: float = 60) -> Server:
    """The API and its agent on a free port; mail goes to a local SMTP server when `smtp_port` is given."""
    env = {"DATABASE_URL": database_url, "JWT_SECRET": JWT_SECRET, "OUTBOX_DIR": str(log_dir / "outbox")}
    if smtp_port is not None:
        env |= {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(smtp_port), "SMTP_STARTTLS": "false"}
    server = _start("api", ["-m", "tests.review_ui.live_api", "{port}"], env, log_dir)
    server.wait_healthy("/api/health", timeout)
    return server


def start_ui(api_url: str, log_dir: Path, *, timeout: float = 45) -> Server:
    """The review UI through `cli.ui_commands.serve_ui` (what `arcopilot ui` runs), talking to `api_url`."""
    command = "import typer; from cli.ui_commands import serve_ui; typer.run(serve_ui)"
    server = _start("ui", ["-c", command, "--port", "{port}", "--api-url", api_url], {}, log_dir)
    server.wait_healthy("/_stcore/health", timeout)
    return server
