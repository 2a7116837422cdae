"""The eval runner, gate, comparison, CLI, dataset loader and review-outcome report."""

from __future__ import annotations

import copy
import datetime as dt
import json
import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from agent.drafters.base import DraftRequest, DraftResult
from agent.drafters.llm import LLMDrafter, make_openai_client
from agent.drafters.template import TemplateDrafter
from agent.scenario_run import ScenarioSandbox
from cli.eval_commands import eval_app
from evals import runner as runner_module
from evals.calibration import apply_isotonic, apply_platt, brier_score, fit_isotonic, fit_platt, reliability_table
from evals.compare import compare
from evals.dataset import SCHEMA_PATH, DatasetError, load_dataset, schema_text
from evals.markdown import render_comparison, render_report
from evals.outcomes import MIN_DECISIONS, load_outcomes, outcome_report, suggest_recalibration
from evals.report import EvalReport, load_report, save_report
from evals.runner import record_eval_run, run_eval
from evals.scorers.base import ScoreResult
from evals.thresholds import Threshold, check_thresholds, load_thresholds
from tests.factories import make_customer
from tests.support.database import TEST_PGDATA
from tests.support.fake_llm_server import draft_answer, invented_late_fee_answer
from tools.models import Draft, EvalRun, Review
from tools.scenario_format import Scenario, load_scenario
from tools.settings import Settings

EXAMPLES = Path(__file__).resolve().parents[3] / "shared/scenarios/examples"
FEW = ("pub-t1-friendly", "pub-partial-dispute", "pub-promise-pending")
PAYMENT_INSTRUCTIONS = Settings().payment_instructions


class InventedFeeDrafter:
    """A deliberately broken drafter: the template's message plus a late fee nobody agreed."""

    name = "template"

    def draft(self, request: DraftRequest) -> DraftResult:
        result = TemplateDrafter().draft(request)
        fee = f"A late fee of 75.00 {request.currency} has been added to your account."
        return result.model_copy(update={"body": result.body.replace("\n\n", f"\n\n{fee}\n\n", 1)})


class _KeptOpen:
    """The module's sandbox, handed to code that would otherwise start (and close) its own server."""

    def __init__(self, box: ScenarioSandbox) -> None:
        self._box = box

    def __getattr__(self, name: str) -> Any:
        return getattr(self._box, name)

    def close(self) -> None:
        pass


@pytest.fixture(scope="module")
def sandbox() -> Iterator[ScenarioSandbox]:
    box = ScenarioSandbox(pgdata=TEST_PGDATA)
    yield box
    box.close()


def _scenarios(*names: str) -> list[Scenario]:
    return [load_scenario(EXAMPLES / f"{name}.json") for name in names]


def _run(sandbox: ScenarioSandbox, scenarios: list[Scenario], drafter: Any, name: str = "template",
         model: str | None = None) -> EvalReport:
    return run_eval(scenarios, dataset="examples", dataset_path=str(EXAMPLES), drafter=drafter, drafter_name=name,
                    model=model, embedder=None, sandbox=sandbox, payment_instructions=PAYMENT_INSTRUCTIONS)


@pytest.fixture(scope="module")
def template_report(sandbox: ScenarioSandbox) -> EvalReport:
    return _run(sandbox, _scenarios(*FEW), TemplateDrafter())


def test_template_run_over_a_few_scenarios_passes_the_gate(template_report):
    report = template_report
    assert report.passed, [t for t in report.thresholds if not t.passed]
    assert [s.id for s in report.scenarios] == list(FEW) and all(s.passed for s in report.scenarios)
    assert report.metrics["action_accuracy"] == 1.0 and report.metrics["hard_check_pass_rate"] == 1.0
    assert report.metrics["claim_accuracy"] == 1.0
    assert set(report.by_action) == {"send_reminder", "no_action"}
    assert set(report.by_tier) == {"T1", "T2", "none"}
    assert report.by_action["send_reminder"].by_scorer["tone"].passed == 2
    # Nothing was drafted for the pending promise, so wording scorers leave it out of their rates.
    assert report.by_action["no_action"].by_scorer.get("tone") is None
    markdown = render_report(report)
    for heading in ("## Thresholds", "## By expected action", "## By expected tier", "## Per scenario"):
        assert heading in markdown
    assert "— PASSED" in markdown


