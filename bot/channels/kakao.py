"""``POST /webhooks/kakao``: the Kakao i Open Builder skill (CONTRACTS §4).

The answer goes back in the HTTP response, within a deadline well inside Kakao's 5 seconds. When the turn would
not fit and the block gave a ``callbackUrl``, we acknowledge with ``useCallback`` and POST the real answer to the
callback URL once; without one, the child gets a kind "ask again" while the turn still finishes and is logged.
"""

from __future__ import annotations

import asyncio
import hmac
import json

import structlog
from aiohttp import ClientTimeout, web
from pydantic import ValidationError

from bot.channels import texts
from bot.channels.kakao_models import SkillPayload
from bot.channels.kakao_render import render_callback_ack, render_error, render_reply, simple_text
from bot.incoming import POSTBACK, TEXT, IncomingMessage
from bot.keys import BACKGROUND, DISPATCHER, HTTP, REQUEST_ID, SETTINGS
from handlers.reply import Reply
from storage.privacy import pseudonymous_key

log = structlog.get_logger(__name__)
routes = web.RouteTableDef()

ANSWER_DEADLINE_S = 3.5  # Kakao waits 5 s; leave room for the network
CALLBACK_TIMEOUT_S = 10


def to_incoming(payload: SkillPayload, secret: str, request_id: str) -> IncomingMessage:
    user_id = payload.userRequest.user.id
    extra = payload.action.clientExtra or {}
    postback = extra.get("postback") or (f"shop_id={extra['shop_id']}" if "shop_id" in extra else None)
    return IncomingMessage(
        channel="kakao", user_key=pseudonymous_key(secret, "kakao", user_id), external_user_id=user_id,
        kind=POSTBACK if postback and not payload.userRequest.utterance else TEXT,
        text=payload.userRequest.utterance, postback_data=postback, request_id=request_id,
    )


def _secret_ok(request: web.Request) -> bool:
    expected = request.app[SETTINGS].kakao_skill_secret
    if not expected:
        return True
    given = request.headers.get("X-Skill-Secret", "")
    return hmac.compare_digest(given.encode(), expected.encode())


async def _parse(request: web.Request) -> SkillPayload | web.Response:
    try:
        body = json.loads(await request.read())
        return SkillPayload.model_validate(body)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return web.json_response(render_error("malformed JSON"), status=400)
    except ValidationError as exc:
        fields = sorted({".".join(str(p) for p in e["loc"]) for e in exc.errors()})
        return web.json_response(render_error(f"invalid skill payload: {', '.join(fields)}"), status=400)


@routes.post("/webhooks/kakao")
async def kakao_skill(request: web.Request) -> web.Response:
    if not _secret_ok(request):
        return web.json_response(render_error("invalid X-Skill-Secret"), status=401)
    parsed = await _parse(request)
    if isinstance(parsed, web.Response):
        return parsed
    app = request.app
    msg = to_incoming(parsed, app[SETTINGS].pseudonym_secret, request[REQUEST_ID])
    turn = app[BACKGROUND].spawn(app[DISPATCHER].handle(msg), name="kakao-turn")
    try:
        reply: Reply = await asyncio.wait_for(asyncio.shield(turn), ANSWER_DEADLINE_S)
    except TimeoutError:
        callback_url = parsed.userRequest.callbackUrl
        if callback_url:
            app[BACKGROUND].spawn(_answer_by_callback(app, turn, callback_url), name="kakao-callback")
            return web.json_response(render_callback_ack())
        log.warning("kakao_deadline_missed", user_key=msg.user_key)
        return web.json_response({"version": "2.0", "template": {"outputs": [simple_text(texts.SLOW_ANSWER)]}})
    return web.json_response(render_reply(reply))


async def _answer_by_callback(app: web.Application, turn: asyncio.Task, callback_url: str) -> None:
    reply = await turn
    try:
        async with app[HTTP].post(callback_url, json=render_reply(reply),
                                  timeout=ClientTimeout(total=CALLBACK_TIMEOUT_S)) as response:
            if response.status >= 400:
                log.error("kakao_callback_refused", status=response.status, body=(await response.text())[:200])
    except Exception as exc:  # the URL is valid for a minute and for one use: nothing to retry
        log.error("kakao_callback_failed", error=type(exc).__name__)
