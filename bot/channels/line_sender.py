"""Sending to LINE with line-bot-sdk v3: reply with the reply token, and push when the token has expired or was
used. Pushes carry an ``X-Line-Retry-Key`` so a retried push is delivered once. Explicit timeouts (the SDK's
default is 300 s)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import structlog
from linebot.v3.messaging import (
    ApiException,
    AsyncApiClient,
    AsyncMessagingApi,
    Configuration,
    PushMessageRequest,
    ReplyMessageRequest,
    ShowLoadingAnimationRequest,
)

log = structlog.get_logger(__name__)

REQUEST_TIMEOUT_S = 5.0


@dataclass
class LineSender:
    api: AsyncMessagingApi
    client: AsyncApiClient

    @classmethod
    def create(cls, access_token: str, base_url: str) -> LineSender:
        client = AsyncApiClient(Configuration(access_token=access_token, host=base_url))
        return cls(api=AsyncMessagingApi(client), client=client)

    async def close(self) -> None:
        await self.client.close()

    async def reply(self, reply_token: str, messages: list[dict]) -> bool:
        """True when LINE took the reply; False when the token was invalid, expired or already used."""
        request = ReplyMessageRequest.from_dict({"replyToken": reply_token, "messages": messages})
        try:
            await self.api.reply_message(request, _request_timeout=REQUEST_TIMEOUT_S)
            return True
        except ApiException as exc:
            if exc.status == 400:
                log.info("line_reply_token_refused", status=exc.status)
                return False
            raise

    async def push(self, user_id: str, messages: list[dict], retry_key: str | None = None) -> str:
        """Push to a user; returns the retry key used (keep it to retry the same push)."""
        retry_key = retry_key or str(uuid.uuid4())
        request = PushMessageRequest.from_dict({"to": user_id, "messages": messages})
        try:
            await self.api.push_message(request, x_line_retry_key=retry_key, _request_timeout=REQUEST_TIMEOUT_S)
        except ApiException as exc:
            if exc.status != 409:  # 409: this retry key was already accepted, the message is delivered
                raise
        return retry_key

    async def show_loading(self, user_id: str, seconds: int = 10) -> None:
        try:
            await self.api.show_loading_animation(
                ShowLoadingAnimationRequest(chatId=user_id, loadingSeconds=seconds), _request_timeout=2.0
            )
        except Exception as exc:  # a missing animation is cosmetic
            log.info("line_loading_animation_failed", error=type(exc).__name__)
