"""Real workers for the worker tests: ``rq worker`` subprocesses (forking, JSON serializer) against the session's
PostgreSQL and Redis, with the messenger fakes of ``tests.fakes`` standing in for LINE and Kakao.

Each test starts from empty queues and registries (the session's Redis database is ours alone) and uses users,
cards and coupons of its own, so tests do not see each other's rows in the shared database.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import asyncpg
import pytest
import redis

from storage.config import PROJECT_ROOT
from storage.db import connect
from storage.migrate import apply_migrations
from storage.queue import ALL_QUEUES
from storage.users import get_or_create_user, upsert_meal_card

WORKER_CLASS = "workers.worker.NaviyamWorker"
SEOUL = "+09:00"


@dataclass
class WorkerRun:
    returncode: int
    output: str


@pytest.fixture(autouse=True)
def clean_queues(redis_url: str) -> None:
    """Empty queues, registries and the turn buffer: a burst worker must only see this test's jobs."""
    connection = redis.Redis.from_url(redis_url)
    for pattern in ("rq:*", "naviyam:*"):
        keys = list(connection.scan_iter(match=pattern, count=1000))
        if keys:
            connection.delete(*keys)
    connection.close()


@pytest.fixture
def worker_env(settings, fake_line_api, fake_kakao_api) -> dict[str, str]:
    """The environment of a worker process: the test servers and the messenger fakes."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=settings.database_url, REDIS_URL=settings.redis_url, LOG_FORMAT="json", TZ_NAME="Asia/Seoul",
        PYTHONPATH=str(PROJECT_ROOT), LINE_CHANNEL_SECRET="test-line-channel-secret",
        LINE_CHANNEL_ACCESS_TOKEN=fake_line_api.channel_access_token, LINE_API_BASE_URL=fake_line_api.base_url,
        KAKAO_BOT_ID=fake_kakao_api.bot_id, KAKAO_REST_API_KEY=fake_kakao_api.rest_api_key,
        KAKAO_EVENT_API_URL=fake_kakao_api.base_url,
    )
    env.pop("MEALCARD_API_URL", None)
    return env


def worker_command(env: dict[str, str], queues: tuple[str, ...], *, burst: bool = True,
                   scheduler: bool = False) -> list[str]:
    command = [sys.executable, "-m", "rq.cli", "worker", "-w", WORKER_CLASS, "--serializer",
               "rq.serializers.JSONSerializer", "--url", env["REDIS_URL"]]
    return command + (["--burst"] if burst else []) + (["--with-scheduler"] if scheduler else []) + list(queues)


async def start_worker(env: dict[str, str], *queues: str, burst: bool = True,
                       scheduler: bool = False) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        *worker_command(env, queues or ALL_QUEUES, burst=burst, scheduler=scheduler), env=env, cwd=PROJECT_ROOT,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT, start_new_session=True,
    )


async def run_worker(env: dict[str, str], *queues: str, scheduler: bool = False, timeout: float = 60) -> WorkerRun:
    """A burst worker until the queues are empty; the event loop keeps serving the fakes meanwhile."""
    process = await start_worker(env, *queues, scheduler=scheduler)
    output, _ = await asyncio.wait_for(process.communicate(), timeout)
    run = WorkerRun(process.returncode or 0, output.decode(errors="replace"))
    assert run.returncode == 0, run.output[-3000:]
    return run


async def run_module(env: dict[str, str], *args: str, timeout: float = 30) -> tuple[int, str]:
    """``python -m <args>`` in a subprocess (the ``workers`` command line); (return code, stdout+stderr)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", *args, env=env, cwd=PROJECT_ROOT, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), timeout)
    return process.returncode or 0, output.decode(errors="replace")


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[asyncpg.Connection]:
    conn = await connect(database_url)
    yield conn
    await conn.close()


def line_user_id() -> str:
    return "U" + uuid.uuid4().hex


