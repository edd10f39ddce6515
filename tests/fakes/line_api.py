"""A fake of the LINE Messaging API endpoints the bot calls: reply, push and the loading animation.

Point the code under test at ``fake.base_url`` (``Configuration(host=fake.base_url)`` of
line-bot-sdk v3, or ``LINE_API_BASE_URL``). What it checks and answers, and where each rule comes
from (https://developers.line.biz/en/reference/messaging-api/ unless named):

* every call: ``Authorization: Bearer <channel access token>`` else 401 (bodies as LINE sends them:
  missing header / wrong token); bodies over 2 MB → 413 ("Status codes"); unparsable JSON → 400
  "The request body could not be parsed as JSON (line: L, column: C)" ("Error messages"); every
  answer carries ``X-Line-Request-Id`` ("Response headers").
* reply: ``replyToken`` + 1–5 valid messages (``line_schema``) else 400 "The request body has N
  error(s)" with ``details``; a token the test did not issue, already used, or older than its TTL
  (60 s: "Reply tokens must be used within one minute") → 400 ``{"message": "Invalid reply token"}``;
  ``X-Line-Retry-Key`` on reply → 400 (retry keys are for push/multicast/narrowcast/broadcast only,
  docs "Retry failed API requests"). Success → 200 ``{"sentMessages": [{"id", "quoteToken"?}, …]}``.
* push: ``to`` + 1–5 valid messages; optional ``X-Line-Retry-Key`` must be a UUID (400 otherwise);
  a key already accepted (within 24 h) → 409 ``{"message": "The retry key is already accepted",
  "sentMessages": […]}`` with ``x-line-accepted-request-id`` and nothing delivered again; a user the
  test marked unknown → 400 ``{"message": "Failed to send messages"}``; a blocked user → 200 but
  not delivered ("Conditions for sending push message").
* loading animation: ``chatId`` a user (group/room ids → 400), ``loadingSeconds`` 5–60 and a multiple
  of 5 (default 20) → 202 ``{}`` ("Display a loading animation").
"""

from __future__ import annotations

import itertools
import re
import secrets
import time
from collections import deque
from typing import Any

from aiohttp import web

from ._server import CONTROL_PREFIX, Clock, FakeServer, json_response, new_id, read_json, run_cli
from .line_schema import validate_messages

DEFAULT_CHANNEL_ACCESS_TOKEN = "test-line-channel-access-token"
REPLY_TOKEN_TTL_SECONDS = 60.0
RETRY_KEY_TTL_SECONDS = 24 * 3600.0
MAX_BODY_BYTES = 2 * 1000 * 1000
UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
QUOTABLE_TYPES = ("text", "sticker", "image", "video")

MISSING_AUTH = {"message": "Authorization header required. Must follow the scheme, "
                           "'Authorization: Bearer <ACCESS TOKEN>'"}
BAD_TOKEN = {"message": "Authentication failed. Confirm that the access token in the authorization "
                        "header is valid."}
INVALID_REPLY_TOKEN = {"message": "Invalid reply token"}
RETRY_KEY_ACCEPTED = "The retry key is already accepted"
FAILED_TO_SEND = {"message": "Failed to send messages"}
STATUS_BODIES = {
    429: {"message": "The API rate limit has been exceeded. Try again later."},
    500: {"message": "Internal server error"},
    503: {"message": "Service unavailable"},
}
NOT_A_USER = "Only user id is acceptable, please confirm if there are any group/room ids or illegal ids."


def body_errors(details: list[tuple[str, str]]) -> dict[str, Any]:
    return {"message": f"The request body has {len(details)} error(s)",
            "details": [{"message": message, "property": prop} for prop, message in details]}


