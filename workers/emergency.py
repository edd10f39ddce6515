"""The emergency meal coupon (EMERGENCY_FOOD_AID, seed 000 §5.3 scenario 1), issued to one user or to a whole
batch of low-balance cards with the same rules, in set form.

Rules, all checked in the caller's transaction while the coupon row is locked (FOR UPDATE), so concurrent issuers
queue behind each other and each sees what the previous one committed:

* the coupon is active and today (Asia/Seoul) lies within valid_from..valid_until;
* not already issued to the user in the last 24 h (a rolling window, checked on ``issued_at``), and no unused one
  still active — a stale ACTIVE one past its expiry is expired first;
* ``max_use_per_user`` (ACTIVE + USED rows) and ``max_issue_count`` (``total_issued``; the CHECK constraint
  ``coupons_issue_limit`` refuses any over-issue even if this arithmetic were wrong);
* ``issue_key`` = ``EMERGENCY_FOOD_AID:<user_id>:<yyyy-mm-dd in Asia/Seoul>`` (UNIQUE) makes a retried job a no-op,
  and the partial unique index "one ACTIVE per user and coupon" backs the rest up.

The coupon is valid for 24 h (never past the coupon's own last day).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import asyncpg

EMERGENCY_COUPON_ID = "EMERGENCY_FOOD_AID"
VALID_FOR = timedelta(hours=24)


@dataclass(frozen=True)
class IssuedCoupon:
    wallet_id: int
    user_id: int
    coupon_id: str
    coupon_name: str
    amount: int | None
    expires_at: datetime


_EXPIRE_STALE = """
UPDATE chatbot.user_coupon_wallet SET status = 'EXPIRED'
WHERE user_id = ANY($1::int[]) AND coupon_id = $2 AND status = 'ACTIVE' AND expires_at <= $3
"""

_ISSUE = """
WITH candidates AS (
    SELECT DISTINCT u.user_id
    FROM unnest($1::int[]) AS u(user_id)
    JOIN chatbot.users usr ON usr.id = u.user_id AND usr.status = 'ACTIVE'
    WHERE NOT EXISTS (
            SELECT 1 FROM chatbot.user_coupon_wallet w
            WHERE w.user_id = u.user_id AND w.coupon_id = $2
              AND (w.status = 'ACTIVE' OR w.issued_at > $3::timestamptz - interval '24 hours'))
      AND ($4::int IS NULL OR (
            SELECT count(*) FROM chatbot.user_coupon_wallet w
            WHERE w.user_id = u.user_id AND w.coupon_id = $2 AND w.status IN ('ACTIVE', 'USED')) < $4)
    ORDER BY u.user_id
    LIMIT $5
)
INSERT INTO chatbot.user_coupon_wallet
    (user_id, coupon_id, issue_key, acquisition_source, acquisition_context, expires_at, issued_at)
SELECT user_id, $2, $2 || ':' || user_id || ':' || $6, 'EMERGENCY_ASSIST', $8::jsonb, $7, $3
FROM candidates
ON CONFLICT DO NOTHING
RETURNING id, user_id, expires_at
"""


async def issue_emergency_coupons(
    conn: asyncpg.Connection, user_ids: Sequence[int], at: datetime, tz: ZoneInfo, trigger: str
) -> dict[int, IssuedCoupon]:
    """Issue the emergency coupon to every eligible user of ``user_ids``; run inside a transaction."""
    if not user_ids:
        return {}
    coupon = await conn.fetchrow(
        """SELECT id, coupon_name, discount_amount, is_active, valid_from, valid_until, max_issue_count,
                  total_issued, max_use_per_user
           FROM chatbot.coupons WHERE id = $1 FOR UPDATE""",
        EMERGENCY_COUPON_ID,
    )
    today = at.astimezone(tz).date()
    if coupon is None or not coupon["is_active"] or not coupon["valid_from"] <= today <= coupon["valid_until"]:
        return {}
    capacity = None if coupon["max_issue_count"] is None else coupon["max_issue_count"] - coupon["total_issued"]
    if capacity is not None and capacity <= 0:
        return {}
    last_moment = datetime.combine(coupon["valid_until"] + timedelta(days=1), time.min, tz)
    expires_at = min(at + VALID_FOR, last_moment)
    ids = sorted(set(user_ids))
    await conn.execute(_EXPIRE_STALE, ids, EMERGENCY_COUPON_ID, at)
    rows = await conn.fetch(
        _ISSUE, ids, EMERGENCY_COUPON_ID, at, coupon["max_use_per_user"], capacity, today.isoformat(), expires_at,
        json.dumps({"trigger_event": trigger}),
    )
    if rows:
        await conn.execute(
            "UPDATE chatbot.coupons SET total_issued = total_issued + $2 WHERE id = $1", EMERGENCY_COUPON_ID, len(rows)
        )
    return {
        r["user_id"]: IssuedCoupon(r["id"], r["user_id"], EMERGENCY_COUPON_ID, coupon["coupon_name"],
                                   coupon["discount_amount"], r["expires_at"])
        for r in rows
    }
