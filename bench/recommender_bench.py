"""The recommender end to end (``handlers.recommender.engine.recommend``: SQL candidates with radius widening,
coupon pricing, scoring, MMR) over the demo data and over 100,000 generated shops; and the web process's memory.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/9 \
        .venv/bin/python -m bench.recommender_bench [--queries 1000] [--shops 100000] [--web-memory]

Works in a throwaway database (created, migrated, demo data loaded, dropped at the end). Each query draws a clock
in one week (breaks, nights, closed days included), a position near one of the demo neighbourhoods (or anywhere
in Seoul for the 100k set), a budget (or none), a food (or none), a meal card (half of them) and a small wallet.
Prints p50/p95/p99 in milliseconds of the whole call, and of its pure part (pricing, scoring, MMR) alone.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.recommender_data import SEOUL, add_generated_shops, web_memory
from handlers.recommender import engine
from handlers.recommender.emergency import emergency_order, emergency_search
from handlers.recommender.features import FeatureContext
from handlers.recommender.places import resolve_anchor
from handlers.recommender.scoring import WEIGHTS, mmr, score_offers
from handlers.recommender.wish import Wish
from storage.coupons import WalletCoupon
from storage.db import connect, create_pool
from storage.demo_cli import seed_demo
from storage.geo import GeoPoint
from storage.migrate import apply_migrations
from tests.services import create_database, drop_database, new_database_name, with_database

CENTRES = (GeoPoint(37.5404, 127.0692), GeoPoint(37.4842, 126.9297), GeoPoint(37.4979, 127.0276))
FOODS = (None, None, None, "치킨", "짜장", "떡볶이", "중국집", "분식", "김밥", "국밥", "피자", "돈까스")
BUDGETS = (None, None, 3000, 5000, 7000, 10000, 15000)
WEEK = datetime(2026, 11, 23, tzinfo=UTC) - timedelta(hours=9)  # Monday 00:00 in Seoul
COUPONS = (
    WalletCoupon(1, "WELCOME3000", "환영", "FIXED_AMOUNT", 3000, None, None, 5000, "NEW_USER", (), (), WEEK),
    WalletCoupon(2, "BUNSIK10", "분식", "PERCENTAGE", None, 0.1, 1500, 4000, "CATEGORY", ("분식",), (), WEEK),
    WalletCoupon(3, "EMERGENCY_FOOD_AID", "긴급", "FIXED_AMOUNT", 5000, None, None, 0, "FOODCARD", (), (), WEEK),
)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def summary(values: list[float]) -> dict:
    return {"p50_ms": round(percentile(values, 50), 2), "p95_ms": round(percentile(values, 95), 2),
            "p99_ms": round(percentile(values, 99), 2)}


def random_request(rng: random.Random, anywhere: bool) -> tuple[Wish, GeoPoint, engine.Situation]:
    if anywhere:
        here = GeoPoint(rng.uniform(SEOUL[0], SEOUL[1]), rng.uniform(SEOUL[2], SEOUL[3]))
    else:
        centre = rng.choice(CENTRES)
        here = GeoPoint(centre.latitude + rng.uniform(-0.01, 0.01), centre.longitude + rng.uniform(-0.01, 0.01))
    now = WEEK + timedelta(minutes=rng.randrange(7 * 24 * 60))
    has_card = rng.random() < 0.5
    wallet = tuple(c for c in COUPONS if rng.random() < 0.3)
    food = rng.choice(FOODS)
    wish = Wish(budget=rng.choice(BUDGETS), budget_source="asked", food=food, text=food or "")
    return wish, here, engine.Situation(now=now.astimezone(UTC), has_card=has_card, wallet=wallet)


def backend_cpu_s(pid: int) -> float:
    """User + system CPU seconds of a PostgreSQL backend process (on this machine)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def measure(pool, rng: random.Random, n: int, anywhere: bool = False) -> dict:
    """Wall time per call (p50/p95/p99), and CPU per call (this process + the PostgreSQL backend): the cost that
    does not depend on how busy the machine is."""
    total, pure, picks, empty = [], [], [], 0
    backend = await pool.fetchval("SELECT pg_backend_pid()")
    cpu_started, backend_started = time.process_time(), backend_cpu_s(backend)
    for _ in range(n):
        wish, here, situation = random_request(rng, anywhere)
        anchor = resolve_anchor(None, "", here)
        started = time.perf_counter()
        rec = await engine.recommend(pool, wish, anchor, situation)
        total.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        mmr(score_offers(rec.search.offers, FeatureContext(budget=wish.budget), WEIGHTS))
        pure.append((time.perf_counter() - started) * 1000)
        picks.append(len(rec.picks))
        empty += not rec.picks
    cpu_ms = (time.process_time() - cpu_started + backend_cpu_s(backend) - backend_started) * 1000 / n
    return {"recommend": summary(total), "pure_part": summary(pure), "cpu_ms_per_call": round(cpu_ms, 2),
            "mean_shops": round(statistics.mean(picks), 2), "empty_share": round(empty / n, 3)}


async def measure_emergency(pool, rng: random.Random, n: int, anywhere: bool = False) -> dict:
    timings = []
    for _ in range(n):
        _, here, situation = random_request(rng, anywhere)
        started = time.perf_counter()
        free, cheap = await emergency_search(pool, rng.choice((0, 2000, 4000)), resolve_anchor(None, "", here),
                                             situation)
        emergency_order(free.offers, cheap.offers, 4000, situation.has_card)
        timings.append((time.perf_counter() - started) * 1000)
    return summary(timings)


async def run(args: argparse.Namespace) -> dict:
    admin = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    name = new_database_name("naviyam_bench_rec")
    await create_database(admin, name)
    url = with_database(admin, name)
    results: dict = {}
    try:
        await apply_migrations(url)
        conn = await connect(url)
        await seed_demo(conn)
        await conn.execute("ANALYZE")
        pool = await create_pool(url, min_size=1, max_size=1)  # one backend: its CPU time is measurable
        rng = random.Random(20261124)
        await measure(pool, rng, 50)  # warm the plans and the pool
        results["demo"] = await measure(pool, rng, args.queries)
        results["demo_emergency"] = await measure_emergency(pool, rng, args.queries // 2)
        if args.web_memory:
            results["web_memory"] = await web_memory(url, os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/9"))
        if args.shops:
            started = time.perf_counter()
            await add_generated_shops(conn, rng, args.shops)
            results["generated_shops_s"] = round(time.perf_counter() - started, 1)
            await measure(pool, rng, 50, anywhere=True)
            results[f"{args.shops}_shops"] = await measure(pool, rng, args.queries, anywhere=True)
            results[f"{args.shops}_emergency"] = await measure_emergency(pool, rng, args.queries // 2, anywhere=True)
        await pool.close()
        await conn.close()
    finally:
        await drop_database(admin, name)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--shops", type=int, default=100_000, help="generated shops over Seoul (0: demo data only)")
    parser.add_argument("--web-memory", action="store_true", help="start `python -m bot` and read its memory")
    print(json.dumps(asyncio.run(run(parser.parse_args())), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
