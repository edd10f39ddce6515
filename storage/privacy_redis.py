"""What one user left in Redis, for a privacy export or delete (``storage.privacy_ops``).

* ``user:{user_key}:profile`` (1 h cache; also the older ``user:{user_id}:profile`` form) and
  ``user:{user_key}:session`` (the messenger session pointer);
* ``session:{id}:context`` of each of their sessions (24 h, the last 10 turns, their words);
* the turn-log buffer (``storage.turn_buffer``): turns not yet written to PostgreSQL, in the pending lists, in
  batches a worker is writing, and in the dead list; each item names its ``user_key``;
* ``nlu:{hash}`` (5 min): the NLU result of a message, which holds the message's text; the hash cannot be
  reversed, so the entries are found by their text (``SCAN nlu:*``).

The client is ``redis.asyncio`` with raw bytes (``storage.redis_store.create_redis``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from storage.session_store import profile_key, session_key, user_session_key
from storage.turn_buffer import BATCHES, DEAD, SHARDS, batch_key, lease_key, pending_key

SCAN_COUNT = 1000


@dataclass
class BufferedTurns:
    """The user's turns waiting in the turn buffer: where each raw item sits, and what they say."""

    items: list[tuple[str, bytes]] = field(default_factory=list)  # (list key, raw item) to LREM
    turns: list[dict] = field(default_factory=list)
    in_flight: set[str] = field(default_factory=set)  # lease keys of the batches a worker is writing right now

    @property
    def sessions(self) -> set[str]:
        return {str(t["session_id"]) for t in self.turns if t.get("session_id")}

    @property
    def texts(self) -> set[str]:
        return {t["input_text"] for t in self.turns if t.get("input_text")}


def _turn_of(key: str, raw: bytes) -> dict | None:
    try:
        item = json.loads(raw)
        if key == DEAD:  # {"reason": ..., "turn": "<the turn's JSON>"}
            item = json.loads(item["turn"])
    except (ValueError, TypeError, KeyError):
        return None
    return item if isinstance(item, dict) else None


async def buffered_turns(redis, user_key: str) -> BufferedTurns:
    found = BufferedTurns()
    leases = {batch_key(b.decode()): lease_key(b.decode()) for b in await redis.smembers(BATCHES)}
    for key in [pending_key(s) for s in range(SHARDS)] + list(leases) + [DEAD]:
        for raw in await redis.lrange(key, 0, -1):
            turn = _turn_of(key, raw)
            if turn is not None and turn.get("user_key") == user_key:
                found.items.append((key, raw))
                found.turns.append(turn)
                if key in leases:
                    found.in_flight.add(leases[key])
    return found


async def drop_buffered(redis, found: BufferedTurns) -> int:
    """Remove the user's turns from the buffer (LREM is atomic next to concurrent pushes and takes)."""
    removed = 0
    for key, raw in found.items:
        removed += int(await redis.lrem(key, 0, raw))
    return removed


async def session_pointer(redis, user_key: str) -> str | None:
    raw = await redis.get(user_session_key(user_key))
    try:
        value = json.loads(raw) if raw else None
    except ValueError:
        return None
    return value if isinstance(value, str) else None


async def session_contexts(redis, sessions: Iterable[str]) -> dict[str, dict]:
    """The live context of each session that still has one."""
    keys = [session_key(s) for s in sorted(set(sessions))]
    values = await redis.mget(keys) if keys else []
    found = {}
    for key, raw in zip(keys, values, strict=True):
        if raw:
            try:
                found[key] = json.loads(raw)
            except ValueError:
                continue
    return found


def context_texts(contexts: dict[str, dict]) -> set[str]:
    return {t.get("text") for c in contexts.values() for t in c.get("turns", []) if isinstance(t, dict)} - {None, ""}


async def cached_profiles(redis, user_key: str, user_id: int | None) -> dict[str, object]:
    keys = [profile_key(user_key)] + ([profile_key(user_id)] if user_id is not None else [])
    return {k: json.loads(v) for k, v in zip(keys, await redis.mget(keys), strict=True) if v}


async def forget_keys(redis, user_key: str, user_id: int | None, sessions: Iterable[str]) -> int:
    """Delete the profile caches, the session pointer and the session contexts; how many keys existed."""
    keys = [profile_key(user_key), user_session_key(user_key), *(session_key(s) for s in sorted(set(sessions)))]
    if user_id is not None:
        keys.append(profile_key(user_id))
    return int(await redis.delete(*keys))


async def forget_nlu_cache(redis, texts: set[str]) -> int:
    """Delete ``nlu:*`` entries whose cached result holds one of ``texts``."""
    if not texts:
        return 0
    deleted, cursor = 0, 0
    while True:
        cursor, keys = await redis.scan(cursor=cursor, match="nlu:*", count=SCAN_COUNT)
        if keys:
            doomed = [k for k, v in zip(keys, await redis.mget(keys), strict=True) if _cached_text(v) in texts]
            if doomed:
                deleted += int(await redis.delete(*doomed))
        if cursor == 0:
            return deleted


def _cached_text(raw: bytes | None) -> str | None:
    try:
        value = json.loads(raw) if raw else None
    except ValueError:
        return None
    return value.get("text") if isinstance(value, dict) else None
