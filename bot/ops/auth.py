"""Sign in and out. A failed sign-in costs the address one of its few attempts (``LoginLimiter``)."""

from __future__ import annotations

import asyncio
import secrets

import structlog
from aiohttp import web

from bot.keys import OPS_SESSION, OPS_STATE, REDIS
from bot.ops import pages
from bot.ops.guard import REVOKED_PREFIX, current_session, is_https
from bot.ops.security import SESSION_TTL_S
from bot.ops.state import LOGIN_COOKIE, SESSION_COOKIE

log = structlog.get_logger(__name__)
routes = web.RouteTableDef()

LOGIN_NONCE_TTL_S = 1800


def _safe_next(value: str | None) -> str:
    """Only a console path: never another site (``//evil``) after signing in."""
    if value and value.startswith("/ops/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/ops/"


def _cookie(response: web.StreamResponse, request: web.Request, name: str, value: str, max_age: int) -> None:
    response.set_cookie(name, value, max_age=max_age, path="/ops/", httponly=True, samesite="Strict",
                        secure=is_https(request))


def _login_page(request: web.Request, *, error: str | None = None, status: int = 200, name: str = "") -> web.Response:
    nonce = secrets.token_urlsafe(18)
    csrf = request.app[OPS_STATE].signer.csrf_token("login:" + nonce)
    context = {"error": error, "login_csrf": csrf, "next": _safe_next(request.query.get("next")),
               "name": name}
    response = pages.render(request, "login.html", context, status=status)
    _cookie(response, request, LOGIN_COOKIE, nonce, LOGIN_NONCE_TTL_S)
    return response


@routes.get("/login", name="login")
async def login_form(request: web.Request) -> web.Response:
    if await current_session(request) is not None:
        raise web.HTTPSeeOther(_safe_next(request.query.get("next")))
    return _login_page(request)


@routes.post("/login", name="login_submit")
async def login(request: web.Request) -> web.Response:
    state = request.app[OPS_STATE]
    address = request.remote or "?"
    if state.limiter.blocked(address):
        return _login_page(request, error="too_many", status=429)
    form = await request.post()
    nonce = request.cookies.get(LOGIN_COOKIE, "")
    if not nonce or not state.signer.check_csrf("login:" + nonce, str(form.get("csrf_token") or "")):
        return _login_page(request, error="csrf", status=403)
    name, token = str(form.get("name") or "").strip(), str(form.get("token") or "")
    if not await asyncio.to_thread(state.accounts.check, name, token):
        state.limiter.failed(address)
        log.warning("ops_sign_in_refused", operator=name[:40])
        return _login_page(request, error="wrong", status=401, name=name[:40])
    state.limiter.succeeded(address)
    session, cookie = state.signer.issue(name)
    request[OPS_SESSION] = session
    await pages.record(request, "auth.sign_in")
    response = web.HTTPSeeOther(_safe_next(str(form.get("next") or "")))
    _cookie(response, request, SESSION_COOKIE, cookie, SESSION_TTL_S)
    response.del_cookie(LOGIN_COOKIE, path="/ops/")
    raise response


@routes.post("/logout", name="logout")
async def logout(request: web.Request) -> web.Response:
    session = request[OPS_SESSION]
    try:
        await request.config_dict[REDIS].set(REVOKED_PREFIX + session.session_id, "1", ex=SESSION_TTL_S)
    except Exception as exc:
        log.warning("ops_revoke_failed", error=type(exc).__name__)
    await pages.record(request, "auth.sign_out")
    response = web.HTTPSeeOther("/ops/login")
    response.del_cookie(SESSION_COOKIE, path="/ops/")
    raise response
