"""The small queue handle the web process enqueues through (nothing imports ``workers``).

Jobs are referenced by dotted path with JSON arguments (RQ's JSON serializer), never pickled objects. RQ's client
is synchronous, so the async helpers run it in a thread, off the event loop.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import redis
from rq import Queue, Retry
from rq.serializers import JSONSerializer

LOGS = "logs"
COUPONS = "coupons"
ALERTS = "alerts"
UPKEEP = "upkeep"
ALL_QUEUES = (LOGS, COUPONS, ALERTS, UPKEEP)

DEFAULT_RETRY = Retry(max=5, interval=[1, 5, 15, 60, 300])


@dataclass
class JobQueue:
    """Enqueue jobs by dotted path on the bot's named queues."""

    connection: redis.Redis

    @classmethod
    def from_url(cls, redis_url: str) -> JobQueue:
        return cls(redis.Redis.from_url(redis_url, socket_timeout=2.0, socket_connect_timeout=1.0))

    def queue(self, name: str) -> Queue:
        return Queue(name, connection=self.connection, serializer=JSONSerializer)

    def enqueue(self, queue_name: str, func_path: str, *args, job_id: str | None = None, **options) -> str:
        """Enqueue ``func_path(*args)`` and return the job id; ``job_id`` makes a repeated enqueue a no-op."""
        options.setdefault("retry", DEFAULT_RETRY)
        options.setdefault("result_ttl", 300)
        options.setdefault("failure_ttl", 7 * 24 * 3600)
        job = self.queue(queue_name).enqueue(func_path, args=args, job_id=job_id, **options)
        return job.id

    async def enqueue_async(self, queue_name: str, func_path: str, *args, job_id: str | None = None, **options) -> str:
        return await asyncio.to_thread(self.enqueue, queue_name, func_path, *args, job_id=job_id, **options)
