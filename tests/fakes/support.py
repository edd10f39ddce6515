"""Shared helpers of the fakes' own tests."""

from __future__ import annotations

from .line_api import FakeLineApi

USER = "U4af4980629" + "0" * 22
OTHER = "Uaaaaaaaaaa" + "1" * 22
HELLO = [{"type": "text", "text": "안녕! 오늘 점심 뭐 먹을까?"}]


def auth(fake: FakeLineApi) -> dict[str, str]:
    return {"Authorization": f"Bearer {fake.channel_access_token}"}


async def call(http, fake, path: str, body, headers=None):
    headers = {**auth(fake), **(headers or {})}
    async with http.post(fake.base_url + path, json=body, headers=headers) as resp:
        return resp.status, await resp.json(), resp.headers

