"""`arcopilot run`, `arcopilot review …`, `arcopilot outbox …`: the agent from the command line."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cli.runtime import open_runtime
from tools.drafts import QueueFilter, get_draft, list_queue
from tools.outbox import deliver_due, run_worker

console = Console()
review_app = typer.Typer(help="Work the review queue from the terminal.", no_args_is_help=True)
outbox_app = typer.Typer(help="Deliver approved messages.", no_args_is_help=True)


def parse_as_of(value: str | None) -> dt.datetime | None:
    """'2026-11-18' or an ISO timestamp; a bare date means noon UTC that day."""
    if value is None:
        return None
    parsed = dt.datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(hour=parsed.hour or 12, tzinfo=dt.UTC)
    return parsed


def run_command(
    customer: list[str] = typer.Option(None, "--customer", help="Customer external id (repeatable)."),
    as_of: str = typer.Option(None, "--as-of", help="Plan as of this date or timestamp (default: now)."),
) -> None:
    """Plan and draft across the portfolio, leaving drafts in the review queue."""
    from cli.agent_factory import make_agent

    runtime = open_runtime()
    agent = make_agent(runtime)
    when = parse_as_of(as_of)
    ids = None
    if customer:
        from sqlalchemy import select

        from tools.models import Customer

        with runtime.session_factory() as session:
            ids = list(session.scalars(select(Customer.id).where(Customer.external_id.in_(customer))))
        if len(ids) != len(set(customer)):
            console.print("[red]unknown customer id(s)[/red]")
            raise typer.Exit(2)
    try:
        counts = run_with_progress(agent, as_of=when, customer_ids=ids)
    finally:
        agent.close()
    console.print("outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))


def run_with_progress(agent: object, *, as_of: dt.datetime | None, customer_ids: list[int] | None) -> dict[str, int]:
    """Run the portfolio with a progress bar."""
    with Progress(TextColumn("planning and drafting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console) as bar:
        task = bar.add_task("run", total=None)

        def tick(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        return agent.run_portfolio(as_of=as_of, customer_ids=customer_ids, progress=tick)  # type: ignore[attr-defined,no-any-return]


@review_app.command("list")
def review_list(
    status: str = typer.Option("pending_review", help="Draft status."),
    limit: int = typer.Option(20, help="How many."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """The queue in priority order."""
    runtime = open_runtime()
    with runtime.session_factory() as session:
        drafts, total = list_queue(session, filters=QueueFilter(status=[status], limit=limit))
    if as_json:
        typer.echo(json.dumps([d.model_dump(mode="json", exclude={"facts", "body", "original_body"})
                               for d in drafts], indent=2))
        return
    table = Table("id", "customer", "action", "tier", "amount", "conf.", "checks", "manager",
                  title=f"{total} drafts {status}")
    for d in drafts:
        hard = sum(1 for c in d.checks if c["severity"] == "hard" and not c["passed"])
        table.add_row(str(d.id), d.customer_name, d.action, d.tier or "-", f"{d.total_due:,.2f} {d.currency}",
                      f"{d.confidence:.2f}", "ok" if not hard else f"{hard} hard fail",
                      "yes" if d.needs_manager_approval else "")
    console.print(table)


@review_app.command("show")
def review_show(draft_id: int, as_json: bool = typer.Option(False, "--json")) -> None:
    """One draft with its facts, checks and confidence reasons."""
    runtime = open_runtime()
    with runtime.session_factory() as session:
        draft = get_draft(session, draft_id=draft_id)
    if as_json:
        typer.echo(draft.model_dump_json(indent=2))
        return
    console.print(f"[bold]#{draft.id} {draft.customer_name}[/bold] — {draft.action} {draft.tier or ''} → "
                  f"{draft.recipient or draft.internal_recipient or '-'}  status {draft.status}")
    console.print(f"confidence {draft.confidence:.2f}: " + "; ".join(draft.confidence_reasons))
    console.print(f"\n[bold]Subject:[/bold] {draft.subject}\n\n{draft.body}\n")
    for c in draft.checks:
        mark = "[green]pass[/green]" if c["passed"] else "[red]FAIL[/red]"
        console.print(f"  {mark} {c['severity']:4} {c['rule']} {c.get('detail') or ''}")
    console.print("\n[bold]Facts[/bold]")
    for f in draft.facts:
        console.print(f"  {f['id']:>4} {f['text']}  [dim]({f['source']})[/dim]")


def _decide(draft_id: int, decision: dict[str, object]) -> None:
    from cli.agent_factory import make_agent
    from tools.agent_port import DecisionRefused

    runtime = open_runtime()
    agent = make_agent(runtime)
    try:
        outcome = agent.decide(draft_id, decision)
    except DecisionRefused as exc:
        console.print(f"[red]refused[/red]: {exc}")
        raise typer.Exit(1) from exc
    finally:
        agent.close()
    console.print(f"draft {draft_id}: {outcome.outcome} ({outcome.status}) {outcome.message}")
    for c in outcome.failing_checks:
        console.print(f"  [red]FAIL[/red] {c['rule']}: {c.get('detail')}")


@review_app.command("approve")
def review_approve(
    draft_id: int, actor: str = typer.Option("cli@ourco.example"), role: str = typer.Option("collector"),
    override_reason: str = typer.Option(None, help="A manager's written reason to send despite a hard failure."),
) -> None:
    """Approve and send."""
    _decide(draft_id, {"kind": "approve", "actor": actor, "role": role, "override_reason": override_reason})


@review_app.command("edit")
def review_edit(
    draft_id: int, body_file: Path = typer.Option(..., help="File with the new body."),
    subject: str = typer.Option(None), approve: bool = typer.Option(False, help="Approve after editing."),
    actor: str = typer.Option("cli@ourco.example"), role: str = typer.Option("collector"),
) -> None:
    """Replace the body (and subject); the edited text is checked again."""
    _decide(draft_id, {"kind": "approve" if approve else "edit", "actor": actor, "role": role, "subject": subject,
                       "body": body_file.read_text(encoding="utf-8")})


@review_app.command("reject")
def review_reject(
    draft_id: int, reason: str = typer.Option(..., help="Reason code, e.g. wrong_amount, tone, customer_paid."),
    note: str = typer.Option(None), actor: str = typer.Option("cli@ourco.example"),
) -> None:
    """Reject with a reason code."""
    _decide(draft_id, {"kind": "reject", "actor": actor, "reason_code": reason, "note": note})


@review_app.command("snooze")
def review_snooze(draft_id: int, until: str = typer.Option(..., help="ISO date or timestamp."),
                  actor: str = typer.Option("cli@ourco.example")) -> None:
    """Snooze until a date."""
    _decide(draft_id, {"kind": "snooze", "actor": actor, "snooze_until": parse_as_of(until).isoformat()})  # type: ignore[union-attr]


@outbox_app.command("deliver")
def outbox_deliver() -> None:
    """Deliver every approved message that is due (scheduled ones wait for their time)."""
    from cli.agent_factory import make_transport

    runtime = open_runtime()
    counts = deliver_due(runtime.session_factory, transport=make_transport(runtime.settings),
                         stale_after=dt.timedelta(seconds=runtime.settings.outbox_claim_timeout_seconds))
    console.print(counts or "nothing due")


@outbox_app.command("worker")
def outbox_worker(poll_seconds: float = typer.Option(5.0), iterations: int = typer.Option(None)) -> None:
    """Keep delivering due messages (the `worker` service of docker-compose)."""
    from cli.agent_factory import make_transport

    runtime = open_runtime()
    run_worker(runtime.session_factory, transport=make_transport(runtime.settings), poll_seconds=poll_seconds,
               iterations=iterations,
               stale_after=dt.timedelta(seconds=runtime.settings.outbox_claim_timeout_seconds))
