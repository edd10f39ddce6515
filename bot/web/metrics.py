"""``GET /metrics`` for Prometheus: HTTP and turn metrics of this process, the job queues and the turn buffer."""

from __future__ import annotations

import asyncio

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from bot.keys import JOB_QUEUE
from bot.metrics import REGISTRY
from storage.ops.queues import queue_stats, turn_buffer_stats

routes = web.RouteTableDef()


def _queue_lines(connection) -> list[str]:
    """The queues as gauges (the same figures as the operators' jobs page); none when Redis is away."""
    try:
        stats, buffer = queue_stats(connection), turn_buffer_stats(connection)
    except Exception:
        return []
    lines = ["# HELP naviyam_queue_depth Jobs waiting per queue", "# TYPE naviyam_queue_depth gauge"]
    lines += [f'naviyam_queue_depth{{queue="{s.name}"}} {s.queued}' for s in stats]
    lines += ["# HELP naviyam_failed_jobs Jobs in the failed registry per queue", "# TYPE naviyam_failed_jobs gauge"]
    lines += [f'naviyam_failed_jobs{{queue="{s.name}"}} {s.failed}' for s in stats]
    lines += ["# HELP naviyam_turn_buffer Turn logs waiting in Redis", "# TYPE naviyam_turn_buffer gauge"]
    lines += [f'naviyam_turn_buffer{{state="{state}"}} {count}' for state, count in buffer.items()]
    return lines


@routes.get("/metrics")
async def metrics(request: web.Request) -> web.Response:
    body = generate_latest(REGISTRY).decode()
    lines = await asyncio.to_thread(_queue_lines, request.app[JOB_QUEUE].connection)
    return web.Response(text=body + "".join(f"{line}\n" for line in lines),
                        content_type=CONTENT_TYPE_LATEST.split(";")[0])
