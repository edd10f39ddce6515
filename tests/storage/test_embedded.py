"""The embedded servers a fresh machine uses: real PostgreSQL and Redis from pip packages, stopped cleanly."""

import asyncio

import psutil
import redis

from storage.db import connect
from storage.embedded import EmbeddedPostgres, EmbeddedRedis
from storage.migrate import apply_migrations


def processes_using(path) -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter(["cmdline"]):
        if any(str(path) in part for part in process.info["cmdline"] or []):
            found.append(process)
    return found


def test_embedded_postgres_and_redis_start_migrate_and_stop(tmp_path):
    postgres = EmbeddedPostgres(tmp_path / "pg")
    cache = EmbeddedRedis(tmp_path / "redis")
    try:
        database_url = postgres.start()
        redis_url = cache.start()

        async def check() -> int:
            await apply_migrations(database_url)
            conn = await connect(database_url)
            try:
                return await conn.fetchval("SELECT count(*) FROM public.schema_migrations")
            finally:
                await conn.close()

        assert asyncio.run(check()) >= 6
        client = redis.Redis.from_url(redis_url)
        client.set("naviyam:embedded", "1")
        assert client.get("naviyam:embedded") == b"1"
    finally:
        cache.stop()
        postgres.stop()
    assert processes_using(tmp_path) == []
