"""Helpers shared by the schema tests: unique values, Seoul months, rows a test needs."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from zoneinfo import ZoneInfo

SEOUL = ZoneInfo("Asia/Seoul")



def unique(prefix: str = "t") -> str:
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


def month_start(months_ahead: int = 0) -> dt.datetime:
    """Start of the Asia/Seoul month ``months_ahead`` months from now (partitions follow Seoul months)."""
    now = dt.datetime.now(SEOUL)
    index = now.year * 12 + now.month - 1 + months_ahead
    return dt.datetime(index // 12, index % 12 + 1, 1, tzinfo=SEOUL)


def partition_name(moment: dt.datetime) -> str:
    local = moment.astimezone(SEOUL)
    return f"conversations_{local.year:04d}_{local.month:02d}"


def relname(regclass_text: str) -> str:
    """``chatbot.x`` or ``x`` (regclass::text omits a schema that is on the search_path) -> ``x``."""
    return regclass_text.rsplit(".", 1)[-1]


async def new_user(conn, platform: str = "test") -> int:
    return await conn.fetchval(
        "INSERT INTO chatbot.users (platform, external_user_id, user_key) VALUES ($1, $2, $3) RETURNING id",
        platform,
        unique("ext"),
        unique("key"),
    )


async def new_session(conn, user_id: int | None) -> uuid.UUID:
    return await conn.fetchval("SELECT chatbot.start_session($1, 'chat', $2::jsonb)", user_id, {"test": True})


async def new_shop(conn, lat: float = 37.5405, lng: float = 127.0693) -> int:
    return await conn.fetchval(
        """INSERT INTO chatbot.shops (shop_name, category, address_name, latitude, longitude, neighbourhood,
                                      seat_count, accepts_group_reservation)
           VALUES ($1, '분식', $2, $3, $4, '건대입구', 24, TRUE) RETURNING id""",
        unique("shop"),
        unique("addr"),
        Decimal(str(lat)),
        Decimal(str(lng)),
    )


async def log_turn(
    conn,
    session_id,
    user_id,
    *,
    text="5천원으로 점심 뭐 먹지?",
    at=None,
    intent="BUDGET_INQUIRY",
    confidence="0.920",
    event_id=None,
):
    """Insert one conversation row; returns (id, "timestamp", partition name)."""
    row = await conn.fetchrow(
        """INSERT INTO chatbot.conversations (
               session_id, user_id, input_text, response_text, "timestamp",
               extracted_intent, intent_confidence, extracted_entities, event_id, channel)
           VALUES ($1, $2, $3, '추천해 드릴게요', COALESCE($4, now()),
                   $5, $6, $7, COALESCE($8, gen_random_uuid()::text), 'kakao')
           RETURNING id, "timestamp", tableoid::regclass::text AS partition""",
        session_id,
        user_id,
        text,
        at,
        intent,
        None if confidence is None else Decimal(confidence),
        {"budget": 5000},
        event_id,
    )
    return row["id"], row["timestamp"], relname(row["partition"])


