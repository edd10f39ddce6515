"""The explicit tables: which handler answers which intent, and which answers a conversation-level route
(a choice among shown shops, a 👍/👎, "다른 데는?", onboarding answers; ``handlers.conversation``).

``handler_for(intent)`` (what the dispatcher calls) gives a handler that first asks the conversation rules,
then the intent table, and welcomes a new user on the way.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial

from handlers import (
    balance,
    chat,
    conversation,
    coupon_inquiry,
    emergency,
    group,
    onboarding,
    recommend,
    selection,
    shop_info,
    withdrawal,
)
from handlers.reply import Reply
from handlers.turn import HandlerDeps, Turn
from nlu.types import Intent

Handler = Callable[[Turn, HandlerDeps], Awaitable[Reply]]

HANDLERS: dict[Intent, Handler] = {
    Intent.BUDGET_INQUIRY: recommend.recommend,
    Intent.FOOD_REQUEST: recommend.recommend,
    Intent.EMERGENCY_FOOD: emergency.emergency_food,
    Intent.GROUP_DINING: group.group_dining,
    Intent.BALANCE_CHECK: balance.balance_check,
    Intent.BALANCE_CHARGE: balance.balance_charge,
    Intent.COUPON_INQUIRY: coupon_inquiry.coupon_inquiry,
    Intent.TIME_INQUIRY: shop_info.time_inquiry,
    Intent.LOCATION_INQUIRY: shop_info.location_inquiry,
    Intent.MENU_OPTION: shop_info.menu_option,
    Intent.GENERAL_CHAT: chat.general_chat,
    Intent.UNKNOWN: chat.unknown,
}

ROUTES: dict[str, Handler] = {
    "select": selection.select,
    "feedback": selection.feedback,
    "more": recommend.more,
    "group": group.group_dining,
    "onboarding_start": onboarding.start,
}

NON_TEXT_HANDLER: Handler = chat.non_text
GREETING_INTENTS = (Intent.GENERAL_CHAT, Intent.UNKNOWN)


async def answer(intent: Intent, turn: Turn, deps: HandlerDeps) -> Reply:
    """The conversation rules first, then the intent's handler; a new user is welcomed (scenario 2)."""
    if withdrawal.is_pending(turn):
        return await withdrawal.confirm_or_cancel(turn, deps)
    if withdrawal.asks_to_leave(turn.text):
        return await withdrawal.ask_to_confirm(turn, deps)
    route = conversation.route(turn)
    if route == "onboarding":
        reply = await onboarding.answer(turn, deps)
        if reply is not None:
            return reply
    elif route is not None:
        return await ROUTES[route](turn, deps)
    is_new = turn.user is not None and turn.user.is_new
    if is_new and intent in GREETING_INTENTS:
        return await onboarding.start(turn, deps)
    reply = await HANDLERS.get(intent, chat.unknown)(turn, deps)
    return await onboarding.welcome_new(turn, deps, reply) if is_new else reply


def handler_for(intent: Intent) -> Handler:
    return partial(answer, intent)
