"""Wiring only: gather_context → assess → plan_action → draft → check → score_confidence →
submit_for_review → review ⏸ → (apply_edit) → recheck → send, with no_action going to record_skip."""

from __future__ import annotations

from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph

from agent.context import AgentContext
from agent.nodes.assess import assess
from agent.nodes.check import check
from agent.nodes.draft import draft
from agent.nodes.gather_context import gather_context
from agent.nodes.plan_action import plan_action, route_after_plan
from agent.nodes.queue import record_skip, submit_for_review
from agent.nodes.review import apply_edit, review, route_after_edit, route_after_review
from agent.nodes.score_confidence import score_confidence
from agent.nodes.send import recheck, route_after_recheck, send
from agent.state import AccountState


def build_graph(checkpointer: BaseCheckpointSaver[Any] | None) -> Any:
    """The compiled account graph, checkpointed by `checkpointer`."""
    graph = StateGraph(AccountState, context_schema=AgentContext)
    graph.add_node("gather_context", gather_context)
    graph.add_node("assess", assess)
    graph.add_node("plan_action", plan_action)
    graph.add_node("draft", draft)
    graph.add_node("check", check)
    graph.add_node("score_confidence", score_confidence)
    graph.add_node("submit_for_review", submit_for_review)
    graph.add_node("record_skip", record_skip)
    graph.add_node("review", review)
    graph.add_node("apply_edit", apply_edit)
    graph.add_node("recheck", recheck)
    graph.add_node("send", send)

    graph.add_edge(START, "gather_context")
    graph.add_edge("gather_context", "assess")
    graph.add_edge("assess", "plan_action")
    graph.add_conditional_edges("plan_action", route_after_plan)
    graph.add_edge("draft", "check")
    graph.add_edge("check", "score_confidence")
    graph.add_edge("score_confidence", "submit_for_review")
    graph.add_edge("submit_for_review", "review")
    graph.add_conditional_edges("review", route_after_review)
    graph.add_conditional_edges("apply_edit", route_after_edit)
    graph.add_conditional_edges("recheck", route_after_recheck)
    graph.add_edge("send", END)
    graph.add_edge("record_skip", END)
    return graph.compile(checkpointer=checkpointer)
