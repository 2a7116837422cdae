"""Text embeddings for communications: wordllama offline by default, an OpenAI-compatible endpoint if set."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from tools.models import EMBEDDING_DIM


class Embedder(Protocol):
    """Turns texts into unit-length vectors of EMBEDDING_DIM floats."""

    name: str

    def embed(self, texts: list[str]) -> list[list[float]]: ...


@lru_cache(maxsize=4)
def load_wordllama(dim: int = EMBEDDING_DIM) -> Any:
    """The WordLlama model shipped inside the wheel (never the network), loaded once per process."""
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    import wordllama
    from wordllama import WordLlama

    # Importing wordllama calls logging.basicConfig(level=INFO); the application's logging is not its to set.
    root.setLevel(level)
    root.handlers[:] = handlers
    return WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True, dim=dim)


class WordLlamaEmbedder:
    """Offline embeddings from the model in the wordllama wheel."""

    name = "wordllama"

    def embed(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        vectors = load_wordllama().embed([t or " " for t in texts], norm=True)
        return [[float(x) for x in row] for row in vectors]


class OpenAIEmbedder:
    """Embeddings from any OpenAI-compatible /v1/embeddings endpoint, asked for EMBEDDING_DIM dimensions."""

    name = "openai"

    def __init__(self, *, base_url: str, api_key: str, model: str, timeout: float = 30.0) -> None:
        from openai import OpenAI

        self._client = OpenAI(base_url=base_url, api_key=api_key, timeout=timeout, max_retries=2)
        self._model = model

    def embed(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        response = self._client.embeddings.create(model=self._model, input=texts, dimensions=EMBEDDING_DIM)
        vectors = [list(item.embedding) for item in sorted(response.data, key=lambda d: d.index)]
        for vector in vectors:
            if len(vector) != EMBEDDING_DIM:
                raise ValueError(
                    f"embeddings endpoint returned {len(vector)} dimensions; {EMBEDDING_DIM} are needed"
                )
        return vectors


def make_embedder(
    provider: str, *, base_url: str | None = None, api_key: str = "", model: str = ""
) -> Embedder:
    """The configured embedder: 'wordllama' (default) or 'openai'."""
    if provider == "wordllama":
        return WordLlamaEmbedder()
    if provider == "openai":
        if not base_url:
            raise ValueError("EMBEDDINGS_PROVIDER=openai needs EMBEDDINGS_BASE_URL")
        return OpenAIEmbedder(base_url=base_url, api_key=api_key, model=model)
    raise ValueError(f"unknown EMBEDDINGS_PROVIDER {provider!r}: use 'wordllama' or 'openai'")


def communication_text(subject: str | None, body: str) -> str:
    """The text of a communication that gets embedded."""
    return f"{subject or ''}\n{body}".strip()
