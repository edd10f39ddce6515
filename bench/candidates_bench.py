"""Candidate query latency (storage.shops.find_candidates) over the demo data and over 100,000 generated shops.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres .venv/bin/python -m bench.candidates_bench

Creates a throwaway database, applies the migrations, loads the demo data, measures; then adds 100,000 shops
(5 menus each) spread over Seoul and measures again. Prints p50/p99 in milliseconds; drops the database.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import statistics
import time
from datetime import UTC, datetime, timedelta

from storage.db import connect
from storage.demo_cli import seed_demo
from storage.geo import GeoPoint
from storage.migrate import apply_migrations
from storage.shop_rows import SHOP_CATEGORIES
from storage.shops import CandidateQuery, find_candidates
from tests.services import create_database, drop_database, new_database_name, with_database

CATEGORIES = SHOP_CATEGORIES
HOURS = [
    {d: {"open": "10:00", "close": "21:00"} for d in ("monday", "tuesday", "wednesday", "thursday", "friday",
                                                      "saturday", "sunday")},
    {d: {"open": "11:00", "close": "22:00", "break_start": "15:00", "break_end": "17:00"}
     for d in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday")} | {"sunday": {"closed": True}},
    {d: {"open": "16:00", "close": "02:00"} for d in ("monday", "tuesday", "wednesday", "thursday", "friday",
                                                      "saturday", "sunday")},
    {d: {"open": "00:00", "close": "24:00"} for d in ("monday", "tuesday", "wednesday", "thursday", "friday",
                                                      "saturday", "sunday")},
]
SEOUL = (37.45, 37.65, 126.85, 127.15)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def random_query(rng: random.Random, box=SEOUL) -> CandidateQuery:
    at = datetime(2026, 11, 23, tzinfo=UTC) + timedelta(minutes=rng.randrange(7 * 24 * 60))
    near = GeoPoint(rng.uniform(box[0], box[1]), rng.uniform(box[2], box[3]))
    return CandidateQuery(at=at, max_price=rng.choice([5000, 7000, 10000, 15000, None]), near=near,
                          meal_card_only=rng.random() < 0.5, radius_m=rng.choice([800, 1500, 3000]))


async def measure(conn, rng: random.Random, box, n: int = 500) -> dict:
    timings, found = [], []
    for _ in range(n):
        query = random_query(rng, box)
        started = time.perf_counter()
        found.append(len(await find_candidates(conn, query)))
        timings.append((time.perf_counter() - started) * 1000)
    return {"p50_ms": round(percentile(timings, 50), 2), "p99_ms": round(percentile(timings, 99), 2),
            "mean_candidates": round(statistics.mean(found), 1)}


async def add_generated_shops(conn, rng: random.Random, count: int = 100_000) -> None:
    shops = [
        (f"벤치가게{i}", rng.choice(CATEGORIES), f"서울 벤치구 {i}번지", json.dumps(rng.choice(HOURS)),
         rng.uniform(SEOUL[0], SEOUL[1]), rng.uniform(SEOUL[2], SEOUL[3]), rng.choice("YYYPNU"),
         rng.random() < 0.1, round(rng.random(), 3))
        for i in range(count)
    ]
    columns = list(zip(*shops, strict=True))
    await conn.execute(
        """INSERT INTO chatbot.shops (shop_name, category, address_name, business_hours, latitude, longitude,
               is_food_card_shop, is_good_influence_shop, popularity_score)
           SELECT n, c, a, h::jsonb, la, lo, f, g, p
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::text[],
                       $8::bool[], $9::float8[]) AS t(n, c, a, h, la, lo, f, g, p)""",
        *[list(column) for column in columns],
    )
    ids = await conn.fetch("SELECT id FROM chatbot.shops WHERE shop_name LIKE '벤치가게%'")
    menus = [(row["id"], f"메뉴{k}", rng.choice([3000, 4500, 6000, 8000, 9500, 12000, 18000]), "메인메뉴")
             for row in ids for k in range(5)]
    await conn.copy_records_to_table("menus", schema_name="chatbot", records=menus,
                                     columns=["shop_id", "menu_name", "price", "category"])
    await conn.execute("ANALYZE chatbot.shops; ANALYZE chatbot.menus")


async def main() -> None:
    admin = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    name = new_database_name("naviyam_bench")
    await create_database(admin, name)
    url = with_database(admin, name)
    try:
        await apply_migrations(url)
        conn = await connect(url)
        await seed_demo(conn)
        await conn.execute("ANALYZE")
        rng = random.Random(7)
        demo_box = (37.47, 37.55, 126.92, 127.08)  # the three demo neighbourhoods
        print("demo data (336 shops):", await measure(conn, rng, demo_box))
        started = time.perf_counter()
        await add_generated_shops(conn, rng)
        print(f"generated 100,000 shops in {time.perf_counter() - started:.1f} s")
        print("100,000 shops over Seoul:", await measure(conn, rng, SEOUL))
        await conn.close()
    finally:
        await drop_database(admin, name)


if __name__ == "__main__":
    asyncio.run(main())
