"""How the RQ queues and the turn buffer look right now (synchronous Redis: call it in a thread)."""

from __future__ import annotations

from dataclasses import dataclass

import redis
from rq import Queue
from rq.serializers import JSONSerializer

from storage.queue import ALL_QUEUES
from storage.turn_buffer import DEAD, TurnBuffer


@dataclass(frozen=True)
class QueueStats:
    name: str
    queued: int
    started: int
    scheduled: int
    failed: int


def queue_stats(connection: redis.Redis) -> list[QueueStats]:
    stats = []
    for name in ALL_QUEUES:
        queue = Queue(name, connection=connection, serializer=JSONSerializer)
        stats.append(QueueStats(name, queue.count, queue.started_job_registry.count,
                                queue.scheduled_job_registry.count, queue.failed_job_registry.count))
    return stats


def turn_buffer_stats(connection: redis.Redis) -> dict[str, int]:
    """Turns waiting to be written, being written, and buried (unwritable, kept for operators)."""
    buffer = TurnBuffer(connection)
    return {"pending": buffer.pending_count(), "in_flight": buffer.in_flight_count(),
            "dead": int(connection.llen(DEAD))}