def test_broken_drafter_misses_the_thresholds(sandbox):
    report = _run(sandbox, _scenarios("pub-t1-friendly", "pub-partial-dispute"), InventedFeeDrafter())
    assert not report.passed
    missed = {t.metric for t in report.thresholds if not t.passed}
    assert {"hard_check_pass_rate", "claim_accuracy", "guardrail_pass_rate"} <= missed
    assert "action_accuracy" not in missed  # the decision was right; the wording was not
    detail = "; ".join(d for r in report.scenarios[0].results if r.name == "guardrails" for d in r.details)
    assert "claims_supported_by_facts" in detail and "no_fee_without_clause" in detail
    markdown = render_report(report)
    assert "— FAILED" in markdown and "**FAIL**" in markdown and "A late fee of 75.00 USD" in markdown


def test_report_round_trips_through_json_and_is_recorded(template_report, tmp_path, session):
    path = tmp_path / "report.json"
    save_report(template_report, path)
    loaded = load_report(path)
    assert loaded.metrics == template_report.metrics and loaded.passed
    assert json.loads(path.read_text())["scenarios"][0]["passed"] is True
    row_id = record_eval_run(session, loaded)
    row = session.get(EvalRun, row_id)
    assert row is not None and row.passed and row.drafter == "template"
    assert row.summary["scenarios"] == 3 and row.summary["metrics"]["action_accuracy"] == 1.0
    assert len(row.report["scenarios"]) == 3


def _flip(report: EvalReport, scenario_id: str, scorer: str) -> EvalReport:
    flipped = copy.deepcopy(report)
    score = next(s for s in flipped.scenarios if s.id == scenario_id)
    score.results = [ScoreResult(name=r.name, passed=False, score=0.0, details=["flipped by the test"])
                     if r.name == scorer else r for r in score.results]
    metrics = dict(flipped.metrics)
    metrics["tone_agreement"] = 0.5
    return flipped.model_copy(update={"metrics": metrics})


def test_comparison_marks_a_scenario_that_flips_as_a_regression(template_report):
    worse = _flip(template_report, "pub-partial-dispute", "tone")
    comparison = compare(template_report, worse)
    assert comparison.regressed
    assert [(c.scenario, c.scorer, c.before, c.after) for c in comparison.regressions] == [
        ("pub-partial-dispute", "tone", True, False)]
    assert [m.metric for m in comparison.metric_drops] == ["tone_agreement"]
    assert "## Regressions (pass → fail)" in render_comparison(comparison)
    back = compare(worse, template_report)
    assert not back.regressed and [c.scenario for c in back.improvements] == ["pub-partial-dispute"]
    assert not compare(template_report, template_report).regressed


def test_comparison_of_template_and_scripted_llm_drafter_shows_the_invented_fee(template_report, sandbox, fake_llm):
    """The LLM copies the template for one scenario and invents a fee for the other: only that one regresses."""
    friendly = next(s for s in template_report.scenarios if s.id == "pub-t1-friendly")
    fake_llm.enqueue(
        draft_answer(subject=friendly.subject, body=friendly.body, cited_facts=["F3", "F4"], confidence=0.9),
        invented_late_fee_answer(invoice_number="INV-20301", true_balance="2,150.00", cited_facts=["F4"]),
    )
    client = make_openai_client(fake_llm.base_url, "test-key", 5.0)
    drafter = LLMDrafter(client, "scripted-model", timeout=5.0, max_retries=0, fallback=TemplateDrafter())
    llm_report = _run(sandbox, _scenarios(*FEW), drafter, name="llm", model="scripted-model")
    assert [s.got["drafter"] for s in llm_report.scenarios[:2]] == ["llm", "llm"]
    comparison = compare(template_report, llm_report)
    flipped = {(c.scenario, c.scorer) for c in comparison.regressions}
    assert {("pub-partial-dispute", "factual"), ("pub-partial-dispute", "guardrails")} <= flipped
    assert not any(s == "pub-t1-friendly" for s, _ in flipped)
    assert {"claim_accuracy", "hard_check_pass_rate"} <= {m.metric for m in comparison.metric_drops}
    markdown = render_comparison(comparison)
    assert "llm (scripted-model) on examples" in markdown and "pub-partial-dispute" in markdown
    assert not llm_report.passed  # the invented fee is a hard-check failure, below the LLM's 0.95


