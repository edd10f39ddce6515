"""The meal card's balance, with how fresh it is, and how the card is topped up."""

from __future__ import annotations

from datetime import datetime

from handlers import texts
from handlers.common import text_reply
from handlers.reply import Reply
from handlers.turn import HandlerDeps, Turn


def freshness(synced_at: datetime | None, now: datetime) -> str:
    """"방금", "5분 전", "2시간 전", "3일 전" — how old the balance we know is."""
    if synced_at is None:
        return "확인 시각 모름"
    minutes = max(0, int((now - synced_at).total_seconds() // 60))
    if minutes < 1:
        return "방금"
    if minutes < 60:
        return f"{minutes}분 전"
    if minutes < 24 * 60:
        return f"{minutes // 60}시간 전"
    return f"{minutes // (24 * 60)}일 전"


async def balance_check(turn: Turn, _deps: HandlerDeps) -> Reply:
    if turn.card is None:
        return text_reply(texts.BALANCE_NO_CARD)
    text = texts.BALANCE.format(balance=turn.card.balance, freshness=freshness(turn.card.last_sync_at, turn.now))
    return text_reply(text + (texts.BALANCE_LOW_NOTE if turn.card.is_low else ""))


async def balance_charge(_turn: Turn, _deps: HandlerDeps) -> Reply:
    return text_reply(texts.CHARGE_INFO)
