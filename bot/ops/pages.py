"""What every console page needs: render a template with the operator and CSRF token, reach the database, audit."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import aiohttp_jinja2
import asyncpg
from aiohttp import web

from bot.keys import OPS_SESSION, OPS_STATE, PG_POOL, SETTINGS
from nlu.types import Intent
from storage.ops import audit
from storage.privacy import mask_pii

INTENTS = tuple(i.value for i in Intent)
CHANNELS = ("kakao", "line", "web")


def operator(request: web.Request) -> str:
    return request[OPS_SESSION].operator


def pool(request: web.Request) -> asyncpg.Pool:
    return request.config_dict[PG_POOL]


def tz_name(request: web.Request) -> str:
    return request.config_dict[SETTINGS].tz_name


async def context_processor(request: web.Request) -> dict:
    session = request.get(OPS_SESSION)
    return {
        "operator": session.operator if session else None,
        "csrf_token": request.app[OPS_STATE].signer.csrf_token(session.session_id) if session else "",
        "path": request.path, "intents": INTENTS, "channels": CHANNELS,
    }


def render(request: web.Request, template: str, context: dict, *, status: int = 200) -> web.Response:
    return aiohttp_jinja2.render_template(template, request, context, status=status)


async def record(request: web.Request, action: str, target: str | None = None, details: dict | None = None) -> None:
    """Write the operator's action to ``ops.audit_log`` before the action's result is handed out."""
    async with pool(request).acquire() as conn:
        await audit.record(conn, operator(request), action, target, details)


def make_filters(tz: str) -> dict:
    """Jinja filters: times in the business time zone, numbers, and masking as the last line of defence."""
    zone = ZoneInfo(tz)

    def kst(value: datetime | None, fmt: str = "%m-%d %H:%M:%S") -> str:
        return value.astimezone(zone).strftime(fmt) if isinstance(value, datetime) else ""

    def pct(value: float | None, digits: int = 1) -> str:
        return "–" if value is None else f"{value * 100:.{digits}f}%"

    def num(value: float | None) -> str:
        return "–" if value is None else f"{value:,.0f}"

    def conf(value: float | None) -> str:
        return "–" if value is None else f"{value:.2f}"

    def js(value: object) -> str:
        return mask_pii(json.dumps(value, ensure_ascii=False, default=str))

    return {"kst": kst, "pct": pct, "num": num, "conf": conf, "js": js, "mask": lambda v: mask_pii(str(v or ""))}
