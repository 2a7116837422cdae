"""`arcopilot backtest` and `arcopilot model train` through the Typer apps the main CLI mounts."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from cli.risk_commands import model_app, risk_app
from tests.tools.risk.helpers import seed_ledger, synthetic_history
from tools.models import RiskModel

runner = CliRunner()


def _canonical_csv(tmp_path: Path) -> Path:
    history = synthetic_history(customers=25, invoices_per_customer=24, seed=21, start=dt.date(2023, 1, 1))
    path = tmp_path / "history.csv"
    history.invoices.to_csv(path, index=False, date_format="%Y-%m-%d")
    return path


def test_backtest_prints_both_scores_as_json(tmp_path: Path) -> None:
    path = _canonical_csv(tmp_path)
    result = runner.invoke(
        risk_app, ["backtest", "--history", str(path), "--mapping", "canonical", "--cutoff", "2023-12-01", "--json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    for side in ("model", "heuristic"):
        assert set(report[side]) == {"auc", "average_precision", "precision_top20", "late_days_captured_top20", "brier"}
        assert 0.5 < report[side]["auc"] <= 1.0
    assert report["cutoff"] == "2023-12-01"
    assert report["n_train"] > 200


def test_backtest_table_and_bad_input(tmp_path: Path) -> None:
    path = _canonical_csv(tmp_path)
    table = runner.invoke(
        risk_app, ["backtest", "--history", str(path), "--mapping", "canonical", "--cutoff", "2023-12-01"]
    )
    assert table.exit_code == 0, table.output
    assert "late days captured in top 20%" in table.output
    unknown = runner.invoke(
        risk_app, ["backtest", "--history", str(path), "--mapping", "nope", "--cutoff", "2023-12-01"]
    )
    assert unknown.exit_code != 0 and "unknown mapping" in unknown.output
    bad_date = runner.invoke(
        risk_app, ["backtest", "--history", str(path), "--mapping", "canonical", "--cutoff", "12/1/23"]
    )
    assert bad_date.exit_code != 0 and "ISO date" in bad_date.output


def test_model_train_stores_a_new_version(
    fresh_database_url: str, fresh_session_factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    history = synthetic_history(
        customers=30, invoices_per_customer=16, seed=11, start=dt.date(2024, 1, 1), end=dt.date(2024, 9, 1)
    )
    with fresh_session_factory.begin() as session:
        seed_ledger(session, history)
    monkeypatch.setenv("DATABASE_URL", fresh_database_url)
    result = runner.invoke(model_app, ["train", "--as-of", "2024-09-01"])
    assert result.exit_code == 0, result.output
    assert "stored risk model version 1" in result.output
    with fresh_session_factory() as session:
        row = session.scalars(select(RiskModel)).one()
    assert row.trained_through == dt.date(2024, 9, 1)
    assert row.kind in {"logistic", "gradient_boosting", "rules"}
    assert row.blob
