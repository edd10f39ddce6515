"""Turn-log jobs (queue ``logs``): batches from the Redis turn buffer into PostgreSQL (seed 000 §5.2 step 7).

``workers.turn_logging.flush_turns()``
    Enqueued by the web process when it pushes turns and no flush is queued. Connects first (PostgreSQL down: the
    job fails before touching the buffer, RQ retries it later, the turns wait in Redis), returns batches of dead
    writers to the buffer, clears the "flush queued" flag, then works in rounds: lock its share of the shards,
    move up to ``BATCH_SIZE`` turns from them into leased lists of its own, write them in one transaction
    (``storage.turn_log.write_turns``, idempotent by event id), acknowledge, unlock. It stops when the buffer is
    empty, or when ``MAX_FLUSH_S`` is up and it hands over to a fresh job (other queues get their turn).
``workers.turn_logging.sweep_turns()``
    Scheduled every minute: recovers batches of killed writers and queues a flush when turns are waiting and none
    is queued (a flush job lost with its worker, or one that ran out of retries).
``workers.turn_logging.log_turn(turn_json: dict)``
    One turn written directly (kept for callers that enqueue a single turn).
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import random
import time
import uuid

import asyncpg
import structlog

from storage.errors import StorageUnavailable
from storage.queue import LOGS
from storage.turn_buffer import SHARDS, TurnBuffer
from storage.turn_log import FLUSH_JOB_PATH, TurnLog, write_turn, write_turns
from workers.runtime import job_queue, with_connection

log = structlog.get_logger(__name__)

BATCH_SIZE = 500
MAX_FLUSH_S = 5.0  # then a fresh job: other queues get their turn (round-robin workers)
WAIT_FOR_SHARDS_ROUNDS = 25  # ~0.5 s of finding only shards that other flushes hold, then leave them to it
FLUSH_RESULT_TTL_S = 60


def lease_seconds() -> int:
    """How long a batch may take before another flush presumes its writer dead (tests shorten it)."""
    return int(os.environ.get("NAVIYAM_TURNLOG_LEASE_S", "60"))


def flush_turns() -> dict:
    return with_connection(_flush)


def sweep_turns() -> dict:
    buffer = TurnBuffer(job_queue().connection)
    recovered = buffer.recover()
    pending = buffer.pending_count()
    queued = bool(pending) and buffer.claim_flush()
    if queued:
        _enqueue_flush()
    log.info("turn_log_sweep", recovered=recovered, pending=pending, flush_queued=queued)
    return {"recovered": recovered, "pending": pending, "flush_queued": queued}


def log_turn(turn_json: dict) -> bool:
    return with_connection(lambda conn: write_turn(conn, TurnLog.from_json(turn_json)))


def _enqueue_flush() -> None:
    job_queue().enqueue(LOGS, FLUSH_JOB_PATH, result_ttl=FLUSH_RESULT_TTL_S)


async def _flush(conn: asyncpg.Connection) -> dict:
    buffer = TurnBuffer(job_queue().connection)
    totals = {"recovered": buffer.recover(), "taken": 0, "written": 0, "buried": 0}
    buffer.mark_flush_started()
    token, deadline, patience = uuid.uuid4().hex, time.monotonic() + MAX_FLUSH_S, WAIT_FOR_SHARDS_ROUNDS
    try:
        while time.monotonic() < deadline and patience:
            shards = _lock_share(buffer, token)
            try:
                taken = await _write_round(conn, buffer, shards, totals) if shards else 0
            finally:
                for shard in shards:
                    buffer.unlock_shard(shard, token)
            if not taken:
                if not buffer.pending_count():
                    break
                patience -= 1  # what is left sits in shards other flushes hold: they drain it
                await asyncio.sleep(0.02)
    finally:
        buffer.leave(token)
    if buffer.unlocked_pending() and buffer.claim_flush():
        _enqueue_flush()  # time is up with turns left that no other flush is draining: hand over
    log.info("turn_log_flush", **totals)
    return totals


def _lock_share(buffer: TurnBuffer, token: str) -> list[int]:
    """Lock this flush's share of the shards that have turns: all when it runs alone, half with one other..."""
    share = math.ceil(SHARDS / buffer.active_flushers(token, time.time()))
    locked: list[int] = []
    for shard in random.sample(range(SHARDS), SHARDS):  # flushes running at once start on different shards
        if len(locked) < share and buffer.pending_count(shard) and buffer.lock_shard(shard, token, lease_seconds()):
            locked.append(shard)
    return locked


async def _write_round(conn: asyncpg.Connection, buffer: TurnBuffer, shards: list[int], totals: dict) -> int:
    """Take a batch from each locked shard and write them all in one transaction; the number of turns taken."""
    per_shard = max(BATCH_SIZE // len(shards), 50)
    batches = [buffer.take(shard, per_shard, lease_seconds()) for shard in shards]
    items = [item for _, batch in batches for item in batch]
    if not items:
        return 0
    try:
        written, buried = await _write_batch(conn, buffer, items)
    except BaseException:
        for batch_id, _ in batches:
            buffer.release(batch_id, force=True)  # back to the buffer at once; RQ retries this job
        raise
    for batch_id, _ in batches:
        buffer.ack(batch_id)
    totals["taken"] += len(items)
    totals["written"] += written
    totals["buried"] += buried
    return len(items)


async def _write_batch(conn: asyncpg.Connection, buffer: TurnBuffer, items: list[str]) -> tuple[int, int]:
    """Write one batch; turns that can never be written (bad JSON, a rule of the schema) are set aside."""
    readable: list[tuple[str, TurnLog]] = []
    unreadable: list[str] = []
    for item in items:
        try:
            readable.append((item, TurnLog.from_json(json.loads(item))))
        except (ValueError, TypeError):
            unreadable.append(item)
    buffer.bury(unreadable, "unreadable")
    try:
        return len(await write_turns(conn, [turn for _, turn in readable])), len(unreadable)
    except StorageUnavailable:
        raise
    except Exception as exc:
        if conn.is_closed():
            raise
        log.warning("turn_log_batch_rejected", error=type(exc).__name__, turns=len(readable))
    written = 0
    for item, turn in readable:  # one by one, to keep every turn that can be written
        try:
            written += await write_turn(conn, turn)
        except StorageUnavailable:
            raise
        except Exception as exc:
            if conn.is_closed():
                raise
            buffer.bury([item], type(exc).__name__)
            unreadable.append(item)
    return written, len(unreadable)
