"""Numbers for the operator overview: turns per hour and channel, intents, unsure answers, latency, 👍/👎.

Hours are bucketed in the business time zone (``tz_name``), so "14시" means 14:00 in Seoul.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from storage.turn_log_rows import LOW_CONFIDENCE


@dataclass(frozen=True)
class Overview:
    since: datetime
    hours: int
    per_hour: list[tuple[datetime, int]]  # every hour of the window, zero-filled, oldest first
    per_channel: list[tuple[str, int]]
    per_intent: list[tuple[str, int]]
    turns: int
    unknown: int
    low_confidence: int
    latency_ms: dict[str, float | None] = field(default_factory=dict)  # p50, p95, p99
    thumbs_up: int = 0
    thumbs_down: int = 0

    @property
    def unknown_share(self) -> float:
        return self.unknown / self.turns if self.turns else 0.0

    @property
    def low_confidence_share(self) -> float:
        return self.low_confidence / self.turns if self.turns else 0.0


_PER_HOUR = """
SELECT date_trunc('hour', "timestamp" AT TIME ZONE $2) AS hour, count(*) AS n
FROM chatbot.conversations WHERE "timestamp" >= $1 GROUP BY 1
"""
_PER_CHANNEL = """
SELECT COALESCE(channel, '?') AS key, count(*) AS n FROM chatbot.conversations
WHERE "timestamp" >= $1 GROUP BY 1 ORDER BY n DESC, key
"""
_PER_INTENT = """
SELECT COALESCE(extracted_intent, '?') AS key, count(*) AS n FROM chatbot.conversations
WHERE "timestamp" >= $1 GROUP BY 1 ORDER BY n DESC, key
"""
_SHARES = """
SELECT count(*) AS turns,
       count(*) FILTER (WHERE extracted_intent = 'UNKNOWN') AS unknown,
       count(*) FILTER (WHERE intent_confidence < $2) AS low_confidence
FROM chatbot.conversations WHERE "timestamp" >= $1
"""
_LATENCY = """
SELECT percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY total_time_ms) AS p
FROM chatbot.performance_logs WHERE logged_at >= $1 AND operation_type = 'chat_turn'
"""
_FEEDBACK = """
SELECT count(*) FILTER (WHERE feedback_rating >= 4) AS up, count(*) FILTER (WHERE feedback_rating <= 2) AS down
FROM chatbot.recommendations_log WHERE "timestamp" >= $1 AND feedback_rating IS NOT NULL
"""


def hour_buckets(now_local: datetime, hours: int, counts: dict[datetime, int]) -> list[tuple[datetime, int]]:
    """Every hour of the window ending with ``now_local``'s hour, oldest first, with zero where nothing happened."""
    last = now_local.replace(minute=0, second=0, microsecond=0, tzinfo=None)
    return [(h, counts.get(h, 0)) for h in (last - timedelta(hours=i) for i in range(hours - 1, -1, -1))]


async def overview(conn, now: datetime, tz_name: str, hours: int = 24) -> Overview:
    since = now - timedelta(hours=hours)
    per_hour = {r["hour"]: r["n"] for r in await conn.fetch(_PER_HOUR, since, tz_name)}
    shares = await conn.fetchrow(_SHARES, since, LOW_CONFIDENCE)
    latency = await conn.fetchval(_LATENCY, since)
    feedback = await conn.fetchrow(_FEEDBACK, since)
    return Overview(
        since=since, hours=hours,
        per_hour=hour_buckets(now.astimezone(ZoneInfo(tz_name)), hours, per_hour),
        per_channel=[(r["key"], r["n"]) for r in await conn.fetch(_PER_CHANNEL, since)],
        per_intent=[(r["key"], r["n"]) for r in await conn.fetch(_PER_INTENT, since)],
        turns=shares["turns"], unknown=shares["unknown"], low_confidence=shares["low_confidence"],
        latency_ms=dict(zip(("p50", "p95", "p99"), latency or [None, None, None], strict=True)),
        thumbs_up=feedback["up"], thumbs_down=feedback["down"],
    )
