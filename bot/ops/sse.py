"""The live conversation list: Server-Sent Events with every new turn that matches the filters, as a rendered row.

The stream polls PostgreSQL about once a second with an id watermark (no extra moving part; one short query per
open console). Turn-log batches from several workers can commit out of id order, so each poll also looks a little
below the watermark and skips the ids already sent. The stream ends when the browser goes away or the server stops.
"""

from __future__ import annotations

import asyncio
from collections import deque

import aiohttp_jinja2
from aiohttp import web
from aiohttp_sse import sse_response

from bot.keys import OPS_STATE
from bot.ops import pages
from bot.ops.filters import parse_filters
from storage.ops.conversations import turns_after

routes = web.RouteTableDef()

POLL_S = 1.0
LOOKBACK_IDS = 200


def _gone(request: web.Request) -> bool:
    return request.transport is None or request.transport.is_closing()


async def _new_turns(request: web.Request, filters, floor: int, sent: deque) -> list[dict]:
    recent = [turn_id for turn_id in sent if turn_id > floor]
    async with pages.pool(request).acquire() as conn:
        return await turns_after(conn, filters, floor, except_ids=recent)


@routes.get("/conversations/stream", name="conversation_stream")
async def stream(request: web.Request) -> web.StreamResponse:
    filters, _ = parse_filters(request.query, pages.tz_name(request))
    try:
        start = max(0, int(request.query.get("after", "0")))
    except ValueError:
        start = 0
    row_template = aiohttp_jinja2.get_env(request.app).get_template("_turn_row.html")
    watermark, sent = start, deque(maxlen=2000)
    async with sse_response(request, headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"}) as resp:
        request.app[OPS_STATE].streams.add(resp)
        while resp.is_connected() and not _gone(request):
            try:
                rows = await _new_turns(request, filters, max(start, watermark - LOOKBACK_IDS), sent)
            except Exception:  # PostgreSQL away for a moment: keep the stream, try again
                rows = []
            for row in rows:
                await resp.send(row_template.render(turn=row, fresh=True), event="turn", id=str(row["id"]))
                sent.append(row["id"])
                watermark = max(watermark, row["id"])
            await asyncio.sleep(POLL_S)
    return resp


async def close_streams(app: web.Application) -> None:
    """On shutdown: stop every open stream, so the server does not wait for browsers to hang up."""
    for resp in list(app[OPS_STATE].streams):
        try:
            resp.stop_streaming()
        except RuntimeError:
            continue
