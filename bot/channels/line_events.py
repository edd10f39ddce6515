"""LINE webhook events (JSON) → ``IncomingMessage``; pure.

We read the few fields we need from the event JSON ourselves. line-bot-sdk's parser turns an event whose
message lacks a field its models require (``quoteToken``, absent from LINE's own documented examples and from
older events) into an ``UnknownEvent``, and a child's message would be dropped silently; the SDK still verifies
the signature (``SignatureValidator``).

Only 1:1 chats, and group messages that mention the bot, become turns; everything else is acknowledged and
dropped.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.incoming import FOLLOW, IMAGE, LOCATION, OTHER, POSTBACK, STICKER, TEXT, UNFOLLOW, IncomingMessage
from storage.geo import GeoPoint
from storage.privacy import pseudonymous_key

_MESSAGE_KINDS = {"text": TEXT, "location": LOCATION, "sticker": STICKER, "image": IMAGE}
_EVENT_KINDS = {"postback": POSTBACK, "follow": FOLLOW, "unfollow": UNFOLLOW}


def _mentions_bot(message: dict) -> bool:
    mentionees = (message.get("mention") or {}).get("mentionees") or []
    return any(isinstance(m, dict) and m.get("isSelf") is True for m in mentionees)


def _location(message: dict) -> GeoPoint | None:
    try:
        return GeoPoint(float(message["latitude"]), float(message["longitude"]))
    except (KeyError, TypeError, ValueError):
        return None


def _kind_and_payload(event: dict) -> tuple[str, dict] | None:
    event_type = event.get("type")
    if event_type == "message":
        message = event.get("message") if isinstance(event.get("message"), dict) else {}
        kind = _MESSAGE_KINDS.get(message.get("type"), OTHER)
        if kind == TEXT:
            return TEXT, {"text": str(message.get("text", ""))}
        if kind == LOCATION:
            point = _location(message)
            return (LOCATION, {"location": point}) if point else (OTHER, {})
        return kind, {}
    if event_type in _EVENT_KINDS:
        data = (event.get("postback") or {}).get("data") if event_type == "postback" else None
        return _EVENT_KINDS[event_type], ({"postback_data": str(data)} if data is not None else {})
    return None


def _timestamp(event: dict) -> datetime | None:
    value = event.get("timestamp")
    return datetime.fromtimestamp(value / 1000, UTC) if isinstance(value, int | float) and value > 0 else None


def to_incoming(event: dict, secret: str) -> IncomingMessage | None:
    """The turn an event asks for, or None when it needs no answer (standby, unknown type, group chatter)."""
    if not isinstance(event, dict) or event.get("mode", "active") == "standby":
        return None
    parsed = _kind_and_payload(event)
    source = event.get("source") if isinstance(event.get("source"), dict) else {}
    user_id = source.get("userId")
    event_id = event.get("webhookEventId")
    if parsed is None or not isinstance(user_id, str) or not user_id or not isinstance(event_id, str):
        return None
    kind, payload = parsed
    if source.get("type") != "user" and not (kind == TEXT and _mentions_bot(event.get("message", {}))):
        return None
    return IncomingMessage(
        channel="line", user_key=pseudonymous_key(secret, "line", user_id), external_user_id=user_id,
        kind=kind, event_id=event_id, reply_token=event.get("replyToken"), timestamp=_timestamp(event), **payload,
    )
