"""`arcopilot import FILE...`: scenario JSON files, CSV and XLSX exports; each file all-or-nothing."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console

from cli.runtime import open_runtime
from tools.importers.errors import ImportFileError
from tools.importers.scenario import import_scenario_file

console = Console(stderr=True)


def import_command(
    files: list[Path] = typer.Argument(..., help="Scenario .json files, or .csv/.xlsx exports with --kind."),
    kind: str = typer.Option("scenario", help="scenario | customers | invoices | payments"),
    mapping: str = typer.Option("generic", help="Column mapping: a preset name or a mapping .json file."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON summary."),
) -> None:
    """Import files; a file with any error writes nothing and the error names file, row and column."""
    runtime = open_runtime()
    results: list[dict[str, object]] = []
    failed = 0
    for path in files:
        try:
            with runtime.session_factory.begin() as session:
                if kind == "scenario" and path.suffix.lower() == ".json":
                    summary = import_scenario_file(session, path, embedder=runtime.embedder).model_dump()
                else:
                    from tools.importers.tabular import import_table_file

                    summary = import_table_file(
                        session, path, kind=kind, mapping=mapping, embedder=runtime.embedder
                    ).model_dump()
            results.append({"file": str(path), "ok": True, **summary})
            if not as_json:
                console.print(f"[green]imported[/green] {path}")
        except ImportFileError as exc:
            failed += 1
            results.append({"file": str(path), "ok": False, "error": str(exc)})
            console.print(f"[red]error[/red] {exc}")
    if as_json:
        typer.echo(json.dumps(results, indent=2, default=str))
    if failed:
        raise typer.Exit(1)
