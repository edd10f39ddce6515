"""The ``/ops/`` sub-application: its middleware, templates, static files and the page modules, in one table."""

from __future__ import annotations

import os
from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web

from bot.keys import OPS_STATE
from bot.ops import auth, conversations, jobs, overview, review, sse
from bot.ops.guard import ops_guard
from bot.ops.pages import context_processor, make_filters
from bot.ops.state import OpsState
from storage.config import Settings

HERE = Path(__file__).resolve().parent
PAGES = (auth, sse, conversations, overview, jobs, review)


def create_ops_app(settings: Settings, *, session_secret: str | None = None) -> web.Application:
    """The console for ``settings.operator_token``; the session key comes from ``OPS_SESSION_SECRET`` when set."""
    if not settings.operator_token:
        raise ValueError("the operator console needs OPERATOR_TOKEN")
    ops = web.Application(middlewares=[ops_guard])
    ops[OPS_STATE] = OpsState.create(settings.operator_token,
                                     session_secret or os.environ.get("OPS_SESSION_SECRET") or None)
    env = aiohttp_jinja2.setup(ops, loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                               context_processors=[context_processor], filters=make_filters(settings.tz_name))
    env.globals["static_version"] = "1"
    for module in PAGES:
        ops.add_routes(module.routes)
    ops.router.add_static("/static", HERE / "static", name="static")
    ops.on_shutdown.append(sse.close_streams)
    return ops
