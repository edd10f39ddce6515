"""The schema enforces its own rules (storage/migrations/0001-0005), against the real PostgreSQL.

Tests on ``pg_pool`` share one migrated database with the rest of the suite: every row they create carries a unique
value and they only assert about their own rows. Tests that count partitions or run the session clean-up jobs (which
act on the whole table) get a database of their own through ``fresh_database_url``.
"""

from __future__ import annotations

import datetime as dt

import asyncpg
import pytest

from tests.storage.schema_support import (
    new_shop,
    unique,
)

# --------------------------------------------------------------------------------------------- conversations


# --------------------------------------------------------------------------------------------- catalogue


async def test_every_table_of_the_design_exists(pg_pool):
    tables = [
        "chatbot.shops",
        "chatbot.menus",
        "chatbot.users",
        "chatbot.foodcard_users",
        "chatbot.user_profiles",
        "chatbot.coupons",
        "chatbot.user_coupon_wallet",
        "chatbot.session_master",
        "chatbot.conversations",
        "chatbot.conversations_default",
        "chatbot.recommendations_log",
        "chatbot.user_interactions",
        "chatbot.performance_logs",
        "chatbot.conversation_contexts",
        "chatbot.nlu_training_data",
        "ml_training.data_queue",
        "ml_training.training_jobs",
        "ml_training.model_versions",
        "ml_training.performance_metrics",
        "ml_training.nlu_training_data",
        "ml_training.rag_embeddings_queue",
        "ml_training.recommendation_feedback",
        "ml_training.v_nlu_ready_for_training",
        "ml_training.v_recommendation_training_data",
        "ml_training.v_model_performance_dashboard",
        "analytics.v_daily_conversation_stats",
        "ops.audit_log",
    ]
    async with pg_pool.acquire() as conn:
        missing = [t for t in tables if await conn.fetchval("SELECT to_regclass($1)", t) is None]
    assert missing == []


async def test_seed_statements_that_cannot_work_were_fixed(pg_pool):
    async with pg_pool.acquire() as conn:
        assert (
            await conn.fetchval("SELECT relkind::text FROM pg_class WHERE oid = 'chatbot.conversations'::regclass")
            == "p"
        )
        pk = await conn.fetchval(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'conversations_pkey'"
        )
        assert pk == 'PRIMARY KEY (id, "timestamp")'
        extensions = {r["extname"] for r in await conn.fetch("SELECT extname FROM pg_extension")}
        assert {"pg_trgm", "btree_gin", "cube", "earthdistance"} <= extensions
        assert not {"uuid-ossp", "pgcrypto", "postgis"} & extensions
        geography = await conn.fetchval(
            """SELECT count(*) FROM information_schema.columns
               WHERE table_schema IN ('chatbot', 'ml_training', 'analytics') AND udt_name = 'geography'"""
        )
        assert geography == 0
        # No index predicate or expression may depend on the clock.
        volatile = await conn.fetch(
            """SELECT indexrelid::regclass::text AS name FROM pg_index
               WHERE indrelid::regclass::text LIKE 'chatbot.%'
                 AND (pg_get_expr(indpred, indrelid) ILIKE '%now()%'
                      OR pg_get_expr(indpred, indrelid) ILIKE '%CURRENT_TIMESTAMP%')"""
        )
        assert volatile == []


# --------------------------------------------------------------------------------------------- constraints


