"""The embedded PostgreSQL 16 + pgvector server from the `pgserver` wheel.

Several processes (CLI, API, UI, worker) may share one data directory: pgserver keeps a list of
the processes holding the server under an inter-process lock and the last one out stops it.
A server left behind by a killed process is found through `postmaster.pid` and reused.
"""

from __future__ import annotations

import logging
import os
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import make_url

if TYPE_CHECKING:
    from pgserver.postgres_server import PostgresServer

APP_DATABASE = "arcopilot"


def _prepare_runtime_dir() -> None:
    # pgserver computes its lock path at import time from XDG_RUNTIME_DIR, which must be 0700.
    current = os.environ.get("XDG_RUNTIME_DIR")
    if current and Path(current).is_dir() and (Path(current).stat().st_mode & 0o777) == 0o700:
        return
    runtime = Path(tempfile.gettempdir()) / f"arcopilot-runtime-{os.getuid()}"
    runtime.mkdir(mode=0o700, exist_ok=True)
    runtime.chmod(0o700)
    os.environ["XDG_RUNTIME_DIR"] = str(runtime)


def start_server(pgdata: Path, *, keep_running: bool = False) -> PostgresServer:
    """Start (or join) the embedded server in `pgdata`; it stops when its last user exits unless kept."""
    _prepare_runtime_dir()
    # pgserver logs every pg_ctl call at INFO; users only need to hear about problems.
    logging.getLogger("pgserver").setLevel(logging.WARNING)
    from pgserver.postgres_server import get_server

    pgdata = pgdata.resolve()
    pgdata.mkdir(parents=True, exist_ok=True)
    server = get_server(pgdata, cleanup_mode=None if keep_running else "stop")
    _ensure_app_database(server)
    return server


def _ensure_app_database(server: PostgresServer) -> None:
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{APP_DATABASE}';")
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {APP_DATABASE};")


def sqlalchemy_url(server: PostgresServer, database: str = APP_DATABASE) -> str:
    """The psycopg 3 SQLAlchemy URL of a database on the embedded server (a unix socket)."""
    url = make_url(server.get_uri(database))
    return url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)


def server_status(pgdata: Path) -> dict[str, Any]:
    """Whether a server is running on `pgdata`, without starting one."""
    _prepare_runtime_dir()
    from pgserver.utils import PostmasterInfo

    pgdata = pgdata.resolve()
    info = PostmasterInfo.read_from_pgdata(pgdata) if (pgdata / "PG_VERSION").exists() else None
    running = bool(info is not None and info.is_running())
    return {
        "data_dir": str(pgdata),
        "initialised": (pgdata / "PG_VERSION").exists(),
        "running": running,
        "pid": info.pid if running and info is not None else None,
        "uri": info.get_uri(APP_DATABASE) if running and info is not None else None,
    }


def stop_server(pgdata: Path) -> bool:
    """Stop the server on `pgdata` if it runs; True when one was stopped."""
    _prepare_runtime_dir()
    # pgserver creates one function per bundled binary at import time, which a type checker cannot see.
    from pgserver._commands import pg_ctl  # type: ignore[attr-defined]

    pgdata = pgdata.resolve()
    if not server_status(pgdata)["running"]:
        return False
    user = "pgserver" if os.geteuid() == 0 else None
    try:
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)
    except subprocess.CalledProcessError:
        return False
    handles = pgdata / ".handle_pids.json"
    if handles.exists():
        handles.write_text("[]")
    return True
