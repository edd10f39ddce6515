"""Turn logs made up for the worker tests, and how to count what reached PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import asyncpg

from storage.queue import LOGS, JobQueue
from storage.turn_buffer import TurnBuffer
from storage.turn_log import FLUSH_JOB_PATH, TurnLog


def make_turn(user: str, text: str = "5천원으로 점심 뭐 먹지?", *, session_id: str | None = None,
              confidence: float = 0.92, intent: str = "BUDGET_INQUIRY", recommendations: list | None = None) -> TurnLog:
    return TurnLog(
        event_id=f"ev-{uuid.uuid4().hex}", session_id=session_id or str(uuid.uuid4()), channel="web",
        platform="web", external_user_id=user, user_key=f"we_{uuid.uuid5(uuid.NAMESPACE_URL, user).hex[:20]}",
        timestamp=datetime.now(UTC).isoformat(), input_text=text, response_text="이런 곳은 어때요?", intent=intent,
        confidence=confidence, entities={"budget": 5000}, recommendations=recommendations or [],
        recommendation_method="HYBRID" if recommendations else None, timings_ms={"total": 21.5, "nlu": 3.2},
    )


def push_turns(redis_url: str, turns: Sequence[TurnLog]) -> None:
    """What the web process does: append to the turn buffer and queue a flush job when none is queued."""
    queue = JobQueue.from_url(redis_url)
    TurnBuffer(queue.connection).push([t.to_json() for t in turns], lambda: queue.enqueue(LOGS, FLUSH_JOB_PATH))


async def count_rows(conn: asyncpg.Connection, event_ids: Sequence[str]) -> dict[str, int]:
    """Rows per table for these turns (performance_logs has no unique key: a double write would show there)."""
    tables = ("chatbot.conversations", "chatbot.performance_logs", "chatbot.recommendations_log",
              "chatbot.nlu_training_data")
    return {
        table.split(".")[1]: await conn.fetchval(f"SELECT count(*) FROM {table} WHERE event_id = ANY($1)",
                                                 list(event_ids))
        for table in tables
    }
