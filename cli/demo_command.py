"""`arcopilot demo`: the whole product on one laptop — database, demo portfolio, risk model, agent run,
API and review UI — with the URLs and demo logins printed."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
import urllib.request

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy import func, select

from cli.runtime import Runtime, open_runtime
from tools.models import Customer, Draft, RiskModel

console = Console()
DEMO_PASSWORD = "demo-password-1"
DEMO_USERS = [
    ("collector@ourco.example", "Casey Collector", "collector"),
    ("manager@ourco.example", "Morgan Manager", "manager"),
    ("admin@ourco.example", "Alex Admin", "admin"),
    ("auditor@ourco.example", "Avery Auditor", "auditor"),
]


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=console)


def load_demo_portfolio(runtime: Runtime, *, customers: int, seed: int, as_of: dt.datetime) -> int:
    """Generate the demo portfolio and import it in one transaction (all or nothing); returns accounts loaded."""
    from tools.demo_portfolio import generate_portfolio, portfolio_summary
    from tools.importers.scenario import import_scenario

    scenarios = generate_portfolio(seed=seed, customers=customers, as_of=as_of)
    with _progress() as bar, runtime.session_factory.begin() as session:
        task = bar.add_task("loading the demo portfolio", total=len(scenarios))
        for scenario in scenarios:
            import_scenario(session, scenario, source=f"demo:{scenario.id}", embedder=runtime.embedder)
            bar.advance(task)
    summary = portfolio_summary(scenarios)
    console.print("loaded: " + ", ".join(f"{k} {v}" for k, v in summary.items() if isinstance(v, int)))
    return len(scenarios)


def ensure_demo_users(runtime: Runtime) -> list[tuple[str, str]]:
    """One user per role, created once; returns (email, role) pairs."""
    from tools.users import create_user, find_user

    with runtime.session_factory.begin() as session:
        for email, name, role in DEMO_USERS:
            if find_user(session, email=email) is None:
                create_user(session, email=email, name=name, role=role, password=DEMO_PASSWORD, actor="demo")
    return [(email, role) for email, _, role in DEMO_USERS]


def ensure_risk_model(runtime: Runtime, as_of: dt.datetime) -> None:
    """Train the late-payment model on the ledger if none is stored yet."""
    with runtime.session_factory() as session:
        if session.scalar(select(func.count()).select_from(RiskModel)):
            return
    from tools.risk.ledger_training import train_ledger_model

    with console.status("training the late-payment risk model"), runtime.session_factory.begin() as session:
        info = train_ledger_model(session, as_of=as_of.date())
    console.print(f"risk model version {info.version}: {info.kind}, trained through {info.trained_through}")


def ensure_eval_run(runtime: Runtime) -> None:
    """Score a sample of the eval dataset once, so the Evals page has a run to show."""
    from pathlib import Path

    from agent.drafters.template import TemplateDrafter
    from evals.dataset import load_dataset
    from evals.runner import record_eval_run, run_eval
    from tools.models import EvalRun

    with runtime.session_factory() as session:
        if session.scalar(select(func.count()).select_from(EvalRun)):
            return
    folder = Path(__file__).resolve().parents[1] / "evals" / "datasets" / "scenarios"
    sample = load_dataset(folder)[::8]  # every eighth scenario: a quick, deterministic cross-section
    with console.status(f"scoring {len(sample)} eval scenarios for the Evals page"):
        report = run_eval(sample, dataset="scenarios (demo sample)", dataset_path=str(folder),
                          drafter=TemplateDrafter(), drafter_name="template", embedder=runtime.embedder,
                          company_name=runtime.settings.company_name,
                          payment_instructions=runtime.settings.payment_instructions)
    with runtime.session_factory.begin() as session:
        record_eval_run(session, report)
    console.print(f"eval sample: {sum(s.passed for s in report.scenarios)}/{len(report.scenarios)} scenarios pass")


def _wait_for(url: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own local server
                return True
        except OSError:
            time.sleep(0.5)
    return False


def _raise_keyboard_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def demo_command(
    customers: int = typer.Option(200, help="Accounts in the demo portfolio (about 15 invoices each)."),
    seed: int = typer.Option(7, help="Seed of the demo portfolio (same seed, same data)."),
    serve: bool = typer.Option(True, "--serve/--no-serve", help="Start the API and the review UI afterwards."),
) -> None:
    """Start the database, load the demo portfolio if empty, run the agent, then serve the API and UI."""
    runtime = open_runtime()
    settings = runtime.settings
    as_of = dt.datetime.now(dt.UTC)
    with runtime.session_factory() as session:
        has_customers = bool(session.scalar(select(func.count()).select_from(Customer)))
    if not has_customers:
        load_demo_portfolio(runtime, customers=customers, seed=seed, as_of=as_of)
    else:
        console.print("the database already has customers: keeping them")
    logins = ensure_demo_users(runtime)
    ensure_risk_model(runtime, as_of)

    from cli.agent_commands import run_with_progress
    from cli.agent_factory import make_agent

    with runtime.session_factory() as session:
        queued = session.scalar(select(func.count()).select_from(Draft).where(Draft.status == "pending_review"))
    if not queued:
        agent = make_agent(runtime)
        try:
            counts = run_with_progress(agent, as_of=as_of, customer_ids=None)
        finally:
            agent.close()
        console.print("agent run: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    ensure_eval_run(runtime)
    if not serve:
        return

    env = {**os.environ, "API_URL": f"http://{settings.api_host}:{settings.api_port}"}
    # Ctrl-C and SIGTERM both mean "stop everything" (a background job may inherit SIGINT as ignored).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    children = [
        subprocess.Popen([sys.executable, "-m", "cli.main", "api"], env=env),
        subprocess.Popen([sys.executable, "-m", "cli.main", "ui"], env=env),
    ]
    try:
        api_url = f"http://{settings.api_host}:{settings.api_port}"
        ui_url = f"http://127.0.0.1:{settings.ui_port}"
        _wait_for(f"{api_url}/api/health", 60)
        _wait_for(ui_url, 60)
        table = Table("role", "email", "password", title="demo logins")
        for email, role in logins:
            table.add_row(role, email, DEMO_PASSWORD)
        console.print(table)
        console.print(f"review UI  {ui_url}\nAPI        {api_url}/docs\noutbox     {settings.outbox_dir.resolve()}")
        console.print("Ctrl-C stops everything.")
        while all(child.poll() is None for child in children):
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGINT)
        for child in children:
            try:
                child.wait(20)
            except subprocess.TimeoutExpired:
                child.kill()
        if not settings.database_url:
            from tools.embedded_pg import stop_server

            runtime.engine.dispose()
            stop_server(settings.pgdata_dir)
        console.print("stopped")
