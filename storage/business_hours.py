"""Business hours: the ``chatbot.shops.business_hours`` JSON (seed 000 §4.3) as values, and "is it open then?".

The JSON, one key per weekday plus ``holiday``::

    {"monday":  {"open": "11:00", "close": "21:00", "break_start": "15:00", "break_end": "17:00"},
     "tuesday": {"open": "16:00", "close": "02:00"},          # closes at 02:00 on Wednesday morning
     "sunday":  {"closed": true},                             # closed all day
     "holiday": {"closed": true}}                             # public holidays (optional key)

Conventions (the recommender and the importer rely on them):
- times are ``HH:MM``, 24-hour clock; ``close`` may be ``"24:00"`` (midnight at the end of the day);
- ``close`` earlier than ``open`` means the shop closes after midnight, on the next calendar day;
- ``open == close`` (e.g. ``"00:00"``/``"00:00"``) or ``"00:00"``/``"24:00"`` means open 24 hours;
- a missing weekday key means "unknown" (treated as not open); a day's break is optional.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAY_MINUTES = 24 * 60


def parse_hhmm(text: str, *, allow_24: bool = False) -> int:
    """``"09:30"`` → 570 minutes. Raises ``ValueError`` for anything but a valid ``H:MM``/``HH:MM``."""
    hours, sep, minutes = text.strip().partition(":")
    if not sep or not hours.isdigit() or not minutes.isdigit() or len(minutes) != 2 or len(hours) > 2:
        raise ValueError(f"not a HH:MM time: {text!r}")
    value = int(hours) * 60 + int(minutes)
    if int(minutes) > 59 or value > DAY_MINUTES or (value == DAY_MINUTES and not allow_24):
        raise ValueError(f"not a time of day: {text!r}")
    return value


def format_hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True)
class DayHours:
    """One day: closed, or open ``open``–``close`` with an optional break."""

    open: str | None = None
    close: str | None = None
    break_start: str | None = None
    break_end: str | None = None
    closed: bool = False

    def to_json(self) -> dict[str, object]:
        if self.closed:
            return {"closed": True}
        data: dict[str, object] = {"open": self.open, "close": self.close}
        if self.break_start and self.break_end:
            data["break_start"] = self.break_start
            data["break_end"] = self.break_end
        return data


CLOSED = DayHours(closed=True)


@dataclass(frozen=True)
class WeekHours:
    """Seven days (Monday first; ``None`` = unknown) and an optional public-holiday entry."""

    days: tuple[DayHours | None, ...]
    holiday: DayHours | None = None

    def __post_init__(self) -> None:
        if len(self.days) != len(WEEKDAYS):
            raise ValueError("WeekHours needs exactly 7 days, Monday first")

    def to_json(self) -> dict[str, object]:
        data = {name: day.to_json() for name, day in zip(WEEKDAYS, self.days, strict=True) if day is not None}
        if self.holiday is not None:
            data["holiday"] = self.holiday.to_json()
        return data


def _span(day: Mapping[str, object]) -> tuple[int, int] | None:
    """(open, close) in minutes with close > open, possibly beyond 24:00; None when closed/unknown."""
    if not isinstance(day, Mapping) or day.get("closed") or not day.get("open") or not day.get("close"):
        return None
    start = parse_hhmm(str(day["open"]))
    end = parse_hhmm(str(day["close"]), allow_24=True)
    if end <= start:
        end += DAY_MINUTES
    return start, end


def _in_break(day: Mapping[str, object], minute: int) -> bool:
    if not day.get("break_start") or not day.get("break_end"):
        return False
    start = parse_hhmm(str(day["break_start"]))
    end = parse_hhmm(str(day["break_end"]), allow_24=True)
    return start <= minute % DAY_MINUTES < end


def open_state(hours: Mapping[str, object] | None, weekday: int, minute: int, *, holiday: bool = False) -> str:
    """``"OPEN"``, ``"BREAK_TIME"``, ``"CLOSED"`` or ``"UNKNOWN"`` at ``minute`` (0–1439) of ``weekday`` (0=Mon).

    Checks today's hours and the spill-over of yesterday's after-midnight hours. On a public holiday
    (``holiday=True``) a ``holiday`` entry, when present, replaces today's hours.
    """
    if not hours:
        return "UNKNOWN"
    today = hours.get(WEEKDAYS[weekday % 7])
    if holiday and isinstance(hours.get("holiday"), Mapping):
        today = hours["holiday"]
    yesterday = hours.get(WEEKDAYS[(weekday - 1) % 7])
    if today is None and yesterday is None:
        return "UNKNOWN"
    span = _span(today) if today is not None else None
    if span and span[0] <= minute < span[1]:
        return "BREAK_TIME" if _in_break(today, minute) else "OPEN"
    previous = _span(yesterday) if yesterday is not None else None
    if previous and previous[1] > DAY_MINUTES and minute < previous[1] - DAY_MINUTES:
        return "OPEN"
    return "CLOSED"


def is_open_at(hours: Mapping[str, object] | None, weekday: int, minute: int, *, holiday: bool = False) -> bool:
    """True when the shop serves at that moment (open and not on a break)."""
    return open_state(hours, weekday, minute, holiday=holiday) == "OPEN"
