"""Data retention for users who left: a LINE unfollow (or block) stops pushes at once; the user can no longer
confirm a deletion, so their data is deleted 30 days after they left unless they followed again (a follow
clears ``unfollowed_at``). Idempotent: a user deleted once is no longer found."""

from __future__ import annotations

import asyncio

import redis.asyncio as aioredis
import structlog

from storage.db import connect
from storage.privacy_ops import delete_user, unfollowed_user_keys
from workers.runtime import settings

log = structlog.get_logger(__name__)


def delete_departed_users() -> int:
    """Delete every user who unfollowed more than 30 days ago; the number deleted."""

    async def run() -> int:
        conn = await connect(settings().database_url)
        client = aioredis.Redis.from_url(settings().redis_url)
        try:
            deleted = 0
            for user_key in await unfollowed_user_keys(conn):
                await delete_user(conn, client, user_key, actor="system:retention")
                deleted += 1
            return deleted
        finally:
            await client.aclose()
            await conn.close()

    deleted = asyncio.run(run())
    log.info("departed_users_deleted", deleted=deleted)
    return deleted
