"""Turn logging through real forking workers: every turn becomes its rows, once, whatever happens on the way."""

from __future__ import annotations

import json
import uuid

import pytest
import redis

from bot.app import create_app
from storage.queue import LOGS, JobQueue
from storage.turn_buffer import TurnBuffer, pending_key, shard_of
from storage.turn_log import JOB_PATH, write_turns
from tests.workers.conftest import run_worker
from tests.workers.turns import count_rows, make_turn, push_turns

MESSAGES = ("5천원으로 점심 뭐 먹지?", "치킨 먹고 싶어", "안녕", "돈이 없는데 배고파요", "내 번호 010-1234-5678 이야")


class RuleOfThumbNlu:
    """Stands in only while the NLU model is not trained in this checkout: what is under test here is the turn
    log's way to PostgreSQL, which is the same whatever the NLU understood."""

    model_version = "stand-in"

    def analyze(self, text: str):
        from nlu.types import Intent, NluResult

        return NluResult(text, Intent.GENERAL_CHAT if text.strip() else Intent.UNKNOWN, 0.5, {})


@pytest.fixture(scope="session")
def nlu_pipeline():
    from nlu.classifier import ModelNotFound
    from nlu.pipeline import NluPipeline

    try:
        pipeline = NluPipeline.load()
    except ModelNotFound:
        return RuleOfThumbNlu()
    pipeline.warm_up()
    return pipeline


async def test_n_turns_through_the_web_api_become_n_conversation_rows(
    aiohttp_client, settings, demo_data, nlu_pipeline, worker_env, db
):
    client = await aiohttp_client(create_app(settings, nlu_pipeline=nlu_pipeline))
    user = f"wk-web-{uuid.uuid4().hex[:10]}"
    for i in range(30):
        response = await client.post("/api/v1/chat", json={"user_id": user, "message": MESSAGES[i % len(MESSAGES)]})
        assert response.status == 200
    assert TurnBuffer(redis.Redis.from_url(settings.redis_url)).pending_count() == 30

    await run_worker(worker_env, LOGS)

    rows = await db.fetch(
        """SELECT c.event_id, c.input_text, c.session_id FROM chatbot.conversations c
           JOIN chatbot.users u ON u.id = c.user_id WHERE u.platform = 'web' AND u.external_user_id = $1""",
        user,
    )
    assert len(rows) == 30
    counts = await count_rows(db, [r["event_id"] for r in rows])
    assert counts["performance_logs"] == 30
    assert all("010-1234-5678" not in r["input_text"] for r in rows)  # masked before it was stored
    assert await db.fetchval("SELECT count(*) FROM chatbot.session_master WHERE session_id = $1",
                             rows[0]["session_id"]) == 1


async def test_the_same_turn_logged_by_jobs_that_run_twice_is_one_row(worker_env, db, redis_url):
    turn = make_turn("wk-twice", confidence=0.3, recommendations=[{"shop_id": None, "shop_name": "김밥"}])
    push_turns(redis_url, [turn])
    push_turns(redis_url, [turn])  # a redelivered event
    queue = JobQueue.from_url(redis_url)
    queue.enqueue(LOGS, JOB_PATH, turn.to_json())
    queue.enqueue(LOGS, JOB_PATH, turn.to_json())
    queue.enqueue(LOGS, "workers.turn_logging.flush_turns")

    await run_worker(worker_env, LOGS)

    assert await count_rows(db, [turn.event_id]) == {
        "conversations": 1, "performance_logs": 1, "recommendations_log": 1, "nlu_training_data": 1,
    }
    assert TurnBuffer(redis.Redis.from_url(redis_url)).pending_count() == 0


async def test_a_batch_is_written_once_masked_and_in_one_go(db):
    session = str(uuid.uuid4())
    turns = [make_turn("wk-batch", f"전화 010-2222-333{i} 로 해줘", session_id=session, confidence=0.4)
             for i in range(5)]
    assert await write_turns(db, [*turns, turns[0]]) == {t.event_id for t in turns}
    assert await write_turns(db, turns) == set()
    stored = await db.fetch("SELECT input_text FROM chatbot.nlu_training_data WHERE event_id = ANY($1)",
                            [t.event_id for t in turns])
    assert len(stored) == 5 and all(r["input_text"] == "전화 [PHONE] 로 해줘" for r in stored)
    last = await db.fetchval("SELECT last_activity_at FROM chatbot.session_master WHERE session_id = $1", session)
    assert last == max(t.at for t in turns)


async def test_turns_wait_in_redis_and_a_sweep_queues_a_flush_when_the_flush_job_was_lost(worker_env, db, redis_url):
    connection = redis.Redis.from_url(redis_url)
    turns = [make_turn("wk-sweep") for _ in range(3)]
    for turn in turns:  # pushed, but the flush job was lost
        connection.rpush(pending_key(shard_of(turn.session_id)), json.dumps(turn.to_json()))

    JobQueue(connection).enqueue(LOGS, "workers.turn_logging.sweep_turns")
    await run_worker(worker_env, LOGS)

    assert (await count_rows(db, [t.event_id for t in turns]))["conversations"] == 3
