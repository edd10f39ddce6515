"""Scoring (pure): named features in [0, 1], weights that sum to 1, MMR diversity, reason codes."""

from datetime import datetime

import pytest

from handlers.recommender.features import FeatureContext, features, meal_time
from handlers.recommender.pricing import fitting_menus
from handlers.recommender.reasons import reason_codes
from handlers.recommender.scoring import (
    GROUP_WEIGHTS,
    WEIGHTS,
    Offer,
    diversity,
    effective_weights,
    mmr,
    score_offers,
)
from storage.users import Profile
from tests.handlers.factories import shop


def offer(candidate, budget=None):
    return Offer(candidate, fitting_menus(candidate, budget, [], False))


@pytest.mark.parametrize("weights", [WEIGHTS, GROUP_WEIGHTS])
def test_weights_sum_to_one_with_and_without_semantic(weights):
    assert sum(weights.values()) == pytest.approx(1.0)
    without = effective_weights(weights, with_semantic=False)
    assert sum(without.values()) == pytest.approx(1.0)
    assert without["semantic"] == 0.0


def test_every_feature_is_in_the_unit_interval():
    profile = Profile(user_id=1, preferred_categories=("분식",), favorite_shops=(3,), taste_preferences={"매운맛": 0.9},
                      good_influence_preference=1.0)
    ctx = FeatureContext(budget=5000, profile=profile, time_slot="야식", semantic={1: 3.0})
    for candidate in (shop(1, 4500, good=True), shop(2, 0, distance=None), shop(3, 5000, distance=9000)):
        values = features(candidate, offer(candidate, 5000).menus, ctx)
        assert set(values) == set(WEIGHTS)
        assert all(0.0 <= v <= 1.0 for v in values.values()), values


def test_nearer_cheaper_and_preferred_shops_score_higher():
    near, far = shop(1, 4000, distance=100), shop(2, 4000, distance=1500)
    cheap, dear = shop(3, 2000), shop(4, 4900)
    ranked = score_offers([offer(far, 5000), offer(near, 5000)], FeatureContext(budget=5000))
    assert ranked[0].offer.shop.shop_id == 1
    ranked = score_offers([offer(dear, 5000), offer(cheap, 5000)], FeatureContext(budget=5000))
    assert ranked[0].offer.shop.shop_id == 3
    profile = Profile(user_id=1, favorite_shops=(6,))
    ranked = score_offers([offer(shop(5)), offer(shop(6))], FeatureContext(profile=profile))
    assert ranked[0].offer.shop.shop_id == 6


def test_mmr_does_not_return_five_kimbap_shops():
    kimbap = [shop(i, 3000, category="분식", dish="김밥", popularity=0.9, distance=100 + i) for i in range(1, 8)]
    others = [shop(10, 4000, category="한식", dish="국밥", popularity=0.5),
              shop(11, 4000, category="중식", dish="짜장면", popularity=0.5),
              shop(12, 4000, category="도시락/죽", dish="도시락", popularity=0.5)]
    scored = score_offers([offer(s, 5000) for s in kimbap + others], FeatureContext(budget=5000))
    picked = mmr(scored, 5)
    assert picked[0] is scored[0]
    assert len({p.offer.shop.category for p in picked}) >= 3
    assert len({p.offer.shop.shop_id for p in picked}) == 5
    assert diversity(picked) > diversity(scored[:5])


def test_reason_codes():
    candidate = shop(1, 4000, distance=200, popularity=0.8, quality=0.9, food_card="Y")
    profile = Profile(user_id=1, preferred_categories=("분식",))
    item = score_offers([offer(candidate, 5000)], FeatureContext(budget=5000, profile=profile))[0]
    assert reason_codes(item, 5000) == ("BUDGET_FIT", "NEARBY", "POPULAR", "FOODCARD_OK", "HIGH_QUALITY",
                                        "USER_PREFERENCE")
    plain = shop(2, 4000, distance=900, popularity=0.1, quality=0.1, food_card="N")
    item = score_offers([offer(plain)], FeatureContext())[0]
    assert reason_codes(item, None) == ()


@pytest.mark.parametrize(("hour", "slot"), [(7, "아침"), (12, "점심"), (18, "저녁"), (23, "야식"), (2, "야식")])
def test_meal_time(hour, slot):
    assert meal_time(datetime(2026, 11, 24, hour)) == slot
