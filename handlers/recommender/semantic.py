"""The optional semantic match: a small interface to ``handlers.semantic`` so the recommender works without it.

``handlers.semantic.ShopIndex`` (a teammate's module) gives ``semantic_scores(query, shop_ids)`` — the cosine of
the request with each shop's best shop/menu document. :func:`start_semantic` builds one index at process start
(``HandlerDeps.extras["semantic"]``); without it — not installed, not started, failing, or slow — the semantic
feature is simply 0 and the other weights share its part (``scoring.effective_weights``).

Only descriptive words are matched ("국물 있는 거", "매운 거", "혼밥하기 좋은 곳"): amounts, meal times and
"뭐 먹지 / 추천해줘" carry no taste and would only add noise.
"""

from __future__ import annotations

import asyncio
import inspect
import re
from collections.abc import Callable, Sequence
from typing import Protocol

import structlog

log = structlog.get_logger(__name__)

TIMEOUT_S = 0.3  # a semantic score is a nicety: never let it hold a hungry child's answer
BUILD_TIMEOUT_S = 30.0  # a database that does not answer at start: go on without
MIN_SPREAD = 0.05  # cosines closer together than this tell the candidates apart by nothing
_GENERIC = re.compile(
    r"\d[\d,.]*\s?(?:만|천|백)?\s?원?|[일이삼사오육칠팔구십백천만]+\s?원|원으로|원어치|이하|이내|정도|아침|점심|저녁|야식|"
    r"뭐\s?먹[가-힣]*|먹고\s?싶[가-힣]*|먹을\s?(?:곳|데|거)|추천[가-힣]*|알려\s?줘|찾아\s?줘|해\s?줘|있어\??|"
    r"근처|주변|지금|오늘|좀|곳|데|식당|맛집|가게|[?!~.,ㅋㅎㅠㅜ]+"
)


class SemanticMatcher(Protocol):
    def __call__(self, query: str, candidate_shop_ids: Sequence[int]) -> object: ...


_STOP_WORDS = frozenset({
    "으로", "로", "는", "은", "이", "가", "을", "를", "다른", "딴", "또", "더", "거", "것", "아무거나", "그럼", "그냥",
    "나", "우리", "혼자", "같이", "친구랑", "배고파", "배고파요", "배고픈데", "돼", "되는", "갈", "만", "이하로",
    "말고", "없어", "뭐", "급식카드", "카드", "꿈나무카드",
})


def semantic_query(text: str) -> str:
    """The descriptive part of a request ("국물 있는 거 5천원으로" → "국물 있는 거"); "" when there is none."""
    words = _GENERIC.sub(" ", text or "").split()
    kept = [w for w in words if w not in _STOP_WORDS and not w.startswith("배고")]
    meaningful = [w for w in kept if w not in ("거", "것")]
    return " ".join(kept) if len(re.sub(r"[^가-힣A-Za-z]", "", "".join(meaningful))) >= 2 else ""


def spread(cosines: dict[int, float]) -> dict[int, float]:
    """Cosines rescaled over the candidates to [0, 1] (best 1, worst 0): a model's absolute cosines are not
    calibrated, their order is. All alike (spread < MIN_SPREAD) → all 0."""
    if not cosines:
        return {}
    low, high = min(cosines.values()), max(cosines.values())
    if high - low < MIN_SPREAD:
        return dict.fromkeys(cosines, 0.0)
    return {shop: (cos - low) / (high - low) for shop, cos in cosines.items()}


class IndexMatcher:
    """``ShopIndex.semantic_scores`` as a matcher (``spread`` over the candidates), kept fresh: one cheap query at
    most every ``check_every`` seconds, rebuilt in a thread when shops or menus changed."""

    def __init__(self, index, pool) -> None:
        self.index, self.pool = index, pool

    async def __call__(self, query: str, candidate_shop_ids: Sequence[int]) -> dict[int, float]:
        await self.index.refresh_if_stale(self.pool)
        return spread(self.index.semantic_scores(query, candidate_shop_ids))


async def start_semantic(pool, embedding_model: str | None = None, check_every: float = 5.0) -> IndexMatcher | None:
    """Build the semantic index once, at process start (off the event loop); None when it cannot be built."""
    try:
        from handlers.semantic import ShopIndex, get_encoder

        encoder = await asyncio.to_thread(get_encoder, embedding_model)
        index = ShopIndex(encoder, check_every=check_every)
        await asyncio.wait_for(index.refresh_if_stale(pool, force=True), BUILD_TIMEOUT_S)
    except Exception as exc:  # optional: the recommender works without it
        log.warning("semantic_unavailable", error=type(exc).__name__)
        return None
    return IndexMatcher(index, pool)


async def semantic_scores(matcher: Callable | None, text: str, shop_ids: Sequence[int]) -> dict[int, float]:
    """{shop id: score in [0, 1]} for the descriptive words of ``text``, or {} (no matcher, nothing descriptive,
    a failure, or slower than ``TIMEOUT_S``)."""
    query = semantic_query(text)
    if matcher is None or not query or not shop_ids:
        return {}
    try:
        result = matcher(query, list(shop_ids))
        if inspect.isawaitable(result):
            result = await asyncio.wait_for(result, TIMEOUT_S)
        wanted = set(shop_ids)
        return {int(k): min(1.0, max(0.0, float(v))) for k, v in dict(result or {}).items() if int(k) in wanted}
    except Exception as exc:
        log.warning("semantic_scores_failed", error=type(exc).__name__)
        return {}
