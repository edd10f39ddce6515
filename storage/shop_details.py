"""One shop in full, for questions about it ("거기 몇 시까지 해?", "어디야?", "곱빼기 돼?"): hours, address,
coordinates and every available menu with its options."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import asyncpg

from storage.errors import domain_errors
from storage.shops import MenuOffer

Conn = asyncpg.Connection | asyncpg.Pool


@dataclass(frozen=True)
class ShopDetails:
    shop_id: int
    name: str
    category: str
    address: str
    road_address: str | None
    neighbourhood: str | None
    latitude: float
    longitude: float
    phone: str | None
    business_hours: dict | None
    food_card: str
    good_influence: bool
    menus: tuple[MenuOffer, ...] = ()
    open_state: str | None = None  # at the moment asked for (chatbot.shop_open_state_at), None when not asked


_DETAILS_SQL = """
SELECT s.id, s.shop_name, s.category, s.address_name, s.road_address_name, s.neighbourhood,
       s.latitude::float8 AS latitude, s.longitude::float8 AS longitude, s.phone, s.business_hours,
       s.is_food_card_shop, s.is_good_influence_shop,
       CASE WHEN $2::timestamptz IS NULL THEN NULL
            ELSE chatbot.shop_open_state_at(s.business_hours, $2::timestamptz, $3::text) END AS state,
       COALESCE((SELECT jsonb_agg(jsonb_build_object('id', m.id, 'name', m.menu_name, 'price', m.price,
                                                     'category', m.category, 'popular', m.is_popular,
                                                     'options', m.options) ORDER BY m.is_popular DESC, m.price)
                 FROM chatbot.menus m WHERE m.shop_id = s.id AND m.is_available), '[]'::jsonb) AS menus
FROM chatbot.shops s
WHERE s.id = ANY($1::int[])
"""


def _details(row: asyncpg.Record) -> ShopDetails:
    menus = tuple(
        MenuOffer(m["id"], m["name"], m["price"], m["category"], bool(m["popular"]), m["options"])
        for m in row["menus"]
    )
    return ShopDetails(
        shop_id=row["id"], name=row["shop_name"], category=row["category"], address=row["address_name"],
        road_address=row["road_address_name"], neighbourhood=row["neighbourhood"], latitude=row["latitude"],
        longitude=row["longitude"], phone=row["phone"], business_hours=row["business_hours"],
        food_card=row["is_food_card_shop"], good_influence=row["is_good_influence_shop"], menus=menus,
        open_state=row["state"],
    )


async def shops_by_id(conn: Conn, shop_ids: Sequence[int], at: datetime | None = None,
                      tz_name: str = "Asia/Seoul") -> list[ShopDetails]:
    """The shops of ``shop_ids`` in full, in the order asked (unknown ids are left out), with their open state
    at ``at`` when given."""
    if not shop_ids:
        return []
    with domain_errors():
        rows = await conn.fetch(_DETAILS_SQL, list(shop_ids), at, tz_name)
    found = {row["id"]: _details(row) for row in rows}
    return [found[i] for i in shop_ids if i in found]


async def shop_by_id(conn: Conn, shop_id: int, at: datetime | None = None,
                     tz_name: str = "Asia/Seoul") -> ShopDetails | None:
    found = await shops_by_id(conn, [shop_id], at, tz_name)
    return found[0] if found else None
