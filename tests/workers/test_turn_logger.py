"""The web side of turn logging (``bot.turn_logger``): one Redis round trip per delivery, one flush job however many
turns arrive, and straight to PostgreSQL when Redis is down."""

from __future__ import annotations

import uuid

from rq import Queue
from rq.serializers import JSONSerializer

from bot.turn_logger import TurnLogger
from storage.queue import LOGS, JobQueue
from storage.turn_buffer import TurnBuffer
from storage.turn_log import FLUSH_JOB_PATH
from tests.workers.turns import count_rows, make_turn

DEAD_REDIS = "redis://127.0.0.1:1/0"


async def test_turns_go_to_the_buffer_with_one_flush_job(redis_url, pg_pool):
    queue = JobQueue.from_url(redis_url)
    logger = TurnLogger(queue=queue, pool=pg_pool)
    session = str(uuid.uuid4())
    turns = [make_turn("wk-logger", session_id=session) for _ in range(5)] + [make_turn("wk-logger-2")]
    for turn in turns:
        await logger.submit(turn)

    waiting = [t["event_id"] for t in TurnBuffer(queue.connection).pending_turns()]
    assert sorted(waiting) == sorted(t.event_id for t in turns)
    assert [w for w in waiting if w in {t.event_id for t in turns[:5]}] == [t.event_id for t in turns[:5]]
    jobs = Queue(LOGS, connection=queue.connection, serializer=JSONSerializer).get_jobs()
    assert [job.func_name for job in jobs] == [FLUSH_JOB_PATH]


async def test_with_redis_down_turns_are_written_straight_to_postgres(pg_pool, db):
    logger = TurnLogger(queue=JobQueue.from_url(DEAD_REDIS), pool=pg_pool)
    turns = [make_turn("wk-no-redis") for _ in range(3)]
    for turn in turns:
        await logger.submit(turn)

    assert not logger.pending
    assert (await count_rows(db, [t.event_id for t in turns]))["conversations"] == 3


async def test_with_both_down_turns_wait_in_memory_until_one_is_back(pg_pool, db):
    logger = TurnLogger(queue=JobQueue.from_url(DEAD_REDIS), pool=None)
    turn = make_turn("wk-nothing-up")
    await logger.submit(turn)
    assert list(logger.pending) == [turn]

    logger.pool = pg_pool
    await logger.flush()
    assert not logger.pending
    assert (await count_rows(db, [turn.event_id]))["conversations"] == 1
