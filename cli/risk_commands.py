"""`arcopilot backtest` and `arcopilot model train`: the late-payment risk model from the command line."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from tools.risk.backtest import BacktestReport, run_backtest
from tools.risk.mappings import MAPPINGS, load_history

risk_app = typer.Typer(help="Late-payment risk model: backtest on a history file, train on the ledger.")
model_app = typer.Typer(help="The late-payment risk model stored in the database.", no_args_is_help=True)


@model_app.callback()
def _model_group() -> None:
    """Keeps `model` a group (`arcopilot model train`) even while it has one command."""


@risk_app.callback()
def _risk_group() -> None:
    """Keeps `backtest` and `train` subcommands of this app when it is used on its own."""


_METRICS = [
    ("auc", "AUC"),
    ("average_precision", "average precision"),
    ("precision_top20", "precision in top 20%"),
    ("late_days_captured_top20", "late days captured in top 20%"),
    ("brier", "Brier score (lower is better)"),
]


def _parse_date(value: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not an ISO date (YYYY-MM-DD)", param_hint=option) from None


@risk_app.command("backtest")
def backtest_command(
    history: Path = typer.Option(..., "--history", exists=True, dir_okay=False, help="Payment-history CSV."),
    mapping: str = typer.Option("ibm_ar", "--mapping", help=f"Column mapping: {', '.join(sorted(MAPPINGS))}."),
    cutoff: str = typer.Option(..., "--cutoff", help="Train before this date, score invoices issued on or after."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Compare the model with the customer late-rate heuristic on a time-ordered split."""
    try:
        loaded = load_history(history, mapping=mapping)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--mapping") from None
    report = run_backtest(loaded, cutoff=_parse_date(cutoff, "--cutoff"))
    if as_json:
        typer.echo(json.dumps(report.model_dump(mode="json"), indent=2))
        return
    _print_report(report)


def _print_report(report: BacktestReport) -> None:
    console = Console()
    console.print(
        f"cutoff {report.cutoff}: trained on {report.n_train} invoices ({report.train_late_share:.1%} late), "
        f"scored {report.n_test} ({report.test_late_share:.1%} late)"
    )
    console.print(f"model: {report.model_config_label}")
    table = Table("metric", "model", "late-rate heuristic")
    for key, label in _METRICS:
        table.add_row(label, f"{getattr(report.model, key):.3f}", f"{getattr(report.heuristic, key):.3f}")
    console.print(table)


@risk_app.command("train")
@model_app.command("train")
def train_command(
    as_of: str | None = typer.Option(None, "--as-of", help="Train on what the ledger knew at the end of this day."),
) -> None:
    """Train the risk model on the ledger and store it as a new version."""
    from cli.runtime import open_runtime
    from tools.risk.ledger_training import train_ledger_model

    day = _parse_date(as_of, "--as-of") if as_of else dt.datetime.now(dt.UTC).date()
    runtime = open_runtime()
    with runtime.session_factory.begin() as session:
        info = train_ledger_model(session, as_of=day)
    validation = info.metrics.get("validation", {})
    chosen = validation.get("chosen", {}) if isinstance(validation, dict) else {}
    typer.echo(
        f"stored risk model version {info.version}: {info.kind}"
        + (f" ({chosen.get('feature_set')} features)" if chosen else "")
        + f", trained through {info.trained_through}"
        + (f"; fallback: {info.metrics['fallback_reason']}" if "fallback_reason" in info.metrics else "")
    )
