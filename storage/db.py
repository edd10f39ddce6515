"""The PostgreSQL connection pool: created in one place, passed to whoever needs it."""

from __future__ import annotations

import json

import asyncpg

from storage.errors import domain_errors

SEARCH_PATH = "chatbot, analytics, ml_training, public"


async def _init_connection(conn: asyncpg.Connection) -> None:
    for type_name in ("json", "jsonb"):
        await conn.set_type_codec(
            type_name,
            schema="pg_catalog",
            encoder=lambda value: json.dumps(value, ensure_ascii=False),
            decoder=json.loads,
        )


async def create_pool(database_url: str, *, min_size: int = 1, max_size: int = 10) -> asyncpg.Pool:
    """Open a pool whose connections speak JSON for json/jsonb and use the bot's search path."""
    with domain_errors():
        return await asyncpg.create_pool(
            database_url,
            min_size=min_size,
            max_size=max_size,
            init=_init_connection,
            server_settings={"search_path": SEARCH_PATH, "application_name": "naviyam"},
            command_timeout=10,
        )


async def connect(database_url: str) -> asyncpg.Connection:
    """A single connection with the same settings as the pool's (for commands and migrations)."""
    with domain_errors():
        conn = await asyncpg.connect(
            database_url, server_settings={"search_path": SEARCH_PATH, "application_name": "naviyam-cli"}
        )
    await _init_connection(conn)
    return conn


async def ping(pool: asyncpg.Pool, timeout: float = 1.0) -> bool:
    """True when PostgreSQL answers a trivial query within ``timeout`` seconds."""
    try:
        async with pool.acquire(timeout=timeout) as conn:
            return await conn.fetchval("SELECT 1", timeout=timeout) == 1
    except Exception:
        return False
