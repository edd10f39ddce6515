"""GENERAL_CHAT and UNKNOWN: short, kind, and always showing what the bot can do; and the turns that are not
text (a card's button, a LINE follow, stickers, pictures, a shared location)."""

from __future__ import annotations

import re

from handlers import onboarding, selection, texts
from handlers.common import carry, text_reply
from handlers.conversation import postback_shop
from handlers.reply import Reply
from handlers.turn import HandlerDeps, Turn

THANKS = re.compile(r"고마|감사|땡큐|thank|ㄱㅅ|ㄳ", re.IGNORECASE)
ABOUT = re.compile(r"누구|뭐\s?하는|뭘\s?할\s?수|뭐\s?할\s?수|뭐\s?해\s?줄|기능|도움말|사용법|help", re.IGNORECASE)


async def general_chat(turn: Turn, _deps: HandlerDeps) -> Reply:
    if THANKS.search(turn.text):
        return text_reply(texts.THANKS, follow_up=carry(turn))
    if ABOUT.search(turn.text):
        return text_reply(texts.ABOUT)
    return text_reply(texts.GREETING)


async def unknown(turn: Turn, _deps: HandlerDeps) -> Reply:
    return text_reply(texts.EMPTY if not turn.text.strip() and turn.kind == "text" else texts.UNKNOWN)


async def non_text(turn: Turn, deps: HandlerDeps) -> Reply:
    if postback_shop(turn) is not None:
        return await selection.select(turn, deps)
    if turn.kind == "follow":
        if turn.profile is None or turn.profile.data_completeness == 0:
            return await onboarding.start(turn, deps, texts.FOLLOW_GREETING)
        return text_reply(texts.REFOLLOW)
    answers = {"sticker": texts.STICKER, "location": texts.LOCATION_SAVED}
    return text_reply(answers.get(turn.kind, texts.MEDIA), follow_up=carry(turn))
