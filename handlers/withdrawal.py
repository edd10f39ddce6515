"""'탈퇴': a user asks for their data to be deleted (PIPA). The bot asks once to confirm; on "네" the reply carries
``follow_up["erase_user"]`` and the dispatcher deletes everything (``storage.privacy_ops.delete_user``) instead of
remembering or logging the turn. Anything else cancels."""

from __future__ import annotations

import re

from handlers import texts
from handlers.common import text_reply
from handlers.reply import QuickReply, Reply
from handlers.turn import HandlerDeps, Turn

ASKS = re.compile(r"탈퇴|내\s*(정보|기록|데이터)\s*(다\s*)?(지워|삭제)|개인\s*정보\s*(지워|삭제)")
CONFIRMS = re.compile(r"^\s*(네|예|응|어|ㅇㅇ|yes)\b|지워\s*(줘|주세요)|삭제\s*(해\s*)?(줘|주세요)")


def asks_to_leave(text: str) -> bool:
    return bool(ASKS.search(text))


def is_pending(turn: Turn) -> bool:
    return bool(turn.last_turn.get("follow_up", {}).get("erase_pending"))


async def ask_to_confirm(_turn: Turn, _deps: HandlerDeps) -> Reply:
    return Reply(
        text=texts.WITHDRAWAL_CONFIRM,
        quick_replies=(QuickReply(texts.WITHDRAWAL_YES, texts.WITHDRAWAL_YES), QuickReply(texts.WITHDRAWAL_NO,
                                                                                          texts.WITHDRAWAL_NO)),
        follow_up={"erase_pending": True},
    )


async def confirm_or_cancel(turn: Turn, _deps: HandlerDeps) -> Reply:
    if CONFIRMS.search(turn.text) and not turn.text.strip().startswith(texts.WITHDRAWAL_NO):
        return Reply(text=texts.WITHDRAWAL_DONE, follow_up={"erase_user": True})
    return text_reply(texts.WITHDRAWAL_CANCELLED)
