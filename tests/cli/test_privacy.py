"""``python -m bot privacy export|delete USER_KEY`` (PIPA): after a delete, no table, partition or Redis key holds
the user's id, key, sessions or words; what other users left is untouched."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from storage.privacy_ops import delete_user, receipt
from tests.cli.conftest import chat, new_web_user, run_bot
from tests.cli.privacy_scan import buffered_turns, moved, redis_keys_holding, tables_holding, write_like_a_worker

KONKUK = {"latitude": 37.5404, "longitude": 127.0692}
EXPECTED_BEFORE = {
    "chatbot.users", "chatbot.foodcard_users", "chatbot.user_profiles", "chatbot.user_coupon_wallet",
    "chatbot.session_master", "chatbot.conversations_default", "chatbot.recommendations_log",
    "chatbot.user_interactions", "chatbot.conversation_contexts", "chatbot.nlu_training_data",
    "chatbot.push_outbox", "ml_training.data_queue", "ml_training.nlu_training_data",
    "ml_training.recommendation_feedback", "ops.audit_log",
}


async def _chat_history(client, user, marker: str) -> None:
    """Turns through the real app: recommendations, an emergency, an unreadable one (review queue), two sessions."""
    await chat(client, user, f"{marker} 5천원으로 점심 뭐 먹지?", location=KONKUK)
    await chat(client, user, f"{marker} 돈이 없는데 배고파요")
    await chat(client, user, f"{marker} ㅁㄴㅇㄹ 뷁")
    await chat(client, user, f"{marker} 치킨 먹고 싶어", session_id="second")


async def _rows_beyond_chat(conn, user_id: int, session_id, user_key: str, marker: str) -> None:
    """What other parts of the bot keep about a user: card, profile, coupon, push, clicks, context, feedback."""
    await conn.execute("INSERT INTO chatbot.foodcard_users (user_id, card_type, target_age_group, balance, card_number)"
                       " VALUES ($1, '아동급식카드', '중학생', 3000, $2)", user_id, f"9410-{marker}")
    await conn.execute("INSERT INTO chatbot.user_profiles (user_id, location_preferences) VALUES ($1, $2)"
                       " ON CONFLICT (user_id) DO UPDATE SET location_preferences = EXCLUDED.location_preferences",
                       user_id, [marker])
    await conn.execute("INSERT INTO chatbot.user_coupon_wallet (user_id, coupon_id, acquisition_source, expires_at,"
                       " acquisition_context) VALUES ($1, 'EMERGENCY_FOOD_AID', 'EMERGENCY_ASSIST', now() + interval"
                       " '1 day', $2::jsonb) ON CONFLICT DO NOTHING", user_id, {"note": marker})
    await conn.execute("INSERT INTO chatbot.push_outbox (push_key, user_id, kind, payload, not_before)"
                       " VALUES ($1, $2, 'low_balance', $3::jsonb, now())", f"low_balance:{marker}", user_id,
                       {"balance": 3000, "note": marker})
    await conn.execute("INSERT INTO chatbot.user_interactions (session_id, user_id, interaction_type, payload)"
                       " VALUES ($1, $2, 'quick_reply', $3::jsonb)", session_id, user_id, {"text": marker})
    context_session = await conn.fetchval("SELECT chatbot.start_session($1)", user_id)
    await conn.execute("INSERT INTO chatbot.conversation_contexts (session_id, user_id, context_data)"
                       " VALUES ($1, $2, $3::jsonb)", context_session, user_id, {"turns": [{"text": marker}]})
    await conn.execute("INSERT INTO ml_training.recommendation_feedback (user_id, session_id, recommended_shops,"
                       " user_action, action_timestamp, context_features, user_features) VALUES ($1, $2, '[]', "
                       "'viewed', now(), $3::jsonb, '{}')", user_id, session_id, {"note": marker})
    await conn.execute("INSERT INTO ops.audit_log (operator, action, target, details) VALUES ('op', "
                       "'conversations.export', $1, $2::jsonb)", user_key, {"filter": {"user_key": user_key}})


async def _user_in_every_place(web_client, settings, redis_url, pg_pool):
    user, marker = new_web_user(settings, "web-privacy"), f"비밀메모{uuid.uuid4().hex[:10]}"
    await _chat_history(web_client, user, marker)
    turns = buffered_turns(redis_url, user.user_key)
    assert len(turns) == 4
    next_month = datetime.now(UTC) + timedelta(days=40)
    late = [moved(turns[0], next_month.isoformat(), f"nm-{marker}"),
            moved(turns[1], "2001-01-01T12:00:00+09:00", f"old-{marker}")]  # a month without a partition: DEFAULT
    async with pg_pool.acquire() as conn:
        await write_like_a_worker(conn, turns + late)
        user_id = await conn.fetchval("SELECT id FROM chatbot.users WHERE user_key = $1", user.user_key)
        sessions = [r[0] for r in await conn.fetch(
            "SELECT session_id FROM chatbot.session_master WHERE user_id = $1", user_id)]
        await _rows_beyond_chat(conn, user_id, sessions[0], user.user_key, marker)
        partitions = {r[0] for r in await conn.fetch(
            "SELECT tableoid::regclass::text FROM chatbot.conversations WHERE user_id = $1", user_id)}
    assert len(partitions) >= 3, partitions
    return user, marker, user_id, [str(s) for s in sessions]


async def test_delete_leaves_no_trace_of_the_user_anywhere(web_client, settings, redis_url, pg_pool, redis_client,
                                                            cli_env):
    user, marker, user_id, sessions = await _user_in_every_place(web_client, settings, redis_url, pg_pool)
    bystander = new_web_user(settings, "web-bystander")
    await chat(web_client, bystander, "안녕하세요 떡볶이 먹고 싶어요")
    needles = [user.external_id, user.user_key, marker, *sessions]
    async with pg_pool.acquire() as conn:
        await write_like_a_worker(conn, buffered_turns(redis_url, bystander.user_key))
        before = await tables_holding(conn, needles, user_id)
        performance = [r[0] for r in await conn.fetch(
            "SELECT id FROM chatbot.performance_logs WHERE session_id = ANY($1::uuid[])", sessions)]
    assert set(before) >= EXPECTED_BEFORE, sorted(before)
    assert any(name.startswith("chatbot.conversations_2") for name in before)
    assert performance
    redis_before = await redis_keys_holding(redis_client, needles)
    for prefix in ("user:", "session:", "nlu:", "naviyam:{turnlog}:pending"):
        assert any(key.startswith(prefix) for key in redis_before), (prefix, redis_before)

    completed = run_bot(cli_env, "privacy", "delete", user.user_key, "--yes", "--json")
    assert completed.returncode == 0, completed.stderr
    report = json.loads(completed.stdout)
    assert report["found"] and report["receipt"] == receipt(user.user_key)
    assert report["buffered_turns"] == 4 and report["nlu_cache_entries"] >= 1 and report["audit_entries_redacted"] == 1

    async with pg_pool.acquire() as conn:
        assert await tables_holding(conn, needles, user_id) == {}
        kept = await conn.fetch("SELECT session_id, event_id, request_id, total_time_ms FROM chatbot.performance_logs"
                                " WHERE id = ANY($1::bigint[])", performance)
        audit = await conn.fetchrow("SELECT operator, target, details FROM ops.audit_log WHERE action = "
                                    "'privacy.delete' ORDER BY id DESC LIMIT 1")
        assert await conn.fetchval("SELECT count(*) FROM chatbot.conversations c JOIN chatbot.users u ON u.id ="
                                   " c.user_id WHERE u.user_key = $1", bystander.user_key) == 1
    assert len(kept) == len(performance)  # the timings stay for the aggregates, anonymised
    assert all(r["session_id"] is None and r["event_id"] is None and r["request_id"] is None for r in kept)
    assert audit["operator"].startswith("cli") and audit["target"] == receipt(user.user_key)
    assert await redis_keys_holding(redis_client, needles) == []
    assert await redis_keys_holding(redis_client, [bystander.user_key])  # another child's session is untouched


async def test_export_gives_every_row_of_the_user_as_json(web_client, settings, redis_url, pg_pool, cli_env):
    user, marker, _, sessions = await _user_in_every_place(web_client, settings, redis_url, pg_pool)
    completed = run_bot(cli_env, "privacy", "export", user.user_key)
    assert completed.returncode == 0, completed.stderr
    data = json.loads(completed.stdout)
    tables = data["tables"]
    assert data["user_key"] == user.user_key
    assert tables["chatbot.users"][0]["external_user_id"] == user.external_id  # their own data, all of it
    turns = tables["chatbot.conversations"]
    assert len(turns) == 6 and all(marker in t["input_text"] for t in turns)
    assert {t["event_id"] for t in turns} >= {f"nm-{marker}", f"old-{marker}"}  # every partition
    for name in ("chatbot.foodcard_users", "chatbot.user_coupon_wallet", "chatbot.recommendations_log",
                 "ml_training.nlu_training_data", "chatbot.nlu_training_data", "ops.audit_log"):
        assert tables.get(name), name
    assert "retry_key" not in tables["chatbot.push_outbox"][0]  # a secret of the push, not data about the user
    assert set(data["redis"]["session_contexts"]) & {f"session:{s}:context" for s in sessions}
    assert len(data["redis"]["turns_not_yet_logged"]) == 4
    async with pg_pool.acquire() as conn:
        assert await conn.fetchval("SELECT count(*) FROM ops.audit_log WHERE action = 'privacy.export'"
                                   " AND target = $1", user.user_key) == 1
        await delete_user(conn, None, user.user_key)  # leave nothing behind for the other tests


async def test_unknown_users_and_unconfirmed_deletes(settings, pg_pool, cli_env):
    stranger = new_web_user(settings, "web-nobody")
    assert run_bot(cli_env, "privacy", "export", stranger.user_key).returncode == 1
    gone = run_bot(cli_env, "privacy", "delete", stranger.user_key, "--yes")
    assert gone.returncode == 1 and "no user with key" in gone.stdout
    assert run_bot(cli_env, "privacy", "delete", "%", "--yes").returncode == 2  # not a key: never a pattern
    async with pg_pool.acquire() as conn:
        user_id = await conn.fetchval("INSERT INTO chatbot.users (platform, external_user_id, user_key) VALUES"
                                      " ('web', $1, $2) RETURNING id", stranger.external_id, stranger.user_key)
        refused = run_bot(cli_env, "privacy", "delete", stranger.user_key)  # no terminal, no --yes
        assert refused.returncode == 2 and "--yes" in refused.stderr
        assert await conn.fetchval("SELECT count(*) FROM chatbot.users WHERE id = $1", user_id) == 1
        report = await delete_user(conn, None, stranger.user_key, actor="user:self")
        assert report.found and report.rows == {"chatbot.users": 1}
        assert (await delete_user(conn, None, stranger.user_key)).found is False  # idempotent


@pytest.mark.parametrize("key", ["", "short", "we_x'; DROP TABLE ops.audit_log; --"])
async def test_the_audit_redaction_refuses_anything_but_a_user_key(pg_pool, key):
    import asyncpg

    async with pg_pool.acquire() as conn:
        with pytest.raises(asyncpg.PostgresError):
            await conn.fetchval("SELECT ops.redact_audit_subject($1, 'sha256:x')", key)


@pytest.mark.parametrize("worker_outcome", ["written", "buried"])
async def test_turns_a_worker_is_writing_during_the_delete_go_too(web_client, settings, redis_url, pg_pool,
                                                                   redis_client, worker_outcome):
    """A flush job had taken the user's turn when the delete began: whether it then writes the turn (the user
    comes back) or buries it (the user is gone), nothing of theirs is left once the delete returns."""
    user, marker = new_web_user(settings, "web-inflight"), f"쓰는중{uuid.uuid4().hex[:10]}"
    await chat(web_client, user, f"{marker} 떡볶이 먹고 싶어")
    async with pg_pool.acquire() as conn:  # the user row exists (the web process created it)
        assert await conn.fetchval("SELECT count(*) FROM chatbot.users WHERE user_key = $1", user.user_key) == 1
    batch_id, items = await _take_like_a_worker(redis_client, user.user_key)
    worker = asyncio.create_task(_flush_after_commit(pg_pool, redis_client, batch_id, items, user.user_key,
                                                     worker_outcome))
    async with pg_pool.acquire() as conn:
        report = await delete_user(conn, redis_client, user.user_key)
    await worker
    assert report.found and report.buffered_turns >= 1
    async with pg_pool.acquire() as conn:
        assert await tables_holding(conn, [user.external_id, user.user_key, marker]) == {}
    assert await redis_keys_holding(redis_client, [user.external_id, user.user_key, marker]) == []


async def _take_like_a_worker(client, user_key: str) -> tuple[str, list[bytes]]:
    """What ``TurnBuffer.take`` does, for this user's turns only: pending -> a leased batch of a worker."""
    from storage.turn_buffer import BATCHES, SHARDS, batch_key, lease_key, pending_key

    batch_id, taken = f"0.{uuid.uuid4().hex}", []
    for shard in range(SHARDS):
        for raw in await client.lrange(pending_key(shard), 0, -1):
            if json.loads(raw)["user_key"] == user_key:
                await client.lrem(pending_key(shard), 0, raw)
                taken.append(raw)
    await client.rpush(batch_key(batch_id), *taken)
    await client.set(lease_key(batch_id), "1", ex=60)
    await client.sadd(BATCHES, batch_id)
    return batch_id, taken


