"""Small builders of candidates, menus and coupons for the pure tests."""

from __future__ import annotations

from datetime import UTC, datetime

from storage.coupons import WalletCoupon
from storage.shops import MenuOffer, ShopCandidate

EVERY_DAY = {d: {"open": "10:00", "close": "22:00"} for d in
             ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")}


def menu(menu_id: int, price: int, name: str = "김밥", popular: bool = False, options: dict | None = None) -> MenuOffer:
    return MenuOffer(menu_id, name, price, "메인메뉴", popular, options)


def shop(shop_id: int, *prices: int, category: str = "분식", distance: float | None = 300.0, food_card: str = "Y",
         good: bool = False, popularity: float = 0.5, quality: float = 0.5, name: str | None = None,
         dish: str = "김밥", lat: float = 37.54, lon: float = 127.07, seats: int | None = 30) -> ShopCandidate:
    menus = tuple(menu(shop_id * 100 + i, p, f"{dish}{i}") for i, p in enumerate(prices or (5000,)))
    return ShopCandidate(
        shop_id=shop_id, name=name or f"가게{shop_id}", category=category, address="서울 어딘가",
        neighbourhood="건대입구",
        latitude=lat, longitude=lon, distance_m=distance, food_card=food_card, good_influence=good, open_state="OPEN",
        popularity=popularity, quality=quality, seat_count=seats, group_reservation=False, private_room=False,
        phone=None, owner_message=None, business_hours=EVERY_DAY, menus=menus,
    )


def coupon(coupon_id: str = "C", *, kind: str = "FIXED_AMOUNT", amount: int | None = 1000, rate: float | None = None,
           cap: int | None = None, minimum: int = 0, usage: str = "ALL", categories: tuple[str, ...] = (),
           shops: tuple[int, ...] = (), wallet_id: int = 1) -> WalletCoupon:
    return WalletCoupon(wallet_id, coupon_id, f"{coupon_id} 쿠폰", kind, amount if rate is None else None, rate, cap,
                        minimum, usage, categories, shops, datetime(2030, 1, 1, tzinfo=UTC))
