"""`arcopilot ui`: the Streamlit review UI, talking to the API at API_URL."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import typer
from rich.console import Console

from tools.settings import load_settings

console = Console()


def app_path() -> Path:
    """review_ui/app.py wherever the package is installed."""
    spec = importlib.util.find_spec("review_ui")
    if spec is None or spec.origin is None:
        raise typer.BadParameter("the review_ui package is not installed")
    return Path(spec.origin).parent / "app.py"


def serve_ui(
    port: int = typer.Option(None, help="Port (default: UI_PORT, 8501)."),
    host: str = typer.Option("127.0.0.1", help="Interface to bind."),
    api_url: str = typer.Option(None, help="The API's base URL (default: API_URL, http://127.0.0.1:8000)."),
) -> None:
    """Serve the review UI with Streamlit until Ctrl-C; start the API first (`arcopilot api`)."""
    settings = load_settings()
    port = port or settings.ui_port
    env = os.environ | {"API_URL": api_url or settings.api_url}
    command = [sys.executable, "-m", "streamlit", "run", str(app_path()), "--server.port", str(port),
               "--server.address", host, "--server.headless", "true", "--browser.gatherUsageStats", "false",
               "--client.toolbarMode", "viewer"]
    console.print(f"Review UI on http://{host}:{port} (API {env['API_URL']})")
    # Replace this process with Streamlit: Ctrl-C and SIGTERM reach the server itself, and nothing is orphaned.
    os.execve(sys.executable, command, env)
