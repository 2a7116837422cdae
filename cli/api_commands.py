"""`arcopilot serve-api` and `arcopilot users add`: the API server and its users from the command line."""

from __future__ import annotations

import signal
from types import FrameType

import typer
from rich.console import Console

from cli.runtime import open_runtime
from tools.users import ROLES, UserExistsError, UserInputError, create_user

console = Console()
users_app = typer.Typer(help="Manage who can sign in to the API and the review UI.", no_args_is_help=True)


class _Stopped(Exception):
    """SIGTERM arrived; raised so the cleanup in `serve_api` runs instead of the default kill."""


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise _Stopped


def serve_api(
    host: str = typer.Option(None, help="Interface to bind (default: API_HOST, 127.0.0.1)."),
    port: int = typer.Option(None, help="Port (default: API_PORT, 8000)."),
    with_agent: bool = typer.Option(True, "--with-agent/--no-agent",
                                    help="Run the agent in this process (decisions, rule re-checks, runs)."),
) -> None:
    """Serve the API with uvicorn; on Ctrl-C or SIGTERM, finish requests, then stop the agent and the database."""
    import uvicorn

    from api.app import create_app

    runtime = open_runtime()
    settings = runtime.settings
    if settings.jwt_secret.get_secret_value() == "change-me-in-production":
        console.print("[yellow]JWT_SECRET is the default; set it before exposing this server.[/yellow]")
    agent = None
    if with_agent:
        from cli.agent_factory import make_agent

        agent = make_agent(runtime)
    try:
        app = create_app(session_factory=runtime.session_factory, agent=agent, settings=settings)
        config = uvicorn.Config(app, host=host or settings.api_host, port=port or settings.api_port,
                                log_level="info", lifespan="on")
        # uvicorn drains requests on SIGINT/SIGTERM, then re-raises the signal to the previous handler:
        # ours turns SIGTERM into an exception (the default would kill us before the cleanup below).
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
        try:
            uvicorn.Server(config).run()
        except (_Stopped, KeyboardInterrupt):
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)
    finally:
        if agent is not None:
            agent.close()  # waits for background runs, closes the checkpointer's pool
        runtime.engine.dispose()
        # The embedded Postgres handle is released at interpreter exit; the last process out stops it.
        console.print("API stopped.")


@users_app.command("add")
def users_add(
    email: str = typer.Argument(..., help="Sign-in email."),
    role: str = typer.Option(..., "--role", help=f"One of: {', '.join(ROLES)}."),
    name: str = typer.Option(None, "--name", help="Display name (default: the email)."),
    password: str = typer.Option(None, "--password", help="Password (prompted, hidden, when omitted)."),
) -> None:
    """Create a user who can sign in."""
    if password is None:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    runtime = open_runtime()
    try:
        with runtime.session_factory.begin() as session:
            user = create_user(session, email=email, name=name or email, role=role, password=password,
                               actor="cli")
    except (UserExistsError, UserInputError) as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    finally:
        runtime.engine.dispose()
    console.print(f"user {user.id} {user.email} ({user.role}) created")


@users_app.command("list")
def users_list() -> None:
    """Everyone who can (or could) sign in."""
    from tools.users import list_users

    runtime = open_runtime()
    with runtime.session_factory() as session:
        for user in list_users(session):
            console.print(f"{user.id:>4} {user.email:40} {user.role:10} {'active' if user.active else 'inactive'}")
    runtime.engine.dispose()
