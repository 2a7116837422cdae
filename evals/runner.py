"""Run the agent on every scenario of a dataset, score each proposal, aggregate, and hold it to the gate.

One sandbox server for the whole run, a fresh database per scenario (that is what `run_scenario` does), so a
scenario never sees another's data and the user's database is never touched.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from agent.drafters.base import Drafter
from agent.scenario_run import ScenarioSandbox, run_scenario
from evals.report import EvalReport, build_report
from evals.scorers.base import Scorer
from evals.scoring import DETERMINISTIC_NAMES, ScenarioScore, deterministic_scorers, failed_run, score_output
from evals.thresholds import Threshold, load_thresholds
from tools.embeddings import Embedder
from tools.models import EvalRun
from tools.scenario_format import Scenario

Progress = Callable[[int, int, ScenarioScore], None]


def run_eval(
    scenarios: Sequence[Scenario], *, dataset: str, dataset_path: str, drafter: Drafter, drafter_name: str,
    embedder: Embedder | None, model: str | None = None, sandbox: ScenarioSandbox | None = None,
    extra_scorers: Sequence[tuple[str, Scorer]] = (), thresholds: list[Threshold] | None = None,
    company_name: str = "OurCo", payment_instructions: str = "", progress: Progress | None = None,
) -> EvalReport:
    """Run, score and gate every scenario; the sandbox is made (and closed) here unless one is given."""
    started = dt.datetime.now(dt.UTC)
    configured = [company_name, payment_instructions]
    scorers = [*deterministic_scorers(configured=configured), *(s for _, s in extra_scorers)]
    names = [*DETERMINISTIC_NAMES, *(n for n, _ in extra_scorers)]
    box = sandbox or ScenarioSandbox()
    scores: list[ScenarioScore] = []
    try:
        for index, scenario in enumerate(scenarios, start=1):
            clock = time.perf_counter()
            try:
                output = run_scenario(box, scenario, drafter=drafter, embedder=embedder, company_name=company_name,
                                      payment_instructions=payment_instructions)
            except Exception as error:  # noqa: BLE001 - one broken scenario must not hide the others' results
                score = failed_run(scenario, f"{type(error).__name__}: {error}", names)
            else:
                score = score_output(scenario, output, scorers, seconds=time.perf_counter() - clock)
            scores.append(score)
            if progress is not None:
                progress(index, len(scenarios), score)
    finally:
        if sandbox is None:
            box.close()
    return build_report(scores, dataset=dataset, dataset_path=dataset_path, drafter=drafter_name, model=model,
                        started_at=started, finished_at=dt.datetime.now(dt.UTC),
                        thresholds=load_thresholds() if thresholds is None else thresholds)


def dataset_name(folder: Path) -> str:
    """The name thresholds key on: the dataset folder's own name ("scenarios", "examples")."""
    return folder.resolve().name


def record_eval_run(session: Session, report: EvalReport) -> int:
    """Store the run in eval_run for the Evals page (the caller commits); returns the row id."""
    row = EvalRun(started_at=report.started_at, dataset=report.dataset_path[:300], drafter=report.drafter,
                  passed=report.passed, summary=report.summary(), report=report.to_json())
    session.add(row)
    session.flush()
    return row.id
