"""`python -m tests.review_ui.live_api PORT`: the real API app and agent, as `arcopilot api` builds
them, with the agent's clock held at AS_OF so sending hours and due dates match the scenarios."""

from __future__ import annotations

import sys

import uvicorn

from api.app import create_app
from cli.agent_factory import make_agent
from cli.runtime import open_runtime
from tests.review_ui.live import AS_OF


def main(port: int) -> None:
    runtime = open_runtime()
    agent = make_agent(runtime, clock=lambda: AS_OF, with_embeddings=False)
    try:
        app = create_app(session_factory=runtime.session_factory, agent=agent, settings=runtime.settings)
        uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")
    finally:
        agent.close()
        runtime.engine.dispose()


if __name__ == "__main__":
    main(int(sys.argv[1]))
