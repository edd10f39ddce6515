"""What the workers did today (business day in ``tz_name``): pushes by kind and status, coupons issued."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

_PUSHES = """
SELECT kind, status, count(*) AS n FROM chatbot.push_outbox
WHERE COALESCE(sent_at, created_at) >= $1 GROUP BY kind, status ORDER BY kind, status
"""
_COUPONS = """
SELECT w.coupon_id, c.coupon_name, count(*) AS n FROM chatbot.user_coupon_wallet w
JOIN chatbot.coupons c ON c.id = w.coupon_id
WHERE w.issued_at >= $1 GROUP BY w.coupon_id, c.coupon_name ORDER BY n DESC, w.coupon_id
"""


def start_of_day(now: datetime, tz_name: str) -> datetime:
    return now.astimezone(ZoneInfo(tz_name)).replace(hour=0, minute=0, second=0, microsecond=0)


async def today(conn, now: datetime, tz_name: str) -> dict:
    """``{"pushes": [{kind, status, n}], "pushes_sent": int, "coupons": [{coupon_id, coupon_name, n}], ...}``."""
    since = start_of_day(now, tz_name)
    pushes = [dict(r) for r in await conn.fetch(_PUSHES, since)]
    coupons = [dict(r) for r in await conn.fetch(_COUPONS, since)]
    return {
        "since": since, "pushes": pushes, "coupons": coupons,
        "pushes_sent": sum(p["n"] for p in pushes if p["status"] == "sent"),
        "coupons_issued": sum(c["n"] for c in coupons),
    }