class FakeLineApi(FakeServer):
    def __init__(self, channel_access_token: str = DEFAULT_CHANNEL_ACCESS_TOKEN, *,
                 clock: Clock = time.monotonic, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__(host=host, port=port)
        self.channel_access_token = channel_access_token
        self.clock = clock
        self.replies: list[dict[str, Any]] = []     # every reply request, with its status
        self.pushes: list[dict[str, Any]] = []      # every push request, with its status
        self.loading_animations: list[dict[str, Any]] = []
        self.deliveries: list[dict[str, Any]] = []  # {"to", "message", "via"} for messages a user got
        self.blocked_users: set[str] = set()
        self.unknown_users: set[str] = set()
        self._reply_tokens: dict[str, dict[str, Any]] = {}
        self._retry_keys: dict[str, dict[str, Any]] = {}
        self._push_failures: deque[tuple[int, bool]] = deque()
        self._reply_failures: deque[int] = deque()
        self._message_ids = itertools.count(461230966842064897)

    # -- what tests use ------------------------------------------------------------------------
    def issue_reply_token(self, user_id: str | None = None, *, ttl: float = REPLY_TOKEN_TTL_SECONDS) -> str:
        """A fresh reply token, valid once and for ``ttl`` seconds, bound to ``user_id``."""
        token = secrets.token_hex(16)
        self._reply_tokens[token] = {"user_id": user_id, "expires_at": self.clock() + ttl, "used": False}
        return token

    def expire_reply_token(self, token: str) -> None:
        self._reply_tokens[token]["expires_at"] = float("-inf")

    def block_user(self, user_id: str) -> None:
        self.blocked_users.add(user_id)

    def unblock_user(self, user_id: str) -> None:
        self.blocked_users.discard(user_id)

    def mark_unknown_user(self, user_id: str) -> None:
        """Pushes to this id answer 400 "Failed to send messages" (an id from another channel)."""
        self.unknown_users.add(user_id)

    def fail_next_pushes(self, n: int, status: int = 500, *, deliver: bool = False) -> None:
        """The next ``n`` valid pushes answer ``status``. ``deliver=True`` models a push LINE accepted
        (and delivered) whose answer was lost: a retry with the same key then gets 409."""
        self._push_failures.extend([(status, deliver)] * n)

    def fail_next_replies(self, n: int, status: int = 500) -> None:
        self._reply_failures.extend([status] * n)

    def delivered_messages_for(self, user_id: str) -> list[dict[str, Any]]:
        return [d["message"] for d in self.deliveries if d["to"] == user_id]

    def delivered_texts_for(self, user_id: str) -> list[str]:
        """``text`` of text messages, ``altText`` of the others, in delivery order."""
        return [m.get("text", m.get("altText", "")) for m in self.delivered_messages_for(user_id)]

    @property
    def accepted_pushes(self) -> list[dict[str, Any]]:
        return [p for p in self.pushes if p["accepted"]]

    @property
    def accepted_replies(self) -> list[dict[str, Any]]:
        return [r for r in self.replies if r["accepted"]]

    def snapshot(self) -> dict[str, Any]:
        return {"requests": self.requests, "replies": self.replies, "pushes": self.pushes,
                "loading_animations": self.loading_animations, "deliveries": self.deliveries}

    def reset(self) -> None:
        super().reset()
        for log in (self.replies, self.pushes, self.loading_animations, self.deliveries):
            log.clear()
        self._push_failures.clear()
        self._reply_failures.clear()

    # -- routes --------------------------------------------------------------------------------
    def add_routes(self, app: web.Application) -> None:
        app.router.add_post("/v2/bot/message/reply", self._reply)
        app.router.add_post("/v2/bot/message/push", self._push)
        app.router.add_post("/v2/bot/chat/loading/start", self._loading)

    async def _reply(self, request: web.Request) -> web.Response:
        record = self._new_record(request, self.replies, reply_token=None, to=None, messages=None,
                                  notification_disabled=None)
        return self._finish(record, *await self._handle_reply(request, record))

    async def _push(self, request: web.Request) -> web.Response:
        record = self._new_record(request, self.pushes, to=None, messages=None, notification_disabled=None,
                                  retry_key=request.headers.get("X-Line-Retry-Key"))
        return self._finish(record, *await self._handle_push(request, record))

    async def _loading(self, request: web.Request) -> web.Response:
        record = self._new_record(request, self.loading_animations, chat_id=None, loading_seconds=None)
        return self._finish(record, *await self._handle_loading(request, record))

    def _new_record(self, request: web.Request, log: list, **fields: Any) -> dict[str, Any]:
        record = {"request_id": new_id(), "status": None, "accepted": False, "delivered": False,
                  "headers": dict(request.headers), "body": None, "response": None, **fields}
        log.append(record)
        return record

    def _finish(self, record: dict, status: int, body: Any, headers: dict[str, str] | None = None) -> web.Response:
        record["status"], record["response"] = status, body
        return json_response(body, status, {"X-Line-Request-Id": record["request_id"], **(headers or {})})

    async def _common_checks(self, request: web.Request, record: dict) -> tuple | None:
        """Auth, size and JSON: the answer to send, or None when the request may go on."""
        auth = request.headers.get("Authorization")
        if not auth or not auth.startswith("Bearer "):
            return 401, MISSING_AUTH
        if auth[len("Bearer "):] != self.channel_access_token:
            return 401, BAD_TOKEN, {"WWW-Authenticate": 'Bearer error="invalid_token"'}
        if len(await request.read()) > MAX_BODY_BYTES:
            return 413, {"message": "Request exceeds the max size of 2MB"}
        body, error = await read_json(request)
        if error is not None:
            return 400, {"message": "The request body could not be parsed as JSON "
                                    f"(line: {error.lineno}, column: {error.colno})"}
        if not isinstance(body, dict):
            return 400, {"message": "The request body could not be parsed as JSON (line: 1, column: 1)"}
        record["body"] = body
        return None

    async def _handle_reply(self, request: web.Request, record: dict) -> tuple:
        if (rejected := await self._common_checks(request, record)) is not None:
            return rejected
        if "X-Line-Retry-Key" in request.headers:
            return 400, {"message": "The retry key (X-Line-Retry-Key) is not supported by this API"}
        body = record["body"]
        token, messages = body.get("replyToken"), body.get("messages")
        record.update(reply_token=token, messages=messages, notification_disabled=body.get("notificationDisabled"))
        details = [] if isinstance(token, str) and token else [("replyToken", "must be specified")]
        details += validate_messages(messages) + _notification_flag(body)
        if details:
            return 400, body_errors(details)
        state = self._reply_tokens.get(token)
        if state is None or state["used"] or self.clock() > state["expires_at"]:
            return 400, INVALID_REPLY_TOKEN
        if self._reply_failures:
            status = self._reply_failures.popleft()
            return status, STATUS_BODIES.get(status, {"message": "Error"})
        state["used"] = True
        record["to"] = state["user_id"]
        return 200, {"sentMessages": self._deliver(record, state["user_id"], messages, "reply")}

    async def _handle_push(self, request: web.Request, record: dict) -> tuple:
        if (rejected := await self._common_checks(request, record)) is not None:
            return rejected
        key = record["retry_key"]
        if key is not None and not UUID_RE.match(key):
            return 400, {"message": "The value of the X-Line-Retry-Key header is invalid (must be a UUID)"}
        accepted = self._accepted_retry_key(key)
        if accepted is not None:
            return 409, {"message": RETRY_KEY_ACCEPTED, "sentMessages": accepted["sent_messages"]}, \
                {"X-Line-Accepted-Request-Id": accepted["request_id"]}
        body = record["body"]
        to, messages = body.get("to"), body.get("messages")
        record.update(to=to, messages=messages, notification_disabled=body.get("notificationDisabled"))
        details = [] if isinstance(to, str) and to else [("to", "must be specified")]
        details += validate_messages(messages) + _notification_flag(body)
        if details:
            return 400, body_errors(details)
        if to in self.unknown_users:
            return 400, FAILED_TO_SEND
        failure = self._push_failures.popleft() if self._push_failures else None
        if failure is not None and not failure[1]:
            return failure[0], STATUS_BODIES.get(failure[0], {"message": "Error"})
        sent = self._deliver(record, to, messages, "push")
        if key is not None:
            self._retry_keys[key] = {"request_id": record["request_id"], "sent_messages": sent,
                                     "expires_at": self.clock() + RETRY_KEY_TTL_SECONDS}
        if failure is not None:
            return failure[0], STATUS_BODIES.get(failure[0], {"message": "Error"})
        return 200, {"sentMessages": sent}

    def _accepted_retry_key(self, key: str | None) -> dict[str, Any] | None:
        accepted = self._retry_keys.get(key) if key is not None else None
        if accepted is not None and self.clock() > accepted["expires_at"]:
            del self._retry_keys[key]
            return None
        return accepted

    def _deliver(self, record: dict, to: str | None, messages: list[dict], via: str) -> list[dict[str, str]]:
        record["accepted"] = True
        record["delivered"] = to not in self.blocked_users
        sent = []
        for message in messages:
            if record["delivered"]:
                self.deliveries.append({"to": to, "message": message, "via": via})
            entry = {"id": str(next(self._message_ids))}
            if message.get("type") in QUOTABLE_TYPES:
                entry["quoteToken"] = secrets.token_urlsafe(12)
            sent.append(entry)
        return sent

    async def _handle_loading(self, request: web.Request, record: dict) -> tuple:
        if (rejected := await self._common_checks(request, record)) is not None:
            return rejected
        body = record["body"]
        chat_id, seconds = body.get("chatId"), body.get("loadingSeconds", 20)
        record.update(chat_id=chat_id, loading_seconds=seconds)
        details: list[tuple[str, str]] = []
        if not isinstance(chat_id, str) or not chat_id:
            details.append(("chatId", "must be specified"))
        elif not chat_id.startswith("U"):
            details.append(("chatId", NOT_A_USER))
        if not isinstance(seconds, int) or isinstance(seconds, bool):
            details.append(("loadingSeconds", "must be a number"))
        else:
            if not 5 <= seconds <= 60:
                details.append(("loadingSeconds", "Must be between 5 and 60"))
            if seconds % 5:
                details.append(("loadingSeconds", "must be a multiple of five"))
        if details:
            return 400, body_errors(details)
        record["accepted"] = True
        return 202, {}

    # -- control endpoints (for a fake running in another process) ---------------------------
    def add_control_routes(self, app: web.Application) -> None:
        app.router.add_post(CONTROL_PREFIX + "reply-tokens", self._control_reply_token)
        app.router.add_post(CONTROL_PREFIX + "fail-next-pushes", self._control_fail_pushes)
        app.router.add_post(CONTROL_PREFIX + "fail-next-replies", self._control_fail_replies)
        app.router.add_post(CONTROL_PREFIX + "blocked-users", self._control_block)
        app.router.add_post(CONTROL_PREFIX + "unknown-users", self._control_unknown)

    async def _control_reply_token(self, request: web.Request) -> web.Response:
        body = await request.json()
        token = self.issue_reply_token(body.get("userId"), ttl=body.get("ttl", REPLY_TOKEN_TTL_SECONDS))
        return json_response({"replyToken": token})

    async def _control_fail_pushes(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.fail_next_pushes(body["n"], body.get("status", 500), deliver=body.get("deliver", False))
        return json_response({})

    async def _control_fail_replies(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.fail_next_replies(body["n"], body.get("status", 500))
        return json_response({})

    async def _control_block(self, request: web.Request) -> web.Response:
        self.block_user((await request.json())["userId"])
        return json_response({})

    async def _control_unknown(self, request: web.Request) -> web.Response:
        self.mark_unknown_user((await request.json())["userId"])
        return json_response({})


def _notification_flag(body: dict) -> list[tuple[str, str]]:
    flag = body.get("notificationDisabled")
    return [] if flag is None or isinstance(flag, bool) else [("notificationDisabled", "must be a boolean")]


def main(argv: list[str] | None = None) -> None:
    run_cli("Fake LINE Messaging API (reply, push, loading animation)",
            lambda p: p.add_argument("--token", default=DEFAULT_CHANNEL_ACCESS_TOKEN,
                                     help="the channel access token to accept"),
            lambda args: FakeLineApi(args.token, host=args.host, port=args.port), argv)


if __name__ == "__main__":
    main()
