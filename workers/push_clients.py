"""Sending one push to LINE (push API, X-Line-Retry-Key) or Kakao (Event API), with explicit timeouts.

The message itself is rendered by the channels' own renderers (``bot.channels.line_render``), so a push looks like
any other answer of the bot. Both APIs are one JSON POST each, sent with aiohttp: line-bot-sdk's client would add a
second of imports to every worker start for nothing we need. Outcomes are values, not exceptions: ``sent``,
``refused`` (the platform said no for good: retrying the same request cannot help) or ``retry`` (timeouts, 429,
5xx: the same push is tried again later). LINE's 409 "retry key already accepted" means an earlier attempt was
delivered: that is ``sent``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import aiohttp

from bot.channels import line_render
from handlers.reply import QuickReply, Reply
from storage.config import Settings
from workers import texts
from workers.outbox import ClaimedPush

TIMEOUT = aiohttp.ClientTimeout(total=5, connect=2)


@dataclass(frozen=True)
class Outcome:
    status: str  # sent / refused / retry / no_channel
    detail: str = ""


@dataclass
class PushClients:
    settings: Settings
    http: aiohttp.ClientSession

    @classmethod
    def create(cls, settings: Settings) -> PushClients:
        return cls(settings, aiohttp.ClientSession(timeout=TIMEOUT))

    async def close(self) -> None:
        await self.http.close()

    async def send(self, push: ClaimedPush, now: datetime, tz: ZoneInfo) -> Outcome:
        text = texts.push_text(push.kind, push.payload, now, tz)
        if push.platform == "line" and self.settings.line_channel_access_token:
            return await self._send_line(push, text)
        if push.platform == "kakao" and self.settings.kakao_push_enabled:
            return await self._send_kakao(push, text)
        return Outcome("no_channel", f"no push channel for platform {push.platform}")

    async def _send_line(self, push: ClaimedPush, text: str) -> Outcome:
        label, utterance = texts.quick_reply(push.kind, push.payload)
        messages = line_render.render_reply(Reply(text=text, quick_replies=(QuickReply(label, utterance),)))
        url = f"{self.settings.line_api_base_url.rstrip('/')}/v2/bot/message/push"
        headers = {"Authorization": f"Bearer {self.settings.line_channel_access_token}",
                   "X-Line-Retry-Key": str(push.retry_key)}
        return await self._post("LINE", url, {"to": push.external_user_id, "messages": messages}, headers)

    async def _send_kakao(self, push: ClaimedPush, text: str) -> Outcome:
        settings = self.settings
        url = f"{settings.kakao_event_api_url.rstrip('/')}/v2/bots/{settings.kakao_bot_id}/talk"
        body = {
            "event": {"name": texts.KAKAO_EVENTS[push.kind], "data": {"text": text}},
            "user": [{"type": "botUserKey", "id": push.external_user_id}],
        }
        return await self._post("Kakao", url, body, {"Authorization": f"KakaoAK {settings.kakao_rest_api_key}"})

    async def _post(self, platform: str, url: str, body: dict, headers: dict) -> Outcome:
        try:
            async with self.http.post(url, json=body, headers=headers) as response:
                await response.read()
                return _http_outcome(response.status, f"{platform} {response.status}", platform == "LINE")
        except (TimeoutError, aiohttp.ClientError, OSError) as exc:
            return Outcome("retry", f"{platform} {type(exc).__name__}")


def _http_outcome(status: int, detail: str, conflict_means_sent: bool) -> Outcome:
    if 200 <= status < 300 or (status == 409 and conflict_means_sent):  # LINE: this retry key was accepted before
        return Outcome("sent")
    if status in (408, 429) or status >= 500 or status in (401, 403):
        # 401/403: a wrong or expired token is fixed by an operator, after which `python -m workers retry` works.
        return Outcome("retry", detail)
    return Outcome("refused", detail)
