"""The explicit table: which handler answers which intent (and which answers non-text turns)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from handlers import balance, chat, recommend, texts
from handlers.reply import Reply
from handlers.turn import HandlerDeps, Turn
from nlu.types import Intent

Handler = Callable[[Turn, HandlerDeps], Awaitable[Reply]]


async def _emergency(turn: Turn, deps: HandlerDeps) -> Reply:
    return await recommend.recommend(turn, deps, intro=texts.EMERGENCY_INTRO)


HANDLERS: dict[Intent, Handler] = {
    Intent.BUDGET_INQUIRY: recommend.recommend,
    Intent.FOOD_REQUEST: recommend.recommend,
    Intent.EMERGENCY_FOOD: _emergency,
    Intent.GROUP_DINING: recommend.recommend,
    Intent.BALANCE_CHECK: balance.balance_check,
    Intent.BALANCE_CHARGE: balance.balance_charge,
    Intent.COUPON_INQUIRY: chat.general_chat,
    Intent.TIME_INQUIRY: chat.general_chat,
    Intent.LOCATION_INQUIRY: chat.general_chat,
    Intent.MENU_OPTION: chat.general_chat,
    Intent.GENERAL_CHAT: chat.general_chat,
    Intent.UNKNOWN: chat.unknown,
}

NON_TEXT_HANDLER: Handler = chat.non_text


def handler_for(intent: Intent) -> Handler:
    return HANDLERS.get(intent, chat.unknown)
