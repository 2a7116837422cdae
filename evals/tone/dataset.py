"""The labelled collection messages the tone scorer is trained and measured on."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict

Tone = Literal["friendly", "neutral", "firm", "formal", "aggressive", "rude"]
TONES: tuple[Tone, ...] = get_args(Tone)
# Tones a collector must never send; the scorer flags them as abusive.
ABUSIVE_TONES: frozenset[Tone] = frozenset({"aggressive", "rude"})

LABELLED_PATH = Path(__file__).resolve().parent / "labelled_messages.jsonl"
# About one message in four is held out; the shipped classifier never sees those.
TEST_EVERY = 4


class LabelledMessage(BaseModel):
    """One hand-written collection message and the tone a person gave it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    text: str
    label: Tone


def load_labelled_messages(path: Path = LABELLED_PATH) -> list[LabelledMessage]:
    """Every row of the labelled set, in file order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [LabelledMessage.model_validate(json.loads(line)) for line in lines if line.strip()]


def is_held_out(message_id: str) -> bool:
    """Whether a message belongs to the held-out split; decided by its id alone, so it never moves."""
    # A hash of the id, not file position or a shuffle, so adding rows leaves every old row where it was.
    digest = hashlib.sha256(message_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % TEST_EVERY == 0


def split_train_test(
    messages: Sequence[LabelledMessage],
) -> tuple[list[LabelledMessage], list[LabelledMessage]]:
    """The train split and the held-out split (about one message in TEST_EVERY)."""
    train = [m for m in messages if not is_held_out(m.id)]
    test = [m for m in messages if is_held_out(m.id)]
    return train, test
