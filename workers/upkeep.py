"""Scheduled upkeep of the database (queue ``upkeep``; seed 000 §5.4 and seed 002).

Each job is safe to run twice and safe when two schedulers run by mistake: a single idempotent statement, or (the
popularity EMA, which would decay twice) a run recorded per schedule slot in ``chatbot.job_runs`` inside the
job's own transaction.

``create_next_partitions(months_ahead=3)``, ``clean_inactive_sessions()``, ``delete_old_sessions(days=30)``,
``refresh_shop_status(now=None)``, ``update_popularity(now=None)``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import asyncpg
import structlog

from workers.runtime import clock, with_connection

log = structlog.get_logger(__name__)

PARTITION_MONTHS_AHEAD = 3
OLD_SESSION_DAYS = 30
POPULARITY_SLOT = timedelta(minutes=5)
POPULARITY_KEEP, POPULARITY_RECENT = 0.7, 0.3  # score = 0.7 · previous + 0.3 · recent (seed 000 §5.4)
POPULARITY_WINDOW = timedelta(hours=24)
SELECTION_WEIGHT = 5  # a shop the child picked counts as much as five times being shown


def create_next_partitions(months_ahead: int = PARTITION_MONTHS_AHEAD) -> int:
    created = with_connection(
        lambda conn: conn.fetchval("SELECT chatbot.create_conversation_partitions($1)", months_ahead)
    )
    log.info("partitions_created", created=created, months_ahead=months_ahead)
    return created


def clean_inactive_sessions() -> int:
    closed = with_connection(lambda conn: conn.fetchval("SELECT chatbot.clean_inactive_sessions()"))
    log.info("inactive_sessions_closed", closed=closed)
    return closed


def delete_old_sessions(days: int = OLD_SESSION_DAYS) -> int:
    deleted = with_connection(lambda conn: conn.fetchval("SELECT chatbot.delete_old_sessions($1)", days))
    log.info("old_sessions_deleted", deleted=deleted, days=days)
    return deleted


def refresh_shop_status(now: str | None = None) -> int:
    """shops.current_status from their business hours at ``now`` (only rows whose state changed are written)."""
    at = clock(now)
    status = with_connection(lambda conn: conn.execute(
        """UPDATE chatbot.shops s SET current_status = t.state
           FROM (SELECT id, chatbot.shop_open_state_at(business_hours, $1) AS state FROM chatbot.shops) t
           WHERE s.id = t.id AND s.current_status IS DISTINCT FROM t.state""",
        at,
    ))
    changed = int(status.split()[-1])
    log.info("shop_status_refreshed", changed=changed)
    return changed


_POPULARITY = """
WITH shown AS (
    SELECT (e->>'shop_id')::int AS shop_id, count(*) AS n
    FROM chatbot.recommendations_log r CROSS JOIN LATERAL jsonb_array_elements(
        CASE WHEN jsonb_typeof(r.recommendations) = 'array' THEN r.recommendations ELSE '[]'::jsonb END) e
    WHERE r."timestamp" > $1::timestamptz - $2::interval AND r."timestamp" <= $1
      AND jsonb_typeof(e->'shop_id') = 'number'
    GROUP BY 1
), picked AS (
    SELECT user_final_selection AS shop_id, count(*) AS n FROM chatbot.recommendations_log
    WHERE "timestamp" > $1::timestamptz - $2::interval AND "timestamp" <= $1 AND user_final_selection IS NOT NULL
    GROUP BY 1
), signal AS (
    SELECT shop_id, coalesce(shown.n, 0) + $3 * coalesce(picked.n, 0) AS raw
    FROM shown FULL JOIN picked USING (shop_id)
), recent AS (
    SELECT shop_id, raw::numeric / NULLIF(max(raw) OVER (), 0) AS score FROM signal
)
UPDATE chatbot.shops s
SET popularity_score = round($4 * coalesce(s.popularity_score, 0) + $5 * coalesce(recent.score, 0), 3)
FROM chatbot.shops s2 LEFT JOIN recent ON recent.shop_id = s2.id
WHERE s.id = s2.id
"""


def update_popularity(now: str | None = None) -> dict:
    """Popularity EMA over the shops, once per 5-minute slot. The recent signal of a shop is how often it was
    recommended plus five times how often it was picked in the last 24 h, scaled so the busiest shop has 1.0."""
    at = clock(now)
    slot = datetime.fromtimestamp(at.timestamp() // POPULARITY_SLOT.total_seconds() * POPULARITY_SLOT.total_seconds(),
                                  at.tzinfo)

    async def work(conn: asyncpg.Connection) -> dict:
        async with conn.transaction():
            first = await conn.fetchval(
                """INSERT INTO chatbot.job_runs (job_name, slot) VALUES ('popularity_ema', $1)
                   ON CONFLICT DO NOTHING RETURNING 1""",
                slot,
            )
            if not first:
                return {"slot": slot.isoformat(), "updated": 0, "skipped": True}
            status = await conn.execute(_POPULARITY, at, POPULARITY_WINDOW, SELECTION_WEIGHT, POPULARITY_KEEP,
                                        POPULARITY_RECENT)
            return {"slot": slot.isoformat(), "updated": int(status.split()[-1]), "skipped": False}

    result = with_connection(work)
    log.info("popularity_updated", **result)
    return result