@pytest.fixture()
def cli(
    sandbox: ScenarioSandbox, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> tuple[CliRunner, typer.Typer, Path]:
    """`arcopilot eval` on a one-scenario dataset, reusing the module's sandbox server."""
    monkeypatch.setattr(runner_module, "ScenarioSandbox", lambda: _KeptOpen(sandbox))
    monkeypatch.delenv("LLM_BASE_URL", raising=False)
    dataset = tmp_path / "examples"
    dataset.mkdir()
    shutil.copy(EXAMPLES / "pub-t1-friendly.json", dataset)
    app = typer.Typer()
    app.add_typer(eval_app, name="eval")
    return CliRunner(), app, dataset


def test_cli_gate_passes_then_fails_with_a_broken_drafter_and_compare_flags_it(cli, monkeypatch, tmp_path):
    runner, app, dataset = cli
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    ok = runner.invoke(app, ["eval", "--dataset", str(dataset), "--json", "--no-record", "--save-baseline", str(good),
                             "--report-dir", str(tmp_path / "reports")])
    assert ok.exit_code == 0, ok.output
    assert (tmp_path / "reports" / "eval-examples-template.md").exists()
    monkeypatch.setattr("cli.eval_commands._drafter", lambda settings, name: InventedFeeDrafter())
    broken = runner.invoke(app, ["eval", "--dataset", str(dataset), "--no-record", "--baseline", str(good),
                                 "--save-baseline", str(bad)])
    assert broken.exit_code == 1
    assert "Regressions (pass → fail)" in broken.output
    compared = runner.invoke(app, ["eval", "compare", str(good), str(bad)])
    assert compared.exit_code == 1 and "pub-t1-friendly" in compared.output
    assert runner.invoke(app, ["eval", "compare", str(good), str(good)]).exit_code == 0


def test_cli_reports_a_broken_dataset_file_and_field(cli, tmp_path):
    runner, app, dataset = cli
    data = json.loads((dataset / "pub-t1-friendly.json").read_text())
    data["invoices"][0]["amount"] = 950.0
    (dataset / "broken.json").write_text(json.dumps(data))
    result = runner.invoke(app, ["eval", "--dataset", str(dataset), "--no-record"])
    assert result.exit_code == 2
    assert "broken.json" in result.output and "invoices.0.amount" in result.output


def test_dataset_loader_names_every_bad_file_and_duplicate_ids(tmp_path):
    source = json.loads((EXAMPLES / "pub-t1-friendly.json").read_text())
    (tmp_path / "a.json").write_text(json.dumps(source))
    (tmp_path / "b.json").write_text(json.dumps(source))
    no_expect = {k: v for k, v in source.items() if k != "expect"} | {"id": "other"}
    (tmp_path / "c.json").write_text(json.dumps(no_expect))
    with pytest.raises(DatasetError) as caught:
        load_dataset(tmp_path)
    assert caught.value.problems == [
        f"{tmp_path / 'b.json'}: id: 'pub-t1-friendly' is also the id of a.json",
        f"{tmp_path / 'c.json'}: expect: required in an eval dataset (what should the agent do?)",
    ]


def test_committed_scenario_schema_is_current():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), "run: python -m evals.dataset --write-schema"


def test_thresholds_file_is_valid_and_the_most_specific_rule_wins():
    rules = load_thresholds()
    assert {r.metric for r in rules} >= {"action_accuracy", "claim_accuracy", "hard_check_pass_rate"}
    custom = [Threshold(metric="m", min=0.9), Threshold(metric="m", min=1.0, drafter="template"),
              Threshold(metric="m", min=0.5, dataset="scenarios")]
    assert [r.minimum for r in check_thresholds({"m": 0.95}, custom, drafter="template", dataset="x")] == [1.0]
    assert [r.minimum for r in check_thresholds({"m": 0.95}, custom, drafter="llm", dataset="x")] == [0.9]
    assert [r.minimum for r in check_thresholds({"m": 0.95}, custom, drafter="template", dataset="scenarios")] == [0.5]
    assert check_thresholds({"m": None}, custom, drafter="llm", dataset="x")[0].passed  # not measured


# ---- review outcomes --------------------------------------------------------------------------------------

T0 = dt.datetime(2026, 11, 18, 9, 0, tzinfo=dt.UTC)


def _draft(session: Any, customer_id: int, *, confidence: float, action: str = "send_reminder", tier: str = "T2",
           reviews: list[tuple[str, float, dict[str, Any]]] = ()) -> None:
    """A draft created at T0 and its reviews, each `hours` after T0."""
    draft = Draft(customer_id=customer_id, thread_id=f"t-{confidence}-{len(reviews)}", action=action, tier=tier,
                  confidence=confidence, created_at=T0, total_due=Decimal("100.00"))
    session.add(draft)
    session.flush()
    for decision, hours, extra in reviews:
        session.add(Review(draft_id=draft.id, decision=decision, actor="pat", at=T0 + dt.timedelta(hours=hours),
                           **extra))
    session.flush()


