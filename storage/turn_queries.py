"""Turns for operators (``python -m bot logs``): the conversation log with the pseudonymous user key.

Only ``users.user_key`` leaves this module, never the raw platform id. Messages were masked when they were written;
they are masked again on the way out (masking is idempotent), and so are replies, which may quote the user.

Following the log: turns reach PostgreSQL through the workers' turn buffer, in batches, a second or so after they
happened, and two batches may commit out of order. A plain "newer than the last row seen" watermark would skip
the late ones, so :func:`turns_since` re-reads a short overlap behind the watermark and the caller drops the ids it
has already shown (:class:`Watermark`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from storage.privacy import mask_pii

FOLLOW_OVERLAP = timedelta(seconds=30)  # how late a turn may reach the database and still be shown by --follow

_SELECT = """
SELECT c.id, c."timestamp" AS at, c.channel, u.user_key, c.session_id::text AS session_id,
       c.extracted_intent AS intent, c.intent_confidence::float8 AS confidence,
       c.processing_time_ms AS latency_ms, c.conversation_turn AS turn, c.input_text, c.response_text
FROM chatbot.conversations c
LEFT JOIN chatbot.users u ON u.id = c.user_id
WHERE c."timestamp" >= $1
  AND ($2::text IS NULL OR c.extracted_intent = $2)
  AND ($3::text IS NULL OR c.channel = $3)
  AND ($4::text IS NULL OR u.user_key = $4)
"""
_LATEST = _SELECT + 'ORDER BY c."timestamp" DESC, c.id DESC LIMIT $5'
_OLDEST = _SELECT + 'ORDER BY c."timestamp", c.id LIMIT $5'


@dataclass(frozen=True)
class TurnFilter:
    intent: str | None = None
    channel: str | None = None
    user_key: str | None = None


@dataclass(frozen=True)
class TurnRow:
    """One turn as an operator sees it."""

    id: int
    at: datetime
    channel: str | None
    user_key: str | None
    session_id: str
    intent: str | None
    confidence: float | None
    latency_ms: int | None
    turn: int
    message: str
    reply: str

    def to_json(self) -> dict:
        return {
            "id": self.id, "time": self.at.isoformat(), "channel": self.channel, "user_key": self.user_key,
            "session_id": self.session_id, "intent": self.intent, "confidence": self.confidence,
            "latency_ms": self.latency_ms, "turn": self.turn, "message": self.message, "reply": self.reply,
        }


def _row(record) -> TurnRow:
    return TurnRow(
        id=record["id"], at=record["at"], channel=record["channel"], user_key=record["user_key"],
        session_id=record["session_id"], intent=record["intent"], confidence=record["confidence"],
        latency_ms=record["latency_ms"], turn=record["turn"], message=mask_pii(record["input_text"] or ""),
        reply=mask_pii(record["response_text"] or ""),
    )


async def latest_turns(conn, since: datetime, flt: TurnFilter, limit: int) -> tuple[list[TurnRow], bool]:
    """The last ``limit`` turns at or after ``since``, oldest first, and whether older ones were left out."""
    records = await conn.fetch(_LATEST, since, flt.intent, flt.channel, flt.user_key, limit + 1)
    return [_row(r) for r in reversed(records[:limit])], len(records) > limit


async def turns_since(conn, since: datetime, flt: TurnFilter, limit: int = 5000) -> list[TurnRow]:
    """Turns at or after ``since``, oldest first (at most ``limit``)."""
    return [_row(r) for r in await conn.fetch(_OLDEST, since, flt.intent, flt.channel, flt.user_key, limit)]


@dataclass
class Watermark:
    """What ``--follow`` has shown: the newest (timestamp, id) and the ids inside the overlap window."""

    at: datetime
    overlap: timedelta = FOLLOW_OVERLAP
    seen: dict[int, datetime] = field(default_factory=dict)

    @property
    def read_from(self) -> datetime:
        return self.at - self.overlap

    def fresh(self, rows: list[TurnRow]) -> list[TurnRow]:
        """The rows not shown yet, in (timestamp, id) order; remembers them and forgets ids left behind."""
        new = sorted((r for r in rows if r.id not in self.seen), key=lambda r: (r.at, r.id))
        for row in new:
            self.seen[row.id] = row.at
            self.at = max(self.at, row.at)
        horizon = self.read_from
        self.seen = {i: at for i, at in self.seen.items() if at >= horizon}
        return new
