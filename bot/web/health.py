"""Liveness and readiness for the load balancer (CONTRACTS §4)."""

from __future__ import annotations

import asyncio

from aiohttp import web

from bot.keys import PG_POOL, REDIS
from storage import db, redis_store

routes = web.RouteTableDef()


@routes.get("/healthz")
async def healthz(_request: web.Request) -> web.Response:
    """200 while the process lives."""
    return web.json_response({"status": "ok"})


@routes.get("/readyz")
async def readyz(request: web.Request) -> web.Response:
    """200 only when PostgreSQL and Redis both answer; 503 with which one is down otherwise."""
    postgres_ok, redis_ok = await asyncio.gather(
        db.ping(request.app[PG_POOL]), redis_store.ping(request.app[REDIS])
    )
    body = {"postgres": "ok" if postgres_ok else "down", "redis": "ok" if redis_ok else "down"}
    status = 200 if postgres_ok and redis_ok else 503
    return web.json_response({"status": "ready" if status == 200 else "not_ready", **body}, status=status)
