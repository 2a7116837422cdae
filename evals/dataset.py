"""Eval datasets: a folder of scenario files beside `scenario.schema.json`, each validated with the file and
the field named. `python -m evals.dataset --write-schema` regenerates the schema from the scenario models."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from tools.scenario_format import Scenario, ScenarioFileError, load_scenario, scenario_json_schema

DATASETS = Path(__file__).resolve().parent / "datasets"
SCHEMA_PATH = DATASETS / "scenario.schema.json"
DEFAULT_DATASET = DATASETS / "scenarios"


class DatasetError(ValueError):
    """A dataset that cannot be evaluated; `problems` has one line per file (file: field: problem)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def schema_text() -> str:
    """The scenario JSON Schema as committed beside the datasets (stable key order, trailing newline)."""
    schema: dict[str, Any] = {"$schema": "https://json-schema.org/draft/2020-12/schema", **scenario_json_schema()}
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def write_schema(path: Path = SCHEMA_PATH) -> Path:
    """Write the scenario JSON Schema (so editors can validate scenario files as they are written)."""
    path.write_text(schema_text(), encoding="utf-8")
    return path


def load_dataset(folder: Path) -> list[Scenario]:
    """Every `*.json` scenario in `folder`, sorted by file name; all problems reported at once."""
    if not folder.is_dir():
        raise DatasetError([f"{folder}: not a folder of scenario files"])
    files = sorted(p for p in folder.glob("*.json") if p.name != SCHEMA_PATH.name)
    if not files:
        raise DatasetError([f"{folder}: no *.json scenario files"])
    problems: list[str] = []
    scenarios: list[Scenario] = []
    seen: dict[str, Path] = {}
    for path in files:
        try:
            scenario = load_scenario(path)
        except ScenarioFileError as exc:
            problems.append(str(exc))
            continue
        if scenario.expect is None:
            problems.append(f"{path}: expect: required in an eval dataset (what should the agent do?)")
        if scenario.id in seen:
            problems.append(f"{path}: id: {scenario.id!r} is also the id of {seen[scenario.id].name}")
        seen.setdefault(scenario.id, path)
        scenarios.append(scenario)
    if problems:
        raise DatasetError(problems)
    return scenarios


def main(argv: list[str] | None = None) -> int:
    """Write the schema, or check that the committed one is current (exit 1 if not)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write-schema", action="store_true", help="rewrite evals/datasets/scenario.schema.json")
    parser.add_argument("--check", type=Path, help="validate a dataset folder")
    args = parser.parse_args(argv)
    if args.write_schema:
        print(f"wrote {write_schema()}")
    if args.check:
        try:
            print(f"{len(load_dataset(args.check))} scenarios valid")
        except DatasetError as exc:
            print(exc)
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
