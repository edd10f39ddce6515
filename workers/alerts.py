"""Low-balance alerts (seed 000 §5.3 scenario 1): balance sync, the scan, and the alert-flag reset (queue ``alerts``).

``workers.alerts.sync_balances(now: str | None = None)``
    Every 5 minutes: balances from the card system (``storage.balances``) into foodcard_users.
``workers.alerts.scan_low_balances(now: str | None = None)``
    Every 5 minutes, after the sync: each active card under its ``balance_alert_threshold`` whose alert was not
    sent in the last 24 h is *claimed* (``balance_alert_sent`` = TRUE, ``balance_alert_sent_at`` = now) in the
    same transaction that issues its emergency coupon (when eligible, ``workers.emergency``) and creates its push
    (``workers.outbox``). Claiming uses ``FOR UPDATE SKIP LOCKED``, so two scans at once (two schedulers) split
    the cards instead of alerting twice. Users who unfollowed or blocked the bot get no push and no coupon; users
    who turned pushes off, or chat on the web, get the coupon without a push. In quiet hours the push waits for
    08:00 (``dispatch_due_pushes``), the coupon is issued at once.
``workers.alerts.reset_alert_flags(now: str | None = None)``
    Clears flags sent 24 h ago or more (the scan already ignores them: the reset keeps the column truthful).
"""

from __future__ import annotations

from datetime import datetime

import asyncpg
import structlog

from storage import balances
from workers.emergency import IssuedCoupon, issue_emergency_coupons
from workers.outbox import PUSH_CHANNELS, NewPush, create_pushes
from workers.pushes import enqueue_sends
from workers.quiet_hours import next_send_time
from workers.runtime import business_tz, clock, with_connection

log = structlog.get_logger(__name__)

SCAN_BATCH = 1000

_CLAIM = """
WITH due AS (
    SELECT f.id FROM chatbot.foodcard_users f
    WHERE f.id > $2 AND f.status = 'ACTIVE' AND f.balance < f.balance_alert_threshold
      AND (f.balance_alert_sent IS NOT TRUE OR f.balance_alert_sent_at <= $1::timestamptz - interval '24 hours')
    ORDER BY f.id
    LIMIT $3
    FOR UPDATE OF f SKIP LOCKED
)
UPDATE chatbot.foodcard_users f SET balance_alert_sent = TRUE, balance_alert_sent_at = $1
FROM due, chatbot.users u
WHERE f.id = due.id AND u.id = f.user_id
RETURNING f.id AS card_id, f.user_id, f.balance, f.balance_alert_threshold AS threshold, u.platform,
          (u.status = 'ACTIVE' AND u.unfollowed_at IS NULL) AS reachable, u.push_enabled
"""


def sync_balances(now: str | None = None) -> int:
    at = clock(now)
    provider = balances.provider_from_env()
    updated = with_connection(lambda conn: balances.sync_balances(conn, provider, at))
    log.info("balances_synced", cards=updated, provider=type(provider).__name__)
    return updated


def scan_low_balances(now: str | None = None) -> dict:
    at = clock(now)

    async def work(conn: asyncpg.Connection) -> dict:
        totals = {"alerted": 0, "coupons": 0, "pushes": 0}
        last_id = 0
        while True:
            async with conn.transaction():
                claimed = await conn.fetch(_CLAIM, at, last_id, SCAN_BATCH)
                if not claimed:
                    return totals
                last_id = max(r["card_id"] for r in claimed)
                coupons, pushes = await _alert_batch(conn, claimed, at)
            enqueue_sends([outbox_id for outbox_id, due in pushes if due <= at], now)
            totals["alerted"] += len(claimed)
            totals["coupons"] += len(coupons)
            totals["pushes"] += len(pushes)

    totals = with_connection(work)
    log.info("low_balance_scan", **totals)
    return totals


async def _alert_batch(conn: asyncpg.Connection, claimed: list, at: datetime) -> tuple[dict, list]:
    """Coupons for the reachable holders of the claimed cards, and a push for those who can get one."""
    tz = business_tz()
    reachable = [r["user_id"] for r in claimed if r["reachable"]]
    coupons = await issue_emergency_coupons(conn, reachable, at, tz, "low_balance")
    not_before = next_send_time(at, tz)
    pushes = [
        NewPush(f"low_balance:{r['card_id']}:{at.isoformat()}", r["user_id"], "low_balance",
                _payload(r, coupons.get(r["user_id"])), not_before)
        for r in claimed
        if r["reachable"] and r["push_enabled"] and r["platform"] in PUSH_CHANNELS
    ]
    return coupons, await create_pushes(conn, pushes)


def _payload(card, coupon: IssuedCoupon | None) -> dict:
    payload: dict = {"card_id": card["card_id"], "balance": card["balance"], "threshold": card["threshold"]}
    if coupon is not None:
        payload["coupon"] = {"wallet_id": coupon.wallet_id, "coupon_id": coupon.coupon_id, "name": coupon.coupon_name,
                             "amount": coupon.amount, "expires_at": coupon.expires_at.isoformat()}
    return payload


def reset_alert_flags(now: str | None = None) -> int:
    at = clock(now)
    status = with_connection(lambda conn: conn.execute(
        """UPDATE chatbot.foodcard_users SET balance_alert_sent = FALSE
           WHERE balance_alert_sent AND balance_alert_sent_at <= $1::timestamptz - interval '24 hours'""",
        at,
    ))
    reset = int(status.split()[-1])
    log.info("alert_flags_reset", cards=reset)
    return reset
