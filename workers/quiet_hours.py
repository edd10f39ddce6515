"""Quiet hours: no push between 22:00 and 08:00 in Asia/Seoul (children sleep; a buzz at midnight helps nobody).

Pure functions of an explicit moment, so tests set the clock. A push created in quiet hours waits for the next
08:00; the coupon it announces is issued at once all the same.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

QUIET_FROM = time(22, 0)
QUIET_UNTIL = time(8, 0)


def is_quiet(at: datetime, tz: ZoneInfo) -> bool:
    local = at.astimezone(tz).time()
    return local >= QUIET_FROM or local < QUIET_UNTIL


def next_send_time(at: datetime, tz: ZoneInfo) -> datetime:
    """``at`` itself outside quiet hours, else the 08:00 that ends them (as an aware datetime)."""
    if not is_quiet(at, tz):
        return at
    local = at.astimezone(tz)
    morning = local.date() if local.time() < QUIET_UNTIL else local.date() + timedelta(days=1)
    return datetime.combine(morning, QUIET_UNTIL, tz)
