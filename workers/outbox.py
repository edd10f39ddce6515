"""The push outbox (``chatbot.push_outbox``, migration 0020): pushes are rows before they are requests.

A push row is created in the same transaction as the fact it announces (the alert flag, the coupon), under a
unique ``push_key``, so a job that runs twice creates it once. Senders *claim* rows with a short lease instead of
holding a transaction open across an HTTP call; a claim that outlives a killed sender simply expires. The row's
``retry_key`` is the X-Line-Retry-Key of every attempt, so LINE delivers a retried push once.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import asyncpg

CLAIM_FOR = timedelta(seconds=60)
PUSH_CHANNELS = ("line", "kakao")


@dataclass(frozen=True)
class NewPush:
    push_key: str
    user_id: int
    kind: str
    payload: dict
    not_before: datetime


@dataclass(frozen=True)
class ClaimedPush:
    outbox_id: int
    kind: str
    retry_key: uuid.UUID
    payload: dict
    platform: str
    external_user_id: str
    reachable: bool  # active, follows the bot, accepts pushes
    attempts: int


_CREATE = """
INSERT INTO chatbot.push_outbox (push_key, user_id, kind, payload, not_before)
SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[]::jsonb[], $5::timestamptz[])
ON CONFLICT (push_key) DO NOTHING
RETURNING id, not_before
"""

_CLAIM = """
UPDATE chatbot.push_outbox p SET claimed_until = $2::timestamptz + $3::interval
FROM chatbot.users u
WHERE p.id = ANY($1::bigint[]) AND u.id = p.user_id AND p.status = 'pending' AND p.not_before <= $2
  AND (p.claimed_until IS NULL OR p.claimed_until < $2)
RETURNING p.id, p.kind, p.retry_key, p.payload::text AS payload, p.attempts, u.platform, u.external_user_id,
          (u.status = 'ACTIVE' AND u.push_enabled AND u.unfollowed_at IS NULL) AS reachable
"""


async def create_pushes(conn: asyncpg.Connection, pushes: Sequence[NewPush]) -> list[tuple[int, datetime]]:
    """Insert the pushes not created before; (outbox id, not_before) of each new one."""
    if not pushes:
        return []
    rows = await conn.fetch(
        _CREATE, [p.push_key for p in pushes], [p.user_id for p in pushes], [p.kind for p in pushes],
        [json.dumps(p.payload, ensure_ascii=False) for p in pushes], [p.not_before for p in pushes],
    )
    return [(row["id"], row["not_before"]) for row in rows]


async def claim(conn: asyncpg.Connection, outbox_ids: Sequence[int], at: datetime) -> list[ClaimedPush]:
    """Lease the given pushes that are pending, due at ``at`` and not leased by another sender."""
    rows = await conn.fetch(_CLAIM, list(outbox_ids), at, CLAIM_FOR)
    return [
        ClaimedPush(r["id"], r["kind"], r["retry_key"], json.loads(r["payload"]), r["platform"],
                    r["external_user_id"], r["reachable"], r["attempts"])
        for r in sorted(rows, key=lambda r: r["id"])
    ]


async def mark_sent(conn: asyncpg.Connection, outbox_id: int, at: datetime) -> None:
    await conn.execute(
        """UPDATE chatbot.push_outbox SET status = 'sent', sent_at = $2, claimed_until = NULL,
               attempts = attempts + 1, last_error = NULL
           WHERE id = $1 AND status = 'pending'""",
        outbox_id, at,
    )


async def mark_final(conn: asyncpg.Connection, outbox_id: int, status: str, reason: str) -> None:
    """``skipped`` (nobody to send to) or ``failed`` (the platform refused for good): never tried again."""
    await conn.execute(
        """UPDATE chatbot.push_outbox SET status = $2, last_error = $3, claimed_until = NULL
           WHERE id = $1 AND status = 'pending'""",
        outbox_id, status, reason,
    )


async def mark_attempt_failed(conn: asyncpg.Connection, outbox_id: int, error: str) -> None:
    """Still pending: the job's retry (same row, same retry key) tries again."""
    await conn.execute(
        """UPDATE chatbot.push_outbox SET attempts = attempts + 1, last_error = $2, claimed_until = NULL
           WHERE id = $1 AND status = 'pending'""",
        outbox_id, error[:500],
    )


async def defer(conn: asyncpg.Connection, outbox_id: int, not_before: datetime) -> None:
    await conn.execute(
        "UPDATE chatbot.push_outbox SET not_before = $2, claimed_until = NULL WHERE id = $1 AND status = 'pending'",
        outbox_id, not_before,
    )


async def due_ids(conn: asyncpg.Connection, at: datetime, limit: int = 10_000) -> list[int]:
    """Pushes never tried whose time has come (deferred by quiet hours, or whose send job was lost)."""
    rows = await conn.fetch(
        """SELECT id FROM chatbot.push_outbox
           WHERE status = 'pending' AND not_before <= $1 AND attempts = 0
             AND (claimed_until IS NULL OR claimed_until < $1)
           ORDER BY not_before, id LIMIT $2""",
        at, limit,
    )
    return [r["id"] for r in rows]
