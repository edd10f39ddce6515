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
    menu_terms: tuple[str, ...] = ()  # only menus whose name contains one of these (짜장 → 짜장면, 간짜장)
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


_HERE = "public.ll_to_earth($15::float8, $16::float8)"
_SHOP_POINT = "s.geo_point"

# One flat query so the planner can walk the shops nearest first (GiST KNN on idx_shops_earth) and stop as soon
# as LIMIT shops passed every filter; menus are only looked at for the shops it walks.
_CANDIDATES_TEMPLATE = """
SELECT s.id, s.shop_name, s.category, s.address_name, s.neighbourhood, s.latitude::float8 AS latitude,
       s.longitude::float8 AS longitude, {distance} AS distance, s.is_food_card_shop, s.is_good_influence_shop,
       CASE WHEN {is_open} THEN 'OPEN' ELSE chatbot.shop_open_state_at(s.business_hours, $1, $20) END AS state,
       s.popularity_score::float8 AS popularity, s.quality_score::float8 AS quality, s.seat_count,
       s.accepts_group_reservation, s.has_private_room, s.phone, s.owner_message, s.business_hours, m.menus
FROM chatbot.shops s
CROSS JOIN chatbot.local_week_minute($1::timestamptz, $20) moment
CROSS JOIN LATERAL (
    SELECT jsonb_agg(jsonb_build_object('id', x.id, 'name', x.menu_name, 'price', x.price, 'category', x.category,
                                        'popular', x.is_popular, 'options', x.options) ORDER BY x.price) AS menus
    FROM (SELECT mm.* FROM chatbot.menus mm
          WHERE mm.shop_id = s.id AND mm.is_available
            AND ($18::int IS NULL OR mm.price <= $18)
            AND (NOT $23::boolean OR mm.category IS NULL OR mm.category IN ('메인메뉴', '세트메뉴'))
            AND (cardinality($24::text[]) = 0 OR EXISTS (SELECT 1 FROM unnest($24::text[]) t
                                                         WHERE strpos(mm.menu_name, t) > 0))
          ORDER BY mm.is_popular DESC NULLS LAST, mm.price
          LIMIT $19) x
) m
WHERE ($2::numeric IS NULL OR s.latitude BETWEEN $2 AND $3::numeric)
  AND ($4::numeric IS NULL OR s.longitude BETWEEN $4 AND $5::numeric)
  AND (cardinality($6::text[]) = 0 OR s.category = ANY($6))
  AND (NOT $7::boolean OR s.is_food_card_shop IN ('Y', 'P'))
  AND ($8::text IS NULL OR s.neighbourhood = $8)
  AND ($9::int IS NULL OR s.seat_count >= $9)
  AND (NOT $10::boolean OR s.accepts_group_reservation)
  AND (NOT $11::boolean OR s.has_private_room)
  AND (NOT $12::boolean OR s.is_good_influence_shop)
  AND (cardinality($13::int[]) = 0 OR s.id = ANY($13))
  AND NOT (s.id = ANY($14::int[]))
  AND (NOT $17::boolean OR {is_open})
  AND m.menus IS NOT NULL
  AND {near_filter}
ORDER BY {order}
LIMIT $22
"""

_IS_OPEN = "((CASE WHEN moment.holiday THEN s.holiday_open_week ELSE s.open_week END) @> moment.week_minute)"

_NEAR_SQL = _CANDIDATES_TEMPLATE.format(
    is_open=_IS_OPEN,
    distance=f"earth_distance({_HERE}, {_SHOP_POINT})",
    near_filter=f"earth_box({_HERE}, $21::float8) @> {_SHOP_POINT} AND earth_distance({_HERE}, {_SHOP_POINT}) <= $21",
    order=f"{_SHOP_POINT} <-> {_HERE}",
)
# Without a position $15, $16 and $21 are unused, but typed, so both variants take the same arguments.
_ANYWHERE_SQL = _CANDIDATES_TEMPLATE.format(
    is_open=_IS_OPEN,
    distance="NULL::float8",
    near_filter="($15::float8 IS NULL OR $16::float8 IS NULL OR $21::float8 IS NULL OR true)",
    order="s.popularity_score DESC, s.id",
)


