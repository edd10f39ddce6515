"""The turn log (seed 000 §5.2 step 7): one turn's conversation row (in its monthly partition, under
session_master), recommendation log, timings and training candidate, written together and idempotently by the
turn's ``event_id``: writing a turn twice writes it once.

The web process never waits for this: it appends the :class:`TurnLog` to a Redis list (``storage.turn_buffer``)
and a worker writes whole batches with :func:`write_turns`, one transaction and one ``unnest`` INSERT per table,
so logging keeps up with several web processes. When Redis itself is down, the web process writes directly, so the
turn is not lost either way. Text is masked (phones, cards, 주민등록번호, e-mail) before it is stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime

import asyncpg

from storage import turn_log_rows as rows
from storage.errors import domain_errors
from storage.turn_log_rows import LOW_CONFIDENCE  # noqa: F401  (re-exported: the review-queue threshold)
from storage.users import get_or_create_user

JOB_PATH = "workers.turn_logging.log_turn"  # one turn: log_turn(turn_json)
FLUSH_JOB_PATH = "workers.turn_logging.flush_turns"  # what waits in the Redis turn buffer: flush_turns()


@dataclass(frozen=True)
class TurnLog:
    event_id: str
    session_id: str
    channel: str
    platform: str
    external_user_id: str
    user_key: str
    timestamp: str  # ISO 8601 with offset; the partition key, fixed by the web process
    input_text: str
    response_text: str
    intent: str
    confidence: float
    entities: dict = field(default_factory=dict)
    conversation_turn: int = 1
    previous_intent: str | None = None
    user_strategy: str = "NORMAL"
    user_id: int | None = None
    recommendations: list = field(default_factory=list)
    recommendation_method: str | None = None
    total_candidates: int = 0
    user_latitude: float | None = None
    user_longitude: float | None = None
    timings_ms: dict = field(default_factory=dict)  # total, nlu, rag, recommendation, response
    request_id: str | None = None
    model_version: str | None = None
    normalized_text: str | None = None
    error_type: str | None = None

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> TurnLog:
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in known})

    @property
    def at(self) -> datetime:
        return datetime.fromisoformat(self.timestamp)


_SESSIONS_SQL = """
INSERT INTO chatbot.session_master (session_id, user_id, channel, session_start, last_activity_at)
SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::timestamptz[], $5::timestamptz[])
ON CONFLICT (session_id) DO UPDATE SET last_activity_at = EXCLUDED.last_activity_at
    WHERE chatbot.session_master.last_activity_at < EXCLUDED.last_activity_at
"""

_CONVERSATIONS_SQL = """
INSERT INTO chatbot.conversations (user_id, session_id, event_id, channel, input_text, response_text, "timestamp",
    extracted_intent, intent_confidence, extracted_entities, conversation_turn, previous_intent, user_strategy,
    processing_time_ms, nlu_time_ms, rag_time_ms, response_time_ms, recommended_shop_ids)
