"""The named features a shop is scored on, each a pure function returning a value in [0, 1].

| feature           | what it measures                                                                          |
|-------------------|-------------------------------------------------------------------------------------------|
| budget_fit        | how easy on the money the cheapest fitting meal is: 1.0 free … 0.4 at the budget's edge   |
| distance          | exp(−metres / 600): 1.0 at the door, 0.43 at 500 m, 0.13 at 1.2 km; 0.5 when unknown       |
| popularity        | ``shops.popularity_score`` (recomputed from recent activity)                               |
| quality           | ``shops.quality_score``                                                                    |
| good_influence    | a 선한영향력가게, weighed by the profile's ``good_influence_preference`` (0.5 by default)    |
| user_preference   | a favourite shop (1.0), a preferred category (0.8), a taste the menus suit (up to 0.5)     |
| time_fit          | how well the shop's category suits the meal time (아침/점심/저녁/야식)                      |
| semantic          | the semantic search's match of the request text with the shop (0 without it)               |
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime

from handlers.recommender.pricing import PricedMenu
from storage.shops import ShopCandidate
from storage.users import Profile

NO_BUDGET_SCALE = 15_000  # without a budget, cheaper is still kinder: prices are compared with this
DISTANCE_SCALE_M = 600.0

# How well a category suits a meal time; categories not listed get 0.5.
TIME_FIT: dict[str, dict[str, float]] = {
    "아침": {"도시락/죽": 1.0, "카페/디저트": 0.9, "편의점": 0.9, "분식": 0.8, "패스트푸드": 0.7, "한식": 0.7,
           "치킨": 0.1, "피자": 0.1},
    "점심": {"한식": 1.0, "분식": 1.0, "중식": 0.9, "일식": 0.9, "도시락/죽": 0.9, "패스트푸드": 0.8,
           "양식": 0.8, "카페/디저트": 0.3, "치킨": 0.4, "피자": 0.5},
    "저녁": {"한식": 1.0, "치킨": 0.9, "피자": 0.9, "중식": 0.9, "일식": 0.9, "양식": 0.9, "분식": 0.8,
           "카페/디저트": 0.3},
    "야식": {"치킨": 1.0, "피자": 0.9, "분식": 0.9, "편의점": 0.8, "패스트푸드": 0.8, "한식": 0.5,
           "카페/디저트": 0.3, "도시락/죽": 0.3},
}
SPICY_WORDS = ("매운", "맵", "마라", "짬뽕", "떡볶이", "불닭", "얼큰", "김치")


@dataclass(frozen=True)
class FeatureContext:
    """What the features of one request depend on besides the shop itself."""

    budget: int | None = None
    profile: Profile | None = None
    time_slot: str = "점심"
    semantic: dict[int, float] = field(default_factory=dict)


def meal_time(now_local: datetime) -> str:
    """아침 (5–10 h), 점심 (10–15 h), 저녁 (15–21 h), 야식 (21–5 h) of a local time."""
    hour = now_local.hour
    if 5 <= hour < 10:
        return "아침"
    if 10 <= hour < 15:
        return "점심"
    if 15 <= hour < 21:
        return "저녁"
    return "야식"


def budget_fit(menus: tuple[PricedMenu, ...], budget: int | None) -> float:
    if not menus:
        return 0.0
    cheapest = menus[0].final_price
    scale = budget if budget else NO_BUDGET_SCALE
    return max(0.0, 1.0 - 0.6 * min(1.0, cheapest / scale)) if scale > 0 else 1.0


def distance(shop: ShopCandidate) -> float:
    if shop.distance_m is None:
        return 0.5
    return math.exp(-max(0.0, shop.distance_m) / DISTANCE_SCALE_M)


def popularity(shop: ShopCandidate) -> float:
    return min(1.0, max(0.0, shop.popularity))


def quality(shop: ShopCandidate) -> float:
    return min(1.0, max(0.0, shop.quality))


def good_influence(shop: ShopCandidate, profile: Profile | None) -> float:
    preference = profile.good_influence_preference if profile else 0.5
    return float(shop.good_influence) * min(1.0, max(0.0, preference))


def user_preference(shop: ShopCandidate, menus: tuple[PricedMenu, ...], profile: Profile | None) -> float:
    if profile is None:
        return 0.0
    if shop.shop_id in profile.favorite_shops:
        return 1.0
    value = 0.8 if shop.category in profile.preferred_categories else 0.0
    spicy = float((profile.taste_preferences or {}).get("매운맛", 0.5))
    spicy_menus = any(word in m.menu.name for m in menus for word in SPICY_WORDS)
    taste = spicy if spicy_menus else 1.0 - spicy
    return max(value, 0.5 * taste if abs(spicy - 0.5) >= 0.2 else 0.0)


def time_fit(shop: ShopCandidate, slot: str) -> float:
    return TIME_FIT.get(slot, {}).get(shop.category, 0.5)


def semantic(shop: ShopCandidate, scores: dict[int, float]) -> float:
    return min(1.0, max(0.0, float(scores.get(shop.shop_id, 0.0))))


def features(shop: ShopCandidate, menus: tuple[PricedMenu, ...], ctx: FeatureContext) -> dict[str, float]:
    """Every named feature of one shop for one request."""
    return {
        "budget_fit": budget_fit(menus, ctx.budget),
        "distance": distance(shop),
        "popularity": popularity(shop),
        "quality": quality(shop),
        "good_influence": good_influence(shop, ctx.profile),
        "user_preference": user_preference(shop, menus, ctx.profile),
        "time_fit": time_fit(shop, ctx.time_slot),
        "semantic": semantic(shop, ctx.semantic),
    }
