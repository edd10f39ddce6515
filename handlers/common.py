"""Small helpers shared by handlers: the standard quick replies and capability answers."""

from __future__ import annotations

from handlers import texts
from handlers.reply import QuickReply, Reply


def default_quick_replies() -> tuple[QuickReply, ...]:
    return tuple(QuickReply(label, text) for label, text in texts.QUICK_REPLIES)


def text_reply(text: str) -> Reply:
    """A short answer that always shows what the bot can do."""
    return Reply(text=text, quick_replies=default_quick_replies())
