"""The demo vocabulary in one place: which kinds of shop exist per category, what they sell, at what price,
with which options and hours; how many shops each neighbourhood gets; how meal-card acceptance is spread.

The menus themselves live in ``catalog_korean`` (한식, 분식, 도시락/죽), ``catalog_world`` (중식, 일식, 양식),
``catalog_etc`` (기타음식) and ``catalog_fast`` (치킨, 피자, 패스트푸드, 카페/디저트, 프랜차이즈, 편의점);
the words for names and addresses in ``catalog_names``. Everything here is plain data: importing it does nothing.

Menu ``options`` JSON groups: ``size`` (보통/곱빼기/특, M/L), ``spicy`` (덜 맵게/보통/맵게, 0–3단계), ``extras``
(치즈추가, 계란추가, 공기밥추가 …), ``style`` (치킨 뼈/순살 +2,000) and ``temperature`` (HOT/ICE).
"""

from __future__ import annotations

from storage.demo.catalog_base import HoursProfile, MenuSpec, ShopKind
from storage.demo.catalog_etc import ETC_KINDS
from storage.demo.catalog_fast import FAST_KINDS
from storage.demo.catalog_korean import KOREAN_KINDS
from storage.demo.catalog_world import WORLD_KINDS

__all__ = [
    "FOOD_CARD_WEIGHTS",
    "GOOD_INFLUENCE_PROB",
    "KINDS",
    "SHOPS_PER_CATEGORY",
    "HoursProfile",
    "MenuSpec",
    "ShopKind",
    "kinds_for",
]

KINDS: tuple[ShopKind, ...] = (*KOREAN_KINDS, *WORLD_KINDS, *ETC_KINDS, *FAST_KINDS)

# Shops per neighbourhood and category (112 per neighbourhood, 336 in all).
SHOPS_PER_CATEGORY: dict[str, int] = {
    "한식": 16,
    "분식": 14,
    "중식": 10,
    "일식": 8,
    "양식": 6,
    "치킨": 10,
    "피자": 6,
    "패스트푸드": 7,
    "카페/디저트": 10,
    "도시락/죽": 7,
    "프랜차이즈": 6,
    "기타음식": 6,
    "편의점": 6,
}

# is_food_card_shop shares (Y, N, P, U): the meal card is mostly for 한식/분식/도시락/편의점, rarely cafés.
FOOD_CARD_WEIGHTS: dict[str, tuple[int, int, int, int]] = {
    "한식": (75, 10, 10, 5),
    "분식": (82, 4, 9, 5),
    "중식": (62, 18, 10, 10),
    "일식": (45, 35, 10, 10),
    "양식": (28, 52, 10, 10),
    "치킨": (40, 42, 10, 8),
    "피자": (35, 47, 10, 8),
    "패스트푸드": (50, 30, 15, 5),
    "카페/디저트": (15, 65, 12, 8),
    "도시락/죽": (85, 5, 5, 5),
    "프랜차이즈": (62, 20, 12, 6),
    "기타음식": (38, 42, 10, 10),
    "편의점": (88, 0, 12, 0),
}

# Chance that a shop is a 선한영향력가게 (free meals for card-holding children); about 10 % overall.
GOOD_INFLUENCE_PROB: dict[str, float] = {
    "한식": 0.18,
    "분식": 0.2,
    "중식": 0.15,
    "일식": 0.08,
    "양식": 0.05,
    "치킨": 0.08,
    "피자": 0.08,
    "패스트푸드": 0.03,
    "카페/디저트": 0.03,
    "도시락/죽": 0.15,
    "프랜차이즈": 0.0,
    "기타음식": 0.05,
    "편의점": 0.0,
}


def kinds_for(category: str) -> tuple[ShopKind, ...]:
    """The shop kinds of one of the 13 categories (at least one each)."""
    found = tuple(kind for kind in KINDS if kind.category == category)
    if not found:
        raise KeyError(category)
    return found