async def make_user(conn: asyncpg.Connection, platform: str = "line", *, external_id: str | None = None,
                    balance: int | None = None, threshold: int = 5000, push_enabled: bool = True,
                    unfollowed: bool = False) -> tuple[int, str]:
    """A user (and a meal card when ``balance`` is given); (user id, platform id)."""
    external_id = external_id or (line_user_id() if platform == "line" else f"{platform}-{uuid.uuid4().hex[:12]}")
    user = await get_or_create_user(conn, platform, external_id, f"t_{uuid.uuid4().hex[:20]}")
    await conn.execute(
        "UPDATE chatbot.users SET push_enabled = $2, unfollowed_at = CASE WHEN $3 THEN now() END WHERE id = $1",
        user.user_id, push_enabled, unfollowed,
    )
    if balance is not None:
        await upsert_meal_card(conn, user.user_id, balance)
        await conn.execute("UPDATE chatbot.foodcard_users SET balance_alert_threshold = $2 WHERE user_id = $1",
                           user.user_id, threshold)
    return user.user_id, external_id


async def make_coupon(conn: asyncpg.Connection, *, coupon_id: str | None = None, amount: int = 2000,
                      valid_from: str = "2026-01-01", valid_until: str = "2026-12-31",
                      max_issue_count: int | None = None, max_use_per_user: int | None = 1) -> str:
    import datetime as dt

    coupon_id = coupon_id or f"TEST_{uuid.uuid4().hex[:10].upper()}"
    await conn.execute(
        """INSERT INTO chatbot.coupons (id, coupon_name, description, coupon_type, discount_amount, usage_type,
               valid_from, valid_until, max_issue_count, max_use_per_user)
           VALUES ($1, $2, '테스트 쿠폰', 'FIXED_AMOUNT', $3, 'ALL', $4, $5, $6, $7)
           ON CONFLICT (id) DO NOTHING""",
        coupon_id, f"테스트 {amount}원", amount, dt.date.fromisoformat(valid_from), dt.date.fromisoformat(valid_until),
        max_issue_count, max_use_per_user,
    )
    return coupon_id


@pytest.fixture(scope="session")
def own_database_url(services) -> Iterator[str]:
    """A migrated database of the worker tests: scans and upkeep jobs touch every card and shop, so they run where
    only these tests' rows live (the session's demo data stays as other tests expect it)."""
    url = services.new_database()
    asyncio.run(apply_migrations(url))
    asyncio.run(_seed_coupons(url))
    yield url
    services.drop(url)


async def _seed_coupons(url: str) -> None:
    conn = await connect(url)
    try:
        await conn.execute(
            """INSERT INTO chatbot.coupons (id, coupon_name, description, coupon_type, discount_amount, usage_type,
                   valid_from, valid_until, max_issue_count, max_use_per_user, min_order_amount)
               VALUES ('EMERGENCY_FOOD_AID', '긴급 식사 지원 5,000원', '잔액이 적을 때 드리는 식사 지원 쿠폰',
                       'FIXED_AMOUNT', 5000, 'FOODCARD', '2025-01-01', '2030-12-31', NULL, NULL, 0),
                      ('WELCOME3000', '환영 쿠폰 3,000원', '처음 오신 걸 환영해요', 'FIXED_AMOUNT', 3000, 'NEW_USER',
                       '2025-01-01', '2030-12-31', NULL, 1, 5000)"""
        )
    finally:
        await conn.close()


@pytest.fixture
def own_env(worker_env: dict[str, str], own_database_url: str) -> dict[str, str]:
    return {**worker_env, "DATABASE_URL": own_database_url}


@pytest.fixture
async def own_db(own_database_url: str) -> AsyncIterator[asyncpg.Connection]:
    conn = await connect(own_database_url)
    yield conn
    await conn.close()


async def stop_worker(process: asyncio.subprocess.Process, timeout: float = 15) -> None:
    """Warm shutdown (SIGTERM: the job in hand finishes); killed when it does not stop in time."""
    if process.returncode is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        await asyncio.wait_for(process.communicate(), timeout)
    except TimeoutError:
        os.killpg(process.pid, signal.SIGKILL)
        await process.wait()
