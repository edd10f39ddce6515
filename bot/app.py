"""The aiohttp application factory: it only wires things together."""

from __future__ import annotations

from collections.abc import AsyncIterator

import structlog
from aiohttp import ClientSession, ClientTimeout, web

from bot.background import BackgroundTasks
from bot.channels import kakao, line
from bot.channels import web as web_chat
from bot.channels.line_sender import LineSender
from bot.dedupe import EventDeduper
from bot.dispatcher import Dispatcher
from bot.keys import (
    BACKGROUND,
    DEDUPER,
    DISPATCHER,
    HTTP,
    JOB_QUEUE,
    LINE_CLIENT,
    NLU_PIPELINE,
    PG_POOL,
    REDIS,
    SETTINGS,
)
from bot.metrics import metrics_middleware
from bot.middleware import request_context
from bot.nlu_service import NluService, active_version_lookup
from bot.ops.app import create_ops_app
from bot.turn_logger import TurnLogger
from bot.web import chat_page, health, metrics
from handlers.recommender.semantic import start_semantic
from handlers.turn import HandlerDeps
from storage.config import Settings
from storage.db import create_pool
from storage.queue import JobQueue
from storage.redis_store import create_redis
from storage.session_store import CacheStore

log = structlog.get_logger(__name__)

MAX_BODY_BYTES = 256 * 1024  # CONTRACTS §4: a body over 256 KiB gets 413


async def postgres_ctx(app: web.Application) -> AsyncIterator[None]:
    # min_size=0: the web process starts (and answers /readyz 503) even while PostgreSQL is down.
    app[PG_POOL] = await create_pool(app[SETTINGS].database_url, min_size=0, max_size=10)
    yield
    await app[PG_POOL].close()


async def redis_ctx(app: web.Application) -> AsyncIterator[None]:
    app[REDIS] = create_redis(app[SETTINGS].redis_url)
    app[JOB_QUEUE] = JobQueue.from_url(app[SETTINGS].redis_url)
    app[DEDUPER] = EventDeduper(app[REDIS])
    yield
    app[JOB_QUEUE].connection.close()
    await app[REDIS].aclose()


async def http_ctx(app: web.Application) -> AsyncIterator[None]:
    app[HTTP] = ClientSession(timeout=ClientTimeout(total=10))
    settings = app[SETTINGS]
    if settings.line_enabled:
        app[LINE_CLIENT] = LineSender.create(settings.line_channel_access_token, settings.line_api_base_url)
    if not settings.kakao_skill_secret:
        log.warning("kakao_skill_secret_unset", detail="the Kakao skill endpoint accepts requests without a secret")
    yield
    if LINE_CLIENT in app:
        await app[LINE_CLIENT].close()
    await app[HTTP].close()


async def pipeline_ctx(app: web.Application) -> AsyncIterator[None]:
    """Load and warm the NLU once (off the event loop), then build the dispatcher; drain turns at shutdown."""
    cache = CacheStore(app[REDIS])
    preloaded = app.get(NLU_PIPELINE)
    nlu = NluService(preloaded, cache, str(getattr(preloaded, "model_version", ""))) if preloaded else (
        await NluService.start(cache))
    deps = HandlerDeps(pool=app[PG_POOL], queue=app[JOB_QUEUE], tz_name=app[SETTINGS].tz_name)
    deps.extras["semantic"] = await start_semantic(app[PG_POOL], app[SETTINGS].embedding_model)  # None: without
    turn_logger = TurnLogger(queue=app[JOB_QUEUE], pool=app[PG_POOL])
    app[BACKGROUND] = BackgroundTasks()
    app[DISPATCHER] = Dispatcher(pool=app[PG_POOL], cache=cache, nlu=nlu, turn_logger=turn_logger, deps=deps)
    if hasattr(nlu.pipeline, "config"):  # follow `python -m nlu activate` without a restart (bot.nlu_service)
        nlu.start_reloading(active_version_lookup(app[PG_POOL], nlu.pipeline.config.models_dir))
    yield
    await nlu.stop_reloading()
    await app[BACKGROUND].drain()
    await turn_logger.flush()


def create_app(settings: Settings, nlu_pipeline: object | None = None) -> web.Application:
    """Build the web app for ``settings``; resources open on startup and close on cleanup.

    ``nlu_pipeline``: an already loaded NLU to use instead of loading one (tests share one per session).
    """
    app = web.Application(client_max_size=MAX_BODY_BYTES, middlewares=[request_context, metrics_middleware])
    app[SETTINGS] = settings
    if nlu_pipeline is not None:
        app[NLU_PIPELINE] = nlu_pipeline
    app.cleanup_ctx.extend([postgres_ctx, redis_ctx, http_ctx, pipeline_ctx])
    for module in (health, metrics, chat_page, web_chat, kakao, line):
        app.add_routes(module.routes)
    if settings.operator_token:  # CONTRACTS §4: without a token every /ops/… path is a 404
        app.add_subapp("/ops/", create_ops_app(settings))
    return app
