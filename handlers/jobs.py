"""Jobs the handlers hand to the workers (by dotted path, JSON arguments), each enqueued at most once.

"Once" is RQ's own ``unique=True`` on a fixed job id: while a job with that id exists (queued, running, or
finished and kept for ``keep_s``), enqueueing it again is refused. The workers' jobs are idempotent on their
side too (the wallet's ``issue_key``), so a duplicate that slips past (Redis flushed) still issues nothing twice.
"""

from __future__ import annotations

import asyncio
import hashlib
import re

import structlog

from handlers.turn import HandlerDeps
from storage.queue import COUPONS, LOGS
from storage.recommendations import CHOICE_JOB_PATH, Choice, RecommendationLogMissing, record_choice
from storage.session_store import profile_key

log = structlog.get_logger(__name__)

WELCOME_COUPON_JOB = "workers.coupons.issue_welcome_coupon"
EMERGENCY_COUPON_JOB = "workers.coupons.issue_emergency_coupon"
DAY_S = 24 * 3600
_SAFE_JOB_ID = re.compile(r"^[A-Za-z0-9_-]{1,90}$")


def safe_job_id(prefix: str, key: str) -> str:
    """An RQ-safe job id for ``key`` (hashed when it has other characters)."""
    suffix = key if _SAFE_JOB_ID.match(key) else hashlib.sha256(key.encode()).hexdigest()[:40]
    return f"{prefix}-{suffix}"


def welcome_job_id(user_id: int) -> str:
    return f"welcome-coupon-{user_id}"


def emergency_job_id(user_id: int) -> str:
    return f"emergency-coupon-{user_id}"


async def enqueue_once(deps: HandlerDeps, queue: str, path: str, *args, job_id: str, keep_s: int = DAY_S) -> str:
    """"queued", "already" (a job with ``job_id`` exists) or "failed" (no queue, Redis down)."""
    if deps.queue is None:
        return "failed"
    try:
        await deps.queue.enqueue_async(queue, path, *args, job_id=job_id, unique=True, result_ttl=keep_s,
                                       failure_ttl=keep_s)
    except Exception as exc:
        if type(exc).__name__ == "DuplicateJobError":
            return "already"
        log.warning("job_enqueue_failed", job=path, error=type(exc).__name__)
        return "failed"
    return "queued"


async def enqueue_welcome_coupon(deps: HandlerDeps, user_id: int) -> str:
    return await enqueue_once(deps, COUPONS, WELCOME_COUPON_JOB, user_id, job_id=welcome_job_id(user_id))


async def enqueue_emergency_coupon(deps: HandlerDeps, user_id: int) -> str:
    return await enqueue_once(deps, COUPONS, EMERGENCY_COUPON_JOB, user_id, job_id=emergency_job_id(user_id))


async def submit_choice(deps: HandlerDeps, choice: Choice) -> None:
    """Queue the choice behind the showing turn's log (``storage.recommendations``); Redis down: write it now."""
    if deps.queue is not None:
        try:
            job_id = safe_job_id("choice", choice.event_id)
            await deps.queue.enqueue_async(LOGS, CHOICE_JOB_PATH, choice.to_json(), job_id=job_id)
            return
        except Exception as exc:
            log.warning("choice_enqueue_failed", error=type(exc).__name__)
    if deps.pool is None:
        return
    try:
        async with deps.pool.acquire(timeout=1.0) as conn:
            await record_choice(conn, choice)
    except RecommendationLogMissing:
        log.info("choice_before_its_log", event_id=choice.shown_event_id)
    except Exception as exc:
        log.warning("choice_not_recorded", error=type(exc).__name__)


async def forget_cached_profile(deps: HandlerDeps, user_key: str) -> None:
    """Drop the 1-hour profile cache (``user:{key}:profile``) after the profile changed."""
    if deps.queue is None:
        return
    try:
        await asyncio.to_thread(deps.queue.connection.delete, profile_key(user_key))
    except Exception as exc:
        log.warning("profile_cache_not_cleared", error=type(exc).__name__)
