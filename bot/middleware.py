"""Request id and access log for every response."""

from __future__ import annotations

import time
import uuid

import structlog
from aiohttp import web

from bot.keys import REQUEST_ID

log = structlog.get_logger("bot.access")

REQUEST_ID_HEADER = "X-Request-Id"


def _request_id(request: web.Request) -> str:
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    if 8 <= len(incoming) <= 64 and incoming.replace("-", "").isalnum():
        return incoming
    return uuid.uuid4().hex


@web.middleware
async def request_context(request: web.Request, handler) -> web.StreamResponse:
    """Give the request an id (the caller's when sane), bind it to every log line, echo it in the response."""
    request_id = _request_id(request)
    request[REQUEST_ID] = request_id
    structlog.contextvars.bind_contextvars(request_id=request_id)
    started = time.perf_counter()
    status = 500
    try:
        response = await handler(request)
        status = response.status
    except web.HTTPException as exc:
        exc.headers[REQUEST_ID_HEADER] = request_id
        status = exc.status
        raise
    except Exception:
        log.exception("unhandled_error", path=request.path)
        response = web.json_response({"error": "internal_error"}, status=500)
    finally:
        latency_ms = round((time.perf_counter() - started) * 1000, 2)
        log.info("http_request", method=request.method, path=request.path, status=status, latency_ms=latency_ms)
        structlog.contextvars.unbind_contextvars("request_id")
    response.headers[REQUEST_ID_HEADER] = request_id
    return response
