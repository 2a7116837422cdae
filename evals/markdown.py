"""Readable Markdown for eval reports and comparisons."""

from __future__ import annotations

from collections.abc import Iterable

from evals.aggregate import RATE_METRICS, GroupSummary
from evals.compare import Comparison
from evals.report import EvalReport

SCORER_ORDER = tuple(RATE_METRICS.values())


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def _cell(text: object) -> str:
    return str(text).replace("|", "/").replace("\n", " ")


def _table(header: Iterable[str], rows: Iterable[Iterable[object]]) -> list[str]:
    head = list(header)
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def _scorers(groups: Iterable[GroupSummary]) -> list[str]:
    seen = {name for g in groups for name in g.by_scorer}
    return [name for name in SCORER_ORDER if name in seen]


def _group_rows(groups: dict[str, GroupSummary], names: list[str]) -> list[list[object]]:
    rows: list[list[object]] = []
    for key, group in groups.items():
        cells = [f"{r.passed}/{r.total}" if (r := group.by_scorer.get(n)) else "–" for n in names]
        rows.append([key, f"{group.passed}/{group.scenarios}", *cells])
    return rows


def render_report(report: EvalReport) -> str:
    """The whole report: verdict, thresholds, metrics, aggregates by action and tier, per-scenario detail."""
    verdict = "PASSED" if report.passed else "FAILED"
    model = f" ({report.model})" if report.model else ""
    lines = [f"# Eval: {report.drafter}{model} drafter on `{report.dataset}` — {verdict}", "",
             f"{report.overall.passed}/{report.overall.scenarios} scenarios pass every scorer. "
             f"Dataset `{report.dataset_path}`, run {report.started_at:%Y-%m-%d %H:%M:%S %Z} "
             f"({(report.finished_at - report.started_at).total_seconds():.0f} s).", "", "## Thresholds", ""]
    lines += _table(["metric", "minimum", "value", "result", "why"],
                    [[t.metric, f"{t.minimum:g}", _pct(t.value),
                      "not measured" if t.value is None else ("pass" if t.passed else "**FAIL**"), t.why]
                     for t in report.thresholds])
    lines += ["", "## Metrics", ""]
    lines += _table(["metric", "value"], [[k, _pct(v)] for k, v in report.metrics.items()])
    names = _scorers([report.overall, *report.by_action.values()])
    header = ["group", "all scorers", *names]
    lines += ["", "## By expected action", ""] + _table(header, _group_rows(report.by_action, names))
    lines += ["", "## By expected tier", ""] + _table(header, _group_rows(report.by_tier, names))
    lines += ["", "## Per scenario", ""]
    lines += _table(["scenario", "expected", "got", "confidence", "failed scorers"],
                    [[s.id, f"{s.expected['action']} {s.expected['tier'] or ''}",
                      f"{s.got.get('action', 'error')} {s.got.get('tier') or ''}", s.got.get("confidence", "–"),
                      ", ".join(r.name for r in s.results if r.applicable and not r.passed) or "–"]
                     for s in report.scenarios])
    failing = [s for s in report.scenarios if not s.passed]
    if failing:
        lines += ["", "## Failures in detail", ""]
        for s in failing:
            lines += [f"### {s.id}", "", s.description, ""]
            if s.error:
                lines.append(f"- agent error: {s.error}")
            for r in s.results:
                if r.applicable and not r.passed:
                    lines += [f"- **{r.name}** ({r.score:.2f}): " + "; ".join(r.details)]
            if s.body:
                lines += ["", "<details><summary>draft</summary>", "", "```text", f"Subject: {s.subject}", "",
                          s.body.rstrip(), "```", "</details>"]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def render_comparison(comparison: Comparison) -> str:
    """What changed between two runs, regressions first."""
    verdict = "REGRESSED" if comparison.regressed else "no regressions"
    lines = [f"# Eval comparison — {verdict}", "", f"- baseline: {comparison.baseline}",
             f"- current: {comparison.current}", ""]
    if comparison.regressions:
        lines += ["## Regressions (pass → fail)", ""]
        lines += _table(["scenario", "scorer", "now"],
                        [[c.scenario, c.scorer, c.detail] for c in comparison.regressions])
        lines.append("")
    if comparison.metric_drops:
        lines += ["## Metrics that dropped", ""]
        lines += _table(["metric", "before", "after", "change"],
                        [[m.metric, _pct(m.before), _pct(m.after), f"{m.delta:+.1%}" if m.delta is not None else "–"]
                         for m in comparison.metric_drops])
        lines.append("")
    if comparison.newly_failed_thresholds:
        lines += ["## Thresholds newly missed", "", *[f"- {m}" for m in comparison.newly_failed_thresholds], ""]
    if comparison.improvements:
        lines += ["## Improvements (fail → pass)", ""]
        lines += _table(["scenario", "scorer", "now"],
                        [[c.scenario, c.scorer, c.detail] for c in comparison.improvements])
        lines.append("")
    if comparison.metric_gains:
        lines += ["## Metrics that rose", ""]
        lines += _table(["metric", "before", "after"], [[m.metric, _pct(m.before), _pct(m.after)]
                                                         for m in comparison.metric_gains])
        lines.append("")
    for title, ids in (("Only in the baseline", comparison.only_in_baseline),
                       ("Only in the current run", comparison.only_in_current)):
        if ids:
            lines += [f"## {title}", "", ", ".join(ids), ""]
    return "\n".join(lines).rstrip() + "\n"
