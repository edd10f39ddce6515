"""The console's middleware: a signed session for every page, a CSRF token on every POST, strict headers."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import structlog
from aiohttp import web

from bot.keys import OPS_SESSION, OPS_STATE, REDIS
from bot.ops.security import Session
from bot.ops.state import SESSION_COOKIE

log = structlog.get_logger(__name__)

PUBLIC_ROUTES = frozenset({"login", "login_submit", "static"})
STREAMS = frozenset({"conversation_stream"})  # EventSource cannot follow a redirect to a form: plain 401
REVOKED_PREFIX = "naviyam:ops:revoked:"
SECURITY_HEADERS = {
    "Content-Security-Policy": ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def is_https(request: web.Request) -> bool:
    return request.secure or request.headers.get("X-Forwarded-Proto", "").lower() == "https"


async def is_revoked(request: web.Request, session: Session) -> bool:
    """Signed out before it expired. Redis down: not revoked (the console must work in an outage), logged."""
    try:
        return bool(await request.config_dict[REDIS].exists(REVOKED_PREFIX + session.session_id))
    except Exception as exc:
        log.warning("ops_revocation_check_failed", error=type(exc).__name__)
        return False


async def current_session(request: web.Request) -> Session | None:
    session = request.app[OPS_STATE].signer.verify(request.cookies.get(SESSION_COOKIE))
    if session is not None and await is_revoked(request, session):
        return None
    return session


async def csrf_ok(request: web.Request, session_id: str) -> bool:
    origin = request.headers.get("Origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.host:
        return False
    token = request.headers.get("X-CSRF-Token")
    if token is None and request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        token = (await request.post()).get("csrf_token")
    return request.app[OPS_STATE].signer.check_csrf(session_id, token if isinstance(token, str) else None)


async def _guarded(request: web.Request, handler) -> web.StreamResponse:
    route = request.match_info.route
    if route.name in PUBLIC_ROUTES or (route.resource is not None and route.resource.name == "static"):
        return await handler(request)
    session = await current_session(request)
    if session is None:
        if request.method == "GET" and route.name not in STREAMS:
            raise web.HTTPSeeOther(f"/ops/login?next={quote(request.path_qs, safe='')}")
        raise web.HTTPUnauthorized(text="로그인이 필요합니다.")
    if request.method not in ("GET", "HEAD") and not await csrf_ok(request, session.session_id):
        log.warning("ops_csrf_refused", path=request.path, operator=session.operator)
        raise web.HTTPForbidden(text="보안 토큰(CSRF)이 없거나 맞지 않습니다. 페이지를 새로 고친 뒤 다시 시도하세요.")
    request[OPS_SESSION] = session
    return await handler(request)


@web.middleware
async def ops_guard(request: web.Request, handler) -> web.StreamResponse:
    try:
        response = await _guarded(request, handler)
    except web.HTTPException as exc:
        exc.headers.update(SECURITY_HEADERS)
        raise
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response
