"""Across processes: a review left waiting is resumed by a new process; a sender killed mid-delivery
sends at most once, and the retry completes what is safe to complete. Real processes, real kills."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from tests.agent.conftest import AS_OF, EXAMPLES
from tests.support.smtp_server import smtp_server
from tools.models import Draft, OutboxMessage

ARCOPILOT = [sys.executable, "-m", "cli.main"]


def _env(url: str, tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMTP_", "LLM_"))}
    env.update(DATABASE_URL=url, OUTBOX_DIR=str(tmp_path / "outbox"), ARCOPILOT_DATA_DIR=str(tmp_path / "data"),
               EMBEDDINGS_PROVIDER="wordllama", **extra)
    return env


def _cli(args: list[str], env: dict[str, str], **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*ARCOPILOT, *args], env=env, capture_output=True, text=True, timeout=120, **kwargs)


def _queue_t1_draft(url: str, tmp_path: Path) -> int:
    """Import the T1 scenario and leave its draft waiting for review, in a process that then exits."""
    env = _env(url, tmp_path)
    script = (
        "import datetime as dt, json, sys\n"
        "from typer.testing import CliRunner\n"
        "from cli.main import app\n"
        "r = CliRunner()\n"
        f"for args in (['import', {str(EXAMPLES / 'pub-t1-friendly.json')!r}],"
        f" ['run', '--customer', 'C-1001', '--as-of', {AS_OF.isoformat()!r}], ['review', 'list', '--json']):\n"
        "    out = r.invoke(app, args)\n"
        "    assert out.exit_code == 0, out.output\n"
        "print(out.stdout)\n"
    )
    ran = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=180)
    assert ran.returncode == 0, ran.stderr + ran.stdout
    [draft] = json.loads(ran.stdout)
    return int(draft["id"])


def test_review_left_waiting_is_resumed_by_a_new_process_and_sent_once(fresh_database_url, tmp_path):
    draft_id = _queue_t1_draft(fresh_database_url, tmp_path)  # that process has exited
    env = _env(fresh_database_url, tmp_path)
    approved = _cli(["review", "approve", str(draft_id)], env)
    assert approved.returncode == 0, approved.stderr + approved.stdout
    assert "sent" in approved.stdout
    again = _cli(["review", "approve", str(draft_id)], env)
    assert again.returncode == 1 and "not waiting for review" in again.stdout
    delivered = _cli(["outbox", "deliver"], env)
    assert delivered.returncode == 0
    files = list((tmp_path / "outbox").glob("*.eml"))
    assert len(files) == 1 and "INV-20417" in files[0].read_text()


def _outbox_row(url: str) -> OutboxMessage:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(select(OutboxMessage)).one()
    finally:
        engine.dispose()


@pytest.mark.parametrize("hold_at", ["RCPT", "DATA"])
def test_sender_killed_mid_delivery_sends_at_most_once(fresh_database_url, tmp_path, hold_at):
    draft_id = _queue_t1_draft(fresh_database_url, tmp_path)
    with smtp_server() as (controller, handler):
        handler.hold_at = hold_at
        env = _env(fresh_database_url, tmp_path, SMTP_HOST="127.0.0.1", SMTP_PORT=str(controller.port),
                   SMTP_STARTTLS="false", OUTBOX_CLAIM_TIMEOUT_SECONDS="0")
        sender = subprocess.Popen([*ARCOPILOT, "review", "approve", str(draft_id)], env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            assert handler.held.wait(60), "the sender never reached the SMTP server"
            sender.send_signal(signal.SIGKILL)  # a real kill, mid-SMTP-session
            sender.wait(10)
        finally:
            if sender.poll() is None:
                sender.kill()
        handler.hold_at = None
        handler.release.set()
        time.sleep(0.3)
        row = _outbox_row(fresh_database_url)
        assert row.status == "sending"
        assert row.phase == ("claimed" if hold_at == "RCPT" else "data")

        retry = _cli(["outbox", "deliver"], env)
        assert retry.returncode == 0, retry.stderr
        row = _outbox_row(fresh_database_url)
        if hold_at == "RCPT":
            # Killed before the point of no return: nothing arrived, so the retry sends it, once.
            assert row.status == "sent", row.last_error
            assert len(handler.messages) == 1
        else:
            # Killed after DATA began: the server may have it, and SMTP cannot be asked, so it is
            # never resent; a person is told to check.
            assert row.status == "failed" and "not resent" in (row.last_error or "")
            assert len(handler.messages) <= 1
        again = _cli(["outbox", "deliver"], env)
        assert again.returncode == 0
        assert len(handler.messages) <= 1
        engine = create_engine(fresh_database_url)
        with engine.connect() as conn:
            status = conn.execute(select(Draft.status).where(Draft.id == draft_id)).scalar_one()
        engine.dispose()
        assert status == ("sent" if hold_at == "RCPT" else "send_failed")
