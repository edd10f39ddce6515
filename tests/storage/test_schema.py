"""The schema enforces its own rules (storage/migrations/0001-0005), against the real PostgreSQL.

Tests on ``pg_pool`` share one migrated database with the rest of the suite: every row they create carries a unique
value and they only assert about their own rows. Tests that count partitions or run the session clean-up jobs (which
act on the whole table) get a database of their own through ``fresh_database_url``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from zoneinfo import ZoneInfo

import asyncpg
import pytest

from storage.db import connect
from storage.migrate import apply_migrations
from storage.privacy import mask_pii

SEOUL = ZoneInfo("Asia/Seoul")


def unique(prefix: str = "t") -> str:
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


def month_start(months_ahead: int = 0) -> dt.datetime:
    """Start of the Asia/Seoul month ``months_ahead`` months from now (partitions follow Seoul months)."""
    now = dt.datetime.now(SEOUL)
    index = now.year * 12 + now.month - 1 + months_ahead
    return dt.datetime(index // 12, index % 12 + 1, 1, tzinfo=SEOUL)


def partition_name(moment: dt.datetime) -> str:
    local = moment.astimezone(SEOUL)
    return f"conversations_{local.year:04d}_{local.month:02d}"


def relname(regclass_text: str) -> str:
    """``chatbot.x`` or ``x`` (regclass::text omits a schema that is on the search_path) -> ``x``."""
    return regclass_text.rsplit(".", 1)[-1]


async def new_user(conn, platform: str = "test") -> int:
    return await conn.fetchval(
        "INSERT INTO chatbot.users (platform, external_user_id, user_key) VALUES ($1, $2, $3) RETURNING id",
        platform,
        unique("ext"),
        unique("key"),
    )


async def new_session(conn, user_id: int | None) -> uuid.UUID:
    return await conn.fetchval("SELECT chatbot.start_session($1, 'chat', $2::jsonb)", user_id, {"test": True})


async def new_shop(conn, lat: float = 37.5405, lng: float = 127.0693) -> int:
    return await conn.fetchval(
        """INSERT INTO chatbot.shops (shop_name, category, address_name, latitude, longitude, neighbourhood,
                                      seat_count, accepts_group_reservation)
           VALUES ($1, '분식', $2, $3, $4, '건대입구', 24, TRUE) RETURNING id""",
        unique("shop"),
        unique("addr"),
        Decimal(str(lat)),
        Decimal(str(lng)),
    )


async def log_turn(
    conn,
    session_id,
    user_id,
    *,
    text="5천원으로 점심 뭐 먹지?",
    at=None,
    intent="BUDGET_INQUIRY",
    confidence="0.920",
    event_id=None,
):
    """Insert one conversation row; returns (id, "timestamp", partition name)."""
    row = await conn.fetchrow(
        """INSERT INTO chatbot.conversations (
               session_id, user_id, input_text, response_text, "timestamp",
               extracted_intent, intent_confidence, extracted_entities, event_id, channel)
           VALUES ($1, $2, $3, '추천해 드릴게요', COALESCE($4, now()),
                   $5, $6, $7, COALESCE($8, gen_random_uuid()::text), 'kakao')
           RETURNING id, "timestamp", tableoid::regclass::text AS partition""",
        session_id,
        user_id,
        text,
        at,
        intent,
        None if confidence is None else Decimal(confidence),
        {"budget": 5000},
        event_id,
    )
    return row["id"], row["timestamp"], relname(row["partition"])


@pytest.fixture
async def fresh_conn(fresh_database_url):
    """A connection to a brand-new database with every migration applied."""
    applied = await apply_migrations(fresh_database_url)
    assert applied, "migrations were applied"
    conn = await connect(fresh_database_url)
    yield conn
    await conn.close()


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


# --------------------------------------------------------------------------------------------- training data


async def test_a_confident_conversation_is_queued_for_training_with_personal_data_masked(pg_pool, world):
    text = "내 번호 010-1234-5678 인데 5천원으로 점심 뭐 먹지?"
    async with pg_pool.acquire() as conn:
        conversation_id, at, _ = await log_turn(
            conn, world["session"], world["user"], text=text, at=month_start(1) + dt.timedelta(days=3)
        )
        queued = await conn.fetch(
            "SELECT * FROM ml_training.data_queue WHERE source_table = 'conversations' AND source_id = $1",
            conversation_id,
        )
        labelled = await conn.fetchrow(
            "SELECT * FROM ml_training.nlu_training_data WHERE conversation_id = $1", conversation_id
        )
    assert len(queued) == 1
    row = queued[0]
    assert (row["model_type"], row["status"], row["quality_score"]) == ("nlu", "pending", Decimal("0.920"))
    assert row["raw_data"]["intent"] == "BUDGET_INQUIRY"
    assert row["raw_data"]["input_text"] == mask_pii(text)
    assert "010-1234-5678" not in row["raw_data"]["input_text"]
    assert row["session_id"] == world["session"]
    assert labelled["true_intent"] == "BUDGET_INQUIRY"
    assert labelled["label_source"] == "auto"
    assert labelled["conversation_timestamp"] == at
    assert labelled["data_queue_id"] == row["id"]


@pytest.mark.parametrize(("confidence", "queued"), [("0.700", 1), ("0.699", 0), ("0.300", 0), (None, 0)])
async def test_only_conversations_at_or_above_the_threshold_are_collected(pg_pool, world, confidence, queued):
    async with pg_pool.acquire() as conn:
        conversation_id, _, _ = await log_turn(conn, world["session"], world["user"], confidence=confidence)
        count = await conn.fetchval(
            "SELECT count(*) FROM ml_training.data_queue WHERE source_table = 'conversations' AND source_id = $1",
            conversation_id,
        )
    assert count == queued


async def test_a_users_final_choice_is_queued_for_the_recommender_once(pg_pool, world):
    async with pg_pool.acquire() as conn:
        log_id = await conn.fetchval(
            """INSERT INTO chatbot.recommendations_log (session_id, user_id, request_intent, request_entities,
                   recommendations, recommendation_count, recommendation_method)
               VALUES ($1, $2, 'FOOD_REQUEST', '{}', '[]', 0, 'FALLBACK') RETURNING id""",
            world["session"],
            world["user"],
        )
        await conn.execute(
            "UPDATE chatbot.recommendations_log SET user_final_selection = $2, "
            "time_to_decision_ms = 3000 WHERE id = $1",
            log_id,
            world["shop"],
        )
        await conn.execute("UPDATE chatbot.recommendations_log SET feedback_rating = 5 WHERE id = $1", log_id)
        rows = await conn.fetch(
            "SELECT quality_score FROM ml_training.data_queue "
            "WHERE source_table = 'recommendations_log' AND source_id = $1",
            log_id,
        )
    assert [r["quality_score"] for r in rows] == [Decimal("0.900")]


async def test_queue_rows_are_stamped_when_they_become_ready(pg_pool, world):
    async with pg_pool.acquire() as conn:
        queue_id = await conn.fetchval(
            "INSERT INTO ml_training.data_queue (model_type, raw_data, user_id) VALUES ('rag', $1, $2) RETURNING id",
            {"doc": unique()},
            world["user"],
        )
        await conn.execute("UPDATE ml_training.data_queue SET status = 'ready' WHERE id = $1", queue_id)
        stamped = await conn.fetchval("SELECT processed_at FROM ml_training.data_queue WHERE id = $1", queue_id)
    assert stamped is not None


async def test_only_one_model_version_is_active_per_model_type(pg_pool):
    model_type = "rag"
    insert = """INSERT INTO ml_training.model_versions (model_type, version, performance_metrics, model_path, is_active)
                VALUES ($1, $2, '{}', '/models/x', TRUE) RETURNING id"""
    async with pg_pool.acquire() as conn:
        first = await conn.fetchval(insert, model_type, unique("v")[:20])
        second = await conn.fetchval(insert, model_type, unique("v")[:20])
        states = {
            r["id"]: r["is_active"]
            for r in await conn.fetch(
                "SELECT id, is_active FROM ml_training.model_versions WHERE id = ANY($1)", [first, second]
            )
        }
    assert states == {first: False, second: True}


@pytest.mark.parametrize(
    "text",
    [
        "전화 010-9876-5432 카드 1234 5678 9012 3456",
        "주민번호 090512-3123456 메일 kid.kim@example.co.kr",
        "U4af4980629f2e1b05d4a3a6d6a8bcf3b 사용자",
        "만오천원 15000원 2026-11-23 3시에 6명",
    ],
)
async def test_database_masking_agrees_with_the_application(pg_pool, text):
    async with pg_pool.acquire() as conn:
        assert await conn.fetchval("SELECT ml_training.mask_pii($1)", text) == mask_pii(text)


# --------------------------------------------------------------------------------------------- own database


async def test_partitions_cover_this_month_and_three_ahead_and_creation_is_idempotent(fresh_conn):
    names = {
        relname(r["n"])
        for r in await fresh_conn.fetch(
            "SELECT inhrelid::regclass::text AS n FROM pg_inherits WHERE inhparent = 'chatbot.conversations'::regclass"
        )
    }
    expected = {partition_name(month_start(i)) for i in range(4)} | {"conversations_default"}
    assert names == expected
    assert await fresh_conn.fetchval("SELECT chatbot.create_conversation_partitions(3)") == 0
    assert await fresh_conn.fetchval("SELECT chatbot.create_conversation_partitions(5)") == 2
    assert await fresh_conn.fetchval("SELECT chatbot.create_conversation_partitions(5)") == 0
    assert await fresh_conn.fetchval("SELECT chatbot.create_conversation_partitions()") == 0
    with pytest.raises(asyncpg.InvalidParameterValueError):
        await fresh_conn.fetchval("SELECT chatbot.create_conversation_partitions(-1)")


async def test_creating_a_partition_moves_its_rows_out_of_the_default_partition(fresh_conn):
    user = await new_user(fresh_conn)
    session = await new_session(fresh_conn, user)
    moment = month_start(6) + dt.timedelta(days=4)
    conversation_id, _, partition = await log_turn(fresh_conn, session, user, at=moment, confidence="0.950")
    assert partition == "conversations_default"

    assert await fresh_conn.fetchval("SELECT chatbot.create_conversation_partitions(6)") == 3

    where = await fresh_conn.fetchval(
        "SELECT tableoid::regclass::text FROM chatbot.conversations WHERE id = $1", conversation_id
    )
    assert relname(where) == partition_name(moment)
    assert await fresh_conn.fetchval("SELECT count(*) FROM chatbot.conversations_default") == 0
    # The move is not a new insert: the training trigger did not copy the row twice.
    assert await fresh_conn.fetchval("SELECT count(*) FROM ml_training.data_queue") == 1
    # The attached partition behaves like the others: foreign keys and triggers came along.
    with pytest.raises(asyncpg.ForeignKeyViolationError):
        await log_turn(fresh_conn, uuid.uuid4(), None, at=moment)
    await log_turn(fresh_conn, session, user, at=moment + dt.timedelta(hours=1), confidence="0.800")
    assert await fresh_conn.fetchval("SELECT count(*) FROM ml_training.data_queue") == 2


async def test_session_functions(fresh_conn):
    user, other = await new_user(fresh_conn), await new_user(fresh_conn)
    session = await new_session(fresh_conn, user)
    again = await fresh_conn.fetchval("SELECT chatbot.start_session($1, 'chat', NULL, $2)", user, session)
    assert again == session
    with pytest.raises(asyncpg.UniqueViolationError):
        await fresh_conn.fetchval("SELECT chatbot.start_session($1, 'chat', NULL, $2)", other, session)

    assert await fresh_conn.fetchval("SELECT chatbot.end_session($1)", session) is True
    assert await fresh_conn.fetchval("SELECT chatbot.end_session($1)", session) is False
    assert await fresh_conn.fetchval("SELECT chatbot.end_session($1)", uuid.uuid4()) is False

    idle, busy = await new_session(fresh_conn, user), await new_session(fresh_conn, user)
    await fresh_conn.execute(
        "UPDATE chatbot.session_master SET session_start = now() - interval '2 days', "
        "last_activity_at = now() - interval '25 hours' WHERE session_id = $1",
        idle,
    )
    assert await fresh_conn.fetchval("SELECT chatbot.clean_inactive_sessions()") == 1
    states = {
        r["session_id"]: r["is_active"]
        for r in await fresh_conn.fetch(
            "SELECT session_id, is_active FROM chatbot.session_master WHERE session_id = ANY($1)", [idle, busy]
        )
    }
    assert states == {idle: False, busy: True}


async def test_old_sessions_are_deleted_with_their_turns_but_training_data_stays(fresh_conn):
    user = await new_user(fresh_conn)
    old, recent = await new_session(fresh_conn, user), await new_session(fresh_conn, user)
    old_turn, _, _ = await log_turn(fresh_conn, old, user, at=month_start(0), confidence="0.990")
    await fresh_conn.execute(
        "UPDATE chatbot.session_master SET session_start = now() - interval '40 days', "
        "last_activity_at = now() - interval '40 days', is_active = FALSE, "
        "session_end = now() - interval '40 days' WHERE session_id = $1",
        old,
    )

    assert await fresh_conn.fetchval("SELECT chatbot.delete_old_sessions(30)") == 1

    sessions = {r["session_id"] for r in await fresh_conn.fetch("SELECT session_id FROM chatbot.session_master")}
    assert sessions == {recent}
    assert await fresh_conn.fetchval("SELECT count(*) FROM chatbot.conversations WHERE id = $1", old_turn) == 0
    kept = await fresh_conn.fetchrow(
        "SELECT session_id FROM ml_training.data_queue WHERE source_table = 'conversations' AND source_id = $1",
        old_turn,
    )
    assert kept is not None and kept["session_id"] is None


async def test_migrations_apply_to_another_database_of_the_same_cluster(fresh_conn):
    """The session's own database already created the cluster-wide roles: a second database must not trip on them."""
    versions = {r["version"] for r in await fresh_conn.fetch("SELECT version FROM public.schema_migrations")}
    assert {
        "0001_extensions_schemas",
        "0002_core_tables",
        "0003_sessions_conversations",
        "0004_ml_training",
        "0005_roles",
    } <= versions
    may_create = await fresh_conn.fetchval(
        "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user"
    )
    roles = {
        r["rolname"]: r["rolcanlogin"]
        for r in await fresh_conn.fetch(
            "SELECT rolname, rolcanlogin FROM pg_roles "
            "WHERE rolname IN ('naviyam_analyst', 'naviyam_app', 'naviyam_ml')"
        )
    }
    if not may_create and not roles:
        pytest.skip("this database user may not create roles and nobody created them")
    assert set(roles) == {"naviyam_analyst", "naviyam_app", "naviyam_ml"}
    privilege = "SELECT has_table_privilege($1, $2, $3)"
    assert await fresh_conn.fetchval(privilege, "naviyam_analyst", "chatbot.conversations", "SELECT") is True
    assert await fresh_conn.fetchval(privilege, "naviyam_analyst", "chatbot.conversations", "INSERT") is False
    assert await fresh_conn.fetchval(privilege, "naviyam_app", "ml_training.data_queue", "INSERT") is True
    assert await fresh_conn.fetchval(privilege, "naviyam_app", "ops.audit_log", "INSERT") is True
    assert await fresh_conn.fetchval(privilege, "naviyam_app", "ops.audit_log", "DELETE") is False
