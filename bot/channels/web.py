"""``POST /api/v1/chat``: the web and app chat API (CONTRACTS §4), the same pipeline as the messengers."""

from __future__ import annotations

import json

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.channels.web_render import render_outcome
from bot.incoming import IncomingMessage
from bot.keys import DISPATCHER, REQUEST_ID, SETTINGS
from storage.geo import GeoPoint
from storage.privacy import pseudonymous_key

routes = web.RouteTableDef()


class Location(BaseModel):
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    user_id: str = Field(min_length=1, max_length=128)
    message: str = Field(default="", max_length=20_000)
    session_id: str | None = Field(default=None, max_length=128)
    location: Location | None = None


def _bad_request(reason: str) -> web.Response:
    return web.json_response({"error": "bad_request", "detail": reason}, status=400)


@routes.post("/api/v1/chat")
async def chat(request: web.Request) -> web.Response:
    try:
        body = ChatRequest.model_validate(json.loads(await request.read()))
    except (json.JSONDecodeError, UnicodeDecodeError):
        return _bad_request("malformed JSON")
    except ValidationError as exc:
        return _bad_request(", ".join(sorted({".".join(map(str, e["loc"])) for e in exc.errors()})))
    settings = request.app[SETTINGS]
    location = GeoPoint(body.location.latitude, body.location.longitude) if body.location else None
    msg = IncomingMessage(
        channel="web", user_key=pseudonymous_key(settings.pseudonym_secret, "web", body.user_id),
        external_user_id=body.user_id, text=body.message, location=location, session_id=body.session_id,
        request_id=request[REQUEST_ID],
    )
    outcome = await request.app[DISPATCHER].handle_turn(msg)
    return web.json_response(render_outcome(outcome))
