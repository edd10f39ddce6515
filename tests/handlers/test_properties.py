"""Property tests of the recommender's invariants over random budgets, clocks (break times, midnight, closed days,
holidays), positions, cards, wallets and profiles, against the real demo data.

Whatever is asked: no menu's final price exceeds the budget (or the balance), no shop that is closed at the clock
(by the pure business-hours code, holidays included) is recommended, a card holder only sees shops that take the
card, a group only sees shops with enough seats, at most five shops, each once, scores in [0, 1].
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from handlers.recommender import engine
from handlers.recommender.emergency import emergency_order, emergency_search
from handlers.recommender.features import FeatureContext
from handlers.recommender.places import resolve_anchor
from handlers.recommender.pricing import best_price
from handlers.recommender.scoring import Offer, mmr, score_offers
from handlers.recommender.wish import Wish
from storage.business_hours import open_state
from storage.db import create_pool
from storage.geo import GeoPoint
from storage.users import Profile
from tests.handlers.conftest import SEOUL
from tests.handlers.factories import coupon, menu, shop

START = datetime(2026, 11, 23, 0, 0, tzinfo=SEOUL)  # a Monday
EDGES = [datetime(2026, 11, 24, h, m, tzinfo=SEOUL) for h, m in ((15, 30), (16, 59), (0, 30), (1, 59), (2, 0),
                                                                   (23, 59), (11, 0), (6, 0))]
HOLIDAYS = [datetime(2026, 12, 25, 12, 0, tzinfo=SEOUL), datetime(2027, 1, 1, 19, 0, tzinfo=SEOUL)]
CENTRES = [GeoPoint(37.5404, 127.0692), GeoPoint(37.4842, 126.9297), GeoPoint(37.4979, 127.0276)]
FOODS = [None, "치킨", "짜장", "떡볶이", "중국집", "분식", "김밥", "피자", "돈까스", "국밥"]
CATEGORIES = ["한식", "중식", "분식", "치킨", "피자", "일식", "도시락/죽"]

moments = st.one_of(
    st.integers(0, 14 * 24 * 60 - 1).map(lambda m: START + timedelta(minutes=m)),
    st.sampled_from(EDGES + HOLIDAYS),
)
near_a_centre = st.builds(lambda c, dlat, dlon: GeoPoint(c.latitude + dlat, c.longitude + dlon),
                          st.sampled_from(CENTRES), st.floats(-0.012, 0.012), st.floats(-0.012, 0.012))
positions = st.one_of(st.none(), near_a_centre, near_a_centre, st.builds(GeoPoint, st.floats(37.45, 37.65),
                                                                        st.floats(126.85, 127.15)))
wallets = st.lists(st.one_of(
    st.builds(lambda a, m: coupon("F", amount=a, minimum=m), st.integers(500, 6000), st.integers(0, 9000)),
    st.builds(lambda r, c: coupon("P", kind="PERCENTAGE", rate=r, cap=c), st.floats(0.05, 0.5), st.integers(500, 5000)),
    st.builds(lambda: coupon("C", usage="CATEGORY", categories=("분식",), amount=1500)),
    st.builds(lambda: coupon("E", usage="FOODCARD", amount=5000)),
), max_size=3).map(lambda cs: tuple(c.__class__(**{**c.__dict__, "wallet_id": i}) for i, c in enumerate(cs)))
profiles = st.one_of(st.none(), st.builds(
    lambda cats, spicy, fav, gi: Profile(user_id=0, preferred_categories=tuple(cats), favorite_shops=tuple(fav),
                                         taste_preferences={"매운맛": spicy}, good_influence_preference=gi),
    st.lists(st.sampled_from(CATEGORIES), max_size=3, unique=True), st.floats(0, 1),
    st.lists(st.integers(1, 336), max_size=3), st.floats(0, 1)))
wishes = st.builds(
    lambda budget, food, people, group, room, widen: Wish(
        budget=budget, budget_source="asked" if budget is not None else "none", food=food,
        people=people if group else None, group=group, private_room=group and room, reservation=group and people >= 8,
        widen=widen, text=food or ""),
    st.one_of(st.none(), st.integers(3000, 20_000), st.integers(0, 20_000)),
    st.one_of(st.none(), st.sampled_from(FOODS)), st.integers(2, 16), st.sampled_from([False, False, False, True]),
    st.booleans(), st.integers(0, 2))


@pytest.fixture(scope="module")
def db(database_url, demo_data):
    """A pool on an event loop of its own: hypothesis calls the test body synchronously."""
    loop = asyncio.new_event_loop()
    pool = loop.run_until_complete(create_pool(database_url, min_size=1, max_size=2))
    holidays = {row["day"] for row in loop.run_until_complete(pool.fetch("SELECT day FROM chatbot.public_holidays"))}
    yield loop, pool, holidays
    loop.run_until_complete(pool.close())
    loop.close()


def assert_open(shop_, moment: datetime, holidays: set) -> None:
    local = moment.astimezone(SEOUL)
    state = open_state(shop_.business_hours, local.weekday(), local.hour * 60 + local.minute,
                       holiday=local.date() in holidays)
    assert state == "OPEN", (shop_.name, shop_.business_hours, local)


PROPERTY_SETTINGS = settings(max_examples=150, deadline=None,
                             suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(wish=wishes, moment=moments, position=positions, balance=st.one_of(st.none(), st.integers(0, 30_000)),
       wallet=wallets, profile=profiles)
def test_recommendations_never_break_a_hard_limit(db, wish, moment, position, balance, wallet, profile):
    loop, pool, holidays = db
    has_card = balance is not None
    if has_card and wish.budget is None and not wish.group:
        wish = Wish(**{**wish.__dict__, "budget": balance, "budget_source": "balance"})
    situation = engine.Situation(now=moment, has_card=has_card, wallet=wallet, profile=profile)
    anchor = resolve_anchor(None, wish.text, position).widened(wish.widen)
    rec = loop.run_until_complete(engine.recommend(pool, wish, anchor, situation))
    ids = [item.offer.shop.shop_id for item in rec.picks]
    event(f"shops recommended: {'none' if not ids else 'some'}")
    assert len(ids) <= 5 and len(ids) == len(set(ids))
    for item in rec.picks:
        candidate = item.offer.shop
        assert 0.0 <= item.score <= 1.0
        assert item.offer.menus
        for priced in item.offer.menus:
            assert 0 <= priced.final_price <= priced.menu.price
            assert wish.budget is None or priced.final_price <= wish.budget
            assert priced.final_price == best_price(priced.menu, candidate, wallet, has_card).final_price
        assert_open(candidate, moment, holidays)
        assert not has_card or candidate.food_card in ("Y", "P")
        if wish.group:
            assert candidate.seat_count is not None and candidate.seat_count >= wish.people
            assert not wish.private_room or candidate.private_room
        if anchor.point is not None:
            assert candidate.distance_m is not None and candidate.distance_m <= rec.search.radius_m + 1


@PROPERTY_SETTINGS
@given(moment=moments, position=positions, balance=st.one_of(st.none(), st.integers(0, 12_000)), wallet=wallets)
def test_emergency_answers_free_meals_first_and_nothing_beyond_the_balance(db, moment, position, balance, wallet):
    loop, pool, holidays = db
    has_card = balance is not None
    situation = engine.Situation(now=moment, has_card=has_card, wallet=wallet)
    anchor = resolve_anchor(None, "", position)
    free, cheap = loop.run_until_complete(emergency_search(pool, balance, anchor, situation))
    picks = emergency_order(free.offers, cheap.offers, balance, has_card)
    goods = [item.offer.shop.good_influence for item in picks]
    event(f"emergency: {sum(goods)} free, {len(goods) - sum(goods)} cheap")
    assert goods == sorted(goods, reverse=True) and len(picks) <= 5
    for item in picks:
        assert_open(item.offer.shop, moment, holidays)
        assert not has_card or item.offer.shop.food_card in ("Y", "P")
        assert balance is None or all(p.final_price <= balance for p in item.offer.menus)
        assert not (has_card and item.offer.shop.good_influence) or all(p.final_price == 0 for p in item.offer.menus)


@settings(max_examples=200, deadline=None)
@given(prices=st.lists(st.integers(0, 30_000), min_size=1, max_size=6), wallet=wallets, has_card=st.booleans(),
       budget=st.one_of(st.none(), st.integers(0, 20_000)))
def test_the_final_price_is_the_cheapest_coupon_and_never_negative(prices, wallet, has_card, budget):
    candidate = shop(1, *prices)
    for offered in candidate.menus:
        priced = best_price(offered, candidate, wallet, has_card)
        assert 0 <= priced.final_price <= offered.price
        assert priced.coupon is None or priced.final_price < offered.price
    assert menu(1, 100).price == 100


@settings(max_examples=150, deadline=None)
@given(shops=st.lists(st.tuples(st.integers(1000, 15_000), st.sampled_from(CATEGORIES), st.floats(0, 3000),
                                st.floats(0, 1)), min_size=1, max_size=25), k=st.integers(1, 5))
def test_mmr_picks_distinct_shops_and_starts_with_the_best(shops, k):
    offers = []
    for i, (price, category, distance, popularity) in enumerate(shops, 1):
        candidate = shop(i, price, category=category, distance=distance, popularity=popularity)
        offers.append(Offer(candidate, (best_price(candidate.menus[0], candidate, (), False),)))
    scored = score_offers(offers, FeatureContext(budget=15_000))
    picked = mmr(scored, k)
    assert len(picked) == min(k, len(scored))
    assert len({p.offer.shop.shop_id for p in picked}) == len(picked)
    assert picked[0] is scored[0]
