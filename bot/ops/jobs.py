"""Jobs: queue lengths, failed jobs with their error, retry one or all, pushes sent and coupons issued today.

Listing and retrying failed jobs is the very code of ``python -m workers failed|retry`` (``storage.failed_jobs``),
so the page and the terminal can never disagree about what a retry does.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from aiohttp import web

from bot.keys import JOB_QUEUE
from bot.ops import pages
from storage.ops import activity
from storage.ops.queues import queue_stats, turn_buffer_stats
from storage.privacy import mask_pii

routes = web.RouteTableDef()

MAX_TRACEBACK = 4000


def _failed(connection) -> list[dict]:
    from storage.failed_jobs import failed_jobs  # the `python -m workers failed` listing itself

    return [{"id": j.job_id, "queue": j.queue, "func": j.func, "args": j.args, "failed_at": j.failed_at,
             "error_line": mask_pii(j.error_line), "error": mask_pii(j.error[-MAX_TRACEBACK:])}
            for j in failed_jobs(connection)]


def _retry(connection, job_ids: list[str] | None) -> list[str]:
    from storage.failed_jobs import retry_jobs  # the `python -m workers retry` code itself

    return retry_jobs(connection, job_ids)


def _redis_side(connection) -> dict:
    return {"queues": queue_stats(connection), "buffer": turn_buffer_stats(connection), "failed": _failed(connection)}


@routes.get("/jobs", name="jobs")
async def jobs_page(request: web.Request) -> web.Response:
    connection = request.config_dict[JOB_QUEUE].connection
    try:
        redis_side = await asyncio.to_thread(_redis_side, connection)
    except Exception as exc:  # Redis down: say so, still show what PostgreSQL knows
        redis_side = {"queues": [], "buffer": None, "failed": [], "error": type(exc).__name__}
    async with pages.pool(request).acquire() as conn:
        today = await activity.today(conn, datetime.now(UTC), pages.tz_name(request))
    return pages.render(request, "jobs.html", {**redis_side, "today": today, "done": request.query.get("done"),
                                               "n": request.query.get("n")})


@routes.post("/jobs/retry", name="jobs_retry")
async def retry(request: web.Request) -> web.Response:
    form = await request.post()
    every = form.get("all") == "1"
    job_ids = None if every else [str(j) for j in form.getall("job_id", []) if j][:100]
    if not every and not job_ids:
        raise web.HTTPBadRequest(text="다시 시도할 작업을 고르세요.")
    await pages.record(request, "job.retry", "all" if every else ",".join(job_ids or []), {"all": every})
    requeued = await asyncio.to_thread(_retry, request.config_dict[JOB_QUEUE].connection, job_ids)
    raise web.HTTPSeeOther(f"/ops/jobs?done=retried&n={len(requeued)}")
