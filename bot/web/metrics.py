"""``GET /metrics`` for Prometheus: HTTP and turn metrics of this process, and the job queues' depths."""

from __future__ import annotations

import asyncio

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from prometheus_client.core import GaugeMetricFamily

from bot.keys import JOB_QUEUE
from bot.metrics import REGISTRY
from storage.queue import ALL_QUEUES

routes = web.RouteTableDef()


def _queue_depths(job_queue) -> GaugeMetricFamily:
    gauge = GaugeMetricFamily("naviyam_queue_depth", "Jobs waiting per queue", labels=["queue"])
    for name in ALL_QUEUES:
        try:
            gauge.add_metric([name], job_queue.queue(name).count)
        except Exception:
            gauge.add_metric([name], float("nan"))
    return gauge


@routes.get("/metrics")
async def metrics(request: web.Request) -> web.Response:
    body = generate_latest(REGISTRY).decode()
    depths = await asyncio.to_thread(_queue_depths, request.app[JOB_QUEUE])
    lines = [f"# HELP {depths.name} {depths.documentation}", f"# TYPE {depths.name} gauge"]
    lines += [f'{depths.name}{{queue="{s.labels["queue"]}"}} {s.value}' for s in depths.samples]
    return web.Response(text=body + "\n".join(lines) + "\n", content_type=CONTENT_TYPE_LATEST.split(";")[0])
