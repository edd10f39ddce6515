"""Turns written straight into the turn log (as the ``logs`` worker would), for the storage-level tests."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from storage.turn_log import TurnLog, write_turns

SHOP = {"shop_id": None, "shop_name": "테스트분식", "score": 0.8, "ranking": 1, "distance_meters": 120,
        "reason_codes": ["budget"], "menus": [], "final_price": 4500, "foodcard_usable": True}


def make_turn(text: str, *, intent: str = "BUDGET_INQUIRY", confidence: float = 0.9, channel: str = "line",
              external_user_id: str | None = None, session_id: str | None = None, minutes_ago: float = 0,
              response: str = "이런 곳은 어때요?", shops: bool = False, entities: dict | None = None) -> TurnLog:
    external = external_user_id or "U" + uuid.uuid4().hex
    return TurnLog(
        event_id=f"ops-{uuid.uuid4().hex}", session_id=session_id or str(uuid.uuid4()), channel=channel,
        platform=channel, external_user_id=external, user_key=f"t_{uuid.uuid5(uuid.NAMESPACE_URL, external).hex[:20]}",
        timestamp=(datetime.now(UTC) - timedelta(minutes=minutes_ago)).isoformat(), input_text=text,
        response_text=response, intent=intent, confidence=confidence,
        entities={"budget": 5000} if entities is None else entities,
        recommendations=[SHOP] if shops else [], recommendation_method="HYBRID" if shops else None,
        timings_ms={"total": 42.0, "nlu": 5.0, "rag": 12.0, "response": 3.0},
    )


async def log_turns(pool, *turns: TurnLog) -> list[TurnLog]:
    async with pool.acquire() as conn:
        await write_turns(conn, turns)
    return list(turns)
