"""Turn logs as column arrays: one ``unnest`` INSERT per table writes a whole batch (seed 000 §5.2 step 7).

Pure functions, no database: each takes the turns of a batch (already ordered) and returns the positional
arguments of one statement in ``storage.turn_log``. JSON goes as text and is cast in SQL, so the arrays need no
custom codecs. Personal data is masked here (seed 000 §8.6), the one place every batch goes through.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from storage.privacy import mask_pii

if TYPE_CHECKING:
    from storage.turn_log import TurnLog

LOW_CONFIDENCE = 0.6  # below this a prediction goes to the operators' review queue


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def milliseconds(turn: TurnLog, name: str) -> int | None:
    value = turn.timings_ms.get(name)
    return None if value is None else max(0, round(value))


def shop_ids_literal(turn: TurnLog) -> str | None:
    """The recommended shop ids as a PostgreSQL array literal (unnest cannot take an array of arrays)."""
    ids = [r["shop_id"] for r in turn.recommendations if isinstance(r, dict) and type(r.get("shop_id")) is int]
    return "{" + ",".join(map(str, ids)) + "}" if ids else None


def training_reason(turn: TurnLog) -> str | None:
    """Why a turn goes to the review queue: the NLU gave up, or was unsure."""
    if not turn.input_text.strip():
        return None
    if turn.intent == "UNKNOWN":
        return "fallback"
    return "low_confidence" if turn.confidence < LOW_CONFIDENCE else None


def session_columns(turns: Sequence[TurnLog], user_ids: dict[str, int]) -> tuple[list, ...]:
    """One row per session (its first turn's user and channel, its last turn's time), in session order."""
    sessions: dict[str, list] = {}
    for turn in turns:
        row = sessions.get(turn.session_id)
        if row is None:
            sessions[turn.session_id] = [turn.session_id, user_ids[turn.event_id], turn.channel, turn.at, turn.at]
        else:
            row[3], row[4] = min(row[3], turn.at), max(row[4], turn.at)
    rows = [sessions[key] for key in sorted(sessions)]
    return tuple(list(column) for column in zip(*rows, strict=True)) if rows else ([], [], [], [], [])


def conversation_columns(turns: Sequence[TurnLog], user_ids: dict[str, int]) -> tuple[list, ...]:
    columns: tuple[list, ...] = tuple([] for _ in range(18))
    for t in turns:
        row = (
            user_ids[t.event_id], t.session_id, t.event_id, t.channel, mask_pii(t.input_text), t.response_text,
            t.at, t.intent, float(t.confidence), _json(t.entities or {}), t.conversation_turn, t.previous_intent,
            t.user_strategy, milliseconds(t, "total"), milliseconds(t, "nlu"), milliseconds(t, "rag"),
            milliseconds(t, "response"), shop_ids_literal(t),
        )
        for column, value in zip(columns, row, strict=True):
            column.append(value)
    return columns


def recommendation_columns(turns: Sequence[TurnLog], user_ids: dict[str, int]) -> tuple[list, ...]:
    columns: tuple[list, ...] = tuple([] for _ in range(12))
    for t in turns:
        if not t.recommendations:
            continue
        row = (
            user_ids[t.event_id], t.session_id, t.at, t.event_id, t.intent, _json(t.entities or {}),
            t.user_latitude, t.user_longitude, _json(t.recommendations), len(t.recommendations),
            t.recommendation_method or "FALLBACK", t.total_candidates,
        )
        for column, value in zip(columns, row, strict=True):
            column.append(value)
    return columns


def performance_columns(turns: Sequence[TurnLog]) -> tuple[list, ...]:
    columns: tuple[list, ...] = tuple([] for _ in range(13))
    for t in turns:
        row = (
            t.session_id, t.request_id, t.event_id, t.channel, t.intent, milliseconds(t, "total") or 0,
            milliseconds(t, "nlu"), milliseconds(t, "rag"), milliseconds(t, "recommendation"),
            milliseconds(t, "response"), t.error_type is None, t.error_type, t.at,
        )
        for column, value in zip(columns, row, strict=True):
            column.append(value)
    return columns


def training_columns(
    turns: Sequence[TurnLog], user_ids: dict[str, int], conversation_ids: dict[str, int]
) -> tuple[list, ...]:
    columns: tuple[list, ...] = tuple([] for _ in range(13))
    for t in turns:
        reason = training_reason(t)
        if reason is None:
            continue
        row = (
            t.session_id, user_ids[t.event_id], conversation_ids[t.event_id], t.at, t.event_id, t.channel,
            mask_pii(t.input_text), mask_pii(t.normalized_text or "") or None, t.intent, _json(t.entities or {}),
            float(t.confidence), t.model_version, reason,
        )
        for column, value in zip(columns, row, strict=True):
            column.append(value)
    return columns
