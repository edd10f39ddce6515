"""Apply the plain-SQL migrations in ``storage/migrations`` in order, each exactly once.

Every file runs in its own transaction and is recorded in ``public.schema_migrations`` together with a checksum.
A session-level advisory lock makes two processes that start together (several web processes, a worker) apply
each file once; the second one waits and then finds nothing to do.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import structlog

from storage.db import connect

log = structlog.get_logger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
ADVISORY_LOCK_KEY = 0x6E617669  # "navi": any constant shared by every process of the bot


@dataclass(frozen=True)
class Migration:
    version: str
    path: Path

    @property
    def sql(self) -> str:
        return self.path.read_text(encoding="utf-8")

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


class MigrationChanged(RuntimeError):
    """A migration that was already applied has been edited: write a new one instead."""


def discover(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    return [Migration(path.stem, path) for path in sorted(directory.glob("[0-9][0-9][0-9][0-9]_*.sql"))]


async def _applied(conn: asyncpg.Connection) -> dict[str, str]:
    await conn.execute(
        """CREATE TABLE IF NOT EXISTS public.schema_migrations (
               version    text PRIMARY KEY,
               checksum   text NOT NULL,
               applied_at timestamptz NOT NULL DEFAULT now())"""
    )
    rows = await conn.fetch("SELECT version, checksum FROM public.schema_migrations")
    return {row["version"]: row["checksum"] for row in rows}


async def apply_migrations(target: str | asyncpg.Connection, directory: Path = MIGRATIONS_DIR) -> list[str]:
    """Apply pending migrations to ``target`` (a URL or a connection); return the versions applied."""
    conn = await connect(target) if isinstance(target, str) else target
    try:
        await conn.execute("SELECT pg_advisory_lock($1)", ADVISORY_LOCK_KEY)
        try:
            return await _apply_pending(conn, directory)
        finally:
            await conn.execute("SELECT pg_advisory_unlock($1)", ADVISORY_LOCK_KEY)
    finally:
        if isinstance(target, str):
            await conn.close()


async def _apply_pending(conn: asyncpg.Connection, directory: Path) -> list[str]:
    applied = await _applied(conn)
    done: list[str] = []
    for migration in discover(directory):
        if migration.version in applied:
            if applied[migration.version] != migration.checksum:
                raise MigrationChanged(f"{migration.version} was changed after it was applied")
            continue
        async with conn.transaction():
            await conn.execute(migration.sql)
            await conn.execute(
                "INSERT INTO public.schema_migrations (version, checksum) VALUES ($1, $2)",
                migration.version,
                migration.checksum,
            )
        log.info("migration_applied", version=migration.version)
        done.append(migration.version)
    return done
