"""Prometheus metrics of the web process: requests per route, their latency, turns per intent and channel."""

from __future__ import annotations

import time

from aiohttp import web
from prometheus_client import CollectorRegistry, Counter, Histogram

REGISTRY = CollectorRegistry(auto_describe=True)

REQUESTS = Counter("naviyam_http_requests_total", "HTTP requests", ["route", "method", "status"], registry=REGISTRY)
LATENCY = Histogram(
    "naviyam_http_request_seconds", "HTTP request latency", ["route"], registry=REGISTRY,
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5),
)
TURNS = Counter("naviyam_turns_total", "Turns answered", ["channel", "intent"], registry=REGISTRY)
TURN_LATENCY = Histogram(
    "naviyam_turn_seconds", "Time to answer one turn", ["channel"], registry=REGISTRY,
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5),
)


def _route_name(request: web.Request) -> str:
    info = request.match_info.route.resource
    return info.canonical if info is not None else "unmatched"


@web.middleware
async def metrics_middleware(request: web.Request, handler) -> web.StreamResponse:
    started = time.perf_counter()
    route = _route_name(request)
    status = 500
    try:
        response = await handler(request)
        status = response.status
        return response
    except web.HTTPException as exc:
        status = exc.status
        raise
    finally:
        REQUESTS.labels(route, request.method, str(status)).inc()
        LATENCY.labels(route).observe(time.perf_counter() - started)


def observe_turn(channel: str, intent: str, seconds: float) -> None:
    TURNS.labels(channel, intent).inc()
    TURN_LATENCY.labels(channel).observe(seconds)
