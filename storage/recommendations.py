"""What the user did with a recommendation: the shop chosen (``recommendations_log.user_final_selection`` and
``time_to_decision_ms``), a 👍/👎 (``feedback_rating``) and one ``ml_training.recommendation_feedback`` row each.

Decision (selection logging): the ``recommendations_log`` row is written by the turn-log worker from the turn
that showed the shops (its ``event_id``), possibly after the user has already chosen. So a choice is a small job
of its own on the same ``logs`` queue (FIFO behind that turn's log), keyed by the choosing turn's event id:
:func:`record_choice` finds the row by ``session_id`` + the showing turn's ``event_id``; when the row is not
there yet it raises :class:`RecommendationLogMissing` and RQ retries the job (1 s, 5 s, 15 s, 60 s, 300 s). The
feedback row is inserted once per choosing event, so a retried or redelivered job changes nothing twice.
"""

from __future__ import annotations

import asyncio
from dataclasses import asdict, dataclass, field
from datetime import datetime

import asyncpg

from storage.errors import domain_errors

CHOICE_JOB_PATH = "storage.recommendations.record_choice_job"
SATISFACTION = {"selected": 0.8, "clicked": 0.6, "viewed": 0.5}


class RecommendationLogMissing(LookupError):
    """The turn that showed the recommendations has not been logged yet (the job is retried)."""


@dataclass(frozen=True)
class Choice:
    session_id: str
    shown_event_id: str  # the turn that showed the shops
    event_id: str  # the turn that chose / rated
    user_id: int
    action: str  # selected | clicked | viewed
    at: str  # ISO 8601 with offset
    shop_id: int | None = None
    time_to_action_ms: int | None = None
    rating: int | None = None  # 1..5 (👍 5, 👎 1)
    channel: str = "web"
    context_features: dict = field(default_factory=dict)
    user_features: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Choice:
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})

    @property
    def satisfaction(self) -> float:
        if self.rating is not None:
            return round((self.rating - 1) / 4, 3)
        return SATISFACTION.get(self.action, 0.5)


_FIND_LOG = """
SELECT id, recommendations FROM chatbot.recommendations_log
WHERE session_id = $1 AND event_id = $2
FOR UPDATE
"""
_SELECT = """
UPDATE chatbot.recommendations_log
SET user_final_selection = $2::int, time_to_decision_ms = $3::int,
    user_viewed_details = (SELECT array_agg(DISTINCT v) FROM unnest(array_append(user_viewed_details, $2::int)) v)
WHERE id = $1
"""
_RATE = "UPDATE chatbot.recommendations_log SET feedback_rating = $2 WHERE id = $1"
_FEEDBACK = """
INSERT INTO ml_training.recommendation_feedback (recommendation_log_id, user_id, session_id, recommended_shops,
    user_action, selected_shop_id, action_timestamp, time_to_action_ms, interaction_details, context_features,
    user_features, explicit_rating, implicit_satisfaction, learning_value, device_type)
SELECT $1::bigint, $2::int, $3::uuid, $4::jsonb, $5::varchar, $6::int, $7::timestamptz, $8::int, $9::jsonb,
       $10::jsonb, $11::jsonb, $12::int, $13::float8, $14::float8, $15::varchar
WHERE NOT EXISTS (SELECT 1 FROM ml_training.recommendation_feedback
                  WHERE recommendation_log_id = $1::bigint
                    AND interaction_details->>'event_id' = $9::jsonb->>'event_id')
"""


def recommended_shops(recommendations: list) -> list[dict]:
    """The log's recommendations as the feedback table keeps them: shop, rank, score, reason codes."""
    return [
        {"shop_id": r.get("shop_id"), "rank": r.get("ranking"), "score": r.get("score"),
         "reason_codes": r.get("reason_codes", [])}
        for r in recommendations or []
    ]


async def record_choice(conn: asyncpg.Connection, choice: Choice) -> bool:
    """Apply ``choice`` to its recommendation log row; False when this event had been recorded already."""
    with domain_errors():
        async with conn.transaction():
            row = await conn.fetchrow(_FIND_LOG, choice.session_id, choice.shown_event_id)
            if row is None:
                raise RecommendationLogMissing(choice.shown_event_id)
            if choice.action == "selected" and choice.shop_id is not None and choice.rating is None:
                await conn.execute(_SELECT, row["id"], choice.shop_id, choice.time_to_action_ms)
            if choice.rating is not None:
                await conn.execute(_RATE, row["id"], choice.rating)
            status = await conn.execute(
                _FEEDBACK, row["id"], choice.user_id, choice.session_id, recommended_shops(row["recommendations"]),
                choice.action, choice.shop_id if choice.action == "selected" else None,
                datetime.fromisoformat(choice.at), choice.time_to_action_ms, {"event_id": choice.event_id},
                choice.context_features, choice.user_features, choice.rating, choice.satisfaction,
                1.0 if choice.rating is not None else 0.6, choice.channel,
            )
    return status.endswith(" 1")


def record_choice_job(payload: dict) -> bool:
    """The RQ job (``CHOICE_JOB_PATH``): record one choice; raises while the log row is not written yet."""
    from storage.config import load_settings
    from storage.db import connect

    async def run() -> bool:
        conn = await connect(load_settings().database_url)
        try:
            return await record_choice(conn, Choice.from_json(payload))
        finally:
            await conn.close()

    return asyncio.run(run())
