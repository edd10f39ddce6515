"""``python -m workers.scheduler``: RQ's own cron, enqueueing JSON jobs (one scheduler process in the Procfile).

RQ's ``CronJob`` enqueues with the default (pickle) serializer; our workers read JSON only, so jobs are enqueued
here with the JSON serializer. Two schedulers started by mistake would enqueue everything twice: each tick takes a
Redis lock per job and slot (SET NX) and the job id names the slot, and every job is idempotent anyway.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime

import structlog
from redis import Redis
from rq import Queue, Retry
from rq.cron import CronJob, CronScheduler
from rq.serializers import JSONSerializer

from storage.config import load_settings
from storage.logs import configure_logging
from workers.schedule import SCHEDULE, ScheduledJob
from workers.worker import route_rq_logs

log = structlog.get_logger("workers.scheduler")

SLOT_LOCK_TTL_S = 3600
SCHEDULED_RETRY = Retry(max=2, interval=[10, 60])
RESULT_TTL_S = 600
FAILURE_TTL_S = 7 * 24 * 3600


def slot_lock_key(name: str, slot: str) -> str:
    return f"naviyam:cron:{name}:{slot}"


class JsonCronJob(CronJob):
    """A cron job enqueued by dotted path with the JSON serializer, once per slot across schedulers."""

    def enqueue(self, connection: Redis):
        slot = (self.next_enqueue_time or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%d%H%M")
        if not connection.set(slot_lock_key(self.name, slot), "1", nx=True, ex=SLOT_LOCK_TTL_S):
            log.info("cron_slot_taken", job=self.name, slot=slot)
            return None
        queue = Queue(self.queue_name, connection=connection, serializer=JSONSerializer)
        job = queue.enqueue(self.func_name, args=self.args, kwargs=self.kwargs, job_id=f"cron-{self.name}-{slot}",
                            retry=SCHEDULED_RETRY, failure_ttl=FAILURE_TTL_S, **self.job_options)
        log.info("cron_enqueued", job=self.name, job_id=job.id, queue=self.queue_name)
        return job


def build_scheduler(connection: Redis, schedule: tuple[ScheduledJob, ...] = SCHEDULE) -> CronScheduler:
    scheduler = CronScheduler(connection=connection)
    for item in schedule:
        job = JsonCronJob(queue_name=item.queue, func_name=item.func_path, args=item.args, cron=item.cron,
                          name=item.name, result_ttl=RESULT_TTL_S)
        job.func = item.func_path  # CronJob refuses to enqueue without a func; ours enqueues by path
        scheduler.get_jobs().append(job)
    return scheduler


def main() -> int:
    settings = load_settings()
    configure_logging(settings.log_format)
    route_rq_logs()
    os.environ["TZ"] = settings.tz_name  # RQ's cron reads its fields in local time
    time.tzset()
    build_scheduler(Redis.from_url(settings.redis_url)).start()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
