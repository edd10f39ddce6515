"""Small talk, the unknown, and the turns that are not text (stickers, pictures, follow, a shared location)."""

from __future__ import annotations

from handlers import texts
from handlers.common import text_reply
from handlers.reply import Reply
from handlers.turn import HandlerDeps, Turn

_THANKS_WORDS = ("고마", "감사", "땡큐", "thank")


async def general_chat(turn: Turn, _deps: HandlerDeps) -> Reply:
    if any(word in turn.text.lower() for word in _THANKS_WORDS):
        return text_reply(texts.THANKS)
    return text_reply(texts.GREETING)


async def unknown(turn: Turn, _deps: HandlerDeps) -> Reply:
    return text_reply(texts.EMPTY if not turn.text.strip() and turn.kind == "text" else texts.UNKNOWN)


async def non_text(turn: Turn, _deps: HandlerDeps) -> Reply:
    answers = {"sticker": texts.STICKER, "follow": texts.FOLLOW_GREETING, "location": texts.LOCATION_SAVED}
    return text_reply(answers.get(turn.kind, texts.MEDIA))
