"""The operator commands as operators run them (``python -m bot ...`` subprocesses), against the session's
PostgreSQL and Redis; turns come from the real web app (shared NLU) or are written as the workers write them."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from dataclasses import dataclass

import pytest

from bot.app import create_app
from storage.config import PROJECT_ROOT
from storage.privacy import pseudonymous_key
from tests.nlu.shared_pipeline import shared_pipeline


@dataclass(frozen=True)
class WebUser:
    external_id: str
    user_key: str


def new_web_user(settings, prefix: str = "web-cli") -> WebUser:
    external_id = f"{prefix}-{uuid.uuid4().hex}"
    return WebUser(external_id, pseudonymous_key(settings.pseudonym_secret, "web", external_id))


@pytest.fixture
def cli_env(settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NLU_", "LINE_", "KAKAO_"))}
    env.update(DATABASE_URL=settings.database_url, REDIS_URL=settings.redis_url, PYTHONPATH=str(PROJECT_ROOT),
               TZ_NAME="Asia/Seoul", LOG_FORMAT="json")
    return env


def run_bot(env: dict[str, str], *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, env=env,
                          cwd=PROJECT_ROOT, timeout=timeout, check=False, stdin=subprocess.DEVNULL)


@pytest.fixture
async def web_client(aiohttp_client, settings, demo_data):
    """The real app (web chat API) with the shared NLU; no messenger secrets needed."""
    return await aiohttp_client(create_app(settings, nlu_pipeline=shared_pipeline()))


async def chat(client, user: WebUser, message: str, **extra) -> dict:
    response = await client.post("/api/v1/chat", json={"user_id": user.external_id, "message": message, **extra})
    assert response.status == 200, await response.text()
    return await response.json()
