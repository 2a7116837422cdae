"""The `arcopilot` command."""

from __future__ import annotations

import os
import tempfile

import typer

# pgserver needs a private runtime dir; set one before anything imports it.
if not os.environ.get("XDG_RUNTIME_DIR"):
    _runtime = os.path.join(tempfile.gettempdir(), f"arcopilot-runtime-{os.getuid()}")
    os.makedirs(_runtime, mode=0o700, exist_ok=True)
    os.environ["XDG_RUNTIME_DIR"] = _runtime

from cli.agent_commands import outbox_app, review_app, run_command  # noqa: E402
from cli.api_commands import serve_api, users_app  # noqa: E402
from cli.db_commands import db_app  # noqa: E402
from cli.demo_command import demo_command  # noqa: E402
from cli.eval_commands import eval_app  # noqa: E402
from cli.import_commands import import_command  # noqa: E402
from cli.risk_commands import backtest_command, model_app  # noqa: E402
from cli.scenario_commands import scenario_app  # noqa: E402
from cli.ui_commands import serve_ui  # noqa: E402

app = typer.Typer(
    help="AR Copilot: plans, drafts and checks collection messages; a person approves every one.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(db_app, name="db")
app.command("import")(import_command)
app.add_typer(scenario_app, name="scenario")
app.command("run")(run_command)
app.add_typer(review_app, name="review")
app.add_typer(outbox_app, name="outbox")
app.command("demo")(demo_command)
app.command("api")(serve_api)
app.command("ui")(serve_ui)
app.add_typer(users_app, name="users")
app.command("backtest")(backtest_command)
app.add_typer(model_app, name="model")
app.add_typer(eval_app, name="eval")


if __name__ == "__main__":
    app()
