"""Hands each turn's log to the workers, and makes sure it is never lost.

Normal path: append the turn to the Redis turn buffer (``storage.turn_buffer``; one round trip) and, when no flush
job is queued yet, enqueue one on the ``logs`` queue; a worker writes whole batches. Redis
down: write the turns straight to PostgreSQL. Both down: keep them in memory and retry on the next turn and at
shutdown; only a crash while both servers are down can lose a turn, and that is logged. Turns that pile up while
a delivery is in flight go out together in the next one.
"""

from __future__ import annotations

import asyncio
from collections import deque
from dataclasses import dataclass, field

import asyncpg
import structlog

from storage.queue import LOGS, JobQueue
from storage.turn_buffer import TurnBuffer
from storage.turn_log import FLUSH_JOB_PATH, TurnLog, write_turns

log = structlog.get_logger(__name__)

MAX_PENDING = 10_000
MAX_DELIVERY = 500  # turns per Redis round trip or direct transaction
FLUSH_RESULT_TTL_S = 60


@dataclass
class TurnLogger:
    queue: JobQueue | None
    pool: asyncpg.Pool | None
    pending: deque = field(default_factory=lambda: deque(maxlen=MAX_PENDING))
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def __post_init__(self) -> None:
        self._buffer = TurnBuffer(self.queue.connection) if self.queue is not None else None

    async def submit(self, turn: TurnLog) -> None:
        self.pending.append(turn)
        await self.flush()

    async def flush(self) -> None:
        async with self._lock:
            while self.pending:
                batch = [self.pending[i] for i in range(min(len(self.pending), MAX_DELIVERY))]
                if not await self._deliver(batch):
                    log.error("turn_log_waiting", pending=len(self.pending))
                    return
                for _ in batch:
                    self.pending.popleft()

    async def _deliver(self, turns: list[TurnLog]) -> bool:
        if self._buffer is not None:
            try:
                await asyncio.to_thread(self._buffer.push, [t.to_json() for t in turns], self._enqueue_flush)
                return True
            except Exception as exc:
                log.warning("turn_log_enqueue_failed", error=type(exc).__name__)
        if self.pool is not None:
            try:
                async with self.pool.acquire(timeout=2.0) as conn:
                    await write_turns(conn, turns)
                return True
            except Exception as exc:
                log.warning("turn_log_direct_write_failed", error=type(exc).__name__)
        return False

    def _enqueue_flush(self) -> None:
        assert self.queue is not None
        self.queue.enqueue(LOGS, FLUSH_JOB_PATH, result_ttl=FLUSH_RESULT_TTL_S)
