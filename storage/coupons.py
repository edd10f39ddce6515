"""Coupons and the user's wallet (seed 000 §3.6–3.7).

Issuing is exactly-once by the database, not by luck: the coupon row is locked while its limits are checked,
the wallet row carries an idempotency key (``issue_key``, unique), and ``total_issued`` can never pass
``max_issue_count`` (a CHECK constraint). Fifty concurrent requests for the same coupon give one wallet row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import asyncpg

from storage.errors import domain_errors

Conn = asyncpg.Connection | asyncpg.Pool


@dataclass(frozen=True)
class WalletCoupon:
    wallet_id: int
    coupon_id: str
    name: str
    coupon_type: str
    discount_amount: int | None
    discount_rate: float | None
    max_discount_amount: int | None
    min_order_amount: int
    usage_type: str
    target_categories: tuple[str, ...]
    applicable_shop_ids: tuple[int, ...]
    expires_at: datetime


@dataclass(frozen=True)
class IssueResult:
    """``issued`` is False when the coupon was already issued for this key, or a limit refused it (``reason``)."""

    issued: bool
    wallet_id: int | None
    reason: str | None = None
    expires_at: datetime | None = None


async def active_wallet(conn: Conn, user_id: int, at: datetime) -> list[WalletCoupon]:
    """The user's coupons that can be used at ``at``, soonest expiry first."""
    with domain_errors():
        rows = await conn.fetch(
            """SELECT w.id, w.coupon_id, w.expires_at, c.coupon_name, c.coupon_type, c.discount_amount,
                      c.discount_rate::float8 AS discount_rate, c.max_discount_amount, c.min_order_amount,
                      c.usage_type, c.target_categories, c.applicable_shop_ids
               FROM chatbot.user_coupon_wallet w JOIN chatbot.coupons c ON c.id = w.coupon_id
               WHERE w.user_id = $1 AND w.status = 'ACTIVE' AND w.expires_at > $2 AND c.is_active
               ORDER BY w.expires_at""",
            user_id, at,
        )
    return [
        WalletCoupon(
            r["id"], r["coupon_id"], r["coupon_name"], r["coupon_type"], r["discount_amount"], r["discount_rate"],
            r["max_discount_amount"], r["min_order_amount"] or 0, r["usage_type"],
            tuple(r["target_categories"] or ()), tuple(r["applicable_shop_ids"] or ()), r["expires_at"],
        )
        for r in rows
    ]


async def issue_coupon(
    conn: asyncpg.Connection, *, user_id: int, coupon_id: str, issue_key: str, source: str,
    at: datetime, valid_for: timedelta | None = None, context: dict | None = None,
) -> IssueResult:
    """Put ``coupon_id`` in the user's wallet once per ``issue_key``, within the coupon's limits."""
    with domain_errors():
        async with conn.transaction():
            coupon = await conn.fetchrow(
                """SELECT id, is_active, valid_from, valid_until, max_issue_count, total_issued, max_use_per_user
                   FROM chatbot.coupons WHERE id = $1 FOR UPDATE""",
                coupon_id,
            )
            refusal = await _refusal(conn, coupon, user_id, issue_key, at)
            if refusal:
                return IssueResult(False, None, refusal)
            expires_at = _expiry(coupon, at, valid_for)
            wallet_id = await conn.fetchval(
                """INSERT INTO chatbot.user_coupon_wallet
                       (user_id, coupon_id, issue_key, acquisition_source, acquisition_context, expires_at, issued_at)
                   VALUES ($1, $2, $3, $4, $5, $6, $7)
                   ON CONFLICT DO NOTHING RETURNING id""",
                user_id, coupon_id, issue_key, source, context or {}, expires_at, at,
            )
            if wallet_id is None:
                return IssueResult(False, None, "already_issued")
            await conn.execute("UPDATE chatbot.coupons SET total_issued = total_issued + 1 WHERE id = $1", coupon_id)
            return IssueResult(True, wallet_id, None, expires_at)


async def _refusal(conn: asyncpg.Connection, coupon, user_id: int, issue_key: str, at: datetime) -> str | None:
    if coupon is None:
        return "unknown_coupon"
    if await conn.fetchval("SELECT 1 FROM chatbot.user_coupon_wallet WHERE issue_key = $1", issue_key):
        return "already_issued"
    today = at.date()
    if not coupon["is_active"] or not (coupon["valid_from"] <= today <= coupon["valid_until"]):
        return "not_valid_now"
    if coupon["max_issue_count"] is not None and coupon["total_issued"] >= coupon["max_issue_count"]:
        return "sold_out"
    if coupon["max_use_per_user"] is not None:
        held = await conn.fetchval(
            """SELECT count(*) FROM chatbot.user_coupon_wallet
               WHERE user_id = $1 AND coupon_id = $2 AND status IN ('ACTIVE', 'USED')""",
            user_id, coupon["id"],
        )
        if held >= coupon["max_use_per_user"]:
            return "per_user_limit"
    return None


def _expiry(coupon, at: datetime, valid_for: timedelta | None) -> datetime:
    end_of_validity = datetime.combine(coupon["valid_until"] + timedelta(days=1), datetime.min.time(), at.tzinfo)
    return min(at + valid_for, end_of_validity) if valid_for else end_of_validity


async def issued_since(conn: Conn, user_id: int, coupon_id: str, since: datetime | None = None) -> bool:
    """True when ``coupon_id`` went into the user's wallet at or after ``since`` (ever, when None)."""
    with domain_errors():
        found = await conn.fetchval(
            """SELECT 1 FROM chatbot.user_coupon_wallet
               WHERE user_id = $1 AND coupon_id = $2 AND ($3::timestamptz IS NULL OR issued_at >= $3) LIMIT 1""",
            user_id,
            coupon_id,
            since,
        )
    return found is not None
