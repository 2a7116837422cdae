"""`arcopilot eval …`: run the agent on a scenario dataset and gate on thresholds; review outcomes; compare runs.

Exit codes: 0 all thresholds met (and no regression against `--baseline`); 1 a threshold missed or a
regression; 2 a usage or dataset error.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from evals.compare import compare
from evals.markdown import render_comparison, render_report
from evals.report import EvalReport, load_report, save_report

eval_app = typer.Typer(
    help="Evals: run the agent on a scenario dataset and score it; review outcomes; compare runs.",
    invoke_without_command=True,
)
console = Console(stderr=True)


class DrafterChoice(StrEnum):
    template = "template"
    llm = "llm"


@eval_app.callback()
def eval_command(
    ctx: typer.Context,
    dataset: Path | None = typer.Option(None, "--dataset", help="Folder of scenario .json files."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON on stdout."),
    drafter: DrafterChoice = typer.Option(DrafterChoice.template, "--drafter", help="Which drafter writes."),
    baseline: Path | None = typer.Option(None, "--baseline", exists=True, dir_okay=False,
                                         help="A saved report to compare with; regressions fail the run."),
    save_baseline: Path | None = typer.Option(None, "--save-baseline", help="Save this run's report here."),
    report_dir: Path | None = typer.Option(None, "--report-dir", help="Write report JSON and Markdown here."),
    record: bool = typer.Option(True, "--record/--no-record", help="Store the run in the eval_run table."),
    judge: bool = typer.Option(True, "--judge/--no-judge", help="Add the model judge when a model is configured."),
) -> None:
    """Run the agent on every scenario (private sandbox database), score, and exit 1 below thresholds."""
    if ctx.invoked_subcommand is not None:
        return
    if dataset is None:
        console.print(ctx.get_help())
        typer.echo("error: --dataset is required", err=True)
        raise typer.Exit(2)
    report = _run(dataset, drafter=drafter.value, with_judge=judge)
    comparison = compare(load_report(baseline), report) if baseline else None
    if save_baseline:
        save_report(report, save_baseline)
        console.print(f"baseline saved to {save_baseline}")
    if report_dir:
        _write_reports(report, report_dir)
    if record:
        _record(report)
    if as_json:
        data = report.to_json()
        if comparison is not None:
            data["comparison"] = {**comparison.model_dump(mode="json"), "regressed": comparison.regressed}
        typer.echo(json.dumps(data, indent=2))
    else:
        _print_summary(report)
    if comparison is not None:
        console.print(render_comparison(comparison))
    if not report.passed or (comparison is not None and comparison.regressed):
        raise typer.Exit(1)


@eval_app.command("outcomes")
def outcomes_command(as_json: bool = typer.Option(False, "--json", help="Print the report as JSON.")) -> None:
    """Review outcomes on your database: approve-without-edit, edits, rejects, decision time, calibration."""
    from cli.runtime import open_runtime
    from evals.outcomes import load_outcomes, outcome_report

    runtime = open_runtime()
    with runtime.session_factory() as session:
        result = outcome_report(load_outcomes(session))
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
        return
    _print_outcomes(result)


@eval_app.command("compare")
def compare_command(
    baseline: Path = typer.Argument(..., exists=True, dir_okay=False, help="The earlier report (A)."),
    current: Path = typer.Argument(..., exists=True, dir_okay=False, help="The later report (B)."),
    as_json: bool = typer.Option(False, "--json", help="Print the comparison as JSON."),
) -> None:
    """What changed from A to B: scenarios that flipped and metrics that moved; exit 1 on a regression."""
    comparison = compare(load_report(baseline), load_report(current))
    if as_json:
        typer.echo(json.dumps({**comparison.model_dump(mode="json"), "regressed": comparison.regressed}, indent=2))
    else:
        typer.echo(render_comparison(comparison))
    if comparison.regressed:
        raise typer.Exit(1)


def _run(dataset: Path, *, drafter: str, with_judge: bool) -> EvalReport:
    from evals.dataset import DatasetError, load_dataset
    from evals.runner import dataset_name, run_eval
    from tools.embeddings import make_embedder
    from tools.settings import load_settings

    settings = load_settings()
    try:
        scenarios = load_dataset(dataset)
    except DatasetError as exc:
        for problem in exc.problems:
            typer.echo(f"error: {problem}", err=True)  # plain: a path must not be wrapped or read as markup
        raise typer.Exit(2) from exc
    if drafter == "llm" and not settings.llm_base_url:
        typer.echo("error: --drafter llm needs LLM_BASE_URL (an OpenAI-compatible endpoint)", err=True)
        raise typer.Exit(2)
    embedder = make_embedder(settings.embeddings_provider, base_url=settings.embeddings_base_url,
                             api_key=settings.embeddings_api_key.get_secret_value(), model=settings.embeddings_model)
    extra = [("llm_judge_tone", _judge_scorer(settings))] if with_judge and settings.llm_base_url else []

    def progress(index: int, total: int, score: Any) -> None:
        mark = "[green]pass[/green]" if score.passed else "[red]FAIL[/red]"
        console.print(f"[{index}/{total}] {score.id}: {mark}")

    return run_eval(scenarios, dataset=dataset_name(dataset), dataset_path=str(dataset),
                    drafter=_drafter(settings, drafter), drafter_name=drafter,
                    model=settings.llm_model if drafter == "llm" else None, embedder=embedder, extra_scorers=extra,
                    company_name=settings.company_name, payment_instructions=settings.payment_instructions,
                    progress=progress)


def _drafter(settings: Any, name: str) -> Any:
    from agent.drafters.template import TemplateDrafter

    if name == "template":
        return TemplateDrafter()
    from cli.agent_factory import make_drafter

    return make_drafter(settings)


def _judge_scorer(settings: Any) -> Any:
    from agent.drafters.llm import make_openai_client
    from agent.llm_judge import ToneJudge
    from evals.scorers.judge import JudgeToneScorer

    client = make_openai_client(settings.llm_base_url, settings.llm_api_key.get_secret_value(),
                                settings.llm_timeout_seconds)
    return JudgeToneScorer(ToneJudge(client, settings.llm_model, timeout=settings.llm_timeout_seconds,
                                     max_retries=settings.llm_max_retries))


def _write_reports(report: EvalReport, folder: Path) -> None:
    stem = f"eval-{report.dataset}-{report.drafter}"
    save_report(report, folder / f"{stem}.json")
    (folder / f"{stem}.md").write_text(render_report(report), encoding="utf-8")
    console.print(f"reports written to {folder / stem}.json and .md")


def _record(report: EvalReport) -> None:
    from cli.runtime import open_runtime
    from evals.runner import record_eval_run

    try:
        runtime = open_runtime()
        with runtime.session_factory.begin() as session:
            row_id = record_eval_run(session, report)
    except Exception as exc:  # noqa: BLE001 - a missing database must not lose the run's verdict
        console.print(f"[yellow]not recorded[/yellow] (no database: {type(exc).__name__}: {exc})")
        return
    console.print(f"recorded as eval_run {row_id}")


def _print_summary(report: EvalReport) -> None:
    out = Console()
    table = Table(title=f"{report.drafter} on {report.dataset}: {report.overall.passed}/{report.overall.scenarios} "
                        f"scenarios pass — {'PASSED' if report.passed else 'FAILED'}")
    for column in ("metric", "value", "minimum", ""):
        table.add_column(column)
    minimums = {t.metric: t for t in report.thresholds}
    for metric, value in report.metrics.items():
        rule = minimums.get(metric)
        verdict = "" if rule is None else ("ok" if rule.passed else "[red]below[/red]")
        table.add_row(metric, "–" if value is None else f"{value:.1%}", "" if rule is None else f"{rule.minimum:g}",
                      verdict)
    out.print(table)
    for score in report.scenarios:
        if not score.passed:
            failed = [r for r in score.results if r.applicable and not r.passed]
            out.print(f"[red]FAIL[/red] {score.id}: " + "; ".join(f"{r.name}: {r.details[0]}" for r in failed))


def _print_outcomes(result: Any) -> None:
    out = Console()
    rate = result.approve_without_edit_rate
    out.print(f"{result.drafts} drafts, {result.decided} decided ({result.approved} approved, {result.rejected} "
              f"rejected); approved without edit: {result.approved_without_edit}"
              + (f" ({rate:.1%} of approved)" if rate is not None else ""))
    if not result.decided:
        out.print("no approved or rejected drafts yet: nothing to measure or calibrate")
        return
    d, t = result.edit_distance, result.time_to_decision_hours
    out.print(f"edit distance: mean {d.mean}, median {d.median} over {d.count} edited drafts")
    out.print(f"time to decision (hours): mean {t.mean}, median {t.median}, p90 {t.p90}")
    reasons = Table(title="Reject reasons")
    for column in ("tier", "action", "reason", "count"):
        reasons.add_column(column)
    for r in result.reject_reasons:
        reasons.add_row(r.tier, r.action, r.reason, str(r.count))
    out.print(reasons)
    bins = Table(title=f"Calibration (Brier {result.brier}, ECE {result.expected_calibration_error})")
    for column in ("confidence", "drafts", "mean confidence", "approved without edit", "gap"):
        bins.add_column(column)
    for b in result.reliability:
        if b.count:
            bins.add_row(f"{b.lower:.1f}–{b.upper:.1f}", str(b.count), f"{b.mean_confidence:.2f}",
                         f"{b.observed_rate:.2f}", f"{b.gap:+.2f}")
    out.print(bins)
    out.print(f"recalibration: {result.recalibration.recommendation}")
