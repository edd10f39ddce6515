"""The schema enforces its own rules (storage/migrations/0001-0005), against the real PostgreSQL.

Tests on ``pg_pool`` share one migrated database with the rest of the suite: every row they create carries a unique
value and they only assert about their own rows. Tests that count partitions or run the session clean-up jobs (which
act on the whole table) get a database of their own through ``fresh_database_url``.
"""

from __future__ import annotations

import datetime as dt

from tests.storage.schema_support import (
    SEOUL,
    log_turn,
    month_start,
    partition_name,
    unique,
)

# --------------------------------------------------------------------------------------------- conversations


async def test_a_conversation_dated_next_month_lands_in_its_partition(pg_pool, world):
    moment = month_start(1) + dt.timedelta(days=10, hours=12)
    async with pg_pool.acquire() as conn:
        _, _, partition = await log_turn(conn, world["session"], world["user"], at=moment)
        _, _, current = await log_turn(conn, world["session"], world["user"])
    assert partition == partition_name(moment)
    assert current == partition_name(dt.datetime.now(SEOUL))


async def test_a_conversation_outside_the_partitions_is_kept_in_the_default_partition(pg_pool, world):
    async with pg_pool.acquire() as conn:
        _, _, partition = await log_turn(conn, world["session"], world["user"], at=month_start(-30))
    assert partition == "conversations_default"


async def test_a_turn_logged_twice_is_written_once(pg_pool, world):
    event_id, at = unique("ev"), dt.datetime.now(dt.UTC)
    insert = """INSERT INTO chatbot.conversations (session_id, input_text, response_text, "timestamp", event_id)
                VALUES ($1, '안녕', '안녕하세요', $2, $3) ON CONFLICT (event_id, "timestamp") DO NOTHING"""
    async with pg_pool.acquire() as conn:
        await conn.execute(insert, world["session"], at, event_id)
        await conn.execute(insert, world["session"], at, event_id)
        count = await conn.fetchval("SELECT count(*) FROM chatbot.conversations WHERE event_id = $1", event_id)
    assert count == 1


async def test_a_logged_turn_marks_its_session_active(pg_pool, world):
    async with pg_pool.acquire() as conn:
        await conn.execute(
            "UPDATE chatbot.session_master SET last_activity_at = now() - interval '2 days', "
            "session_start = now() - interval '3 days' WHERE session_id = $1",
            world["session"],
        )
        _, at, _ = await log_turn(conn, world["session"], world["user"])
        last = await conn.fetchval(
            "SELECT last_activity_at FROM chatbot.session_master WHERE session_id = $1", world["session"]
        )
    assert last == at


async def test_deleting_a_session_cascades_to_everything_recorded_in_it(pg_pool, world):
    session, user = world["session"], world["user"]
    async with pg_pool.acquire() as conn:
        await log_turn(conn, session, user, at=month_start(1) + dt.timedelta(days=2))
        await log_turn(conn, session, user)
        await conn.execute(
            "INSERT INTO chatbot.user_interactions (session_id, user_id, interaction_type) "
            "VALUES ($1, $2, 'quick_reply')",
            session,
            user,
        )
        log_id = await conn.fetchval(
            """INSERT INTO chatbot.recommendations_log (session_id, user_id, request_intent, request_entities,
                   recommendations, recommendation_count, recommendation_method, user_latitude, user_longitude)
               VALUES ($1, $2, 'FOOD_REQUEST', $3, $4, 1, 'HYBRID', 37.54, 127.07) RETURNING id""",
            session,
            user,
            {"food_type": "치킨"},
            [{"shop_id": world["shop"]}],
        )
        await conn.execute(
            """INSERT INTO ml_training.recommendation_feedback (recommendation_log_id, user_id, session_id,
                   recommended_shops, user_action, action_timestamp, context_features, user_features)
               VALUES ($1, $2, $3, '[]', 'viewed', now(), '{}', '{}')""",
            log_id,
            user,
            session,
        )
        await conn.execute(
            "INSERT INTO chatbot.conversation_contexts (session_id, user_id) VALUES ($1, $2)", session, user
        )

        await conn.execute("DELETE FROM chatbot.session_master WHERE session_id = $1", session)

        left = {
            table: await conn.fetchval(f"SELECT count(*) FROM {table} WHERE session_id = $1", session)
            for table in (
                "chatbot.conversations",
                "chatbot.user_interactions",
                "chatbot.recommendations_log",
                "ml_training.recommendation_feedback",
                "chatbot.conversation_contexts",
            )
        }
        user_left = await conn.fetchval("SELECT count(*) FROM chatbot.users WHERE id = $1", user)
    assert left == dict.fromkeys(left, 0)
    assert user_left == 1


async def test_deleting_a_user_removes_their_sessions_wallet_and_training_rows(pg_pool, world):
    async with pg_pool.acquire() as conn:
        conversation_id, _, _ = await log_turn(conn, world["session"], world["user"], confidence="0.990")
        await conn.execute(
            """INSERT INTO chatbot.user_coupon_wallet (user_id, coupon_id, acquisition_source, expires_at)
               VALUES ($1, $2, 'WELCOME_BONUS', now() + interval '7 days')""",
            world["user"],
            world["coupon"],
        )
        await conn.execute("DELETE FROM chatbot.users WHERE id = $1", world["user"])
        counts = [
            await conn.fetchval("SELECT count(*) FROM chatbot.session_master WHERE user_id = $1", world["user"]),
            await conn.fetchval("SELECT count(*) FROM chatbot.user_coupon_wallet WHERE user_id = $1", world["user"]),
            await conn.fetchval(
                "SELECT count(*) FROM ml_training.data_queue WHERE source_table = 'conversations' AND source_id = $1",
                conversation_id,
            ),
            await conn.fetchval(
                "SELECT count(*) FROM ml_training.nlu_training_data WHERE conversation_id = $1", conversation_id
            ),
        ]
    assert counts == [0, 0, 0, 0]
