"""Shops and their menus: the recommender's candidates, filtered in SQL (seed 000 §5.2 step 11).

Filters that must never be wrong are in the query itself: a menu within the price limit, open at the given
moment (``chatbot.shop_open_state_at``), within a radius, meal card accepted, the category asked for. Scoring and
ranking happen later, in pure functions of ``handlers``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import asyncpg

from storage.errors import domain_errors
from storage.geo import GeoPoint, bounding_box

MEAL_CARD_ACCEPTED = ("Y", "P")  # Y: accepted, P: partly (some menus / some cards)


@dataclass(frozen=True)
class CandidateQuery:
    """What the user can have right now. ``price_allowance`` widens the SQL price filter by the best coupon the
    user holds; the exact final price per menu is checked again after coupons are applied."""

    at: datetime
    max_price: int | None = None
    price_allowance: int = 0
    categories: tuple[str, ...] = ()
    meal_card_only: bool = False
    near: GeoPoint | None = None
    radius_m: int = 1500
    neighbourhood: str | None = None
    min_seats: int | None = None
    group_reservation: bool = False
    private_room: bool = False
    good_influence_only: bool = False
    shop_ids: tuple[int, ...] = ()
    exclude_shop_ids: tuple[int, ...] = ()
    open_only: bool = True
    meals_only: bool = True  # a drink or a side dish is not a meal: only 메인메뉴/세트메뉴 (or uncategorised)
    limit: int = 60
    menus_per_shop: int = 5
    tz_name: str = "Asia/Seoul"


@dataclass(frozen=True)
class MenuOffer:
    menu_id: int
    name: str
    price: int
    category: str | None
    is_popular: bool
    options: dict | None = None


@dataclass(frozen=True)
class ShopCandidate:
    shop_id: int
    name: str
    category: str
    address: str
    neighbourhood: str | None
    latitude: float
    longitude: float
    distance_m: float | None
    food_card: str
    good_influence: bool
    open_state: str
    popularity: float
    quality: float
    seat_count: int | None
    group_reservation: bool
    private_room: bool
    phone: str | None
    owner_message: str | None
    business_hours: dict | None
    menus: tuple[MenuOffer, ...] = field(default_factory=tuple)


_CANDIDATES_SQL = """
WITH shop_rows AS (
    SELECT s.*, chatbot.shop_open_state_at(s.business_hours, $1::timestamptz, $20) AS state
    FROM chatbot.shops s
    WHERE ($2::numeric IS NULL OR s.latitude BETWEEN $2 AND $3)
      AND ($4::numeric IS NULL OR s.longitude BETWEEN $4 AND $5)
      AND (cardinality($6::text[]) = 0 OR s.category = ANY($6))
      AND (NOT $7::boolean OR s.is_food_card_shop IN ('Y', 'P'))
      AND ($8::text IS NULL OR s.neighbourhood = $8)
      AND ($9::int IS NULL OR s.seat_count >= $9)
      AND (NOT $10::boolean OR s.accepts_group_reservation)
      AND (NOT $11::boolean OR s.has_private_room)
      AND (NOT $12::boolean OR s.is_good_influence_shop)
      AND (cardinality($13::int[]) = 0 OR s.id = ANY($13))
      AND NOT (s.id = ANY($14::int[]))
), located AS (
    SELECT r.*,
           CASE WHEN $15::float8 IS NULL THEN NULL
                ELSE earth_distance(ll_to_earth(r.latitude::float8, r.longitude::float8), ll_to_earth($15, $16))
           END AS distance
    FROM shop_rows r
    WHERE (NOT $17::boolean OR r.state = 'OPEN')
)
SELECT l.id, l.shop_name, l.category, l.address_name, l.neighbourhood, l.latitude::float8 AS latitude,
       l.longitude::float8 AS longitude, l.distance, l.is_food_card_shop, l.is_good_influence_shop, l.state,
       l.popularity_score::float8 AS popularity, l.quality_score::float8 AS quality, l.seat_count,
       l.accepts_group_reservation, l.has_private_room, l.phone, l.owner_message, l.business_hours, m.menus
FROM located l
CROSS JOIN LATERAL (
    SELECT jsonb_agg(jsonb_build_object('id', x.id, 'name', x.menu_name, 'price', x.price, 'category', x.category,
                                        'popular', x.is_popular, 'options', x.options) ORDER BY x.price) AS menus
    FROM (SELECT mm.* FROM chatbot.menus mm
          WHERE mm.shop_id = l.id AND mm.is_available
            AND ($18::int IS NULL OR mm.price <= $18)
            AND (NOT $23::boolean OR mm.category IS NULL OR mm.category IN ('메인메뉴', '세트메뉴'))
          ORDER BY mm.is_popular DESC NULLS LAST, mm.price
          LIMIT $19) x
) m
WHERE m.menus IS NOT NULL
  AND ($15::float8 IS NULL OR l.distance <= $21)
ORDER BY l.distance NULLS LAST, l.popularity_score DESC
LIMIT $22
"""


def _arguments(q: CandidateQuery) -> list:
    box = bounding_box(q.near, q.radius_m) if q.near else (None, None, None, None)
    price_limit = None if q.max_price is None else q.max_price + q.price_allowance
    return [
        q.at, box[0], box[1], box[2], box[3], list(q.categories), q.meal_card_only, q.neighbourhood,
        q.min_seats, q.group_reservation, q.private_room, q.good_influence_only, list(q.shop_ids),
        list(q.exclude_shop_ids), q.near.latitude if q.near else None, q.near.longitude if q.near else None,
        q.open_only, price_limit, q.menus_per_shop, q.tz_name, q.radius_m, q.limit, q.meals_only,
    ]


def _candidate(row: asyncpg.Record) -> ShopCandidate:
    menus = tuple(
        MenuOffer(m["id"], m["name"], m["price"], m["category"], bool(m["popular"]), m["options"])
        for m in row["menus"]
    )
    return ShopCandidate(
        shop_id=row["id"], name=row["shop_name"], category=row["category"], address=row["address_name"],
        neighbourhood=row["neighbourhood"], latitude=row["latitude"], longitude=row["longitude"],
        distance_m=row["distance"], food_card=row["is_food_card_shop"], good_influence=row["is_good_influence_shop"],
        open_state=row["state"], popularity=row["popularity"] or 0.0, quality=row["quality"] or 0.0,
        seat_count=row["seat_count"], group_reservation=row["accepts_group_reservation"],
        private_room=row["has_private_room"], phone=row["phone"], owner_message=row["owner_message"],
        business_hours=row["business_hours"], menus=menus,
    )


async def find_candidates(conn: asyncpg.Connection | asyncpg.Pool, query: CandidateQuery) -> list[ShopCandidate]:
    """Shops that satisfy every hard filter of ``query``, nearest first, each with its menus within the price."""
    with domain_errors():
        rows = await conn.fetch(_CANDIDATES_SQL, *_arguments(query))
    return [_candidate(row) for row in rows]


async def shops_by_name(conn: asyncpg.Connection | asyncpg.Pool, name: str, limit: int = 3) -> list[asyncpg.Record]:
    """Fuzzy shop-name match (pg_trgm), best first: "명동칼국수" finds "명동 칼국수 건대점"."""
    with domain_errors():
        return await conn.fetch(
            """SELECT id, shop_name, similarity(shop_name, $1) AS score FROM chatbot.shops
               WHERE shop_name % $1 OR shop_name ILIKE '%' || $1 || '%'
               ORDER BY score DESC, id LIMIT $2""",
            name, limit,
        )
