"""The conversation filters from a query string: validated, typed, and echoed back into the form."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from bot.ops.pages import CHANNELS, INTENTS
from storage.ops.conversations import TurnFilters

FIELDS = ("channel", "intent", "below", "user", "since", "until", "q")
_USER_KEY = re.compile(r"^[\w\-]{1,64}$")


def _local_time(value: str, tz_name: str) -> datetime | None:
    """``2025-11-23T14:05`` (an ``<input type=datetime-local>``) in the business time zone."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=ZoneInfo(tz_name))


def _confidence(value: str) -> float | None:
    try:
        number = float(value)
    except ValueError:
        return None
    return number if 0.0 < number <= 1.0 else None


def parse_filters(query: Mapping[str, str], tz_name: str) -> tuple[TurnFilters, dict[str, str]]:
    """The filters to apply and the values to show in the form (unusable values are dropped, not guessed)."""
    raw = {name: str(query.get(name, "")).strip()[:100] for name in FIELDS}
    filters = TurnFilters(
        channel=raw["channel"] if raw["channel"] in CHANNELS else None,
        intent=raw["intent"] if raw["intent"] in INTENTS else None,
        max_confidence=_confidence(raw["below"]) if raw["below"] else None,
        user_key=raw["user"] if _USER_KEY.match(raw["user"]) else None,
        since=_local_time(raw["since"], tz_name) if raw["since"] else None,
        until=_local_time(raw["until"], tz_name) if raw["until"] else None,
        text=raw["q"] or None,
    )
    shown = {
        "channel": filters.channel or "", "intent": filters.intent or "",
        "below": raw["below"] if filters.max_confidence is not None else "",
        "user": filters.user_key or "", "since": raw["since"] if filters.since else "",
        "until": raw["until"] if filters.until else "", "q": filters.text or "",
    }
    return filters, shown


def query_string(shown: Mapping[str, str]) -> str:
    """The filters as a query string (for the live stream and the pager); empty values left out."""
    return urlencode({k: v for k, v in shown.items() if v})
