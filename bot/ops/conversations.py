"""Conversations: the newest turns (live, filtered), one conversation as a timeline, its export, data deletion."""

from __future__ import annotations

from aiohttp import web

from bot.keys import REDIS
from bot.ops import export, pages
from bot.ops.filters import parse_filters, query_string
from storage.ops import conversations as queries
from storage.privacy_ops import USER_KEY, delete_user

routes = web.RouteTableDef()

EXPORTS = {"json": ("application/json", export.to_json), "md": ("text/markdown", export.to_markdown)}


@routes.get("/", name="conversations")
async def conversation_list(request: web.Request) -> web.Response:
    filters, shown = parse_filters(request.query, pages.tz_name(request))
    try:
        page = max(0, int(request.query.get("page", "0")))
    except ValueError:
        page = 0
    async with pages.pool(request).acquire() as conn:
        turns = await queries.recent_turns(conn, filters, offset=page * queries.PAGE_SIZE)
        latest = await queries.latest_turn_id(conn)
    return pages.render(request, "conversations.html", {
        "turns": turns, "filters": shown, "query": query_string(shown), "page": page,
        "has_more": len(turns) == queries.PAGE_SIZE, "latest_id": latest, "done": request.query.get("done"),
    })


async def _conversation(request: web.Request) -> dict:
    async with pages.pool(request).acquire() as conn:
        conv = await queries.conversation(conn, request.match_info["session_id"])
    if conv is None:
        raise web.HTTPNotFound(text="그런 대화가 없습니다.")
    return conv


@routes.get(r"/conversations/{session_id:[0-9a-fA-F-]{36}}", name="conversation")
async def conversation_page(request: web.Request) -> web.Response:
    conv = await _conversation(request)
    return pages.render(request, "conversation.html", {"conv": conv, "focus": request.query.get("turn")})


@routes.get(r"/conversations/{session_id:[0-9a-fA-F-]{36}}/export.{fmt:json|md}", name="conversation_export")
async def conversation_export(request: web.Request) -> web.Response:
    conv = await _conversation(request)
    fmt = request.match_info["fmt"]
    content_type, render = EXPORTS[fmt]
    await pages.record(request, "conversation.export", conv["session_id"], {"format": fmt, "turns": len(conv["turns"])})
    filename = f"naviyam-conversation-{conv['session_id'][:8]}.{fmt}"
    return web.Response(text=render(conv), content_type=content_type, charset="utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@routes.post(r"/users/{user_key:[\w\-]{1,64}}/delete", name="user_delete")
async def user_delete(request: web.Request) -> web.Response:
    user_key = request.match_info["user_key"]
    form = await request.post()
    if form.get("confirm") != user_key:
        raise web.HTTPBadRequest(text="확인란에 사용자 키를 그대로 입력해야 삭제됩니다.")
    if not USER_KEY.match(user_key):
        raise web.HTTPBadRequest(text="사용자 키가 아닙니다.")
    # `python -m bot privacy delete` itself: every table and Redis, audit entries naming the user redacted, and one
    # "privacy.delete" entry by this operator under the deletion's receipt (never the key again).
    async with pages.pool(request).acquire() as conn:
        report = await delete_user(conn, request.config_dict[REDIS], user_key, pages.operator(request))
    raise web.HTTPSeeOther(f"/ops/?done={'deleted' if report.found else 'not_found'}")
