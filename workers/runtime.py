"""What every job needs: settings, logging and a database connection, opened per job and closed after it.

RQ forks a work horse per job, so nothing here is shared across jobs; the web process's pools are never used.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from functools import cache
from typing import TypeVar

import asyncpg

from storage.config import Settings, load_settings
from storage.db import connect
from storage.logs import configure_logging

T = TypeVar("T")


@cache
def settings() -> Settings:
    loaded = load_settings()
    configure_logging(loaded.log_format)
    return loaded


def with_connection(work: Callable[[asyncpg.Connection], Awaitable[T]]) -> T:
    """Run ``work(conn)`` on a fresh connection to DATABASE_URL and return its result."""

    async def run() -> T:
        conn = await connect(settings().database_url)
        try:
            return await work(conn)
        finally:
            await conn.close()

    return asyncio.run(run())
