"""Typed application keys: every resource the web app holds, opened and closed in ``cleanup_ctx``."""

from __future__ import annotations

import asyncpg
import redis.asyncio as aioredis
from aiohttp import ClientSession, web

from bot.background import BackgroundTasks
from bot.dedupe import EventDeduper
from bot.dispatcher import Dispatcher
from bot.ops.security import Session as OpsSession
from bot.ops.state import OpsState
from storage.config import Settings
from storage.queue import JobQueue

SETTINGS = web.AppKey("settings", Settings)
PG_POOL = web.AppKey("pg_pool", asyncpg.Pool)
REDIS = web.AppKey("redis", aioredis.Redis)
JOB_QUEUE = web.AppKey("job_queue", JobQueue)
DISPATCHER = web.AppKey("dispatcher", Dispatcher)
BACKGROUND = web.AppKey("background", BackgroundTasks)
HTTP = web.AppKey("http", ClientSession)
LINE_CLIENT = web.AppKey("line_client", object)
DEDUPER = web.AppKey("deduper", EventDeduper)
NLU_PIPELINE = web.AppKey("nlu_pipeline", object)
OPS_STATE = web.AppKey("ops_state", OpsState)  # the /ops/ sub-application's own

REQUEST_ID = web.RequestKey("request_id", str)
OPS_SESSION = web.RequestKey("ops_session", OpsSession)  # the signed-in operator