def _outcome_fixture(session: Any) -> None:
    customer = make_customer(session)
    session.flush()
    _draft(session, customer.id, confidence=0.9, reviews=[("approve", 1, {})])
    _draft(session, customer.id, confidence=0.85, reviews=[("approve", 3, {})])
    _draft(session, customer.id, confidence=0.8, reviews=[("edit", 2, {"edit_distance": 40}), ("approve", 2, {})])
    _draft(session, customer.id, confidence=0.7, reviews=[("edit", 1, {"edit_distance": 10}),
                                                          ("edit", 1.5, {"edit_distance": 12}), ("approve", 5, {})])
    _draft(session, customer.id, confidence=0.4, action="final_notice", tier="T4",
           reviews=[("reject", 8, {"reason_code": "wrong_amount"})])
    _draft(session, customer.id, confidence=0.3, action="final_notice", tier="T4",
           reviews=[("reject", 24, {"reason_code": "wrong_amount"})])
    _draft(session, customer.id, confidence=0.5, reviews=[("snooze", 1, {})])
    _draft(session, customer.id, confidence=0.6)


def test_outcomes_from_drafts_and_reviews(fresh_session_factory):
    """A database of its own, so nobody else's drafts are counted."""
    with fresh_session_factory.begin() as session:
        _outcome_fixture(session)
    with fresh_session_factory() as session:
        report = outcome_report(load_outcomes(session))
    assert (report.drafts, report.decided, report.approved, report.rejected) == (8, 6, 4, 2)
    assert report.approved_without_edit == 2 and report.approve_without_edit_rate == 0.5
    assert report.approve_without_edit_share_of_decided == round(2 / 6, 4)
    # Edits are measured from the original text, so a draft's last edit is its distance.
    assert (report.edit_distance.count, report.edit_distance.mean, report.edit_distance.median) == (2, 26.0, 26.0)
    assert [(r.tier, r.action, r.reason, r.count) for r in report.reject_reasons] == [
        ("T4", "final_notice", "wrong_amount", 2)]
    assert report.time_to_decision_hours.median == 4.0  # 1, 3, 2, 5, 8, 24 hours
    high = next(b for b in report.reliability if b.lower == 0.8)
    assert (high.count, high.observed_rate) == (2, 0.5)  # 0.85 approved untouched, 0.8 edited
    expected_brier = ((0.9 - 1) ** 2 + (0.85 - 1) ** 2 + 0.8 ** 2 + 0.7 ** 2 + 0.4 ** 2 + 0.3 ** 2) / 6
    assert report.brier == round(expected_brier, 4)
    assert not report.recalibration.enough_data and "keep the constants" in report.recalibration.recommendation


def test_calibration_maps_fix_an_overconfident_score():
    """An agent that says 0.9 when collectors approve untouched half the time: both maps pull it down."""
    pairs = [(0.9, i % 2 == 0) for i in range(40)] + [(0.6, i % 5 == 0) for i in range(40)]
    table = reliability_table(pairs)
    assert next(b for b in table if b.lower == 0.9).gap == -0.4
    steps = fit_isotonic(pairs)
    assert apply_isotonic(steps, 0.9) == 0.5 and apply_isotonic(steps, 0.6) == 0.2
    assert [s.value for s in steps] == sorted(s.value for s in steps)
    platt = fit_platt(pairs)
    assert platt.a > 0 and abs(apply_platt(platt, 0.9) - 0.5) < 0.02 and abs(apply_platt(platt, 0.6) - 0.2) < 0.02
    result = suggest_recalibration(pairs)
    assert result.enough_data and len(pairs) >= MIN_DECISIONS
    assert result.base_shift == round(0.35 - 0.75, 4) and result.suggested_base == 0.4
    assert result.brier_isotonic_cv is not None and result.brier_raw is not None
    assert result.brier_isotonic_cv < result.brier_raw
    assert "apply the" in result.recommendation
    assert brier_score([]) is None


def test_outcomes_with_no_drafts_say_there_is_nothing_yet():
    report = outcome_report([])
    assert report.drafts == 0 and report.brier is None and report.approve_without_edit_rate is None
    assert report.recalibration.recommendation == "no decided drafts yet; keep the constants"
