"""pytest fixtures that run the messenger fakes on a free 127.0.0.1 port for one test.

Use from ``tests/conftest.py``::

    from tests.fakes.fixtures import fake_kakao_api, fake_line_api  # noqa: F401

Each yields a started fake: ``fake.base_url`` is the API root to configure
(``LINE_API_BASE_URL`` / ``KAKAO_EVENT_API_URL``); the credentials it accepts are
``fake_line_api.channel_access_token`` and ``fake_kakao_api.bot_id`` / ``.rest_api_key``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from .kakao_api import FakeKakaoApi
from .line_api import FakeLineApi


@pytest_asyncio.fixture
async def fake_line_api() -> AsyncIterator[FakeLineApi]:
    async with FakeLineApi() as fake:
        yield fake


@pytest_asyncio.fixture
async def fake_kakao_api() -> AsyncIterator[FakeKakaoApi]:
    async with FakeKakaoApi() as fake:
        yield fake
