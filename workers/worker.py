"""The bot's RQ worker: ``rq worker -w workers.worker.NaviyamWorker --serializer rq.serializers.JSONSerializer …``.

RQ's forking ``Worker`` with three differences:

* JSON only: the serializer is forced to ``JSONSerializer`` (jobs are dotted paths with plain arguments), and job
  descriptions, which contain the arguments, are never logged.
* One masked log pipeline: RQ's own loggers go through ``storage.logs`` (structlog, masked), and every job ends with
  one ``job_finished`` event carrying its id, queue, function, duration and outcome.
* The job modules are imported once in the parent process, so a work horse forked per job starts warm (importing
  asyncpg, aiohttp and the LINE SDK in every horse would cost more than most jobs). ``nlu`` is never imported: a
  JVM does not survive fork().
"""

from __future__ import annotations

import importlib
import logging
import time

import structlog
from rq.serializers import JSONSerializer
from rq.worker import Worker

from workers.runtime import settings

log = structlog.get_logger(__name__)

JOB_MODULES = (
    "workers.turn_logging",
    "workers.coupons",
    "workers.coupon_expiry",
    "workers.alerts",
    "workers.pushes",
    "workers.upkeep",
    "workers.recovery",
)
RQ_LOGGERS = ("rq", "rq.worker", "rq.scheduler", "rq.queue", "rq.job", "rq.registry")


class NaviyamWorker(Worker):
    def __init__(self, queues, *args, **kwargs):
        kwargs["serializer"] = JSONSerializer
        kwargs["log_job_description"] = False
        super().__init__(queues, *args, **kwargs)
        settings()  # reads the environment and configures structlog once, before any fork
        route_rq_logs()
        for module in JOB_MODULES:
            importlib.import_module(module)

    def perform_job(self, job, queue, *args, **kwargs) -> bool:
        """Runs in the work horse: the job, then one structured line about how it went."""
        started = time.perf_counter()
        structlog.contextvars.bind_contextvars(job_id=job.id, queue=queue.name)
        succeeded = False
        try:
            succeeded = super().perform_job(job, queue, *args, **kwargs)
            return succeeded
        finally:
            log.info(
                "job_finished", func=job.func_name, outcome="ok" if succeeded else "failed",
                duration_ms=round((time.perf_counter() - started) * 1000, 1), retries_left=job.retries_left,
            )
            structlog.contextvars.clear_contextvars()


def route_rq_logs() -> None:
    """Undo the handlers the ``rq`` command line installed, so RQ's records reach the masked root handler."""
    for name in RQ_LOGGERS:
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
