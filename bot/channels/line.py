"""``POST /webhooks/line``: the LINE Messaging API webhook (CONTRACTS §4).

Signature first (HMAC-SHA256 of the raw body, constant-time compare, by line-bot-sdk's parser): a bad or
missing one gets 400 and nothing else happens. A valid body gets 200 at once; its events are processed after the
acknowledgement, each event once (``webhookEventId``), one user's events in order.
"""

from __future__ import annotations

import asyncio
import json

import structlog
from aiohttp import web
from linebot.v3.webhook import SignatureValidator

from bot.channels.line_events import to_incoming
from bot.channels.line_render import render_reply
from bot.channels.line_sender import LineSender
from bot.incoming import FOLLOW, UNFOLLOW, IncomingMessage
from bot.keys import BACKGROUND, DEDUPER, DISPATCHER, LINE_CLIENT, PG_POOL, REDIS, SETTINGS
from storage import users
from storage.session_store import profile_key

log = structlog.get_logger(__name__)
routes = web.RouteTableDef()

LOADING_AFTER_S = 0.7  # show LINE's typing animation when an answer takes longer than this


def _error(status: int, reason: str) -> web.Response:
    return web.json_response({"error": reason}, status=status)


@routes.post("/webhooks/line")
async def line_webhook(request: web.Request) -> web.Response:
    settings = request.app[SETTINGS]
    if not settings.line_enabled:
        return _error(503, "LINE channel is not configured")
    signature = request.headers.get("X-Line-Signature")
    if not signature:
        return _error(400, "missing signature")
    body = (await request.read()).decode("utf-8", errors="replace")
    if not SignatureValidator(settings.line_channel_secret).validate(body, signature):
        log.warning("line_signature_invalid")
        return _error(400, "invalid signature")
    events = _events_of(body)
    if events is None:
        return _error(400, "malformed webhook body")
    app = request.app
    for event in events:
        msg = to_incoming(event, settings.pseudonym_secret)
        if msg is None:
            log.info("line_event_ignored", event_type=str(event.get("type"))[:40] if isinstance(event, dict) else "?")
            continue
        if not await app[DEDUPER].first_time("line", msg.event_id):
            log.info("line_event_duplicate", user_key=msg.user_key)
            continue
        app[BACKGROUND].spawn_in_order(msg.user_key, lambda m=msg: process_line_message(app, m))
    return web.json_response({})


def _events_of(body: str) -> list | None:
    """The body's ``events`` list, or None when the body is not a webhook payload."""
    try:
        payload = json.loads(body)
    except json.JSONDecodeError:
        return None
    events = payload.get("events") if isinstance(payload, dict) else None
    return events if isinstance(events, list) else None


async def process_line_message(app: web.Application, msg: IncomingMessage) -> None:
    """Answer one LINE event after the 200: dispatch, render, reply (or push when the token is spent)."""
    sender: LineSender = app[LINE_CLIENT]
    if msg.kind in (FOLLOW, UNFOLLOW):
        await _set_following(app, msg, following=msg.kind == FOLLOW)
        if msg.kind == UNFOLLOW:
            return
    loading = asyncio.get_running_loop().call_later(
        LOADING_AFTER_S, lambda: app[BACKGROUND].spawn(sender.show_loading(msg.external_user_id))
    )
    try:
        reply = await app[DISPATCHER].handle(msg)
    finally:
        loading.cancel()
    messages = render_reply(reply)
    try:
        if msg.reply_token and await sender.reply(msg.reply_token, messages):
            return
        await sender.push(msg.external_user_id, messages)
        log.info("line_answer_pushed", user_key=msg.user_key)
    except Exception as exc:
        log.error("line_send_failed", user_key=msg.user_key, error=type(exc).__name__)


async def _set_following(app: web.Application, msg: IncomingMessage, *, following: bool) -> None:
    """Follow turns pushes on; unfollow (or block) turns them off at once."""
    try:
        async with app[PG_POOL].acquire(timeout=2.0) as conn:
            user = await users.get_or_create_user(conn, "line", msg.external_user_id, msg.user_key)
            await users.set_push_enabled(conn, user.user_id, following)
        await app[REDIS].delete(profile_key(msg.user_key))
    except Exception as exc:
        log.error("line_follow_state_failed", user_key=msg.user_key, error=type(exc).__name__)
