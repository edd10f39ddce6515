"""The aiohttp application factory: it only wires things together."""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import web

from bot.keys import PG_POOL, REDIS, SETTINGS
from bot.middleware import request_context
from bot.web import health
from storage.config import Settings
from storage.db import create_pool
from storage.redis_store import create_redis

MAX_BODY_BYTES = 256 * 1024  # CONTRACTS §4: a body over 256 KiB gets 413


async def postgres_ctx(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS]
    # min_size=0: the web process starts (and answers /readyz 503) even while PostgreSQL is down.
    app[PG_POOL] = await create_pool(settings.database_url, min_size=0, max_size=10)
    yield
    await app[PG_POOL].close()


async def redis_ctx(app: web.Application) -> AsyncIterator[None]:
    app[REDIS] = create_redis(app[SETTINGS].redis_url)
    yield
    await app[REDIS].aclose()


def create_app(settings: Settings) -> web.Application:
    """Build the web app for ``settings``; resources open on startup and close on cleanup."""
    app = web.Application(client_max_size=MAX_BODY_BYTES, middlewares=[request_context])
    app[SETTINGS] = settings
    app.cleanup_ctx.extend([postgres_ctx, redis_ctx])
    app.add_routes(health.routes)
    return app
