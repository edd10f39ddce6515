"""The schema enforces its own rules (storage/migrations/0001-0005), against the real PostgreSQL.

Tests on ``pg_pool`` share one migrated database with the rest of the suite: every row they create carries a unique
value and they only assert about their own rows. Tests that count partitions or run the session clean-up jobs (which
act on the whole table) get a database of their own through ``fresh_database_url``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from storage.privacy import mask_pii
from tests.storage.schema_support import (
    log_turn,
    month_start,
    unique,
)

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
