"""Fixtures for the handlers: hand-built turns against the real database and demo data, and conversations
through the real app (NLU, PostgreSQL, Redis) with the dispatcher's clock set by the test."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import redis

from handlers.turn import HandlerDeps, Turn
from nlu.types import Intent, NluResult
from storage.geo import GeoPoint
from storage.queue import JobQueue
from tests.bot.conftest import bot_client, bot_settings, nlu_pipeline  # noqa: F401  (fixtures)

SEOUL = ZoneInfo("Asia/Seoul")
TUESDAY_LUNCH = datetime(2026, 11, 24, 12, 30, tzinfo=SEOUL)  # a Tuesday, not a holiday
TUESDAY_DINNER = datetime(2026, 11, 24, 18, 30, tzinfo=SEOUL)
KONDAE = GeoPoint(37.5404, 127.0692)  # 건대입구역
SILLIM = GeoPoint(37.4842, 126.9297)


@pytest.fixture
def job_queue(redis_url: str) -> JobQueue:
    queue = JobQueue.from_url(redis_url)
    yield queue
    queue.connection.close()


@pytest.fixture
def deps(pg_pool, demo_data, job_queue) -> HandlerDeps:
    return HandlerDeps(pool=pg_pool, queue=job_queue, tz_name="Asia/Seoul", extras={"semantic": None})


def nlu(text: str, intent: Intent | str = Intent.UNKNOWN, **entities) -> NluResult:
    return NluResult(text=text, intent=Intent(intent), confidence=0.9, entities=entities)


def make_turn(text: str, intent: Intent | str = Intent.UNKNOWN, *, context: dict | None = None,
              position: GeoPoint | None = KONDAE, now: datetime = TUESDAY_LUNCH, user=None, card=None, profile=None,
              postback: str | None = None, kind: str = "text", session_id: str | None = None, **entities) -> Turn:
    return Turn(
        text=text, nlu=nlu(text, intent, **entities), user=user, card=card, profile=profile, context=context or {},
        position=position, now=now, event_id=uuid.uuid4().hex, postback=postback, kind=kind,
        session_id=session_id or str(uuid.uuid4()),
    )


def next_context(context: dict, turn: Turn, reply) -> dict:
    """What the dispatcher keeps for the next turn (``bot.dispatcher.Dispatcher._remember``)."""
    entry = {"text": turn.text, "intent": turn.nlu.intent.value, "entities": dict(turn.entities),
             "reply": reply.text[:200], "follow_up": reply.follow_up, "at": turn.now.isoformat()}
    return {**context, "turns": [*context.get("turns", []), entry][-10:],
            "turn_count": context.get("turn_count", 0) + 1}


async def demo_user(pool, external_id: str, balance: int | None = None):
    """A web user (with a meal card of ``balance`` when given): (UserRecord, MealCard | None)."""
    from storage.demo.load import upsert_demo_user
    from storage.users import get_meal_card, get_or_create_user

    async with pool.acquire() as conn:
        await upsert_demo_user(conn, "web", external_id, balance)
        user = await get_or_create_user(conn, "web", external_id, f"key-{external_id}")
        return user, await get_meal_card(conn, user.user_id)


@pytest.fixture
def queued(redis_url: str) -> Callable[[str], list[str]]:
    """The job ids waiting on a queue."""
    from rq import Queue
    from rq.serializers import JSONSerializer

    connection = redis.Redis.from_url(redis_url)

    def job_ids(name: str) -> list[str]:
        return Queue(name, connection=connection, serializer=JSONSerializer).get_job_ids()

    yield job_ids
    connection.close()
