"""Loading the demo data set into PostgreSQL (idempotent) and the demo-user command."""

from __future__ import annotations

import uuid

import pytest

from storage.db import connect
from storage.demo import build_demo_dataset
from storage.demo.load import load_demo_dataset, upsert_demo_user
from storage.migrate import apply_migrations

DATA = build_demo_dataset()


async def _counts(conn) -> tuple[int, ...]:
    return tuple(
        await conn.fetchrow(
            "SELECT (SELECT count(*) FROM chatbot.shops), (SELECT count(*) FROM chatbot.menus),"
            " (SELECT count(*) FROM chatbot.coupons), (SELECT count(*) FROM chatbot.users),"
            " (SELECT count(*) FROM chatbot.foodcard_users)"
        )
    )


async def test_loading_twice_changes_nothing(fresh_database_url):
    await apply_migrations(fresh_database_url)
    conn = await connect(fresh_database_url)
    try:
        first = await load_demo_dataset(conn, DATA)
        counts = await _counts(conn)
        # a scoring job moves a score: re-seeding must not undo it
        await conn.execute(
            "UPDATE chatbot.shops SET popularity_score = 0.999 WHERE id = (SELECT min(id) FROM chatbot.shops)"
        )
        second = await load_demo_dataset(conn, DATA)
        assert await _counts(conn) == counts
        score = await conn.fetchval("SELECT popularity_score FROM chatbot.shops ORDER BY id LIMIT 1")
        shop_ids = await conn.fetchval("SELECT applicable_shop_ids FROM chatbot.coupons WHERE id = 'NEIGHBOR2000'")
    finally:
        await conn.close()
    assert first.shops.shops_inserted == len(DATA.shops) and first.shops.menus_inserted == DATA.menu_count
    assert counts == (len(DATA.shops), DATA.menu_count, len(DATA.coupons), len(DATA.users), 5)
    assert not second.changed_anything, second.summary()
    assert float(score) == 0.999
    assert len(shop_ids) == len(next(c for c in DATA.coupons if c.id == "NEIGHBOR2000").applicable_shop_keys)


async def test_demo_data_in_the_session_database(demo_data, pg_pool):
    async with pg_pool.acquire() as conn:
        demo_shops = await conn.fetchval("SELECT count(*) FROM chatbot.shops WHERE data_source = 'demo'")
        hours = await conn.fetchval(
            "SELECT business_hours FROM chatbot.shops WHERE shop_name = $1 AND address_name = $2", *DATA.shops[0].key
        )
    assert demo_shops == len(DATA.shops)
    assert hours == DATA.shops[0].business_hours_json()


async def test_demo_user_is_created_then_updated(pg_pool):
    external = f"test-{uuid.uuid4().hex[:12]}"
    card = "SELECT balance, card_type, balance_alert_sent FROM chatbot.foodcard_users WHERE user_id = $1"
    async with pg_pool.acquire() as conn:
        user_id = await upsert_demo_user(conn, "kakao", external, None)
        assert await conn.fetchrow(card, user_id) is None
        assert await upsert_demo_user(conn, "kakao", external, 4000) == user_id
        await conn.execute(
            "UPDATE chatbot.foodcard_users SET card_type = '청소년급식카드', balance_alert_sent = TRUE,"
            " balance_alert_sent_at = now() WHERE user_id = $1",
            user_id,
        )
        assert await upsert_demo_user(conn, "kakao", external, 9000) == user_id
        row = await conn.fetchrow(card, user_id)
        other = await upsert_demo_user(conn, "line", external, None)
        with pytest.raises(ValueError):
            await upsert_demo_user(conn, "facebook", external, None)
    assert tuple(row) == (9000, "청소년급식카드", False)  # new balance, type kept, alert re-armed
    assert other != user_id
