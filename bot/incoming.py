"""The one neutral event at the core: what a channel received, whatever the platform."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from storage.geo import GeoPoint

TEXT, LOCATION, POSTBACK, STICKER, IMAGE, FOLLOW, UNFOLLOW, OTHER = (
    "text", "location", "postback", "sticker", "image", "follow", "unfollow", "other",
)


@dataclass(frozen=True)
class IncomingMessage:
    """One user event. ``external_user_id`` is the platform's raw id, kept only to answer and push: it is never
    logged (``repr=False``); logs and operators see ``user_key``, a pseudonym."""

    channel: str  # line, kakao, web
    user_key: str
    external_user_id: str = field(repr=False)
    kind: str = TEXT
    text: str = ""
    location: GeoPoint | None = None
    postback_data: str | None = None
    event_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    reply_token: str | None = field(default=None, repr=False)
    timestamp: datetime | None = None
    session_id: str | None = None
    request_id: str | None = None

    @property
    def platform(self) -> str:
        return self.channel
