"""Score = Σ weight × feature (weights sum to 1, so a score is in [0, 1]); then MMR picks a diverse top 5.

Weights (documented, tuned by hand on the demo data; the learned model of seed 000 §5.2 step 13 can replace
them once ``ml_training.recommendation_feedback`` has enough rows):

| feature         | normal | group | without semantic search                         |
|-----------------|--------|-------|--------------------------------------------------|
| budget_fit      | 0.22   | 0.15  | the semantic weight is shared out in proportion |
| distance        | 0.22   | 0.15  |                                                  |
| popularity      | 0.12   | 0.18  |                                                  |
| quality         | 0.12   | 0.18  |                                                  |
| good_influence  | 0.06   | 0.04  |                                                  |
| user_preference | 0.10   | 0.10  |                                                  |
| time_fit        | 0.06   | 0.10  |                                                  |
| semantic        | 0.10   | 0.10  |                                                  |

A descriptive request that names no food ("국물 있는 거", "매운 거") gives the semantic feature 0.30 and the others
share the remaining 0.70 in the same proportions (``descriptive``).

MMR (maximal marginal relevance): pick the next shop maximising λ·score − (1−λ)·max similarity to the shops
already picked, λ = 0.7. Two shops are similar when they share a category (0.6), lead with the same dish (0.3)
and stand next to each other (0.1): five 김밥 shops become a 김밥 shop, a 국밥 shop, a 중국집 …
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from handlers.recommender.features import FeatureContext, features
from handlers.recommender.pricing import PricedMenu
from storage.geo import GeoPoint, distance_m
from storage.shops import ShopCandidate

WEIGHTS: dict[str, float] = {
    "budget_fit": 0.22, "distance": 0.22, "popularity": 0.12, "quality": 0.12, "good_influence": 0.06,
    "user_preference": 0.10, "time_fit": 0.06, "semantic": 0.10,
}
GROUP_WEIGHTS: dict[str, float] = {
    "budget_fit": 0.15, "distance": 0.15, "popularity": 0.18, "quality": 0.18, "good_influence": 0.04,
    "user_preference": 0.10, "time_fit": 0.10, "semantic": 0.10,
}
DESCRIPTIVE_SEMANTIC = 0.30  # "국물 있는 거" names no food: the words themselves must steer
MMR_LAMBDA = 0.7
TOP_N = 5
MMR_POOL = 30  # shops below the 30th score are never worth the diversity they would add
DISH_SUFFIXES = ("김밥", "떡볶이", "라면", "국밥", "찌개", "짜장면", "짬뽕", "돈까스", "버거", "치킨", "피자", "초밥",
                 "우동", "덮밥", "도시락", "죽", "파스타", "마라탕", "커피", "토스트", "샌드위치")


@dataclass(frozen=True)
class Offer:
    """A shop with the menus that fit the request (cheapest final price first)."""

    shop: ShopCandidate
    menus: tuple[PricedMenu, ...]


@dataclass(frozen=True)
class Scored:
    offer: Offer
    score: float
    features: dict[str, float]


def effective_weights(base: dict[str, float], with_semantic: bool) -> dict[str, float]:
    """``base`` as is, or without the semantic feature and the others scaled back up to a sum of 1."""
    if with_semantic:
        return dict(base)
    rest = {name: w for name, w in base.items() if name != "semantic"}
    total = sum(rest.values())
    return {name: w / total for name, w in rest.items()} | {"semantic": 0.0}


def descriptive(base: dict[str, float], semantic_weight: float = DESCRIPTIVE_SEMANTIC) -> dict[str, float]:
    """``base`` with the semantic feature at ``semantic_weight`` and the others scaled to share the rest."""
    rest = {name: w for name, w in base.items() if name != "semantic"}
    total = sum(rest.values())
    return {name: w * (1 - semantic_weight) / total for name, w in rest.items()} | {"semantic": semantic_weight}


def score_offers(offers: Sequence[Offer], ctx: FeatureContext, base: dict[str, float] = WEIGHTS) -> list[Scored]:
    """Every offer with its features and weighted score, best first (ties: nearer, then lower id)."""
    weights = effective_weights(base, bool(ctx.semantic))
    scored = []
    for offer in offers:
        values = features(offer.shop, offer.menus, ctx)
        total = sum(weights[name] * values[name] for name in weights)
        scored.append(Scored(offer, round(min(1.0, max(0.0, total)), 4), values))
    return sorted(scored, key=_rank_key)


def _rank_key(item: Scored) -> tuple:
    shop = item.offer.shop
    return (-item.score, shop.distance_m if shop.distance_m is not None else 0.0, shop.shop_id)


def lead_dish(offer: Offer) -> str | None:
    """The kind of dish a shop leads with (its cheapest fitting menu's 김밥/국밥/… ending)."""
    for priced in offer.menus[:1]:
        for suffix in DISH_SUFFIXES:
            if suffix in priced.menu.name:
                return suffix
    return None


def similarity(a: Offer, b: Offer) -> float:
    value = 0.6 if a.shop.category == b.shop.category else 0.0
    dish = lead_dish(a)
    if dish is not None and dish == lead_dish(b):
        value += 0.3
    here, there = GeoPoint(a.shop.latitude, a.shop.longitude), GeoPoint(b.shop.latitude, b.shop.longitude)
    if distance_m(here, there) < 60:
        value += 0.1
    return min(1.0, value)


def mmr(scored: Sequence[Scored], k: int = TOP_N, lam: float = MMR_LAMBDA, pool: int = MMR_POOL) -> list[Scored]:
    """Greedy maximal-marginal-relevance selection of ``k`` of the best ``pool`` items (deterministic: on equal
    gain the better-ranked item wins)."""
    remaining = list(scored[:pool])
    chosen: list[Scored] = []
    redundancy = [0.0] * len(remaining)
    while remaining and len(chosen) < k:
        best = max(range(len(remaining)), key=lambda i: (lam * remaining[i].score - (1 - lam) * redundancy[i], -i))
        picked = remaining.pop(best)
        redundancy.pop(best)
        chosen.append(picked)
        redundancy = [max(r, similarity(item.offer, picked.offer)) for r, item in zip(redundancy, remaining,
                                                                                        strict=True)]
    return chosen


def diversity(chosen: Sequence[Scored]) -> float:
    """1 − mean pairwise similarity of the chosen shops (1.0 for fewer than two)."""
    pairs = [(a, b) for i, a in enumerate(chosen) for b in chosen[i + 1:]]
    if not pairs:
        return 1.0
    return round(1.0 - sum(similarity(a.offer, b.offer) for a, b in pairs) / len(pairs), 3)
