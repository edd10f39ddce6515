"""The operator console's view of the turn log: filtered lists, the live tail and one conversation's timeline.

Only the pseudonymous ``users.user_key`` is ever selected (never ``external_user_id``, phone or card columns),
and every text that leaves here goes through ``mask_pii`` once more: ``input_text`` is masked when it is logged,
but an answer can quote what the child typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import asyncpg

from storage.privacy import mask_pii, mask_value

PAGE_SIZE = 50


@dataclass(frozen=True)
class TurnFilters:
    """What the operator narrowed the list to; every field optional."""

    channel: str | None = None
    intent: str | None = None
    max_confidence: float | None = None  # strictly below
    user_key: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    text: str | None = None

    def where(self, first_param: int = 1) -> tuple[str, list]:
        """The SQL condition (``c``: conversations, ``u``: users) and its parameters, numbered from ``first_param``."""
        clauses: list[str] = []
        params: list = []

        def add(template: str, value: object) -> None:
            params.append(value)
            clauses.append(template.format(p=f"${first_param + len(params) - 1}"))

        if self.channel:
            add("c.channel = {p}", self.channel)
        if self.intent:
            add("c.extracted_intent = {p}", self.intent)
        if self.max_confidence is not None:
            add("c.intent_confidence < {p}", self.max_confidence)
        if self.user_key:
            add("u.user_key = {p}", self.user_key)
        if self.since:
            add('c."timestamp" >= {p}', self.since)
        if self.until:
            add('c."timestamp" < {p}', self.until)
        if self.text:
            escaped = self.text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            add("(c.input_text ILIKE {p} OR c.response_text ILIKE {p})", f"%{escaped}%")
        return (" AND ".join(clauses) or "TRUE"), params


_TURN_COLUMNS = """
    c.id, c."timestamp", c.channel, c.session_id::text AS session_id, c.event_id, u.user_key,
    c.input_text, c.response_text, c.extracted_intent AS intent, c.intent_confidence::float8 AS confidence,
    c.extracted_entities AS entities, c.conversation_turn, c.processing_time_ms, c.nlu_time_ms, c.rag_time_ms,
    c.response_time_ms, COALESCE(cardinality(c.recommended_shop_ids), 0) AS shop_count
"""
_FROM = "FROM chatbot.conversations c LEFT JOIN chatbot.users u ON u.id = c.user_id"


def _clean(row: asyncpg.Record) -> dict:
    turn = dict(row)
    turn["input_text"] = mask_pii(turn.get("input_text") or "")
    turn["response_text"] = mask_pii(turn.get("response_text") or "")
    turn["entities"] = mask_value(turn.get("entities") or {})
    return turn


async def recent_turns(conn, filters: TurnFilters, *, limit: int = PAGE_SIZE, offset: int = 0) -> list[dict]:
    """The newest turns first."""
    where, params = filters.where()
    sql = (f'SELECT {_TURN_COLUMNS} {_FROM} WHERE {where} ORDER BY c."timestamp" DESC, c.id DESC '
           f"LIMIT {int(limit)} OFFSET {int(offset)}")
    return [_clean(r) for r in await conn.fetch(sql, *params)]


async def latest_turn_id(conn) -> int:
    return int(await conn.fetchval("SELECT COALESCE(max(id), 0) FROM chatbot.conversations"))


async def turns_after(conn, filters: TurnFilters, after_id: int, *, limit: int = 100,
                      except_ids: list[int] | tuple = ()) -> list[dict]:
    """Turns whose id is above ``after_id`` and not in ``except_ids`` (already shown), oldest first: the live tail
    polls with a watermark and a look-back, and the exclusion must be in the query, or a burst of more than
    ``limit`` turns already shown would hide every newer one."""
    where, params = filters.where(first_param=2)
    exclude = f"${len(params) + 2}::bigint[]"
    sql = (f"SELECT {_TURN_COLUMNS} {_FROM} WHERE c.id > $1 AND NOT (c.id = ANY({exclude})) AND {where} "
           f"ORDER BY c.id LIMIT {int(limit)}")
    return [_clean(r) for r in await conn.fetch(sql, after_id, *params, list(except_ids))]


_SESSION = """
SELECT s.session_id::text AS session_id, s.channel, s.session_start, s.last_activity_at, s.is_active, u.user_key
FROM chatbot.session_master s LEFT JOIN chatbot.users u ON u.id = s.user_id
WHERE s.session_id = $1::uuid
"""
_RECOMMENDATIONS = """
SELECT event_id, recommendation_method, recommendations, feedback_rating, user_final_selection
FROM chatbot.recommendations_log WHERE session_id = $1::uuid
"""


def _shops(recommendations: list | None) -> list[dict]:
    shops = []
    for item in recommendations or []:
        if isinstance(item, dict):
            shops.append({
                "shop_id": item.get("shop_id"), "name": mask_pii(str(item.get("shop_name") or "")),
                "score": item.get("score"), "rank": item.get("ranking"), "price": item.get("final_price"),
                "distance_m": item.get("distance_meters"),
            })
    return shops


async def conversation(conn, session_id: str) -> dict | None:
    """One session as a timeline: its metadata and every turn with NLU result, reply, shops and timings."""
    try:
        session = await conn.fetchrow(_SESSION, session_id)
    except (asyncpg.DataError, ValueError):
        return None
    if session is None:
        return None
    turns = [_clean(r) for r in await conn.fetch(
        f'SELECT {_TURN_COLUMNS} {_FROM} WHERE c.session_id = $1::uuid ORDER BY c."timestamp", c.id', session_id)]
    by_event = {r["event_id"]: r for r in await conn.fetch(_RECOMMENDATIONS, session_id)}
    for turn in turns:
        rec = by_event.get(turn["event_id"])
        turn["shops"] = _shops(rec["recommendations"]) if rec else []
        turn["method"] = rec["recommendation_method"] if rec else None
        turn["feedback"] = rec["feedback_rating"] if rec else None
    return {**dict(session), "turns": turns}
