"""LINE webhook events → ``IncomingMessage`` (pure). Only 1:1 chats, and group messages that mention the bot,
become turns; everything else is acknowledged and dropped."""

from __future__ import annotations

from datetime import UTC, datetime

from linebot.v3.webhooks import (
    FollowEvent,
    ImageMessageContent,
    LocationMessageContent,
    MessageEvent,
    PostbackEvent,
    StickerMessageContent,
    TextMessageContent,
    UnfollowEvent,
    UserSource,
)

from bot.incoming import FOLLOW, IMAGE, LOCATION, OTHER, POSTBACK, STICKER, TEXT, UNFOLLOW, IncomingMessage
from storage.geo import GeoPoint
from storage.privacy import pseudonymous_key


def _mentions_bot(content: TextMessageContent) -> bool:
    mention = getattr(content, "mention", None)
    return bool(mention and any(getattr(m, "is_self", False) for m in mention.mentionees or []))


def _kind_and_payload(event) -> tuple[str, dict] | None:
    if isinstance(event, MessageEvent):
        content = event.message
        if isinstance(content, TextMessageContent):
            return TEXT, {"text": content.text}
        if isinstance(content, LocationMessageContent):
            return LOCATION, {"location": GeoPoint(content.latitude, content.longitude)}
        if isinstance(content, StickerMessageContent):
            return STICKER, {}
        if isinstance(content, ImageMessageContent):
            return IMAGE, {}
        return OTHER, {}
    if isinstance(event, PostbackEvent):
        return POSTBACK, {"postback_data": event.postback.data}
    if isinstance(event, FollowEvent):
        return FOLLOW, {}
    if isinstance(event, UnfollowEvent):
        return UNFOLLOW, {}
    return None


def to_incoming(event, secret: str) -> IncomingMessage | None:
    """The turn an event asks for, or None when the event needs no answer (standby, unknown, group chatter)."""
    if getattr(event, "mode", "active") == "standby":
        return None
    parsed = _kind_and_payload(event)
    source = getattr(event, "source", None)
    user_id = getattr(source, "user_id", None)
    if parsed is None or not user_id:
        return None
    kind, payload = parsed
    if not isinstance(source, UserSource) and not (kind == TEXT and _mentions_bot(event.message)):
        return None
    timestamp = datetime.fromtimestamp(event.timestamp / 1000, UTC) if event.timestamp else None
    return IncomingMessage(
        channel="line", user_key=pseudonymous_key(secret, "line", user_id), external_user_id=user_id,
        kind=kind, event_id=event.webhook_event_id, reply_token=getattr(event, "reply_token", None),
        timestamp=timestamp, **payload,
    )
