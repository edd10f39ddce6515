"""Coupon jobs (queue ``coupons``), enqueued by dotted path with JSON arguments through ``storage.queue.JobQueue``:

``workers.coupons.issue_welcome_coupon(user_id: int, announce: bool = False, now: str | None = None)``
    WELCOME3000 once per user (issue_key ``WELCOME3000:<user_id>``), valid until the coupon's last day.
``workers.coupons.issue_emergency_coupon(user_id: int, announce: bool = False, now: str | None = None)``
    EMERGENCY_FOOD_AID, 24 h expiry, never twice within 24 h (rules in ``workers.emergency``).
``workers.coupons.issue_promotion(coupon_id: str, user_ids: list[int], campaign: str | None = None,
                                  now: str | None = None)``
    One coupon per user and campaign (issue_key ``<coupon_id>:<campaign or 'promotion'>:<user_id>``).

Example: ``queue.enqueue(COUPONS, "workers.coupons.issue_emergency_coupon", user_id)``.
Every job returns a JSON summary (``issued``, ``wallet_id``/``wallet_ids``, ``reason``/``reasons``).

Exactly once under concurrent duplicates, by the database: the coupon row is locked while its limits are checked,
``issue_key`` is UNIQUE, one ACTIVE row per user and coupon is a partial unique index, and ``total_issued <=
max_issue_count`` is a CHECK. Validity dates and ``max_use_per_user`` are checked under the same lock.

``announce``: a coupon that arrives outside a conversation is announced by push (an outbox row created in the same
transaction). Jobs a handler enqueues during a conversation leave it False (the reply says it); promotions are
always announced.
"""

from __future__ import annotations

from datetime import datetime

import asyncpg
import structlog

from storage.coupons import IssueResult, issue_coupon
from workers.emergency import IssuedCoupon, issue_emergency_coupons
from workers.outbox import NewPush, create_pushes
from workers.pushes import enqueue_sends
from workers.quiet_hours import next_send_time
from workers.runtime import business_tz, clock, with_connection

log = structlog.get_logger(__name__)

WELCOME_COUPON_ID = "WELCOME3000"


def issue_welcome_coupon(user_id: int, announce: bool = False, now: str | None = None) -> dict:
    at = clock(now)
    result, pushes = with_connection(
        lambda conn: _issue_one(conn, user_id, WELCOME_COUPON_ID, f"{WELCOME_COUPON_ID}:{user_id}",
                                "WELCOME_BONUS", at, announce)
    )
    enqueue_sends([p for p, due in pushes if due <= at], now)
    log.info("welcome_coupon", user_id=user_id, issued=result.issued, reason=result.reason)
    return {"issued": result.issued, "wallet_id": result.wallet_id, "reason": result.reason}


def issue_emergency_coupon(user_id: int, announce: bool = False, now: str | None = None) -> dict:
    at = clock(now)

    async def work(conn: asyncpg.Connection) -> tuple[IssuedCoupon | None, list]:
        async with conn.transaction():
            issued = (await issue_emergency_coupons(conn, [user_id], at, business_tz(), "emergency_request"))
            coupon = issued.get(user_id)
            pushes = await _announce(conn, [coupon] if coupon and announce else [], at)
        return coupon, pushes

    coupon, pushes = with_connection(work)
    enqueue_sends([p for p, due in pushes if due <= at], now)
    log.info("emergency_coupon", user_id=user_id, issued=coupon is not None)
    return {"issued": coupon is not None, "wallet_id": coupon.wallet_id if coupon else None,
            "reason": None if coupon else "not_eligible"}


def issue_promotion(coupon_id: str, user_ids: list[int], campaign: str | None = None, now: str | None = None) -> dict:
    at = clock(now)
    label = campaign or "promotion"

    async def work(conn: asyncpg.Connection) -> tuple[dict, list]:
        reasons: dict[str, int] = {}
        wallet_ids, pushes = [], []
        for user_id in sorted(set(user_ids)):
            result, new = await _issue_one(conn, user_id, coupon_id, f"{coupon_id}:{label}:{user_id}",
                                           "PROMOTION", at, True, campaign=label)
            reasons[result.reason or "issued"] = reasons.get(result.reason or "issued", 0) + 1
            wallet_ids += [result.wallet_id] if result.issued else []
            pushes += new
        return {"issued": len(wallet_ids), "wallet_ids": wallet_ids, "reasons": reasons}, pushes

    summary, pushes = with_connection(work)
    enqueue_sends([p for p, due in pushes if due <= at], now)
    log.info("promotion_issued", coupon_id=coupon_id, campaign=label, issued=summary["issued"],
             reasons=summary["reasons"])
    return summary


async def _issue_one(conn: asyncpg.Connection, user_id: int, coupon_id: str, issue_key: str, source: str,
                     at: datetime, announce: bool, campaign: str | None = None) -> tuple[IssueResult, list]:
    """Issue through ``storage.coupons.issue_coupon`` and create its announcement in the same transaction."""
    context = {"campaign_id": campaign} if campaign else {"trigger_event": source.lower()}
    async with conn.transaction():
        result = await issue_coupon(conn, user_id=user_id, coupon_id=coupon_id, issue_key=issue_key, source=source,
                                    at=at.astimezone(business_tz()), context=context)
        pushes: list = []
        if result.issued and announce:
            name = await conn.fetchval("SELECT coupon_name FROM chatbot.coupons WHERE id = $1", coupon_id)
            assert result.wallet_id is not None and result.expires_at is not None
            coupon = IssuedCoupon(result.wallet_id, user_id, coupon_id, name, None, result.expires_at)
            pushes = await _announce(conn, [coupon], at)
    return result, pushes


async def _announce(conn: asyncpg.Connection, coupons: list[IssuedCoupon], at: datetime) -> list:
    """Outbox rows announcing ``coupons``: [(outbox id, not_before)]."""
    not_before = next_send_time(at, business_tz())
    return await create_pushes(conn, [
        NewPush(f"coupon:{c.wallet_id}", c.user_id, "coupon_issued",
                {"coupon_id": c.coupon_id, "coupon_name": c.coupon_name, "expires_at": c.expires_at.isoformat()},
                not_before)
        for c in coupons
    ])