SELECT u, s, e, c, i, r, ts, it, conf, ent::jsonb, n, prev, strat, pt, nt, rt, st, shops::int[]
FROM unnest($1::int[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::text[],
            $9::float8[], $10::text[], $11::int[], $12::text[], $13::text[], $14::int[], $15::int[], $16::int[],
            $17::int[], $18::text[])
     AS t(u, s, e, c, i, r, ts, it, conf, ent, n, prev, strat, pt, nt, rt, st, shops)
ON CONFLICT (event_id, "timestamp") DO NOTHING
RETURNING id, event_id
"""

_RECOMMENDATIONS_SQL = """
INSERT INTO chatbot.recommendations_log (user_id, session_id, "timestamp", event_id, request_intent,
    request_entities, user_latitude, user_longitude, recommendations, recommendation_count,
    recommendation_method, total_candidates)
SELECT u, s, ts, e, it, ent::jsonb, lat, lon, recs::jsonb, n, method, total
FROM unnest($1::int[], $2::uuid[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::float8[],
            $8::float8[], $9::text[], $10::int[], $11::text[], $12::int[])
     AS t(u, s, ts, e, it, ent, lat, lon, recs, n, method, total)
ON CONFLICT (event_id) DO NOTHING
"""

_PERFORMANCE_SQL = """
INSERT INTO chatbot.performance_logs (session_id, request_id, event_id, channel, operation_type, intent,
    total_time_ms, nlu_time_ms, rag_time_ms, recommendation_time_ms, response_time_ms, success, error_type, logged_at)
SELECT s, rq, e, c, 'chat_turn', it, tt, nt, rt, rect, rst, ok, err, ts
FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::int[], $8::int[], $9::int[],
            $10::int[], $11::bool[], $12::text[], $13::timestamptz[])
     AS t(s, rq, e, c, it, tt, nt, rt, rect, rst, ok, err, ts)
"""

_TRAINING_SQL = """
INSERT INTO chatbot.nlu_training_data (session_id, user_id, conversation_id, conversation_timestamp, event_id,
    channel, input_text, normalized_text, predicted_intent, predicted_entities, prediction_confidence,
    model_version, collection_reason)
SELECT s, u, cid, ts, e, c, i, norm, it, ent::jsonb, conf, mv, reason
FROM unnest($1::uuid[], $2::int[], $3::bigint[], $4::timestamptz[], $5::text[], $6::text[], $7::text[],
            $8::text[], $9::text[], $10::text[], $11::float8[], $12::text[], $13::text[])
     AS t(s, u, cid, ts, e, c, i, norm, it, ent, conf, mv, reason)
ON CONFLICT (event_id) DO NOTHING
"""


async def write_turn(conn: asyncpg.Connection, turn: TurnLog) -> bool:
    """Write one turn and everything that belongs to it; False when it had been written already."""
    return bool(await write_turns(conn, [turn]))


async def write_turns(conn: asyncpg.Connection, turns: Sequence[TurnLog]) -> set[str]:
    """Write a batch of turns in one transaction; returns the event ids written now (not those written before).

    Idempotent by event id: the conversation INSERT skips turns already logged and everything else is written only
    for the turns it inserted, so a batch written twice (a retried job, a recovered batch) writes each turn once.
    Rows go in session order: two batches running at once lock shared sessions in the same order (no deadlock).
    """
    ordered = sorted({t.event_id: t for t in turns}.values(), key=lambda t: (t.session_id, t.at, t.event_id))
    if not ordered:
        return set()
    with domain_errors():
        async with conn.transaction():
            user_ids = await _user_ids(conn, ordered)
            await conn.execute(_SESSIONS_SQL, *rows.session_columns(ordered, user_ids))
            inserted = await conn.fetch(_CONVERSATIONS_SQL, *rows.conversation_columns(ordered, user_ids))
            conversation_ids = {row["event_id"]: row["id"] for row in inserted}
            fresh = [t for t in ordered if t.event_id in conversation_ids]
            if fresh:
                await _write_companions(conn, fresh, user_ids, conversation_ids)
    return set(conversation_ids)


async def _write_companions(conn, fresh: list[TurnLog], user_ids: dict, conversation_ids: dict) -> None:
    """The rows that belong to newly logged conversations: recommendations, timings, review-queue candidates."""
    recommendations = rows.recommendation_columns(fresh, user_ids)
    if recommendations[0]:
        await conn.execute(_RECOMMENDATIONS_SQL, *recommendations)
    await conn.execute(_PERFORMANCE_SQL, *rows.performance_columns(fresh))
    training = rows.training_columns(fresh, user_ids, conversation_ids)
    if training[0]:
        await conn.execute(_TRAINING_SQL, *training)


async def _user_ids(conn: asyncpg.Connection, turns: Sequence[TurnLog]) -> dict[str, int]:
    """The user of every turn; accounts the web process could not look up (PostgreSQL was down) are created."""
    unknown = sorted({(t.platform, t.external_user_id): t for t in turns if t.user_id is None}.items())
    known: dict[tuple[str, str], int] = {}
    if unknown:
        found = await conn.fetch(
            """SELECT u.id, u.platform, u.external_user_id FROM chatbot.users u
               JOIN unnest($1::text[], $2::text[]) AS a(platform, external_user_id)
                 USING (platform, external_user_id)""",
            [p for (p, _), _ in unknown], [e for (_, e), _ in unknown],
        )
        known = {(r["platform"], r["external_user_id"]): r["id"] for r in found}
    for account, turn in unknown:
        if account not in known:
            user = await get_or_create_user(conn, turn.platform, turn.external_user_id, turn.user_key)
            known[account] = user.user_id
    return {t.event_id: t.user_id if t.user_id is not None else known[(t.platform, t.external_user_id)] for t in turns}
