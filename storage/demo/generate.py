"""The demo data set, built deterministically from a seed: pure, no I/O.

    >>> data = build_demo_dataset()
    >>> len(data.shops) >= 300 and data.menu_count >= 1500
    True

The loader (``storage.demo.load.load_demo_dataset``) writes it to PostgreSQL.
"""

from __future__ import annotations

import random
from dataclasses import replace

from storage.demo.catalog import SHOPS_PER_CATEGORY, kinds_for
from storage.demo.generate_shops import NameBook, make_shop
from storage.demo.model import CouponRecord, DemoDataset
from storage.demo.offers import COUPONS, USERS
from storage.demo.places import NEIGHBOURHOODS
from storage.shop_rows import SHOP_CATEGORIES, ShopRecord

DEFAULT_SEED = 20261123
PRICE_BIAS = {"건대입구": 0, "신림": -1, "강남역": 1}  # 신림 a little cheaper, 강남역 a little dearer


def build_shops(rng: random.Random) -> tuple[ShopRecord, ...]:
    book = NameBook()
    shops: list[ShopRecord] = []
    for hood in NEIGHBOURHOODS:
        for category in SHOP_CATEGORIES:
            kinds = kinds_for(category)
            for _ in range(SHOPS_PER_CATEGORY[category]):
                kind = rng.choices(kinds, weights=[k.weight for k in kinds])[0]
                shops.append(make_shop(rng, kind, hood, PRICE_BIAS.get(hood.name, 0), book))
    return tuple(shops)


def _coupon_shops(shops: tuple[ShopRecord, ...]) -> tuple[tuple[str, str], ...]:
    """Two meal-card 분식/한식 shops per neighbourhood take part in the SHOP coupon."""
    picked: list[tuple[str, str]] = []
    for hood in NEIGHBOURHOODS:
        local = [s for s in shops if s.neighbourhood == hood.name and s.category in ("분식", "한식")]
        picked += [s.key for s in local if s.is_food_card_shop == "Y"][:2]
    return tuple(picked)


def build_coupons(shops: tuple[ShopRecord, ...]) -> tuple[CouponRecord, ...]:
    """The demo coupons; the SHOP coupon ``NEIGHBOR2000`` applies to shops of this data set."""
    neighbours = _coupon_shops(shops)
    return tuple(replace(c, applicable_shop_keys=neighbours) if c.usage_type == "SHOP" else c for c in COUPONS)


def build_demo_dataset(seed: int = DEFAULT_SEED) -> DemoDataset:
    """The whole demo set for ``seed``; the same seed always gives an equal value."""
    rng = random.Random(seed)
    shops = build_shops(rng)
    return DemoDataset(seed=seed, shops=shops, coupons=build_coupons(shops), users=USERS)
