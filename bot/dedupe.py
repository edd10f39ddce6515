"""Platform events processed once: LINE redelivers an event with the same ``webhookEventId``.

The mark lives in Redis (shared by every web process); while Redis is down, a small in-process memory keeps
this process from answering the same event twice.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass, field

import redis.asyncio as aioredis
import structlog

log = structlog.get_logger(__name__)

SEEN_TTL_S = 24 * 3600
LOCAL_MAX = 50_000


@dataclass
class EventDeduper:
    client: aioredis.Redis
    _local: OrderedDict = field(default_factory=OrderedDict)

    async def first_time(self, channel: str, event_id: str) -> bool:
        """True the first time ``event_id`` is seen (then it is marked), False for every repeat."""
        if self._seen_locally(f"{channel}:{event_id}"):
            return False
        try:
            return bool(await self.client.set(f"event:{channel}:{event_id}", "1", nx=True, ex=SEEN_TTL_S))
        except Exception as exc:
            log.warning("dedupe_redis_unavailable", error=type(exc).__name__)
            return True

    def _seen_locally(self, key: str) -> bool:
        now = time.monotonic()
        while self._local and next(iter(self._local.values())) < now - SEEN_TTL_S:
            self._local.popitem(last=False)
        if key in self._local:
            return True
        self._local[key] = now
        if len(self._local) > LOCAL_MAX:
            self._local.popitem(last=False)
        return False