BAD_ROWS = {
    "unknown shop category": (
        asyncpg.CheckViolationError,
        "INSERT INTO chatbot.shops (shop_name, category, address_name, latitude, longitude) "
        "VALUES (gen_random_uuid()::text, '햄버거', 'a', 37.5, 127.0)",
    ),
    "latitude out of range": (
        asyncpg.CheckViolationError,
        "INSERT INTO chatbot.shops (shop_name, category, address_name, latitude, longitude) "
        "VALUES (gen_random_uuid()::text, '분식', 'a', 91, 127.0)",
    ),
    "negative seat count": (
        asyncpg.CheckViolationError,
        "INSERT INTO chatbot.shops (shop_name, category, address_name, latitude, longitude, seat_count) "
        "VALUES (gen_random_uuid()::text, '분식', 'a', 37.5, 127.0, -1)",
    ),
    "same shop name and address twice": (
        asyncpg.UniqueViolationError,
        "INSERT INTO chatbot.shops (shop_name, category, address_name, latitude, longitude) "
        "SELECT shop_name, category, address_name, latitude, longitude FROM chatbot.shops WHERE id = {shop}",
    ),
    "negative menu price": (
        asyncpg.CheckViolationError,
        "INSERT INTO chatbot.menus (shop_id, menu_name, price) VALUES ({shop}, '김밥', -1)",
    ),
    "malformed e-mail": (
        asyncpg.CheckViolationError,
        "INSERT INTO chatbot.users (platform, external_user_id, email) "
        "VALUES ('test', gen_random_uuid()::text, 'a@b|c')",
    ),
    "same platform id twice": (
        asyncpg.UniqueViolationError,
        "INSERT INTO chatbot.users (platform, external_user_id) "
        "SELECT platform, external_user_id FROM chatbot.users WHERE id = {user}",
    ),
    "same user_key twice": (
        asyncpg.UniqueViolationError,
        "INSERT INTO chatbot.users (platform, external_user_id, user_key) "
        "SELECT 'web', gen_random_uuid()::text, user_key FROM chatbot.users WHERE id = {user}",
    ),
    "negative card balance": (
        asyncpg.CheckViolationError,
        "INSERT INTO chatbot.foodcard_users (user_id, card_type, target_age_group, balance) "
        "VALUES ({user}, '아동급식카드', '중학생', -100)",
    ),
    "alert marked sent without its time": (
        asyncpg.CheckViolationError,
        "INSERT INTO chatbot.foodcard_users (user_id, card_type, target_age_group, balance_alert_sent) "
        "VALUES ({user}, '아동급식카드', '중학생', TRUE)",
    ),
    "coupon with both amount and rate": (
        asyncpg.CheckViolationError,
        "INSERT INTO chatbot.coupons (id, coupon_name, description, coupon_type, discount_amount, discount_rate, "
        "usage_type, valid_until) VALUES (gen_random_uuid()::text, 'x', 'x', 'FIXED_AMOUNT', 1000, 0.1, 'ALL', "
        "CURRENT_DATE)",
    ),
    "coupon issued beyond its limit": (
        asyncpg.CheckViolationError,
        "UPDATE chatbot.coupons SET total_issued = max_issue_count + 1 WHERE id = '{coupon}'",
    ),
    "used coupon without used_at": (
        asyncpg.CheckViolationError,
        "INSERT INTO chatbot.user_coupon_wallet (user_id, coupon_id, status, acquisition_source, expires_at) "
        "VALUES ({user}, '{coupon}', 'USED', 'PROMOTION', now() + interval '1 day')",
    ),
    "unknown intent": (
        asyncpg.CheckViolationError,
        "INSERT INTO chatbot.conversations (session_id, input_text, response_text, extracted_intent) "
        "VALUES ('{session}', 'a', 'b', 'ORDER_PIZZA')",
    ),
    "confidence above one": (
        asyncpg.CheckViolationError,
        "INSERT INTO chatbot.conversations (session_id, input_text, response_text, intent_confidence) "
        "VALUES ('{session}', 'a', 'b', 1.5)",
    ),
    "conversation for a session that does not exist": (
        asyncpg.ForeignKeyViolationError,
        "INSERT INTO chatbot.conversations (session_id, input_text, response_text) "
        "VALUES (gen_random_uuid(), 'a', 'b')",
    ),
    "interaction for a session that does not exist": (
        asyncpg.ForeignKeyViolationError,
        "INSERT INTO chatbot.user_interactions (session_id, interaction_type) "
        "VALUES (gen_random_uuid(), 'quick_reply')",
    ),
    "recommendation with half a location": (
        asyncpg.CheckViolationError,
        "INSERT INTO chatbot.recommendations_log (session_id, request_intent, request_entities, recommendations, "
        "recommendation_count, recommendation_method, user_latitude) "
        "VALUES ('{session}', 'FOOD_REQUEST', '{{}}', '[]', 0, 'HYBRID', 37.5)",
    ),
    "feedback 'selected' without a shop": (
        asyncpg.CheckViolationError,
        "INSERT INTO ml_training.recommendation_feedback (user_id, session_id, recommended_shops, user_action, "
        "action_timestamp, context_features, user_features) "
        "VALUES ({user}, '{session}', '[]', 'selected', now(), '{{}}', '{{}}')",
    ),
    "empty training payload": (
        asyncpg.CheckViolationError,
        "INSERT INTO ml_training.data_queue (model_type, raw_data) VALUES ('nlu', '{{}}')",
    ),
}


@pytest.mark.parametrize("case", list(BAD_ROWS))
async def test_constraints_reject_bad_rows(pg_pool, world, case):
    error, statement = BAD_ROWS[case]
    async with pg_pool.acquire() as conn:
        with pytest.raises(error):
            await conn.execute(statement.format(**world))


async def test_the_same_platform_id_on_two_platforms_is_two_users(pg_pool):
    external = unique("U")
    async with pg_pool.acquire() as conn:
        ids = [
            await conn.fetchval(
                "INSERT INTO chatbot.users (platform, external_user_id) VALUES ($1, $2) RETURNING id", p, external
            )
            for p in ("kakao", "line")
        ]
    assert len(set(ids)) == 2


