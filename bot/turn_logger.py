"""Hands each turn's log to the worker, and makes sure it is never lost.

Normal path: enqueue on the ``logs`` queue (job id from the turn's event id, so a redelivered event is one job).
Redis down: write the turn straight to PostgreSQL. Both down: keep it in memory and retry on the next turn and at
shutdown; only a crash while both servers are down can lose a turn, and that is logged.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from collections import deque
from dataclasses import dataclass, field

import asyncpg
import structlog

from storage.queue import LOGS, JobQueue
from storage.turn_log import JOB_PATH, TurnLog, write_turn

log = structlog.get_logger(__name__)

MAX_PENDING = 10_000
_SAFE_JOB_ID = re.compile(r"^[A-Za-z0-9_-]{1,100}$")


def turn_job_id(event_id: str) -> str:
    """An RQ-safe job id that is the same for every delivery of one event."""
    if _SAFE_JOB_ID.match(event_id):
        return f"turn-{event_id}"
    return "turn-" + hashlib.sha256(event_id.encode()).hexdigest()[:40]


@dataclass
class TurnLogger:
    queue: JobQueue | None
    pool: asyncpg.Pool | None
    pending: deque = field(default_factory=lambda: deque(maxlen=MAX_PENDING))
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def submit(self, turn: TurnLog) -> None:
        self.pending.append(turn)
        await self.flush()

    async def flush(self) -> None:
        async with self._lock:
            while self.pending:
                if not await self._deliver(self.pending[0]):
                    log.error("turn_log_waiting", pending=len(self.pending))
                    return
                self.pending.popleft()

    async def _deliver(self, turn: TurnLog) -> bool:
        if self.queue is not None:
            try:
                await self.queue.enqueue_async(LOGS, JOB_PATH, turn.to_json(), job_id=turn_job_id(turn.event_id))
                return True
            except Exception as exc:
                log.warning("turn_log_enqueue_failed", error=type(exc).__name__)
        if self.pool is not None:
            try:
                async with self.pool.acquire(timeout=2.0) as conn:
                    await write_turn(conn, turn)
                return True
            except Exception as exc:
                log.warning("turn_log_direct_write_failed", error=type(exc).__name__)
        return False
