"""The Redis client: created in one place, passed to whoever needs it."""

from __future__ import annotations

import redis.asyncio as aioredis


def create_redis(redis_url: str) -> aioredis.Redis:
    """An asyncio Redis client with short timeouts, so a Redis that is down fails fast instead of hanging a turn."""
    return aioredis.Redis.from_url(
        redis_url,
        socket_timeout=1.0,
        socket_connect_timeout=1.0,
        health_check_interval=30,
        decode_responses=False,
    )


async def ping(client: aioredis.Redis) -> bool:
    try:
        return bool(await client.ping())
    except Exception:
        return False