async def test_shop_import_upserts_on_name_and_address(pg_pool):
    name, address = unique("가게"), unique("주소")
    upsert = """INSERT INTO chatbot.shops (shop_name, category, address_name, latitude, longitude, phone)
                VALUES ($1, '한식', $2, 37.5, 127.0, $3)
                ON CONFLICT (shop_name, address_name) DO UPDATE SET phone = EXCLUDED.phone RETURNING id"""
    async with pg_pool.acquire() as conn:
        first = await conn.fetchval(upsert, name, address, "02-000-0000")
        second = await conn.fetchval(upsert, name, address, "02-111-1111")
        phone = await conn.fetchval("SELECT phone FROM chatbot.shops WHERE id = $1", first)
    assert first == second
    assert phone == "02-111-1111"


async def test_coupon_cannot_be_issued_beyond_its_limit(pg_pool, world):
    issue = "UPDATE chatbot.coupons SET total_issued = total_issued + 1 WHERE id = $1"
    async with pg_pool.acquire() as conn:
        await conn.execute(issue, world["coupon"])
        await conn.execute(issue, world["coupon"])
        with pytest.raises(asyncpg.CheckViolationError):
            await conn.execute(issue, world["coupon"])
        assert await conn.fetchval("SELECT total_issued FROM chatbot.coupons WHERE id = $1", world["coupon"]) == 2


async def test_wallet_holds_one_active_coupon_per_kind_but_any_number_of_used_ones(pg_pool, world):
    give = """INSERT INTO chatbot.user_coupon_wallet (user_id, coupon_id, acquisition_source, expires_at, issue_key)
              VALUES ($1, $2, 'EMERGENCY_ASSIST', now() + interval '1 day', $3) RETURNING id"""
    use = "UPDATE chatbot.user_coupon_wallet SET status = 'USED', used_at = now() WHERE id = $1"
    async with pg_pool.acquire() as conn:
        first = await conn.fetchval(give, world["user"], world["coupon"], unique("k"))
        with pytest.raises(asyncpg.UniqueViolationError):
            await conn.fetchval(give, world["user"], world["coupon"], unique("k"))
        await conn.execute(use, first)
        second = await conn.fetchval(give, world["user"], world["coupon"], unique("k"))
        await conn.execute(use, second)
        used = await conn.fetchval(
            "SELECT count(*) FROM chatbot.user_coupon_wallet WHERE user_id = $1 AND status = 'USED'", world["user"]
        )
    assert used == 2


async def test_issue_key_makes_a_duplicated_issue_job_insert_once(pg_pool, world):
    key = f"EMERGENCY_FOOD_AID:{world['user']}:{dt.date.today().isoformat()}:{unique()}"
    issue = """INSERT INTO chatbot.user_coupon_wallet (user_id, coupon_id, acquisition_source, expires_at, issue_key)
               VALUES ($1, $2, 'EMERGENCY_ASSIST', now() + interval '24 hours', $3)
               ON CONFLICT (issue_key) DO NOTHING RETURNING id"""
    async with pg_pool.acquire() as conn:
        first = await conn.fetchval(issue, world["user"], world["coupon"], key)
        second = await conn.fetchval(issue, world["user"], world["coupon"], key)
        rows = await conn.fetchval("SELECT count(*) FROM chatbot.user_coupon_wallet WHERE issue_key = $1", key)
    assert first is not None
    assert second is None
    assert rows == 1


async def test_updated_at_follows_updates(pg_pool, world):
    async with pg_pool.acquire() as conn:
        await conn.execute("UPDATE chatbot.shops SET updated_at = '2000-01-01' WHERE id = $1", world["shop"])
        await conn.execute("UPDATE chatbot.shops SET seat_count = 40 WHERE id = $1", world["shop"])
        updated = await conn.fetchval("SELECT updated_at FROM chatbot.shops WHERE id = $1", world["shop"])
    assert updated > dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


async def test_radius_search_uses_earthdistance(pg_pool):
    async with pg_pool.acquire() as conn:
        shop = await new_shop(conn, lat=37.5405, lng=127.0693)
        within = """SELECT id FROM chatbot.shops
                    WHERE earth_box(chatbot.earth_point($1, $2), $3) @> chatbot.earth_point(latitude, longitude)
                      AND earth_distance(chatbot.earth_point($1, $2), chatbot.earth_point(latitude, longitude)) <= $3
                      AND id = $4"""
        # ~83 m from the shop
        assert await conn.fetchval(within, 37.5400, 127.0700, 200.0, shop) == shop
        assert await conn.fetchval(within, 37.5400, 127.0700, 50.0, shop) is None