async def _flush_after_commit(pg_pool, client, batch_id: str, items: list[bytes], user_key: str, outcome: str):
    from dataclasses import replace

    from storage.errors import StorageError
    from storage.turn_buffer import BATCHES, DEAD, batch_key, lease_key
    from storage.turn_log import TurnLog, write_turns

    for _ in range(200):  # the delete has committed: the user row is gone
        async with pg_pool.acquire() as conn:
            if not await conn.fetchval("SELECT 1 FROM chatbot.users WHERE user_key = $1", user_key):
                break
        await asyncio.sleep(0.02)
    turns = [TurnLog.from_json(json.loads(raw)) for raw in items]
    try:
        async with pg_pool.acquire() as conn:  # "written": the web process had not found the user (PG was down)
            await write_turns(conn, [replace(t, user_id=None) if outcome == "written" else t for t in turns])
    except StorageError:  # "buried": the user the turn names no longer exists
        await client.rpush(DEAD, *[json.dumps({"reason": "missing user", "turn": raw.decode()}) for raw in items])
    await client.delete(batch_key(batch_id), lease_key(batch_id))
    await client.srem(BATCHES, batch_id)


async def test_users_who_unfollowed_a_month_ago_are_due_for_deletion(pg_pool, settings):
    from storage.privacy_ops import unfollowed_user_keys

    long_gone, recent, back = (new_web_user(settings, f"line-{n}") for n in ("gone", "recent", "back"))
    async with pg_pool.acquire() as conn:
        for user, unfollowed in ((long_gone, timedelta(days=31)), (recent, timedelta(days=2)), (back, None)):
            await conn.execute(
                "INSERT INTO chatbot.users (platform, external_user_id, user_key, push_enabled, unfollowed_at) VALUES"
                " ('line', $1, $2, $3, now() - $4::interval)", user.external_id, user.user_key, unfollowed is None,
                unfollowed)
        due = await unfollowed_user_keys(conn)
        assert long_gone.user_key in due and recent.user_key not in due and back.user_key not in due
        for user in (long_gone, recent, back):
            await delete_user(conn, None, user.user_key)
