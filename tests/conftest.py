"""Fixtures shared by the whole suite: real PostgreSQL and Redis, never mocks of our own storage."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import pytest
import redis
import redis.asyncio as aioredis

from storage.config import Settings
from storage.db import create_pool
from storage.logs import configure_logging
from storage.migrate import apply_migrations
from tests.fakes.fixtures import fake_kakao_api, fake_line_api  # noqa: F401  (fixtures)
from tests.services import TestServices


@pytest.fixture(scope="session")
def services() -> Iterator[TestServices]:
    configure_logging("console")
    started = TestServices.start()
    yield started
    started.stop()


@pytest.fixture(scope="session")
def database_url(services: TestServices) -> Iterator[str]:
    """A database of this test session with every migration applied."""
    url = services.new_database()
    asyncio.run(apply_migrations(url))
    yield url
    services.drop(url)


@pytest.fixture(scope="session")
def redis_url(services: TestServices) -> str:
    redis.Redis.from_url(services.redis_url).flushdb()
    return services.redis_url


@pytest.fixture(scope="session")
def settings(database_url: str, redis_url: str) -> Settings:
    """The bot's settings pointed at the test servers; messenger secrets are set by the tests that need them."""
    return Settings(log_format="console").with_services(database_url, redis_url)


@pytest.fixture
def fresh_database_url(services: TestServices) -> Iterator[str]:
    """A new, empty database (no migrations), dropped after the test."""
    url = services.new_database()
    yield url
    services.drop(url)


@pytest.fixture
async def pg_pool(database_url: str) -> AsyncIterator:
    pool = await create_pool(database_url, min_size=1, max_size=5)
    yield pool
    await pool.close()


@pytest.fixture
async def redis_client(redis_url: str) -> AsyncIterator[aioredis.Redis]:
    client = aioredis.Redis.from_url(redis_url)
    yield client
    await client.aclose()


@pytest.fixture(scope="session")
def demo_data(database_url: str):
    """The demo data set, loaded once into the session's database."""
    from storage.db import connect
    from storage.demo_cli import seed_demo

    async def load():
        conn = await connect(database_url)
        try:
            return await seed_demo(conn)
        finally:
            await conn.close()

    return asyncio.run(load())
