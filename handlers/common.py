"""Small helpers shared by handlers: the standard quick replies, and what a reply hands to the next turn.

``follow_up`` (what the next turn sees in ``context["turns"][-1]["follow_up"]``) carries, all optional:

| key        | meaning                                                                                   |
|------------|-------------------------------------------------------------------------------------------|
| topic      | recommend / emergency / group / shop / onboarding / picked                                |
| wish       | the ``Wish`` (JSON) the shown shops answered: "만원 이하로" refines it, "다른 데는?" pages it  |
| shops      | the shops shown, in order: [{"id", "name"}] — "두 번째", "1번", the shop's name             |
| shown      | every shop id shown for this wish (excluded by "다른 데는?")                                |
| event_id   | the turn that showed ``shops`` (its ``recommendations_log`` row), ``shown_at`` its time    |
| focus      | the shop "거기" means: the last one asked about or chosen                                  |
| onboarding | {"step", "answers"} while the new-user questions run                                      |
| awaiting   | "people" while a group waits for its head count                                           |
"""

from __future__ import annotations

from handlers import texts
from handlers.reply import QuickReply, Reply
from handlers.turn import Turn

CARRIED = ("topic", "wish", "shops", "shown", "event_id", "shown_at", "focus")


def default_quick_replies() -> tuple[QuickReply, ...]:
    return tuple(QuickReply(label, text) for label, text in texts.QUICK_REPLIES)


def text_reply(text: str, quick_replies: tuple[QuickReply, ...] | None = None, **fields) -> Reply:
    """A short answer that always shows what the bot can do (or the given next steps)."""
    return Reply(text=text, quick_replies=quick_replies or default_quick_replies(), **fields)


def last_follow_up(turn: Turn) -> dict:
    value = turn.last_turn.get("follow_up")
    return value if isinstance(value, dict) else {}


def carry(turn: Turn, **changes) -> dict:
    """The previous turn's references (shops shown, the wish, "거기"), updated: for answers that stay on topic."""
    previous = last_follow_up(turn)
    kept = {key: previous[key] for key in CARRIED if key in previous}
    return {**kept, **{k: v for k, v in changes.items() if v is not None}}


def shown_shops(turn: Turn) -> list[dict]:
    shops = last_follow_up(turn).get("shops")
    return [s for s in shops if isinstance(s, dict) and "id" in s] if isinstance(shops, list) else []


def after_recommendation_quick_replies() -> tuple[QuickReply, ...]:
    return (texts.QR_MORE, texts.QR_PICK_FIRST, texts.QR_LIKE, texts.QR_DISLIKE, texts.QR_MY_COUPONS)
