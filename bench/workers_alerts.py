"""The low-balance alert scan over 100,000 meal cards (issue #8), and the balance sync that precedes it.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/9 \\
        .venv/bin/python -m bench.workers_alerts [--cards 100000]

Creates a throwaway database (migrated, dropped at the end) with the given number of users and cards: a third
each on LINE, Kakao and the web; balances uniform in 0–20,000 won, threshold 5,000 (so about a quarter are low);
5 % unfollowed. Runs the jobs' own functions in this process against it (the Redis database of REDIS_URL receives
the push jobs; only its rq:* and naviyam:* keys are deleted, before and after):

* ``sync_balances`` with the demo provider (every card read and written back);
* ``scan_low_balances`` at noon: claims every low card, issues the emergency coupons, creates the pushes, enqueues
  the send jobs;
* the same scan an hour later (nothing left to do: the cost of the scan every 5 minutes on a quiet day).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time

import redis

from storage.db import connect
from storage.migrate import apply_migrations
from tests.services import create_database, drop_database, new_database_name, with_database

SETUP = """
INSERT INTO chatbot.coupons (id, coupon_name, description, coupon_type, discount_amount, usage_type, valid_from,
    valid_until) VALUES ('EMERGENCY_FOOD_AID', '긴급 식사 지원 5,000원', '식사 지원', 'FIXED_AMOUNT', 5000,
    'FOODCARD', '2025-01-01', '2030-12-31');
INSERT INTO chatbot.users (platform, external_user_id, user_key, unfollowed_at)
SELECT (ARRAY['line', 'kakao', 'web'])[g % 3 + 1], 'bench-' || g, 'bench_' || g,
       CASE WHEN g % 20 = 0 THEN now() END
FROM generate_series(1, {cards}) g;
INSERT INTO chatbot.foodcard_users (user_id, card_type, target_age_group, balance, last_sync_at)
SELECT id, '아동급식카드', '중학생', (random() * 20000)::int, now() FROM chatbot.users;
ANALYZE;
"""


def clear_redis(redis_url: str) -> None:
    connection = redis.Redis.from_url(redis_url)
    for pattern in ("rq:*", "naviyam:*"):
        keys = list(connection.scan_iter(match=pattern, count=1000))
        if keys:
            connection.delete(*keys)


def timed(label: str, work, *args):
    started = time.perf_counter()
    result = work(*args)
    print(f"{label}: {time.perf_counter() - started:.2f} s  {result}")
    return result


async def prepare(admin_url: str, cards: int) -> tuple[str, str]:
    name = new_database_name("naviyam_bench")
    await create_database(admin_url, name)
    database_url = with_database(admin_url, name)
    await apply_migrations(database_url)
    conn = await connect(database_url)
    try:
        await conn.execute(SETUP.format(cards=int(cards)))
        low = await conn.fetchval("SELECT count(*) FROM chatbot.foodcard_users WHERE balance < 5000")
    finally:
        await conn.close()
    print(f"{cards:,} cards, {low:,} under the 5,000 won threshold")
    return name, database_url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=100_000)
    args = parser.parse_args()
    admin_url, redis_url = os.environ["DATABASE_URL"], os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/9")
    name, database_url = asyncio.run(prepare(admin_url, args.cards))
    os.environ.update(DATABASE_URL=database_url, REDIS_URL=redis_url, LOG_FORMAT="json")
    os.environ.pop("MEALCARD_API_URL", None)
    clear_redis(redis_url)
    try:
        import logging

        from workers import alerts

        logging.disable(logging.INFO)  # one line per job, not per card
        timed("sync_balances (demo provider)", alerts.sync_balances, "2026-03-10T11:55:00+09:00")
        timed("scan_low_balances, first of the day", alerts.scan_low_balances, "2026-03-10T12:00:00+09:00")
        timed("scan_low_balances, an hour later", alerts.scan_low_balances, "2026-03-10T13:00:00+09:00")
        jobs = redis.Redis.from_url(redis_url).llen("rq:queue:alerts")
        print(f"push send jobs enqueued: {jobs:,} (up to 100 pushes each)")
    finally:
        clear_redis(redis_url)
        asyncio.run(drop_database(admin_url, name))


if __name__ == "__main__":
    main()
