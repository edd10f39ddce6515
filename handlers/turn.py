"""What a handler is given: one neutral ``Turn`` (the message, what the NLU understood, who is asking, where and
when), plus the ``HandlerDeps`` it may use (database, queue, clock) — never a channel."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import asyncpg

from nlu.types import NluResult
from storage.geo import GeoPoint
from storage.queue import JobQueue
from storage.users import MealCard, Profile, UserRecord


@dataclass(frozen=True)
class Turn:
    text: str
    nlu: NluResult
    user: UserRecord | None
    card: MealCard | None
    profile: Profile | None
    context: dict
    position: GeoPoint | None
    now: datetime
    channel: str = "web"
    event_id: str = ""
    postback: str | None = None
    kind: str = "text"  # text, location, postback, follow, sticker, image, ...
    session_id: str = ""

    @property
    def entities(self):
        return self.nlu.entities

    @property
    def last_turn(self) -> dict:
        turns = self.context.get("turns", [])
        return turns[-1] if turns else {}


@dataclass
class HandlerDeps:
    """Resources a handler may use; created once per process and passed in."""

    pool: asyncpg.Pool | None
    queue: JobQueue | None
    tz_name: str = "Asia/Seoul"
    extras: dict = field(default_factory=dict)