def _arguments(q: CandidateQuery) -> list:
    box = bounding_box(q.near, q.radius_m) if q.near else (None, None, None, None)
    price_limit = None if q.max_price is None else q.max_price + q.price_allowance
    return [
        q.at,
        box[0],
        box[1],
        box[2],
        box[3],
        list(q.categories),
        q.meal_card_only,
        q.neighbourhood,
        q.min_seats,
        q.group_reservation,
        q.private_room,
        q.good_influence_only,
        list(q.shop_ids),
        list(q.exclude_shop_ids),
        q.near.latitude if q.near else None,
        q.near.longitude if q.near else None,
        q.open_only,
        price_limit,
        q.menus_per_shop,
        q.tz_name,
        q.radius_m,
        q.limit,
        q.meals_only,
        list(q.menu_terms),
    ]


def _candidate(row: asyncpg.Record) -> ShopCandidate:
    menus = tuple(
        MenuOffer(m["id"], m["name"], m["price"], m["category"], bool(m["popular"]), m["options"]) for m in row["menus"]
    )
    return ShopCandidate(
        shop_id=row["id"],
        name=row["shop_name"],
        category=row["category"],
        address=row["address_name"],
        neighbourhood=row["neighbourhood"],
        latitude=row["latitude"],
        longitude=row["longitude"],
        distance_m=row["distance"],
        food_card=row["is_food_card_shop"],
        good_influence=row["is_good_influence_shop"],
        open_state=row["state"],
        popularity=row["popularity"] or 0.0,
        quality=row["quality"] or 0.0,
        seat_count=row["seat_count"],
        group_reservation=row["accepts_group_reservation"],
        private_room=row["has_private_room"],
        phone=row["phone"],
        owner_message=row["owner_message"],
        business_hours=row["business_hours"],
        menus=menus,
    )


async def find_candidates(conn: asyncpg.Connection | asyncpg.Pool, query: CandidateQuery) -> list[ShopCandidate]:
    """Shops that satisfy every hard filter of ``query``, nearest first, each with its menus within the price."""
    with domain_errors():
        if query.near is None:
            rows = await conn.fetch(_ANYWHERE_SQL, *_arguments(query))
        elif isinstance(conn, asyncpg.Pool):
            async with conn.acquire() as connection:
                rows = await _fetch_nearest(connection, query)
        else:
            rows = await _fetch_nearest(conn, query)
    return [_candidate(row) for row in rows]


async def _fetch_nearest(conn: asyncpg.Connection, query: CandidateQuery) -> list[asyncpg.Record]:
    # The planner cannot estimate how many shops fall in a cube box (it assumes a handful) and then prefers a
    # bitmap scan of the whole box plus a sort, which costs 40-300 ms at 100,000 shops; walking the GiST index
    # nearest-first and stopping at LIMIT costs 2-10 ms (bench/candidates_bench.py). Hence this one setting,
    # for this one query.
    async with conn.transaction(readonly=True):
        await conn.execute("SET LOCAL enable_bitmapscan = off")
        return await conn.fetch(_NEAR_SQL, *_arguments(query))


async def shops_by_name(conn: asyncpg.Connection | asyncpg.Pool, name: str, limit: int = 3) -> list[asyncpg.Record]:
    """Fuzzy shop-name match (pg_trgm), best first: "명동칼국수" finds "명동 칼국수 건대점"."""
    with domain_errors():
        return await conn.fetch(
            """SELECT id, shop_name, similarity(shop_name, $1) AS score FROM chatbot.shops
               WHERE shop_name % $1 OR shop_name ILIKE '%' || $1 || '%'
               ORDER BY score DESC, id LIMIT $2""",
            name,
            limit,
        )
