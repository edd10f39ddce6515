"""Failed jobs of every queue, and putting them back: the one implementation behind ``python -m workers
failed|retry`` and the operator console's jobs page (so nothing has to import ``workers``)."""

from __future__ import annotations

from dataclasses import dataclass

import redis
from rq import Queue
from rq.exceptions import InvalidJobOperation, NoSuchJobError
from rq.job import Job
from rq.registry import FailedJobRegistry
from rq.serializers import JSONSerializer

from storage.privacy import mask_value
from storage.queue import ALL_QUEUES


@dataclass(frozen=True)
class FailedJob:
    job_id: str
    queue: str
    func: str
    args: list
    kwargs: dict
    failed_at: str | None
    error: str

    @property
    def error_line(self) -> str:
        lines = [line for line in self.error.strip().splitlines() if line.strip()]
        return lines[-1] if lines else ""


def failed_registry(connection: redis.Redis, queue_name: str) -> FailedJobRegistry:
    return FailedJobRegistry(queue=Queue(queue_name, connection=connection, serializer=JSONSerializer))


def failed_jobs(connection: redis.Redis) -> list[FailedJob]:
    found: list[FailedJob] = []
    for name in ALL_QUEUES:
        ids = failed_registry(connection, name).get_job_ids()
        for job in Job.fetch_many(ids, connection=connection, serializer=JSONSerializer):
            if job is None:
                continue
            result = job.latest_result()
            error = (result.exc_string if result is not None else None) or ""
            found.append(FailedJob(job.id, name, job.func_name, list(mask_value(list(job.args))),
                                   dict(mask_value(dict(job.kwargs))),
                                   job.ended_at.isoformat() if job.ended_at else None, error))
    return found


def retry_jobs(connection: redis.Redis, job_ids: list[str] | None) -> list[str]:
    """Requeue the given failed jobs (all when ``job_ids`` is None); the ids requeued."""
    requeued: list[str] = []
    for name in ALL_QUEUES:
        registry = failed_registry(connection, name)
        for job_id in registry.get_job_ids():
            if job_ids is None or job_id in job_ids:
                try:
                    registry.requeue(job_id)
                    requeued.append(job_id)
                except (InvalidJobOperation, NoSuchJobError):
                    continue
    return requeued
