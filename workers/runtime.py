"""What every job needs: settings, the clock, a database connection and the queue handle.

RQ forks a work horse per job, so connections are opened per job and closed after it (a connection inherited
through fork() is never used). When PostgreSQL does not answer, a job waits a few seconds and then fails with
``StorageUnavailable``: RQ retries it with backoff, and the data it was about to write stays where it was.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from functools import cache
from typing import TypeVar
from zoneinfo import ZoneInfo

import asyncpg
import structlog
from rq import get_current_job

from storage.config import Settings, load_settings
from storage.db import connect
from storage.errors import StorageUnavailable
from storage.logs import configure_logging
from storage.queue import JobQueue

T = TypeVar("T")
log = structlog.get_logger(__name__)

CONNECT_WAITS_S = (0.2, 0.5, 1.0, 2.0, 4.0)  # then give up and let RQ retry the job later


@cache
def settings() -> Settings:
    loaded = load_settings()
    configure_logging(loaded.log_format)
    return loaded


def job_queue() -> JobQueue:
    """The queue handle for follow-up jobs: the Redis of the running job's worker, else REDIS_URL."""
    job = get_current_job()
    return JobQueue(job.connection) if job is not None else _queue_from_settings()


@cache
def _queue_from_settings() -> JobQueue:
    return JobQueue.from_url(settings().redis_url)


def business_tz() -> ZoneInfo:
    return ZoneInfo(settings().tz_name)


def clock(now: str | None = None) -> datetime:
    """The job's "now": ``now`` (ISO 8601, given by tests and by jobs that pass their own clock on) or the time."""
    if now is None:
        return datetime.now(UTC)
    parsed = datetime.fromisoformat(now)
    if parsed.tzinfo is None:
        raise ValueError(f"now must carry a UTC offset: {now!r}")
    return parsed


async def open_connection(database_url: str | None = None) -> asyncpg.Connection:
    """Connect, waiting a little while PostgreSQL restarts; ``StorageUnavailable`` if it stays away."""
    url = database_url or settings().database_url
    for attempt, wait in enumerate((*CONNECT_WAITS_S, None)):
        try:
            return await connect(url)
        except (StorageUnavailable, OSError, asyncpg.PostgresError) as exc:
            if wait is None:
                raise StorageUnavailable(f"PostgreSQL unavailable: {type(exc).__name__}") from exc
            log.warning("postgres_unavailable_waiting", attempt=attempt + 1, wait_s=wait, error=type(exc).__name__)
            await asyncio.sleep(wait)
    raise AssertionError("unreachable")


def with_connection(work: Callable[[asyncpg.Connection], Awaitable[T]]) -> T:
    """Run ``work(conn)`` on a fresh connection to DATABASE_URL and return its result."""

    async def run() -> T:
        conn = await open_connection()
        try:
            return await work(conn)
        finally:
            await conn.close()

    return asyncio.run(run())
