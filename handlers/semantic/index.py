"""``ShopIndex``: FAISS inner-product search over shop and menu documents, following the shops in the database.

Documents that read the same (40 shops sell "아메리카노 · 카페 디저트 음료 · HOT ICE") are embedded and indexed
once; a hit on such a text stands for every row that has it. So the index holds the distinct texts (about 550
for the 2,553 demo menus and 336 shops), search is exact (``IndexFlatIP``) and a rebuild embeds only those.

Score = cosine + ``lexical_weight`` × the share of the query's words the text contains (lexical.py), applied to
the best POOL texts by cosine. The static model and plain word matching fail on different queries ("커피 마시고
싶어" vs "든든한 거"); together they beat both (bench/README.md). ``lexical_weight=0`` gives the model alone.

Staleness: ``refresh_if_stale(pool)`` asks PostgreSQL one cheap question (counts and a content checksum of the
shops and menus, ``catalog.FINGERPRINT_SQL``) and rebuilds in a worker thread when the answer changed since the
last build. Imports, edits, deletions and a menu becoming unavailable all change it; the popularity job's
updates of ``shops.popularity_score`` do not, and cause no rebuild. Searches keep using the previous index
while a rebuild runs; the new one replaces it in one assignment.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import faiss
import numpy as np

from handlers.semantic.documents import MenuText, ShopText, documents_of
from handlers.semantic.encoder import TextEncoder, get_encoder
from handlers.semantic.lexical import overlap, query_terms, squash

NO_MENU = -1
POOL = 256  # distinct texts re-ranked with the lexical bonus per round


@dataclass(frozen=True)
class Hit:
    shop_id: int
    menu_id: int | None  # None: the shop's own document matched
    score: float


@dataclass(frozen=True)
class _Built:
    """One immutable build: the FAISS index over distinct texts, and which rows each text stands for."""

    index: faiss.IndexFlatIP
    rows_of_text: tuple[tuple[tuple[int, int], ...], ...]  # text number -> ((shop_id, menu_id or -1), ...)
    texts_of_shop: dict[int, tuple[int, ...]]  # shop_id -> its text numbers (shop document and menus)
    squashed: tuple[str, ...] = ()  # the texts without spaces, for the lexical bonus
    fingerprint: object = None
    documents: int = 0
    build_seconds: float = 0.0


@dataclass(frozen=True)
class _Query:
    vector: np.ndarray  # 1 × dim
    terms: list[str]
    weight: float

    def bonus(self, built: _Built, numbers) -> np.ndarray:
        if not self.weight or not self.terms:
            return np.zeros(len(numbers), dtype=np.float32)
        return self.weight * np.array([overlap(self.terms, built.squashed[n]) for n in numbers], dtype=np.float32)


def _empty(dim: int) -> _Built:
    return _Built(faiss.IndexFlatIP(dim), (), {})


def _group_texts(keys: Sequence[tuple[int, int]], texts: Sequence[str]) -> tuple[list[str], list[list[tuple]]]:
    number: dict[str, int] = {}
    rows: list[list[tuple[int, int]]] = []
    for key, text in zip(keys, texts, strict=True):
        if text not in number:
            number[text] = len(rows)
            rows.append([])
        rows[number[text]].append(key)
    return list(number), rows


@dataclass
class ShopIndex:
    """Search over the documents of ``build_from_rows``; see the module notes for staleness."""

    encoder: TextEncoder | None = None
    lexical_weight: float = 0.2  # bonus × share of the query's words a text contains; 0: the model alone
    check_every: float = 0.0  # seconds between two fingerprint queries of refresh_if_stale; 0: on every call
    _checked_at: float = field(default=float("-inf"), repr=False)
    _built: _Built | None = None
    _lock: tuple[asyncio.AbstractEventLoop, asyncio.Lock] | None = field(default=None, repr=False)

    def _encoder(self) -> TextEncoder:
        if self.encoder is None:
            self.encoder = get_encoder()
        return self.encoder

    @property
    def size(self) -> int:
        """How many shop and menu rows the index stands for."""
        return 0 if self._built is None else self._built.documents

    @property
    def distinct_documents(self) -> int:
        """How many distinct texts are embedded (rows of equal text share one)."""
        return 0 if self._built is None else self._built.index.ntotal

    @property
    def fingerprint(self) -> object:
        return None if self._built is None else self._built.fingerprint

    def build_from_rows(self, shops: Sequence[ShopText], menus: Sequence[MenuText], fingerprint: object = None) -> None:
        """Embed and index every shop and menu (blocking: call it in a thread from async code)."""
        started = time.perf_counter()
        faiss.omp_set_num_threads(1)  # one query at a time: OpenMP threads only spin (10x slower on 2 busy cores)
        shop_docs, menu_docs = documents_of(shops, menus)
        keys = [(shop.shop_id, NO_MENU) for shop in shops] + [(menu.shop_id, menu.menu_id) for menu in menus]
        texts, rows = _group_texts(keys, shop_docs + menu_docs)
        encoder = self._encoder()
        index = faiss.IndexFlatIP(encoder.dim)
        if texts:
            index.add(encoder.encode_documents(texts))
        texts_of_shop: dict[int, list[int]] = {}
        for number, text_rows in enumerate(rows):
            for shop_id, _ in text_rows:
                texts_of_shop.setdefault(shop_id, []).append(number)
        self._built = _Built(
            index, tuple(tuple(r) for r in rows), {s: tuple(sorted(set(n))) for s, n in texts_of_shop.items()},
            tuple(squash(text) for text in texts), fingerprint, len(keys), time.perf_counter() - started,
        )

    def _query(self, query: str) -> tuple[_Built, _Query]:
        built = self._built or _empty(self._encoder().dim)
        terms = query_terms(query) or query.split()
        return built, _Query(self._encoder().encode_queries([query]), terms, self.lexical_weight)

    def search(self, query: str, k: int = 10) -> list[Hit]:
        """The ``k`` best shop/menu rows for ``query``, best first (rows of equal text by shop id)."""
        built, q = self._query(query)
        return list(_take(_ranked_rows(built, q, k), k))

    def semantic_candidates(self, query: str, k: int = 20) -> list[int]:
        """The ids of the ``k`` shops whose best document matches ``query`` best, best first."""
        built, q = self._query(query)
        shops: dict[int, None] = {}
        for hit in _ranked_rows(built, q, k):
            shops.setdefault(hit.shop_id, None)
            if len(shops) >= k:
                break
        return list(shops)

    def semantic_scores(self, query: str, candidate_shop_ids: Iterable[int]) -> dict[int, float]:
        """Each candidate shop's best document score (cosine plus the lexical bonus); 0.0 for unknown shops."""
        built, q = self._query(query)
        ids = list(dict.fromkeys(candidate_shop_ids))
        numbers = sorted({n for shop_id in ids for n in built.texts_of_shop.get(shop_id, ())})
        if not numbers:
            return dict.fromkeys(ids, 0.0)
        scores = built.index.reconstruct_batch(numbers) @ q.vector[0] + q.bonus(built, numbers)
        similarity = dict(zip(numbers, scores.tolist(), strict=True))
        return {s: max((similarity[n] for n in built.texts_of_shop.get(s, ())), default=0.0) for s in ids}

    async def refresh_if_stale(self, pool, *, force: bool = False) -> bool:
        """Rebuild from the database when its shops or menus changed since the last build. True when rebuilt.

        One cheap query when nothing changed (none at all within ``check_every`` seconds of the last one);
        concurrent callers wait for one rebuild."""
        from handlers.semantic.catalog import fetch_rows

        recent = time.monotonic() - self._checked_at < self.check_every
        if not force and self._built is not None and (recent or await self._unchanged(pool)):
            return False
        async with self._refresh_lock():
            if not force and self._built is not None and await self._unchanged(pool):
                return False  # another caller rebuilt it while this one waited
            shops, menus, fingerprint = await fetch_rows(pool)
            await asyncio.to_thread(self.build_from_rows, shops, menus, fingerprint)
            self._checked_at = time.monotonic()
            return True

    async def _unchanged(self, pool) -> bool:
        from handlers.semantic.catalog import fetch_fingerprint

        fingerprint = await fetch_fingerprint(pool)
        self._checked_at = time.monotonic()
        return self._built is not None and fingerprint == self._built.fingerprint

    def _refresh_lock(self) -> asyncio.Lock:
        loop = asyncio.get_running_loop()
        if self._lock is None or self._lock[0] is not loop:
            self._lock = (loop, asyncio.Lock())
        return self._lock[1]


def _ranked_rows(built: _Built, q: _Query, k: int) -> Iterable[Hit]:
    """Rows in score order. FAISS gives the best texts by cosine, POOL at a time (more while the caller wants
    more); within each round the lexical bonus re-ranks them."""
    fetch = min(max(k, POOL), built.index.ntotal)
    seen = 0
    while fetch > seen:
        cosines, numbers = built.index.search(q.vector, fetch)
        window = numbers[0][seen:]
        scores = cosines[0][seen:] + q.bonus(built, window)
        for position in np.argsort(-scores, kind="stable"):
            for shop_id, menu_id in sorted(built.rows_of_text[window[position]]):
                yield Hit(shop_id, None if menu_id == NO_MENU else menu_id, float(scores[position]))
        seen, fetch = fetch, min(fetch * 4, built.index.ntotal)


def _take(hits: Iterable[Hit], k: int) -> Iterable[Hit]:
    for count, hit in enumerate(hits):
        if count >= k:
            return
        yield hit
