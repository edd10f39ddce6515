"""The optional semantic feature (pure): which words are matched, how scores are scaled, and that the
recommender carries on when the matcher is missing, failing or slow."""

import asyncio

import pytest

from handlers.recommender.features import FeatureContext
from handlers.recommender.pricing import fitting_menus
from handlers.recommender.scoring import WEIGHTS, Offer, descriptive, score_offers
from handlers.recommender.semantic import semantic_query, semantic_scores, spread
from tests.handlers.factories import shop


@pytest.mark.parametrize(("text", "query"), [
    ("국물 있는 거 먹고 싶어", "국물 있는"), ("매운 거 추천해줘", "매운"), ("든든한 거 5000원 이하", "든든한"),
    ("5천원으로 점심 뭐 먹지?", ""), ("만원 이하로", ""), ("다른 데는?", ""), ("배고파 뭐 먹지", ""),
])
def test_only_descriptive_words_are_matched(text, query):
    assert semantic_query(text) == query


def test_spread_keeps_the_order_and_ignores_ties():
    assert spread({1: 0.31, 2: 0.11, 3: 0.21}) == pytest.approx({1: 1.0, 2: 0.0, 3: 0.5})
    assert spread({1: 0.3, 2: 0.31}) == {1: 0.0, 2: 0.0}
    assert spread({}) == {}


async def test_matchers_sync_async_failing_and_slow():
    def sync(query, ids):
        return {i: 0.5 for i in ids} | {999: 1.0}

    async def slow(query, ids):
        await asyncio.sleep(1)
        return {i: 1.0 for i in ids}

    def broken(query, ids):
        raise RuntimeError("index not built")

    assert await semantic_scores(sync, "국물 있는 거", [1, 2]) == {1: 0.5, 2: 0.5}
    assert await semantic_scores(slow, "국물 있는 거", [1]) == {}
    assert await semantic_scores(broken, "국물 있는 거", [1]) == {}
    assert await semantic_scores(None, "국물 있는 거", [1]) == {}
    assert await semantic_scores(sync, "5천원으로 점심 뭐 먹지?", [1]) == {}


def test_a_descriptive_request_lets_the_semantic_match_steer():
    weights = descriptive(WEIGHTS)
    assert sum(weights.values()) == pytest.approx(1.0) and weights["semantic"] == 0.30
    near_plain, far_soup = shop(1, 5000, distance=100), shop(2, 5000, distance=700)
    offers = [Offer(s, fitting_menus(s, None, [], False)) for s in (near_plain, far_soup)]
    ctx = FeatureContext(semantic={1: 0.0, 2: 1.0})
    assert score_offers(offers, ctx, weights)[0].offer.shop.shop_id == 2
    assert score_offers(offers, FeatureContext(), WEIGHTS)[0].offer.shop.shop_id == 1
