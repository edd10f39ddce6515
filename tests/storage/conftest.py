"""Fixtures of the schema tests: a world of rows to test constraints against, and a database of one's own."""

from __future__ import annotations

import pytest

from storage.db import connect
from storage.migrate import apply_migrations
from tests.storage.schema_support import new_session, new_shop, new_user, unique


@pytest.fixture
async def fresh_conn(fresh_database_url):
    """A connection to a brand-new database with every migration applied."""
    applied = await apply_migrations(fresh_database_url)
    assert applied, "migrations were applied"
    conn = await connect(fresh_database_url)
    yield conn
    await conn.close()


@pytest.fixture
async def world(pg_pool):
    """A user with a session, a shop and a coupon of their own."""
    async with pg_pool.acquire() as conn:
        user_id = await new_user(conn)
        coupon_id = unique("CPN")
        await conn.execute(
            """INSERT INTO chatbot.coupons (id, coupon_name, description, coupon_type, discount_amount, usage_type,
                                            valid_until, max_issue_count)
               VALUES ($1, '테스트 쿠폰', '설명', 'FIXED_AMOUNT', 1000, 'ALL', CURRENT_DATE + 30, 2)""",
            coupon_id,
        )
        return {
            "user": user_id,
            "session": await new_session(conn, user_id),
            "shop": await new_shop(conn),
            "coupon": coupon_id,
        }
