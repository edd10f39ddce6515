"""Scenario 1 (seed 000 §5.3): what a hungry child can eat right now, before anything else (pure ordering over
two SQL searches).

First the free meals: open 선한영향력가게 nearby (they serve card-holding children for free, so a card holder's
final price there is 0), nearest first, at most ``FREE_SHOWN``. Then the cheapest open meals within the balance
(after coupons): the ``CHEAP_POOL`` cheapest shops, nearest first. Five in all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from handlers.recommender.engine import Search, Situation, search
from handlers.recommender.features import distance
from handlers.recommender.places import Anchor
from handlers.recommender.pricing import PricedMenu
from handlers.recommender.scoring import TOP_N, Offer, Scored
from handlers.recommender.wish import Wish

FREE_SHOWN = 3
CHEAP_POOL = 10
FREE_CANDIDATES = 6  # nearest 선한영향력가게 asked of SQL
CHEAP_CANDIDATES = 20


def free_offer(offer: Offer, has_card: bool) -> Offer:
    """A 선한영향력가게's menus at what a card holder pays there: nothing."""
    if not has_card:
        return offer
    return Offer(offer.shop, tuple(PricedMenu(p.menu, 0) for p in offer.menus))


def _distance_key(offer: Offer) -> tuple:
    shop = offer.shop
    return (shop.distance_m if shop.distance_m is not None else float("inf"), shop.shop_id)


def _scored(offer: Offer, budget: int | None) -> Scored:
    cheapest = offer.menus[0].final_price if offer.menus else 0
    fit = 1.0 if not budget else max(0.0, 1.0 - cheapest / budget)
    value = round(0.5 * distance(offer.shop) + 0.5 * (1.0 if cheapest == 0 else fit), 4)
    return Scored(offer, value, {"distance": distance(offer.shop), "budget_fit": fit})


def emergency_order(free: Sequence[Offer], cheap: Sequence[Offer], budget: int | None, has_card: bool,
                    k: int = TOP_N) -> list[Scored]:
    """Free meals first (every 선한영향력가게 found, nearest first), then the cheapest other meals (nearest first
    among the ``CHEAP_POOL`` cheapest)."""
    seen: set[int] = set()
    goods, others = [], []
    for offer in (*free, *cheap):
        if offer.shop.shop_id not in seen:
            seen.add(offer.shop.shop_id)
            (goods if offer.shop.good_influence else others).append(offer)
    firsts = sorted((free_offer(o, has_card) for o in goods), key=_distance_key)[:FREE_SHOWN]
    cheapest = sorted(others, key=lambda o: (o.menus[0].final_price, *_distance_key(o)))[:CHEAP_POOL]
    ordered = firsts + sorted(cheapest, key=_distance_key)
    return [_scored(offer, budget) for offer in ordered[:k]]


async def emergency_search(pool, budget: int | None, anchor: Anchor, situation: Situation) -> tuple[Search, Search]:
    """(free meals, cheapest meals within ``budget``) around ``anchor``, open now."""
    free_wish = Wish() if situation.has_card else Wish(budget=budget)  # free for card holders only
    free = await search(pool, free_wish, anchor, situation, good_influence_only=True, menus_per_shop=3,
                        limit=FREE_CANDIDATES)
    taken = tuple(o.shop.shop_id for o in free.offers[:FREE_SHOWN])
    cheap_situation = replace(situation, exclude=situation.exclude + taken)
    cheap = await search(pool, Wish(budget=budget, budget_source="balance"), anchor, cheap_situation,
                         limit=CHEAP_CANDIDATES)
    return free, cheap
