"""The sentence encoder: the model shipped in handlers/semantic/model/, or ``EMBEDDING_MODEL``.

Loaded lazily, once per process and name, on the CPU, and never from the network: a path is read from disk and
a model name is looked up in the local Hugging Face cache only (``local_files_only``), so a missing model fails
fast with an error instead of a download. Vectors come back L2-normalised (inner product = cosine).

The shipped model is a StaticEmbedding (a token → vector table, mean-pooled): ~0.1 ms a query on one core,
built by tools/embedding/build_model.py from multilingual-e5-small (see that file to rebuild it).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

SHIPPED_MODEL_PATH = Path(__file__).resolve().parent / "model"
BATCH_SIZE = 512

_lock = threading.Lock()
_loaded: dict[str, Encoder] = {}


class TextEncoder(Protocol):
    """What ShopIndex needs of an encoder: rows of norm 1, queries and documents (they may differ, as in e5)."""

    dim: int

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def encode_documents(self, texts: Sequence[str]) -> np.ndarray: ...


def model_location(embedding_model: str | None = None) -> str:
    """``EMBEDDING_MODEL`` (settings.embedding_model) when set, else the shipped model's directory."""
    return embedding_model or str(SHIPPED_MODEL_PATH)


class Encoder:
    """One loaded SentenceTransformer. ``encode`` gives float32 rows of norm 1."""

    def __init__(self, location: str) -> None:
        from sentence_transformers import SentenceTransformer

        self.location = location
        self.model: SentenceTransformer = SentenceTransformer(location, device="cpu", local_files_only=True)
        dimension = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        self.dim = int(dimension() or 0)

    def encode(self, texts: Sequence[str], prompt_name: str | None = None) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self.model.encode(
            list(texts), prompt_name=prompt_name, batch_size=BATCH_SIZE, convert_to_numpy=True,
            normalize_embeddings=True, show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Queries; with the model's ``query`` prompt when it has one (e5-style models set in EMBEDDING_MODEL)."""
        return self.encode(texts, "query" if "query" in self.model.prompts else None)

    def encode_documents(self, texts: Sequence[str]) -> np.ndarray:
        return self.encode(texts, "passage" if "passage" in self.model.prompts else None)


def get_encoder(embedding_model: str | None = None) -> Encoder:
    """The process-wide encoder of ``embedding_model`` (or the shipped model), loaded on first use."""
    location = model_location(embedding_model)
    encoder = _loaded.get(location)
    if encoder is None:
        with _lock:
            encoder = _loaded.get(location)
            if encoder is None:
                encoder = _loaded[location] = Encoder(location)
    return encoder
