"""`arcopilot scenario run FILE... --json`: what the agent proposes for each scenario, in a sandbox."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console

from tools.embeddings import make_embedder
from tools.scenario_format import ScenarioFileError, load_scenario
from tools.settings import load_settings

scenario_app = typer.Typer(help="Scenario files: run the agent on them in a private database.",
                           no_args_is_help=True)
console = Console(stderr=True)


@scenario_app.command("run")
def scenario_run(
    files: list[Path] = typer.Argument(..., help="Scenario .json files."),
    as_json: bool = typer.Option(False, "--json", help="Print the output contract as JSON."),
) -> None:
    """Run each scenario in an isolated temporary database (never your data) and stop at review."""
    from agent.scenario_run import ScenarioSandbox, run_scenario
    from cli.agent_factory import make_drafter

    settings = load_settings()
    try:
        scenarios = [load_scenario(path) for path in files]
    except ScenarioFileError as exc:
        console.print(f"[red]error[/red] {exc}")
        raise typer.Exit(2) from exc
    drafter = make_drafter(settings)
    embedder = make_embedder(settings.embeddings_provider, base_url=settings.embeddings_base_url,
                             api_key=settings.embeddings_api_key.get_secret_value(), model=settings.embeddings_model)
    sandbox = ScenarioSandbox()
    outputs = []
    try:
        for scenario in scenarios:
            outputs.append(run_scenario(sandbox, scenario, drafter=drafter, embedder=embedder,
                                        company_name=settings.company_name,
                                        payment_instructions=settings.payment_instructions))
    finally:
        sandbox.close()
    if as_json:
        typer.echo(json.dumps(outputs[0] if len(outputs) == 1 else outputs, indent=2, default=str))
        return
    for out in outputs:
        console.print(f"[bold]{out['id']}[/bold]: {out['action']} {out['tier'] or ''} → "
                      f"{out['recipient'] or out.get('internal_recipient') or '-'} "
                      f"(confidence {out['confidence']:.2f}){' — ' + out['skip_reason'] if out['skip_reason'] else ''}")
        if out["body"]:
            console.print(f"  Subject: {out['subject']}")
