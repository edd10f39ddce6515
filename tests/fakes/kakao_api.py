"""A fake of the Kakao endpoints the bot calls: the chatbot Event API and the skill callback URL.

Point ``KAKAO_EVENT_API_URL`` at ``fake.base_url``; put ``fake.new_callback_url()`` in a skill
payload's ``userRequest.callbackUrl``. What it checks and answers, and the source of each rule:

* Event API ``POST /v2/bots/{botId}/talk`` (https://kakaobusiness.gitbook.io/main/tool/chatbot/main_notions/event-api;
  request/answer shapes as in Kakao's chatbot guide: ``{"taskId", "status": "SUCCESS", "timestamp"}``):
  ``Authorization: KakaoAK <REST API key>`` else 401; ``event.name`` a non-empty string, ``event.data``
  an object when given, ``user`` 1–100 entries of ``{"type": botUserKey|appUserId|plusfriendUserKey,
  "id"}`` with no duplicates, else 400; an unknown bot id (the configured one, or it with ``!`` for
  the development channel) → 400. Error bodies use Kakao's common REST format ``{"msg", "code"}``
  (https://developers.kakao.com/docs/latest/ko/rest-api/error-code: -2 bad parameter, -401 bad key).
  Blocked users do not make the call fail: it answers SUCCESS (accepted) and
  ``GET /v1/tasks/{taskId}`` reports them as failures, like Kakao's result lookup.
* callback URL (https://kakaobusiness.gitbook.io/main/tool/chatbot/skill_guide/ai_chatbot_callback_guide):
  valid once and for 60 s ("callbackUrl valid time: 1min … 1회에 한하여"); the body must be a skill
  response with a template (``kakao_schema.validate_skill_response``). Success → 200
  ``{"taskId", "status": "SUCCESS", "message", "timestamp"}``; an unknown, used or expired URL →
  400 with status FAIL and "Invalid callback token. Check your callback token."; an invalid body →
  400 with status FAIL and "Invalid json response from bot-skill." (the guide gives the messages, not
  the HTTP status; a rejected body does not use up the URL — also an assumption).
"""

from __future__ import annotations

import secrets
import time
from collections import deque
from typing import Any

from aiohttp import web

from ._server import CONTROL_PREFIX, Clock, FakeServer, json_response, new_id, now_ms, read_json, run_cli
from .kakao_schema import validate_skill_response

DEFAULT_BOT_ID = "test-kakao-bot-id"
DEFAULT_REST_API_KEY = "test-kakao-rest-api-key"
CALLBACK_TTL_SECONDS = 60.0
MAX_EVENT_USERS = 100
USER_TYPES = ("botUserKey", "appUserId", "plusfriendUserKey")
INVALID_TOKEN = "Invalid callback token. Check your callback token."
INVALID_JSON = "Invalid json response from bot-skill."
STATUS_BODIES = {500: {"msg": "internal server error", "code": -1},
                 503: {"msg": "service under maintenance", "code": -9798},
                 429: {"msg": "API limit has been exceeded.", "code": -10}}


def kakao_error(code: int, msg: str) -> dict[str, Any]:
    return {"msg": msg, "code": code}


