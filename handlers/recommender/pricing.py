"""The price a child actually pays: each menu's price after the best coupon of the user's wallet (pure).

One coupon per order, the one that takes the most off. Where a coupon applies (``coupons.usage_type``):
ALL, NEW_USER and LOYALTY anywhere; SHOP at its ``applicable_shop_ids``; CATEGORY at shops of its
``target_categories``; FOODCARD at shops that take the meal card (Y/P) when the user has one. An order below
``min_order_amount`` gets nothing. FIXED_AMOUNT takes its amount off, PERCENTAGE its rate (capped by
``max_discount_amount``); FREEBIE (a free drink) and BOGO (two for one) do not lower the price of one meal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from storage.coupons import WalletCoupon
from storage.shops import MenuOffer

ANYWHERE = ("ALL", "NEW_USER", "LOYALTY")


class PricedShop(Protocol):
    """What pricing needs of a shop (a ``ShopCandidate`` or a ``ShopDetails``)."""

    shop_id: int
    category: str
    food_card: str
    menus: tuple[MenuOffer, ...]


@dataclass(frozen=True)
class PricedMenu:
    menu: MenuOffer
    final_price: int
    coupon: WalletCoupon | None = None

    @property
    def discount(self) -> int:
        return self.menu.price - self.final_price


def applies(coupon: WalletCoupon, shop: PricedShop, price: int, has_card: bool) -> bool:
    """True when ``coupon`` can be used for an order of ``price`` at ``shop``."""
    if price < coupon.min_order_amount:
        return False
    if coupon.usage_type in ANYWHERE:
        return True
    if coupon.usage_type == "SHOP":
        return shop.shop_id in coupon.applicable_shop_ids
    if coupon.usage_type == "CATEGORY":
        return shop.category in coupon.target_categories
    if coupon.usage_type == "FOODCARD":
        return has_card and shop.food_card in ("Y", "P")
    return False


def discount(coupon: WalletCoupon, price: int) -> int:
    """What ``coupon`` takes off a meal of ``price`` won (never more than the price)."""
    if coupon.coupon_type == "FIXED_AMOUNT" and coupon.discount_amount:
        off = coupon.discount_amount
    elif coupon.coupon_type == "PERCENTAGE" and coupon.discount_rate:
        off = int(price * coupon.discount_rate)
        if coupon.max_discount_amount is not None:
            off = min(off, coupon.max_discount_amount)
    else:
        off = 0
    return max(0, min(price, off))


def best_price(menu: MenuOffer, shop: PricedShop, wallet: Sequence[WalletCoupon], has_card: bool) -> PricedMenu:
    """The menu at its lowest price with one coupon of the wallet (ties: the coupon that expires first)."""
    best = PricedMenu(menu, menu.price)
    for coupon in wallet:  # the wallet comes soonest-expiry first
        if applies(coupon, shop, menu.price, has_card):
            final = menu.price - discount(coupon, menu.price)
            if final < best.final_price:
                best = PricedMenu(menu, final, coupon)
    return best


def price_allowance(wallet: Sequence[WalletCoupon], budget: int | None) -> int:
    """How far above ``budget`` a menu's list price may be and still fit after a coupon: widens the SQL filter.

    A percentage coupon of rate r brings a price p within budget B when p·(1−r) ≤ B, i.e. up to B·r/(1−r) more.
    """
    if budget is None:
        return 0
    best = 0
    for coupon in wallet:
        if coupon.coupon_type == "FIXED_AMOUNT" and coupon.discount_amount:
            best = max(best, coupon.discount_amount)
        elif coupon.coupon_type == "PERCENTAGE" and coupon.discount_rate:
            rate = min(float(coupon.discount_rate), 0.95)
            off = int(budget * rate / (1 - rate)) + 1
            best = max(best, min(off, coupon.max_discount_amount) if coupon.max_discount_amount else off)
    return best


def fitting_menus(
    shop: PricedShop, budget: int | None, wallet: Sequence[WalletCoupon], has_card: bool
) -> tuple[PricedMenu, ...]:
    """The shop's menus whose final price is within ``budget`` (all when None), cheapest final price first."""
    priced = (best_price(menu, shop, wallet, has_card) for menu in shop.menus)
    fitting = [p for p in priced if budget is None or p.final_price <= budget]
    return tuple(sorted(fitting, key=lambda p: (p.final_price, not p.menu.is_popular, p.menu.menu_id)))
