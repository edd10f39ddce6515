"""A user who unfollowed more than 30 days ago is deleted by the retention job; one who left yesterday is kept."""

import asyncio
import uuid

from storage.users import get_or_create_user
from workers.retention import delete_departed_users


async def test_departed_users_are_deleted_after_thirty_days(pg_pool, settings, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("REDIS_URL", settings.redis_url)
    from workers import runtime

    runtime.settings.cache_clear()
    keys = {}
    async with pg_pool.acquire() as conn:
        for name, days in (("long_gone", 31), ("just_left", 1)):
            key = f"li_{uuid.uuid4().hex[:20]}"
            user = await get_or_create_user(conn, "line", "U" + uuid.uuid4().hex, key)
            await conn.execute("UPDATE chatbot.users SET push_enabled = false, "
                               "unfollowed_at = now() - make_interval(days => $2) WHERE id = $1", user.user_id, days)
            keys[name] = key
    deleted = await asyncio.to_thread(delete_departed_users)
    assert deleted >= 1
    remaining = await pg_pool.fetch("SELECT user_key FROM chatbot.users WHERE user_key = ANY($1)", list(keys.values()))
    assert [r["user_key"] for r in remaining] == [keys["just_left"]]
    runtime.settings.cache_clear()
