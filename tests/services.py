"""Real PostgreSQL and Redis for the test session: the ones at DATABASE_URL / REDIS_URL, else embedded ones.

Each test session works in a database of its own (created, migrated, dropped), so several runs can share one
server. Redis: the database named by REDIS_URL is flushed at the start of the session.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from storage.config import PROJECT_ROOT
from storage.embedded import EmbeddedPostgres, EmbeddedRedis


def with_database(url: str, name: str) -> str:
    """The same server URL pointing at database ``name`` (works for host and unix-socket URLs)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


async def create_database(admin_url: str, name: str) -> None:
    conn = await asyncpg.connect(admin_url)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


async def drop_database(admin_url: str, name: str) -> None:
    conn = await asyncpg.connect(admin_url)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


def new_database_name(prefix: str = "naviyam_test") -> str:
    return f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:8]}"


@dataclass
class TestServices:
    """The servers of one test session and the URLs of its own database and Redis."""

    admin_url: str
    redis_url: str
    embedded: list = field(default_factory=list)

    @classmethod
    def start(cls) -> TestServices:
        embedded: list = []
        admin_url = os.environ.get("DATABASE_URL") or ""
        redis_url = os.environ.get("REDIS_URL") or ""
        var = PROJECT_ROOT / "var" / "test"
        if not admin_url:
            pg = EmbeddedPostgres(Path(var / "pg"))
            admin_url = pg.start()
            embedded.append(pg)
        if not redis_url:
            rd = EmbeddedRedis(Path(var / "redis"))
            redis_url = rd.start()
            embedded.append(rd)
        return cls(admin_url=admin_url, redis_url=redis_url, embedded=embedded)

    def stop(self) -> None:
        for server in reversed(self.embedded):
            server.stop()

    def new_database(self) -> str:
        name = new_database_name()
        asyncio.run(create_database(self.admin_url, name))
        return with_database(self.admin_url, name)

    def drop(self, url: str) -> None:
        asyncio.run(drop_database(self.admin_url, urlsplit(url).path.lstrip("/")))
