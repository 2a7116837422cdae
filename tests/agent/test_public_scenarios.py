"""The ten public scenarios, through the real graph and checkpointer, with both drafters."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from agent.drafters.llm import LLMDrafter, make_openai_client
from agent.drafters.template import TemplateDrafter
from agent.scenario_run import ScenarioSandbox, run_scenario
from tests.agent.scenario_expectations import expectation_problems
from tests.support.database import TEST_PGDATA
from tests.support.fake_llm_server import draft_answer
from tools.embeddings import WordLlamaEmbedder
from tools.scenario_format import load_scenario

EXAMPLES = sorted((Path(__file__).resolve().parents[3] / "shared/scenarios/examples").glob("*.json"))


@pytest.fixture(scope="module")
def sandbox() -> Iterator[ScenarioSandbox]:
    box = ScenarioSandbox(pgdata=TEST_PGDATA)
    yield box
    box.close()


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_public_scenario_with_template_drafter(sandbox, path):
    scenario = load_scenario(path)
    output = run_scenario(sandbox, scenario, drafter=TemplateDrafter(), embedder=WordLlamaEmbedder())
    assert expectation_problems(scenario, output) == []
    if output["action"] != "no_action":
        known = {f["id"] for f in output["facts"]}
        assert output["cited_facts"] and set(output["cited_facts"]) <= known


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_public_scenario_with_llm_drafter_against_scripted_model(sandbox, fake_llm, path):
    """The scripted model answers with a draft built from the same facts; the LLM path must carry it
    through the graph unchanged (drafter 'llm', citations kept) and meet the same expectations."""
    scenario = load_scenario(path)
    reference = run_scenario(sandbox, scenario, drafter=TemplateDrafter(), embedder=None)
    if reference["action"] != "no_action":
        fake_llm.enqueue(draft_answer(subject=reference["subject"], body=reference["body"],
                                      cited_facts=reference["cited_facts"], confidence=0.9))
    client = make_openai_client(fake_llm.base_url, "test-key", 5.0)
    drafter = LLMDrafter(client, "scripted-model", timeout=5.0, max_retries=1, fallback=TemplateDrafter())
    output = run_scenario(sandbox, scenario, drafter=drafter, embedder=None)
    assert expectation_problems(scenario, output) == []
    if reference["action"] != "no_action":
        assert output["drafter"] == "llm"
        [request] = fake_llm.requests
        assert request["model"] == "scripted-model"
        assert request["response_format"]["type"] == "json_schema"
    else:
        assert fake_llm.requests == []  # nothing to draft, so the model is never called
