"""``GET /``: a chat page to try the bot without a messenger account (static files, no build step)."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

STATIC_DIR = Path(__file__).resolve().parent / "static"

routes = web.RouteTableDef()


@routes.get("/")
async def chat_page(_request: web.Request) -> web.FileResponse:
    return web.FileResponse(STATIC_DIR / "chat.html", headers={"Cache-Control": "no-cache"})


routes.static("/static", STATIC_DIR)
