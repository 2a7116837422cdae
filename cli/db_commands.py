"""`arcopilot db up|down|status|reset`."""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import func, select

from cli.runtime import open_runtime
from tools.embedded_pg import APP_DATABASE, server_status, start_server, stop_server
from tools.migrate import current_revision
from tools.models import Base
from tools.settings import load_settings

db_app = typer.Typer(help="The database: the embedded server, migrations, counts.", no_args_is_help=True)
console = Console()


@db_app.command("up")
def db_up() -> None:
    """Start the embedded server (if DATABASE_URL is unset) and migrate; it keeps running until `db down`."""
    settings = load_settings()
    if not settings.database_url:
        start_server(settings.pgdata_dir, keep_running=True)
    runtime = open_runtime(settings)
    console.print(f"database ready at revision {current_revision(runtime.engine)}")


@db_app.command("migrate")
def db_migrate() -> None:
    """Bring the schema to the newest revision (the one-shot `migrate` service of docker-compose)."""
    runtime = open_runtime()
    console.print(f"database at revision {current_revision(runtime.engine)}")


@db_app.command("down")
def db_down() -> None:
    """Stop the embedded server."""
    settings = load_settings()
    if settings.database_url:
        console.print("DATABASE_URL is set: the external server is not ours to stop")
        raise typer.Exit(1)
    stopped = stop_server(settings.pgdata_dir)
    console.print("stopped" if stopped else "the embedded server was not running")


@db_app.command("status")
def db_status(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Server state, schema revision and row counts per table."""
    settings = load_settings()
    runtime = open_runtime(settings)
    counts: dict[str, int] = {}
    with runtime.session_factory() as session:
        for table in Base.metadata.sorted_tables:
            counts[table.name] = int(session.scalar(select(func.count()).select_from(table)) or 0)
    status = {
        "database": "external" if settings.database_url else "embedded",
        "embedded": None if settings.database_url else server_status(settings.pgdata_dir),
        "revision": current_revision(runtime.engine),
        "counts": counts,
    }
    if as_json:
        typer.echo(json.dumps(status, indent=2, default=str))
        return
    report = Table("table", "rows", title=f"{status['database']} database at revision {status['revision']}")
    for name, count in counts.items():
        report.add_row(name, str(count))
    console.print(report)


@db_app.command("reset")
def db_reset(yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation.")) -> None:
    """Delete every row of the embedded database and start again from the migrations."""
    settings = load_settings()
    if settings.database_url:
        console.print("refusing to reset an external DATABASE_URL; drop it with your own tools")
        raise typer.Exit(1)
    if not yes and not typer.confirm(f"Delete all data in the embedded database at {settings.pgdata_dir.resolve()}?"):
        raise typer.Exit(1)
    server = start_server(settings.pgdata_dir)
    # Drop and recreate the application database on the running server: no re-initialisation of the
    # data directory, and nothing else (other databases, the server's own files) is touched.
    server.psql(f"DROP DATABASE IF EXISTS {APP_DATABASE} WITH (FORCE);")
    server.psql(f"CREATE DATABASE {APP_DATABASE};")
    open_runtime(settings)
    console.print("database reset and migrated")
