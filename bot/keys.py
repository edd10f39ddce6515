"""Typed application keys: every resource the web app holds, opened and closed in ``cleanup_ctx``."""

from __future__ import annotations

import asyncpg
import redis.asyncio as aioredis
from aiohttp import web

from storage.config import Settings

SETTINGS = web.AppKey("settings", Settings)
PG_POOL = web.AppKey("pg_pool", asyncpg.Pool)
REDIS = web.AppKey("redis", aioredis.Redis)

REQUEST_ID = web.RequestKey("request_id", str)
