"""The real app, NLU and database for channel tests; only LINE's and Kakao's APIs are fakes."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
from dataclasses import replace

import pytest

from bot.app import create_app
from bot.keys import BACKGROUND
from storage.config import Settings

LINE_SECRET = "test-line-channel-secret"
KAKAO_SECRET = "test-kakao-skill-secret"


@pytest.fixture(scope="session")
def nlu_pipeline():
    from nlu.pipeline import NluPipeline

    pipeline = NluPipeline.load()
    pipeline.warm_up()
    return pipeline


@pytest.fixture
def bot_settings(settings: Settings, demo_data, fake_line_api, fake_kakao_api) -> Settings:
    return replace(
        settings,
        line_channel_secret=LINE_SECRET,
        line_channel_access_token=fake_line_api.channel_access_token,
        line_api_base_url=fake_line_api.base_url,
        kakao_skill_secret=KAKAO_SECRET,
        kakao_bot_id=fake_kakao_api.bot_id,
        kakao_rest_api_key=fake_kakao_api.rest_api_key,
        kakao_event_api_url=fake_kakao_api.base_url,
    )


@pytest.fixture
async def bot_client(aiohttp_client, bot_settings, nlu_pipeline):
    client = await aiohttp_client(create_app(bot_settings, nlu_pipeline=nlu_pipeline))
    yield client


async def settle(client) -> None:
    """Wait until the work acknowledged by the webhook (LINE answers after its 200) has finished."""
    for _ in range(200):
        tasks = client.app[BACKGROUND].tasks
        if not tasks:
            return
        await asyncio.wait(set(tasks), timeout=0.05)
    raise AssertionError("background work did not finish")


def line_signature(body: bytes, secret: str = LINE_SECRET) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def line_body(events: list[dict], destination: str = "Uxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx") -> bytes:
    return json.dumps({"destination": destination, "events": events}, ensure_ascii=False).encode()
