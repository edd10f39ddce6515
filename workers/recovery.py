"""Jobs left behind by a killed worker run again: ``workers.recovery.requeue_abandoned_jobs()``.

RQ notices on its own that a job was abandoned, but only once the execution's heartbeat expired (about 90 s) *and*
a worker runs its maintenance (every 10 minutes by default). This job (scheduled every minute, also
``python -m workers recover``) looks at every started job on our queues and asks whether the worker that took it is
still alive: its Redis key is gone (its heartbeat stopped), or it ran on this host and its process is gone. For a
dead one it expires the execution and lets RQ's own ``StartedJobRegistry.cleanup`` do the rest — retry when the job
has retries left, else the failed registry with ``AbandonedJobError``. Every job is idempotent, so a job that was in
fact still running (its worker died but the work horse lived on) and runs again writes nothing twice.
"""

from __future__ import annotations

import os
import socket

import redis
import structlog
from rq import Queue
from rq.registry import StartedJobRegistry
from rq.serializers import JSONSerializer
from rq.utils import parse_composite_key

from storage.queue import ALL_QUEUES
from workers.runtime import job_queue

log = structlog.get_logger(__name__)


def requeue_abandoned_jobs() -> list[str]:
    recovered = recover_abandoned(job_queue().connection)
    log.info("abandoned_jobs_requeued", count=len(recovered), job_ids=recovered)
    return recovered


def recover_abandoned(connection: redis.Redis, queue_names: tuple[str, ...] = ALL_QUEUES) -> list[str]:
    """Hand every started job whose worker is dead back to RQ's cleanup; the ids of those jobs."""
    recovered: list[str] = []
    for name in queue_names:
        registry = StartedJobRegistry(queue=Queue(name, connection=connection, serializer=JSONSerializer))
        dead = [entry for entry in connection.zrange(registry.key, 0, -1) if not _owner_alive(connection, entry)]
        if not dead:
            continue
        connection.zadd(registry.key, {entry: 0 for entry in dead}, xx=True)
        registry.cleanup()
        recovered += [parse_composite_key(entry.decode())[0] for entry in dead]
    return recovered


def _owner_alive(connection: redis.Redis, entry: bytes) -> bool:
    job_id, execution_id = parse_composite_key(entry.decode())
    worker_name = connection.hget(f"rq:execution:{job_id}:{execution_id}", "worker_name")
    if not worker_name:
        return False  # the execution's own record expired with its heartbeat
    hostname, pid = connection.hmget(f"rq:worker:{worker_name.decode()}", "hostname", "pid")
    if hostname is None:
        return False  # the worker's key expired: no heartbeat for longer than its TTL
    if hostname.decode() == socket.gethostname() and pid is not None:
        return _process_alive(int(pid))
    return True


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie is dead, only not yet reaped
    except OSError:
        return True