class FakeKakaoApi(FakeServer):
    def __init__(self, bot_id: str = DEFAULT_BOT_ID, rest_api_key: str = DEFAULT_REST_API_KEY, *,
                 clock: Clock = time.monotonic, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__(host=host, port=port)
        self.bot_id = bot_id
        self.rest_api_key = rest_api_key
        self.clock = clock
        self.events: list[dict[str, Any]] = []     # every Event API request, with its status
        self.callbacks: list[dict[str, Any]] = []  # every POST to a callback URL, with its status
        self.blocked_users: set[str] = set()
        self._tasks: dict[str, dict[str, Any]] = {}
        self._callback_tokens: dict[str, dict[str, Any]] = {}
        self._event_failures: deque[int] = deque()

    # -- what tests use ------------------------------------------------------------------------
    def new_callback_url(self, user_id: str | None = None, *, ttl: float = CALLBACK_TTL_SECONDS) -> str:
        if self.base_url is None:
            raise RuntimeError("start the fake before asking for a callback URL")
        token = secrets.token_urlsafe(24)
        self._callback_tokens[token] = {"user_id": user_id, "expires_at": self.clock() + ttl, "used": False}
        return f"{self.base_url}/v1/bots/{self.bot_id}/callback/{token}"

    def expire_callback_url(self, url: str) -> None:
        self._callback_tokens[url.rsplit("/", 1)[-1]]["expires_at"] = float("-inf")

    def block_user(self, user_id: str) -> None:
        self.blocked_users.add(user_id)

    def fail_next_events(self, n: int, status: int = 500) -> None:
        self._event_failures.extend([status] * n)

    def delivered_events_for(self, user_id: str) -> list[dict[str, Any]]:
        """The ``event`` objects (name, data) accepted for this user and not blocked, in order."""
        return [e["event"] for e in self.events if user_id in e["delivered_to"]]

    def delivered_callbacks_for(self, user_id: str) -> list[dict[str, Any]]:
        """Skill responses delivered through callback URLs issued for this user."""
        return [c["payload"] for c in self.callbacks if c["accepted"] and c["user_id"] == user_id]

    @property
    def accepted_events(self) -> list[dict[str, Any]]:
        return [e for e in self.events if e["accepted"]]

    @property
    def accepted_callbacks(self) -> list[dict[str, Any]]:
        return [c for c in self.callbacks if c["accepted"]]

    def snapshot(self) -> dict[str, Any]:
        return {"requests": self.requests, "events": self.events, "callbacks": self.callbacks}

    def reset(self) -> None:
        super().reset()
        self.events.clear()
        self.callbacks.clear()
        self._event_failures.clear()

    # -- routes --------------------------------------------------------------------------------
    def add_routes(self, app: web.Application) -> None:
        app.router.add_post("/v2/bots/{bot_id}/talk", self._talk)
        app.router.add_get("/v1/tasks/{task_id}", self._task)
        app.router.add_post("/v1/bots/{bot_id}/callback/{token}", self._callback)

    async def _talk(self, request: web.Request) -> web.Response:
        record = {"task_id": None, "status": None, "accepted": False, "bot_id": request.match_info["bot_id"],
                  "event": None, "users": [], "delivered_to": [], "params": None,
                  "headers": dict(request.headers), "response": None}
        self.events.append(record)
        status, body = await self._handle_talk(request, record)
        record["status"], record["response"] = status, body
        return json_response(body, status)

    async def _handle_talk(self, request: web.Request, record: dict) -> tuple[int, dict]:
        if request.headers.get("Authorization") != f"KakaoAK {self.rest_api_key}":
            return 401, kakao_error(-401, "wrong appKey or appKey type. KakaoAK {REST API key} is required.")
        if record["bot_id"] not in (self.bot_id, self.bot_id + "!"):
            return 400, kakao_error(-2, "Invalid bot ID. Check your Bot ID.")
        body, error = await read_json(request)
        if error is not None or not isinstance(body, dict):
            return 400, kakao_error(-2, "the request body is not a JSON object")
        problem = _event_problem(body)
        record.update(event=body.get("event"), users=body.get("user") if isinstance(body.get("user"), list) else [],
                      params=body.get("params"))
        if problem:
            return 400, kakao_error(-2, problem)
        if self._event_failures:
            status = self._event_failures.popleft()
            return status, STATUS_BODIES.get(status, kakao_error(-1, "error"))
        task_id = new_id()
        delivered = [u["id"] for u in record["users"] if u["id"] not in self.blocked_users]
        record.update(task_id=task_id, accepted=True, delivered_to=delivered)
        self._tasks[task_id] = record
        return 200, {"taskId": task_id, "status": "SUCCESS", "timestamp": now_ms()}

    async def _task(self, request: web.Request) -> web.Response:
        record = self._tasks.get(request.match_info["task_id"])
        if record is None:
            return json_response(kakao_error(-2, "task not found"), 404)
        users = record["users"]
        failed = len(users) - len(record["delivered_to"])
        return json_response({
            "taskId": record["task_id"],
            "status": "ALL SUCCESS" if not failed else f"{failed} FAIL",
            "allRequestCount": len(users),
            "successCount": len(users) - failed,
            **({"userKeyResolvingFailCount": failed} if failed else {}),
            "fail": {"count": failed, "list": []},
        })

    async def _callback(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        state = self._callback_tokens.get(token)
        record = {"token": token, "user_id": state["user_id"] if state else None, "status": None,
                  "accepted": False, "payload": None, "errors": [], "headers": dict(request.headers),
                  "response": None}
        self.callbacks.append(record)
        status, outcome = await self._handle_callback(request, state, record)
        body = {"taskId": new_id(), "status": "SUCCESS" if status == 200 else "FAIL", "message": outcome,
                "timestamp": now_ms()}
        record["status"], record["response"] = status, body
        return json_response(body, status)

    async def _handle_callback(self, request: web.Request, state: dict | None, record: dict) -> tuple[int, str]:
        if (state is None or state["used"] or self.clock() > state["expires_at"]
                or request.match_info["bot_id"] != self.bot_id):
            return 400, INVALID_TOKEN
        payload, error = await read_json(request)
        if error is not None:
            record["errors"] = [f"$: not JSON ({error.msg})"]
            return 400, INVALID_JSON
        record["payload"] = payload
        record["errors"] = validate_skill_response(payload, allow_use_callback=False)
        if record["errors"]:
            return 400, INVALID_JSON
        state["used"] = True
        record["accepted"] = True
        return 200, "OK"

    # -- control endpoints (for a fake running in another process) ---------------------------
    def add_control_routes(self, app: web.Application) -> None:
        app.router.add_post(CONTROL_PREFIX + "callback-urls", self._control_callback_url)
        app.router.add_post(CONTROL_PREFIX + "fail-next-events", self._control_fail_events)
        app.router.add_post(CONTROL_PREFIX + "blocked-users", self._control_block)

    async def _control_callback_url(self, request: web.Request) -> web.Response:
        body = await request.json()
        url = self.new_callback_url(body.get("userId"), ttl=body.get("ttl", CALLBACK_TTL_SECONDS))
        return json_response({"callbackUrl": url})

    async def _control_fail_events(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.fail_next_events(body["n"], body.get("status", 500))
        return json_response({})

    async def _control_block(self, request: web.Request) -> web.Response:
        self.block_user((await request.json())["userId"])
        return json_response({})


def _event_problem(body: dict) -> str | None:
    event = body.get("event")
    if not isinstance(event, dict):
        return "event is required and must be an object"
    if not isinstance(event.get("name"), str) or not event["name"]:
        return "event.name is required (the event name set on the block)"
    if event.get("data") is not None and not isinstance(event["data"], dict):
        return "event.data must be an object"
    users = body.get("user")
    if not isinstance(users, list) or not users:
        return "user is required: 1 to 100 users"
    if len(users) > MAX_EVENT_USERS:
        return f"too many users: {len(users)}, at most {MAX_EVENT_USERS} per request"
    seen: set[tuple[str, str]] = set()
    for i, user in enumerate(users):
        if not isinstance(user, dict) or user.get("type") not in USER_TYPES:
            return f"user[{i}].type must be one of {list(USER_TYPES)}"
        if not isinstance(user.get("id"), str) or not user["id"]:
            return f"user[{i}].id is required"
        if (user["type"], user["id"]) in seen:
            return f"user[{i}] is a duplicate"
        seen.add((user["type"], user["id"]))
    if body.get("params") is not None and not isinstance(body["params"], dict):
        return "params must be an object"
    return None


def main(argv: list[str] | None = None) -> None:
    def arguments(parser) -> None:
        parser.add_argument("--bot-id", default=DEFAULT_BOT_ID)
        parser.add_argument("--rest-api-key", default=DEFAULT_REST_API_KEY)

    run_cli("Fake Kakao chatbot Event API and skill callback receiver", arguments,
            lambda args: FakeKakaoApi(args.bot_id, args.rest_api_key, host=args.host, port=args.port), argv)


if __name__ == "__main__":
    main()
