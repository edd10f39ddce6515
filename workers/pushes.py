"""Jobs that deliver the push outbox (queue ``alerts``).

``workers.pushes.send_pushes(outbox_ids: list[int], now: str | None = None)``
    Sends the given outbox rows that are pending and due; up to ``SEND_CONCURRENCY`` at a time. Rows the platform
    accepted are ``sent``; rows nobody can receive (unfollowed, blocked, pushes off, a web-only user) are
    ``skipped``; a row in quiet hours is moved to the morning. When a platform fails (timeout, 429, 5xx) the row
    stays pending and the job raises, so RQ retries it with backoff — with the same outbox rows, hence the same
    X-Line-Retry-Key — and after the last retry it waits in the failed registry (`python -m workers failed`).
``workers.pushes.dispatch_due_pushes(now: str | None = None)``
    Scheduled every minute: enqueues ``send_pushes`` for rows never tried whose time has come (the morning after
    quiet hours, or a send job lost with Redis).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime

import asyncpg
import structlog
from rq import Retry

from storage.queue import ALERTS
from workers import outbox
from workers.push_clients import Outcome, PushClients
from workers.quiet_hours import is_quiet, next_send_time
from workers.runtime import business_tz, clock, job_queue, settings, with_connection

log = structlog.get_logger(__name__)

SEND_JOB_PATH = "workers.pushes.send_pushes"
SEND_CHUNK = 100
SEND_CONCURRENCY = 10
SEND_RETRY = Retry(max=4, interval=[5, 30, 120, 600])
DISPATCHED = "naviyam:push:dispatched:"
DISPATCH_HOLD_S = 300


class PushDeliveryFailed(RuntimeError):
    """Some pushes of the job could not be delivered yet; the job is retried for them."""


def send_pushes(outbox_ids: list[int], now: str | None = None) -> dict:
    at = clock(now)
    return with_connection(lambda conn: _send(conn, outbox_ids, at))


def dispatch_due_pushes(now: str | None = None) -> int:
    at = clock(now)
    due = with_connection(lambda conn: outbox.due_ids(conn, at))
    enqueue_sends(due, now)
    log.info("pushes_dispatched", count=len(due))
    return len(due)


def enqueue_sends(outbox_ids: Sequence[int], now: str | None = None) -> list[str]:
    """Enqueue send jobs for ``outbox_ids`` in chunks; ``now`` is passed on only when the caller had one.

    Each push is marked in Redis for ``DISPATCH_HOLD_S``: the minute-by-minute dispatch does not queue it again
    while its job waits behind others (a second job would find it claimed anyway; this keeps the queue short)."""
    queue = job_queue()
    with queue.connection.pipeline(transaction=False) as pipe:
        for outbox_id in outbox_ids:
            pipe.set(f"{DISPATCHED}{outbox_id}", "1", nx=True, ex=DISPATCH_HOLD_S)
        marked = pipe.execute()
    ids = sorted(outbox_id for outbox_id, fresh in zip(outbox_ids, marked, strict=True) if fresh)
    return [
        queue.enqueue(ALERTS, SEND_JOB_PATH, ids[i : i + SEND_CHUNK], now, retry=SEND_RETRY)
        for i in range(0, len(ids), SEND_CHUNK)
    ]


async def _send(conn: asyncpg.Connection, outbox_ids: list[int], at: datetime) -> dict:
    claimed = await outbox.claim(conn, outbox_ids, at)
    tz = business_tz()
    if is_quiet(at, tz):
        for push in claimed:
            await outbox.defer(conn, push.outbox_id, next_send_time(at, tz))
        return {"deferred": len(claimed)}
    clients = PushClients.create(settings())
    try:
        limit = asyncio.Semaphore(SEND_CONCURRENCY)

        async def deliver(push: outbox.ClaimedPush) -> Outcome:
            if not push.reachable:
                return Outcome("unreachable", "user unfollowed, blocked the bot or turned pushes off")
            async with limit:
                return await clients.send(push, at, tz)

        outcomes = await asyncio.gather(*(deliver(p) for p in claimed))
    finally:
        await clients.close()
    return await _record(conn, claimed, outcomes, at)


async def _record(conn: asyncpg.Connection, claimed: list, outcomes: list[Outcome], at: datetime) -> dict:
    counts: dict[str, int] = {}
    for push, outcome in zip(claimed, outcomes, strict=True):
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
        if outcome.status == "sent":
            await outbox.mark_sent(conn, push.outbox_id, at)
        elif outcome.status in ("unreachable", "no_channel"):
            await outbox.mark_final(conn, push.outbox_id, "skipped", outcome.detail)
        elif outcome.status == "refused":
            await outbox.mark_final(conn, push.outbox_id, "failed", outcome.detail)
        else:
            await outbox.mark_attempt_failed(conn, push.outbox_id, outcome.detail)
        log.info("push_outcome", outbox_id=push.outbox_id, kind=push.kind, platform=push.platform,
                 outcome=outcome.status, detail=outcome.detail or None)
    if counts.get("retry"):
        details = sorted({o.detail for o in outcomes if o.status == "retry"})
        raise PushDeliveryFailed(f"{counts['retry']} of {len(claimed)} pushes not delivered yet: {', '.join(details)}")
    return counts
