"""A scored offer as the ``ShopCard`` a channel shows: the menus that fit with price and final price, the coupon
applied, distance and walking minutes, reason codes (pure)."""

from __future__ import annotations

from handlers import texts
from handlers.recommender.pricing import PricedMenu
from handlers.recommender.reasons import reason_codes
from handlers.recommender.scoring import Scored
from handlers.reply import MenuLine, ShopCard
from storage.geo import walking_minutes

MENUS_SHOWN = 3


def menu_lines(menus: tuple[PricedMenu, ...]) -> tuple[MenuLine, ...]:
    return tuple(MenuLine(p.menu.menu_id, p.menu.name, p.menu.price, p.final_price) for p in menus[:MENUS_SHOWN])


def coupon_name(menus: tuple[PricedMenu, ...]) -> str | None:
    """The coupon of the first shown menu that uses one (one coupon per order, so one name per card)."""
    return next((p.coupon.name for p in menus[:MENUS_SHOWN] if p.coupon is not None), None)


def to_card(item: Scored, budget: int | None, *, note: str | None = None,
            menus: tuple[PricedMenu, ...] | None = None) -> ShopCard:
    shop = item.offer.shop
    shown = item.offer.menus if menus is None else menus
    distance = None if shop.distance_m is None else round(shop.distance_m)
    return ShopCard(
        shop_id=shop.shop_id, name=shop.name, category=shop.category, menus=menu_lines(shown),
        distance_m=distance, walk_minutes=None if distance is None else walking_minutes(distance),
        food_card=shop.food_card, good_influence=shop.good_influence,
        open_label=texts.OPEN_LABELS.get(shop.open_state), coupon_name=coupon_name(shown),
        reason_codes=reason_codes(item, budget), address=shop.address, latitude=shop.latitude,
        longitude=shop.longitude, score=item.score, note=note,
    )
