"""Failures are recoverable: a worker killed in the middle of a job, or PostgreSQL going away under running jobs,
loses nothing and doubles nothing."""

from __future__ import annotations

import asyncio
import os
import signal
import uuid
from pathlib import Path

import asyncpg
import redis

from storage.db import connect
from storage.queue import LOGS
from storage.turn_buffer import TurnBuffer
from tests.workers.conftest import run_module, run_worker, start_worker, stop_worker
from tests.workers.pg_proxy import PgProxy
from tests.workers.turns import count_rows, make_turn, push_turns


async def wait_until(predicate, timeout: float = 20.0, step: float = 0.05) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not await predicate():
        assert asyncio.get_running_loop().time() < deadline, "timed out waiting"
        await asyncio.sleep(step)


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(p) for p in (task / "children").read_text().split()]
    return found


async def hold_lock(database_url: str, table: str) -> asyncpg.Connection:
    """A transaction that keeps writers of ``table`` waiting: the job is caught in the middle of its write."""
    conn = await connect(database_url)
    await conn.execute("BEGIN")
    await conn.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
    return conn


async def test_a_worker_killed_mid_job_runs_the_job_again_and_loses_and_doubles_nothing(
    worker_env, db, database_url, redis_url
):
    env = {**worker_env, "NAVIYAM_TURNLOG_LEASE_S": "1"}
    session = str(uuid.uuid4())  # one session, one shard of the turn buffer: one flush job takes them all
    turns = [make_turn("wk-killed", session_id=session) for _ in range(40)]
    buffer = TurnBuffer(redis.Redis.from_url(redis_url))
    blocker = await hold_lock(database_url, "chatbot.performance_logs")
    push_turns(redis_url, turns)
    worker = await start_worker(env, LOGS, burst=False)
    try:
        await wait_until(lambda: _in_flight(buffer, 40))
        await asyncio.sleep(0.3)  # the horse is inside its transaction, waiting for the lock
        for horse in children(worker.pid):
            os.kill(horse, signal.SIGKILL)
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        await worker.wait()
        await blocker.execute("ROLLBACK")
        await blocker.close()
    assert (await count_rows(db, [t.event_id for t in turns]))["conversations"] == 0
    await asyncio.sleep(1.1)  # the dead writer's lease on its batch runs out

    code, output = await run_module(env, "workers", "recover")
    assert code == 0 and "requeued 1 abandoned job(s), returned 40 turn(s)" in output, output
    await asyncio.sleep(1.1)  # RQ's first retry of the flush job is due after a second
    await run_worker(env, LOGS, scheduler=True)

    assert await count_rows(db, [t.event_id for t in turns]) == {
        "conversations": 40, "performance_logs": 40, "recommendations_log": 0, "nlu_training_data": 0,
    }
    assert buffer.pending_count() == 0 and buffer.in_flight_count() == 0


async def test_postgres_down_under_running_jobs_then_every_row_arrives_once(worker_env, db, database_url, redis_url):
    proxy = PgProxy(database_url)
    await proxy.up()
    env = {**worker_env, "DATABASE_URL": proxy.url}
    session = str(uuid.uuid4())
    turns = [make_turn("wk-pg-down", session_id=session) for _ in range(60)]
    buffer = TurnBuffer(redis.Redis.from_url(redis_url))
    blocker = await hold_lock(database_url, "chatbot.performance_logs")
    push_turns(redis_url, turns)
    worker = await start_worker(env, LOGS, burst=False, scheduler=True)
    try:
        await wait_until(lambda: _in_flight(buffer, 60))
        await proxy.down()  # the job's connection is cut in the middle of its transaction
        await blocker.execute("ROLLBACK")
        await wait_until(lambda: _pending(buffer, 60))  # the batch went back to the buffer
        await asyncio.sleep(1.5)  # the retry finds PostgreSQL away and waits
        await proxy.up()
        await wait_until(lambda: _logged(db, turns), timeout=30)
    finally:
        await blocker.close()
        await stop_worker(worker)
        await proxy.down()

    assert await count_rows(db, [t.event_id for t in turns]) == {
        "conversations": 60, "performance_logs": 60, "recommendations_log": 0, "nlu_training_data": 0,
    }


async def _in_flight(buffer: TurnBuffer, n: int) -> bool:
    return buffer.in_flight_count() == n


async def _pending(buffer: TurnBuffer, n: int) -> bool:
    return buffer.pending_count() == n


async def _logged(conn: asyncpg.Connection, turns) -> bool:
    counts = await count_rows(conn, [t.event_id for t in turns])
    return counts["conversations"] == len(turns)
