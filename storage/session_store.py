"""Redis stores of seed 000 §2.1 / §5.2: session context (24 h, last 10 turns), profile cache (1 h), NLU cache
(5 min). Keys: ``session:{id}:context``, ``user:{id}:profile``, ``nlu:{hash}``.

Redis is a cache here: every read that fails returns "nothing cached" and every write that fails is skipped, so
a Redis outage slows the bot down but never stops a child from getting an answer.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import redis.asyncio as aioredis
import structlog

log = structlog.get_logger(__name__)

SESSION_TTL_S = 24 * 3600
PROFILE_TTL_S = 3600
NLU_TTL_S = 300
MAX_TURNS = 10
USER_SESSION_IDLE_S = 30 * 60  # a messenger conversation idle for 30 minutes starts a new session


def session_key(session_id: str) -> str:
    return f"session:{session_id}:context"


def profile_key(user_id: int | str) -> str:
    return f"user:{user_id}:profile"


def nlu_key(text: str, model_version: str = "") -> str:
    digest = hashlib.sha256(f"{model_version}\x00{text}".encode()).hexdigest()[:32]
    return f"nlu:{digest}"


def user_session_key(user_key: str) -> str:
    return f"user:{user_key}:session"


@dataclass
class CacheStore:
    """JSON values in Redis with a TTL, failing soft."""

    client: aioredis.Redis

    async def get_json(self, key: str) -> object | None:
        try:
            raw = await self.client.get(key)
        except Exception as exc:  # Redis down or slow: behave as a cache miss
            log.warning("redis_read_failed", key_kind=key.split(":")[0], error=type(exc).__name__)
            return None
        return None if raw is None else json.loads(raw)

    async def set_json(self, key: str, value: object, ttl_s: int) -> bool:
        try:
            await self.client.set(key, json.dumps(value, ensure_ascii=False, default=str), ex=ttl_s)
            return True
        except Exception as exc:
            log.warning("redis_write_failed", key_kind=key.split(":")[0], error=type(exc).__name__)
            return False

    async def claim_json(self, key: str, value: object, ttl_s: int) -> object:
        """Set ``key`` to ``value`` unless it is already set, and return whichever value is now there (``value``
        itself when Redis is down): two concurrent first messages of one user agree on one session."""
        try:
            await self.client.set(key, json.dumps(value, ensure_ascii=False, default=str), ex=ttl_s, nx=True)
            stored = await self.client.get(key)
            return value if stored is None else json.loads(stored)
        except Exception as exc:
            log.warning("redis_write_failed", key_kind=key.split(":")[0], error=type(exc).__name__)
            return value

    async def delete(self, key: str) -> None:
        try:
            await self.client.delete(key)
        except Exception as exc:
            log.warning("redis_delete_failed", key_kind=key.split(":")[0], error=type(exc).__name__)


def append_turn(context: dict, turn: dict, max_turns: int = MAX_TURNS) -> dict:
    """A new context with ``turn`` appended and only the last ``max_turns`` kept (pure)."""
    turns = [*context.get("turns", []), turn][-max_turns:]
    return {**context, "turns": turns, "turn_count": int(context.get("turn_count", 0)) + 1}
