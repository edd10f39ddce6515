"""Overview: turns per hour and channel, intents, UNKNOWN and unsure shares, latency percentiles, 👍/👎."""

from __future__ import annotations

from datetime import UTC, datetime

from aiohttp import web

from bot.ops import charts, pages
from storage.ops.overview import overview

routes = web.RouteTableDef()

WINDOWS = {"24h": 24, "7d": 24 * 7}


def chart_set(data) -> dict:
    """Every chart of the page, rendered (pure: numbers in, SVG out)."""
    hourly = data.hours <= 48
    per_time = data.per_hour if hourly else _per_day(data.per_hour)
    return {
        "per_hour": charts.column_chart(
            [(f"{t:%H}" if hourly else f"{t:%m-%d}", n) for t, n in per_time], title="시간대별 대화 수",
            label_every=3 if hourly else 1),
        "per_channel": charts.bar_list(data.per_channel, title="채널별 대화 수"),
        "per_intent": charts.bar_list(data.per_intent, title="의도별 대화 수", highlight=("UNKNOWN",)),
        "unknown": charts.share_meter(data.unknown_share, title="UNKNOWN 비율"),
        "low": charts.share_meter(data.low_confidence_share, title="낮은 확신 비율"),
        "latency": charts.bar_list(
            [(k, v) for k, v in data.latency_ms.items() if v is not None], title="응답 지연 (ms)", unit="ms"),
        "feedback": charts.bar_list([("👍", data.thumbs_up), ("👎", data.thumbs_down)], title="추천 피드백",
                                    highlight=("👎",)),
    }


def _per_day(per_hour: list) -> list:
    days: dict = {}
    for hour, n in per_hour:
        day = hour.replace(hour=0)
        days[day] = days.get(day, 0) + n
    return sorted(days.items())


@routes.get("/overview", name="overview")
async def overview_page(request: web.Request) -> web.Response:
    window = request.query.get("window", "24h")
    hours = WINDOWS.get(window, 24)
    async with pages.pool(request).acquire() as conn:
        data = await overview(conn, datetime.now(UTC), pages.tz_name(request), hours)
    return pages.render(request, "overview.html", {"data": data, "charts": chart_set(data), "window": window,
                                                    "windows": list(WINDOWS)})
