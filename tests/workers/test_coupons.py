"""Coupons are issued exactly once under concurrent duplicates, within their dates and limits, by the database."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import asyncpg
import pytest

from storage.db import connect
from storage.queue import COUPONS, JobQueue
from tests.workers.conftest import make_coupon, make_user, start_worker
from workers.emergency import issue_emergency_coupons

SEOUL = ZoneInfo("Asia/Seoul")


async def wallet(conn, user_id: int, coupon_id: str) -> list:
    return await conn.fetch(
        "SELECT id, status, issue_key FROM chatbot.user_coupon_wallet WHERE user_id = $1 AND coupon_id = $2",
        user_id, coupon_id,
    )


async def total_issued(conn, coupon_id: str) -> int:
    return await conn.fetchval("SELECT total_issued FROM chatbot.coupons WHERE id = $1", coupon_id)


async def drain_with_workers(env: dict[str, str], count: int, *queues: str) -> None:
    """``count`` forking burst workers at once on the same queues, until they are empty."""
    workers = [await start_worker(env, *queues) for _ in range(count)]
    for worker in workers:
        output, _ = await asyncio.wait_for(worker.communicate(), 90)
        assert worker.returncode == 0, output.decode()[-2000:]


async def test_fifty_concurrent_welcome_jobs_give_one_wallet_row(own_env, own_db):
    user_id, _ = await make_user(own_db, "web")
    before = await total_issued(own_db, "WELCOME3000")
    queue = JobQueue.from_url(own_env["REDIS_URL"])
    for _ in range(50):
        queue.enqueue(COUPONS, "workers.coupons.issue_welcome_coupon", user_id)

    await drain_with_workers(own_env, 3, COUPONS)

    rows = await wallet(own_db, user_id, "WELCOME3000")
    assert len(rows) == 1 and rows[0]["issue_key"] == f"WELCOME3000:{user_id}"
    assert await total_issued(own_db, "WELCOME3000") == before + 1


async def test_fifty_concurrent_emergency_issues_give_one_coupon_and_none_again_within_24_hours(
    own_database_url, own_db
):
    user_id, _ = await make_user(own_db, "line", balance=1000)
    before = await total_issued(own_db, "EMERGENCY_FOOD_AID")
    at = datetime(2026, 5, 6, 23, 50, tzinfo=SEOUL)

    async def issue(moment: datetime) -> dict:
        conn = await connect(own_database_url)
        try:
            async with conn.transaction():
                return await issue_emergency_coupons(conn, [user_id], moment, SEOUL, "test")
        finally:
            await conn.close()

    results = await asyncio.gather(*(issue(at) for _ in range(50)))
    assert sum(len(r) for r in results) == 1
    assert len(await wallet(own_db, user_id, "EMERGENCY_FOOD_AID")) == 1
    assert await total_issued(own_db, "EMERGENCY_FOOD_AID") == before + 1

    # 20 minutes later it is another day in Seoul (another issue_key), but not 24 h later: nothing.
    await own_db.execute("UPDATE chatbot.user_coupon_wallet SET status = 'USED', used_at = $2 WHERE user_id = $1",
                         user_id, at)
    assert await issue(at + timedelta(minutes=20)) == {}
    assert len(await issue(at + timedelta(hours=24, minutes=1))) == 1
    assert [r["status"] for r in await wallet(own_db, user_id, "EMERGENCY_FOOD_AID")] == ["USED", "ACTIVE"]


async def test_a_promotion_respects_its_dates_and_limits_and_announces_by_push(own_env, own_db, fake_line_api):
    users = [await make_user(own_db, "line") for _ in range(5)]
    limited = await make_coupon(own_db, max_issue_count=3)
    future = await make_coupon(own_db, valid_from="2026-09-01")
    queue = JobQueue.from_url(own_env["REDIS_URL"])
    ids = [user_id for user_id, _ in users]
    queue.enqueue(COUPONS, "workers.coupons.issue_promotion", limited, ids, "spring", "2026-06-01T12:00:00+09:00")
    queue.enqueue(COUPONS, "workers.coupons.issue_promotion", limited, ids, "spring", "2026-06-01T12:00:00+09:00")
    queue.enqueue(COUPONS, "workers.coupons.issue_promotion", future, ids, None, "2026-06-01T12:00:00+09:00")

    await drain_with_workers(own_env, 1, COUPONS, "alerts")

    issued = await own_db.fetch("SELECT user_id FROM chatbot.user_coupon_wallet WHERE coupon_id = $1", limited)
    assert len(issued) == 3 and await total_issued(own_db, limited) == 3
    assert await own_db.fetchval("SELECT count(*) FROM chatbot.user_coupon_wallet WHERE coupon_id = $1", future) == 0
    lucky = {r["user_id"] for r in issued}
    delivered = {user_id for user_id, line_id in users if fake_line_api.delivered_texts_for(line_id)}
    assert delivered == lucky
    text = fake_line_api.delivered_texts_for(next(line for uid, line in users if uid in lucky))[0]
    assert "테스트 2000원 쿠폰이 쿠폰함에 도착했어요" in text


async def test_max_use_per_user_counts_used_coupons_too(own_db, own_database_url):
    from storage.coupons import issue_coupon

    user_id, _ = await make_user(own_db, "web")
    coupon = await make_coupon(own_db, max_use_per_user=1)
    at = datetime(2026, 6, 2, 12, tzinfo=SEOUL)
    first = await issue_coupon(own_db, user_id=user_id, coupon_id=coupon, issue_key=f"{coupon}:a:{user_id}",
                               source="PROMOTION", at=at)
    await own_db.execute("UPDATE chatbot.user_coupon_wallet SET status = 'USED', used_at = $2 WHERE id = $1",
                         first.wallet_id, at)
    second = await issue_coupon(own_db, user_id=user_id, coupon_id=coupon, issue_key=f"{coupon}:b:{user_id}",
                                source="PROMOTION", at=at)
    assert (first.issued, second.issued, second.reason) == (True, False, "per_user_limit")


async def test_the_wallet_allows_many_used_coupons_of_a_kind_but_one_active(own_db):
    """The seed's UNIQUE (user_id, coupon_id, status) forbade a second USED emergency coupon next week; migration
    0002 replaced it with a partial unique index on ACTIVE rows only."""
    user_id, _ = await make_user(own_db, "web")
    insert = """INSERT INTO chatbot.user_coupon_wallet (user_id, coupon_id, status, used_at, acquisition_source,
                    expires_at, issued_at)
                VALUES ($1, 'EMERGENCY_FOOD_AID', $2, $3, 'EMERGENCY_ASSIST', now() + interval '1 day', now())"""
    for _ in range(2):
        await own_db.execute(insert, user_id, "USED", datetime.now(SEOUL))
        await own_db.execute(insert, user_id, "EXPIRED", None)
    await own_db.execute(insert, user_id, "ACTIVE", None)
    with pytest.raises(asyncpg.UniqueViolationError):
        await own_db.execute(insert, user_id, "ACTIVE", None)
