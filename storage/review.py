"""The NLU review queue (``chatbot.nlu_training_data``): what operators confirm or correct becomes training data.

* Pending rows come from the turn log (low confidence, UNKNOWN) and from turns whose recommendations got a 👎
  (:func:`collect_thumbs_down` copies those in, once per turn).
* :func:`apply_review` records an operator's decision: ``confirmed`` (the prediction was right), ``corrected``
  (another intent or other entities) or ``discarded`` (not a usable example); when the turn was also collected
  automatically into ``ml_training.nlu_training_data`` (confidence >= 0.7), that label is fixed too.
* :func:`reviewed_examples` is what ``python -m nlu train --extra FILE`` reads: ``{"text", "intent", "entities"}``.
"""

from __future__ import annotations

import json

from storage.privacy import mask_pii, mask_value

ACTIONS = ("confirm", "correct", "discard")

_PENDING = """
SELECT t.id, t.created_at, t.channel, t.session_id::text AS session_id, t.input_text, t.predicted_intent,
       t.predicted_entities, t.prediction_confidence::float8 AS confidence, t.collection_reason, u.user_key
FROM chatbot.nlu_training_data t LEFT JOIN chatbot.users u ON u.id = t.user_id
WHERE t.review_status = 'pending'
ORDER BY (t.collection_reason = 'user_feedback') DESC, t.created_at DESC, t.id DESC
LIMIT $1
"""
_THUMBS_DOWN = """
INSERT INTO chatbot.nlu_training_data (session_id, user_id, conversation_id, conversation_timestamp, event_id,
    channel, input_text, predicted_intent, predicted_entities, prediction_confidence, collection_reason)
SELECT c.session_id, c.user_id, c.id, c."timestamp", c.event_id, c.channel, c.input_text,
       COALESCE(c.extracted_intent, 'UNKNOWN'), c.extracted_entities, c.intent_confidence, 'user_feedback'
FROM chatbot.recommendations_log r
JOIN chatbot.conversations c ON c.event_id = r.event_id AND c.session_id = r.session_id
WHERE r.feedback_rating <= 2 AND r."timestamp" >= now() - interval '30 days'
ON CONFLICT (event_id) DO NOTHING
"""
_DECIDE = """
UPDATE chatbot.nlu_training_data
SET review_status = $2, true_intent = $3, true_entities = $4::jsonb, reviewed_by = $5, reviewed_at = now()
WHERE id = $1
RETURNING conversation_id, predicted_intent
"""
_CURATED = """
UPDATE ml_training.nlu_training_data
SET true_intent = $2, true_entities = $3::jsonb, label_source = $4, labeler_id = $5, label_confidence = 1.0
WHERE conversation_id = $1 AND is_augmented IS NOT TRUE
"""


def _json_object(value: object) -> dict:
    if isinstance(value, str):
        value = json.loads(value)
    return value if isinstance(value, dict) else {}


async def collect_thumbs_down(conn) -> int:
    """Copy turns whose recommendations got a 👎 (last 30 days) into the queue; how many were new."""
    status = await conn.execute(_THUMBS_DOWN)
    return int(status.rsplit(" ", 1)[-1])


async def pending(conn, limit: int = 50) -> list[dict]:
    rows = [dict(r) for r in await conn.fetch(_PENDING, limit)]
    for row in rows:
        row["input_text"] = mask_pii(row["input_text"])
        row["predicted_entities"] = mask_value(_json_object(row["predicted_entities"]))
    return rows


async def pending_count(conn) -> int:
    return await conn.fetchval("SELECT count(*) FROM chatbot.nlu_training_data WHERE review_status = 'pending'")


async def training_queue(conn) -> list[dict]:
    """``ml_training.data_queue`` rows per model and status (what the automatic collection has gathered)."""
    rows = await conn.fetch("SELECT model_type, status, count(*) AS n FROM ml_training.data_queue "
                            "GROUP BY model_type, status ORDER BY model_type, status")
    return [dict(r) for r in rows]


async def apply_review(conn, row_id: int, action: str, reviewer: str, *, intent: str | None = None,
                       entities: dict | None = None) -> dict | None:
    """Record a decision on one row; what was decided (for the audit log), or None when the row does not exist."""
    if action not in ACTIONS:
        raise ValueError(f"unknown review action {action!r}")
    async with conn.transaction():
        row = await conn.fetchrow(
            "SELECT predicted_intent, predicted_entities FROM chatbot.nlu_training_data WHERE id = $1 FOR UPDATE",
            row_id)
        if row is None:
            return None
        predicted_entities = _json_object(row["predicted_entities"])
        true_intent = intent or row["predicted_intent"]
        true_entities = mask_value(entities) if entities is not None else predicted_entities
        status = "discarded" if action == "discard" else (
            "confirmed" if (true_intent, true_entities) == (row["predicted_intent"], predicted_entities)
            else "corrected")
        if status == "discarded":
            true_intent, true_entities = None, None
        decided = await conn.fetchrow(_DECIDE, row_id, status, true_intent, true_entities, reviewer)
        if status != "discarded" and decided["conversation_id"] is not None:
            await conn.execute(_CURATED, decided["conversation_id"], true_intent, true_entities,
                               "verified" if status == "confirmed" else "corrected", f"operator:{reviewer}")
    return {"status": status, "predicted": row["predicted_intent"], "intent": true_intent, "entities": true_entities}


async def reviewed_examples(conn) -> list[dict]:
    """Every confirmed or corrected example as ``{"text", "intent", "entities"}``, oldest review first."""
    rows = await conn.fetch(
        """SELECT input_text, true_intent, true_entities FROM chatbot.nlu_training_data
           WHERE review_status IN ('confirmed', 'corrected') AND true_intent IS NOT NULL
           ORDER BY reviewed_at, id""")
    return [{"text": mask_pii(r["input_text"]), "intent": r["true_intent"],
             "entities": mask_value(_json_object(r["true_entities"]))} for r in rows]


def to_jsonl(examples: list[dict]) -> str:
    return "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in examples)
