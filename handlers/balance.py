"""BALANCE_CHECK and BALANCE_CHARGE: the card's balance with how fresh it is, a gentle next step when it runs
low; how to link a card when none is linked; when and how the card is topped up."""

from __future__ import annotations

from datetime import datetime

from handlers import texts
from handlers.common import text_reply
from handlers.reply import QuickReply, Reply
from handlers.turn import HandlerDeps, Turn
from storage.users import MealCard


def freshness(synced_at: datetime | None, now: datetime) -> str:
    """"방금", "5분 전", "2시간 전", "3일 전" — how old the balance we know is."""
    if synced_at is None:
        return texts.FRESHNESS_UNKNOWN
    minutes = max(0, int((now - synced_at).total_seconds() // 60))
    if minutes < 1:
        return texts.FRESHNESS_NOW
    if minutes < 60:
        return texts.FRESHNESS_MINUTES.format(n=minutes)
    if minutes < 24 * 60:
        return texts.FRESHNESS_HOURS.format(n=minutes // 60)
    return texts.FRESHNESS_DAYS.format(n=minutes // (24 * 60))


def next_steps(card: MealCard) -> tuple[QuickReply, ...]:
    """What to do with what is left: eat within it, or find a free meal when nothing is left."""
    if card.balance <= 0:
        return (texts.QR_FREE_MEALS, texts.QR_MY_COUPONS)
    within = QuickReply(texts.QR_WITHIN_BALANCE_LABEL, texts.QR_WITHIN_BALANCE_TEXT.format(balance=card.balance))
    return (within, texts.QR_FREE_MEALS, texts.QR_MY_COUPONS) if card.is_low else (within, texts.QR_MY_COUPONS)


async def balance_check(turn: Turn, _deps: HandlerDeps) -> Reply:
    card = turn.card
    if card is None:
        return text_reply(texts.BALANCE_NO_CARD)
    if not card.is_active:
        return text_reply(texts.BALANCE_INACTIVE)
    text = texts.BALANCE.format(balance=card.balance, freshness=freshness(card.last_sync_at, turn.now))
    if card.balance <= 0:
        text += texts.BALANCE_ZERO_NOTE
    elif card.is_low:
        text += texts.BALANCE_LOW_NOTE
    return text_reply(text, next_steps(card))


async def balance_charge(turn: Turn, _deps: HandlerDeps) -> Reply:
    card = turn.card
    if card is None:
        return text_reply(texts.CHARGE_INFO + " " + texts.BALANCE_NO_CARD)
    extra = texts.CHARGE_WITH_BALANCE.format(balance=card.balance) if card.is_active else ""
    return text_reply(texts.CHARGE_INFO + extra, next_steps(card) if card.is_active else None)
