"""Coupon expiry and expiry notices (scheduled; queue ``coupons``).

``workers.coupon_expiry.expire_coupons(now: str | None = None)``
    ACTIVE wallet rows past ``expires_at`` become EXPIRED (one idempotent statement).
``workers.coupon_expiry.send_expiry_notices(now: str | None = None)``
    A coupon about to expire gets one reminder: ``expiry_notified`` is set in the same transaction that creates its
    outbox row (``coupon_expiring:<wallet_id>``), rows are claimed with ``FOR UPDATE SKIP LOCKED``, so a second run or
    a second scheduler finds nothing to do. "About to expire": within 24 h, or within a quarter of the coupon's
    whole validity when that is shorter (a 24 h emergency coupon is reminded 6 h before its end, not right after
    it was issued). A reminder that quiet hours would push past the expiry is not created.
"""

from __future__ import annotations

from datetime import timedelta

import asyncpg
import structlog

from workers.outbox import NewPush, create_pushes
from workers.pushes import enqueue_sends
from workers.quiet_hours import next_send_time
from workers.runtime import business_tz, clock, with_connection

log = structlog.get_logger(__name__)

NOTICE_WINDOW = timedelta(hours=24)
NOTICE_BATCH = 1000

_DUE_NOTICES = """
WITH due AS (
    SELECT w.id FROM chatbot.user_coupon_wallet w
    WHERE w.status = 'ACTIVE' AND w.expiry_notified IS NOT TRUE AND w.expires_at > $1
      AND w.expires_at - $1::timestamptz <= LEAST($2::interval, (w.expires_at - coalesce(w.issued_at, $1)) / 4)
    ORDER BY w.expires_at, w.id
    LIMIT $3
    FOR UPDATE OF w SKIP LOCKED
)
UPDATE chatbot.user_coupon_wallet w SET expiry_notified = TRUE
FROM due, chatbot.coupons c
WHERE w.id = due.id AND c.id = w.coupon_id
RETURNING w.id AS wallet_id, w.user_id, w.coupon_id, w.expires_at, c.coupon_name
"""


def expire_coupons(now: str | None = None) -> int:
    at = clock(now)
    status = with_connection(lambda conn: conn.execute(
        """UPDATE chatbot.user_coupon_wallet SET status = 'EXPIRED'
           WHERE status = 'ACTIVE' AND expires_at <= $1""",
        at,
    ))
    expired = int(status.split()[-1])
    log.info("coupons_expired", count=expired)
    return expired


def send_expiry_notices(now: str | None = None) -> int:
    at = clock(now)
    tz = business_tz()

    async def work(conn: asyncpg.Connection) -> list:
        created: list = []
        while True:
            async with conn.transaction():
                rows = await conn.fetch(_DUE_NOTICES, at, NOTICE_WINDOW, NOTICE_BATCH)
                not_before = next_send_time(at, tz)
                created += await create_pushes(conn, [
                    NewPush(f"coupon_expiring:{r['wallet_id']}", r["user_id"], "coupon_expiring",
                            {"coupon_id": r["coupon_id"], "coupon_name": r["coupon_name"],
                             "expires_at": r["expires_at"].isoformat()}, not_before)
                    for r in rows
                    if not_before < r["expires_at"]
                ])
            if len(rows) < NOTICE_BATCH:
                return created

    created = with_connection(work)
    enqueue_sends([outbox_id for outbox_id, due in created if due <= at], now)
    log.info("expiry_notices", count=len(created))
    return len(created)
