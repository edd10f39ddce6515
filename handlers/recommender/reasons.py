"""Why a shop was recommended: the reason codes of seed 000 §4.3, from the features that made its score (pure).

| code            | when                                                                  |
|-----------------|-----------------------------------------------------------------------|
| BUDGET_FIT      | a budget (asked, per person, or the card balance) and a meal within it |
| NEARBY          | within 500 m (about 7 minutes' walk)                                  |
| POPULAR         | popularity ≥ 0.6, or a popular menu among those that fit              |
| FOODCARD_OK     | the shop takes the meal card (Y, or P: some menus / some cards)       |
| HIGH_QUALITY    | quality ≥ 0.7                                                          |
| USER_PREFERENCE | the user's learned preferences (feature ≥ 0.5)                        |
"""

from __future__ import annotations

from handlers.recommender.scoring import Scored

NEARBY_M = 500
POPULAR_MIN = 0.6
QUALITY_MIN = 0.7
PREFERENCE_MIN = 0.5


def reason_codes(item: Scored, budget: int | None) -> tuple[str, ...]:
    shop, menus = item.offer.shop, item.offer.menus
    codes = []
    if budget is not None and menus and menus[0].final_price <= budget:
        codes.append("BUDGET_FIT")
    if shop.distance_m is not None and shop.distance_m <= NEARBY_M:
        codes.append("NEARBY")
    if shop.popularity >= POPULAR_MIN or any(m.menu.is_popular for m in menus[:3]):
        codes.append("POPULAR")
    if shop.food_card in ("Y", "P"):
        codes.append("FOODCARD_OK")
    if shop.quality >= QUALITY_MIN:
        codes.append("HIGH_QUALITY")
    if item.features.get("user_preference", 0.0) >= PREFERENCE_MIN:
        codes.append("USER_PREFERENCE")
    return tuple(codes)
