"""The turn log (seed 000 §5.2 step 7): one turn's conversation row, recommendation log, timings and training
candidate, written together and idempotently by the turn's ``event_id``.

The web process never waits for this: it submits a :class:`TurnLog` to the ``logs`` queue and a worker writes it
(so a slow database never slows a reply). When Redis itself is down, the web process writes it directly, so the
turn is not lost either way. Text is masked (phones, cards, 주민등록번호, e-mail) before it is stored.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime

import asyncpg

from storage.errors import domain_errors
from storage.privacy import mask_pii
from storage.users import get_or_create_user

LOW_CONFIDENCE = 0.6  # below this a prediction goes to the operators' review queue
JOB_PATH = "workers.turn_logging.log_turn"


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


_CONVERSATION_SQL = """
INSERT INTO chatbot.conversations (user_id, session_id, event_id, channel, input_text, response_text, "timestamp",
    extracted_intent, intent_confidence, extracted_entities, conversation_turn, previous_intent, user_strategy,
    processing_time_ms, nlu_time_ms, rag_time_ms, response_time_ms, recommended_shop_ids)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
ON CONFLICT (event_id, "timestamp") DO NOTHING
RETURNING id
"""

_RECOMMENDATION_SQL = """
INSERT INTO chatbot.recommendations_log (user_id, session_id, "timestamp", event_id, request_intent,
    request_entities, user_latitude, user_longitude, recommendations, recommendation_count,
    recommendation_method, total_candidates)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
ON CONFLICT (event_id) DO NOTHING
"""

_PERFORMANCE_SQL = """
INSERT INTO chatbot.performance_logs (session_id, request_id, event_id, channel, operation_type, intent,
    total_time_ms, nlu_time_ms, rag_time_ms, recommendation_time_ms, response_time_ms, success, error_type, logged_at)
VALUES ($1, $2, $3, $4, 'chat_turn', $5, $6, $7, $8, $9, $10, $11, $12, $13)
"""

_TRAINING_SQL = """
INSERT INTO chatbot.nlu_training_data (session_id, user_id, conversation_id, conversation_timestamp, event_id,
    channel, input_text, normalized_text, predicted_intent, predicted_entities, prediction_confidence,
    model_version, collection_reason)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
ON CONFLICT (event_id) DO NOTHING
"""


def _ms(turn: TurnLog, name: str) -> int | None:
    value = turn.timings_ms.get(name)
    return None if value is None else max(0, round(value))


async def _user_id(conn: asyncpg.Connection, turn: TurnLog) -> int:
    if turn.user_id is not None:
        return turn.user_id
    user = await get_or_create_user(conn, turn.platform, turn.external_user_id, turn.user_key)
    return user.user_id


async def write_turn(conn: asyncpg.Connection, turn: TurnLog) -> bool:
    """Write one turn and everything that belongs to it; False when it had been written already."""
    with domain_errors():
        async with conn.transaction():
            user_id = await _user_id(conn, turn)
            await conn.execute(
                """INSERT INTO chatbot.session_master (session_id, user_id, channel, session_start, last_activity_at)
                   VALUES ($1, $2, $3, $4, $4) ON CONFLICT (session_id) DO NOTHING""",
                turn.session_id, user_id, turn.channel, turn.at,
            )
            conversation_id = await _insert_conversation(conn, turn, user_id)
            if conversation_id is None:
                return False
            await _insert_recommendations(conn, turn, user_id)
            await _insert_performance(conn, turn)
            await _insert_training_candidate(conn, turn, user_id, conversation_id)
            return True


async def _insert_conversation(conn: asyncpg.Connection, turn: TurnLog, user_id: int) -> int | None:
    shop_ids = [r["shop_id"] for r in turn.recommendations if "shop_id" in r] or None
    return await conn.fetchval(
        _CONVERSATION_SQL, user_id, turn.session_id, turn.event_id, turn.channel, mask_pii(turn.input_text),
        turn.response_text, turn.at, turn.intent, turn.confidence, turn.entities, turn.conversation_turn,
        turn.previous_intent, turn.user_strategy, _ms(turn, "total"), _ms(turn, "nlu"), _ms(turn, "rag"),
        _ms(turn, "response"), shop_ids,
    )


async def _insert_recommendations(conn: asyncpg.Connection, turn: TurnLog, user_id: int) -> None:
    if not turn.recommendations:
        return
    await conn.execute(
        _RECOMMENDATION_SQL, user_id, turn.session_id, turn.at, turn.event_id, turn.intent, turn.entities,
        turn.user_latitude, turn.user_longitude, turn.recommendations, len(turn.recommendations),
        turn.recommendation_method or "FALLBACK", turn.total_candidates,
    )


async def _insert_performance(conn: asyncpg.Connection, turn: TurnLog) -> None:
    await conn.execute(
        _PERFORMANCE_SQL, turn.session_id, turn.request_id, turn.event_id, turn.channel, turn.intent,
        _ms(turn, "total") or 0, _ms(turn, "nlu"), _ms(turn, "rag"), _ms(turn, "recommendation"),
        _ms(turn, "response"), turn.error_type is None, turn.error_type, turn.at,
    )


async def _insert_training_candidate(conn: asyncpg.Connection, turn: TurnLog, user_id: int, conv_id: int) -> None:
    reason = "fallback" if turn.intent == "UNKNOWN" else "low_confidence" if turn.confidence < LOW_CONFIDENCE else None
    if reason is None or not turn.input_text.strip():
        return
    await conn.execute(
        _TRAINING_SQL, turn.session_id, user_id, conv_id, turn.at, turn.event_id, turn.channel,
        mask_pii(turn.input_text), mask_pii(turn.normalized_text or "") or None, turn.intent, turn.entities,
        turn.confidence, turn.model_version, reason,
    )
