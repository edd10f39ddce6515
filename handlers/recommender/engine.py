"""The recommender, end to end: candidates from SQL within every hard limit, widening the radius while too few
remain, then pure pricing, scoring, MMR and reason codes (seed 000 §5.2 steps 9–17).

Hard limits (never relaxed for a recommendation): a menu's final price within the budget, open now, meal card
accepted when the user has an active card, seats and group reservation for a group. Soft ones are relaxed in
order: the radius (widened step by step), then a dish → its category ("짜장" → any 중식).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from handlers.recommender.features import FeatureContext, meal_time
from handlers.recommender.food import FoodWish, food_wish
from handlers.recommender.places import Anchor
from handlers.recommender.pricing import fitting_menus, price_allowance
from handlers.recommender.scoring import (
    GROUP_WEIGHTS,
    TOP_N,
    WEIGHTS,
    Offer,
    Scored,
    descriptive,
    mmr,
    score_offers,
)
from handlers.recommender.semantic import SemanticMatcher, semantic_scores
from handlers.recommender.wish import Wish
from storage.coupons import WalletCoupon
from storage.shops import CandidateQuery, ShopCandidate, find_candidates
from storage.users import Profile

MIN_SHOPS = 3  # fewer than this within a radius: widen it
CANDIDATES = 30  # nearest shops that pass every filter: the pool scoring and MMR choose five from
DISH_CANDIDATES = 20  # a dish is rarer: fewer of them, so the nearest-first walk stops sooner
MIN_MEAL_PRICE = 1000  # below this (after coupons) no meal fits: no need to ask SQL


@dataclass(frozen=True)
class Situation:
    """Who asks, when and with what: everything besides the wish that shapes the answer."""

    now: datetime
    tz_name: str = "Asia/Seoul"
    has_card: bool = False
    wallet: tuple[WalletCoupon, ...] = ()
    profile: Profile | None = None
    exclude: tuple[int, ...] = ()
    semantic: SemanticMatcher | None = None


@dataclass(frozen=True)
class Search:
    """What SQL found: offers that fit, how many candidates, at which radius, and whether the dish was relaxed."""

    offers: tuple[Offer, ...] = ()
    total_candidates: int = 0
    radius_m: int | None = None
    food_relaxed: bool = False


@dataclass(frozen=True)
class Recommendation:
    picks: tuple[Scored, ...]
    search: Search
    anchor: Anchor
    food: FoodWish | None
    semantic_used: bool = False
    extra: dict = field(default_factory=dict)


def candidate_query(
    wish: Wish, food: FoodWish | None, anchor: Anchor, radius: int | None, situation: Situation, *,
    use_terms: bool = True, **overrides,
) -> CandidateQuery:
    """The SQL filters of one search (pure)."""
    query = CandidateQuery(
        at=situation.now, max_price=wish.budget, price_allowance=price_allowance(situation.wallet, wish.budget),
        categories=(food.categories if use_terms else food.categories[:1]) if food else (),
        menu_terms=food.menu_terms if food and use_terms else (), meal_card_only=situation.has_card,
        near=anchor.point, radius_m=radius or 1500, min_seats=wish.people if wish.group else None,
        group_reservation=wish.group and wish.reservation, private_room=wish.group and wish.private_room,
        exclude_shop_ids=situation.exclude, tz_name=situation.tz_name, limit=CANDIDATES,
    )
    return replace(query, **overrides) if overrides else query


def priced_offers(candidates: Sequence[ShopCandidate], budget: int | None, situation: Situation) -> tuple[Offer, ...]:
    """Shops with at least one menu whose final price (after the best coupon) is within ``budget``."""
    offers = []
    for shop in candidates:
        menus = fitting_menus(shop, budget, situation.wallet, situation.has_card)
        if menus:
            offers.append(Offer(shop, menus))
    return tuple(offers)


def within_smallest_radius(offers: tuple[Offer, ...], radii: tuple[int, ...]) -> tuple[tuple[Offer, ...], int | None]:
    """The offers within the smallest of ``radii`` that holds at least MIN_SHOPS of them (else all, at the last)."""
    for radius in radii:
        near = tuple(o for o in offers if o.shop.distance_m is not None and o.shop.distance_m <= radius)
        if len(near) >= MIN_SHOPS:
            return near, radius
    return offers, radii[-1] if radii else None


def walks(radii: tuple[int, ...]) -> tuple[int | None, ...]:
    """The radii SQL is asked at: the first (cheap, and enough where shops are dense), then the widest."""
    return tuple(dict.fromkeys((radii[0], radii[-1]))) if radii else (None,)


async def search(pool, wish: Wish, anchor: Anchor, situation: Situation, **overrides) -> Search:
    """Offers within the smallest radius that has at least MIN_SHOPS of them (the dish first, then its category);
    ``overrides`` set more SQL filters (``good_influence_only=True``).

    SQL walks the shops nearest first and stops at its LIMIT. It is asked within the first radius, and when that
    holds fewer than MIN_SHOPS offers, once more out to the widest; the radii in between are a choice among the
    rows of that second walk, not more queries."""
    food = food_wish(wish.food)
    attempts = (True, False) if food is not None and food.is_dish and food.categories else (True,)
    found = Search()
    if wish.budget is not None and wish.budget + price_allowance(situation.wallet, wish.budget) < MIN_MEAL_PRICE:
        return found
    for use_terms in attempts:
        limit = DISH_CANDIDATES if use_terms and food is not None and food.is_dish else CANDIDATES
        for radius in walks(anchor.radii):
            query = candidate_query(wish, food, anchor, radius, situation, use_terms=use_terms,
                                    **{"limit": limit, **overrides})
            candidates = await find_candidates(pool, query)
            radii = tuple(r for r in anchor.radii if radius is None or r <= radius)
            offers, chosen = within_smallest_radius(priced_offers(candidates, wish.budget, situation), radii)
            found = Search(offers, len(candidates), chosen, not use_terms)
            if len(offers) >= MIN_SHOPS:
                return found
        if found.offers:
            return found
    return found


def feature_context(wish: Wish, situation: Situation, semantic: dict[int, float]) -> FeatureContext:
    local = situation.now.astimezone(ZoneInfo(situation.tz_name))
    return FeatureContext(budget=wish.budget, profile=situation.profile, time_slot=wish.time_slot or meal_time(local),
                          semantic=semantic)


async def recommend(pool, wish: Wish, anchor: Anchor, situation: Situation, k: int = TOP_N) -> Recommendation:
    """The top ``k`` shops for ``wish``: searched, scored, diversified (an empty ``picks`` when nothing fits)."""
    found = await search(pool, wish, anchor, situation)
    ids = [offer.shop.shop_id for offer in found.offers]
    semantic = await semantic_scores(situation.semantic, wish.text, ids) if ids and wish.text else {}
    weights = GROUP_WEIGHTS if wish.group else WEIGHTS
    if semantic and wish.food is None:
        weights = descriptive(weights)
    scored = score_offers(found.offers, feature_context(wish, situation, semantic), weights)
    return Recommendation(tuple(mmr(scored, k)), found, anchor, food_wish(wish.food), bool(semantic))
