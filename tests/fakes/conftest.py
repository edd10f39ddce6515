"""Fixtures of the fakes' own tests (they also run with --noconftest elsewhere in the suite)."""

from __future__ import annotations

import aiohttp
import pytest_asyncio

from . import fixtures

fake_line_api = fixtures.fake_line_api
fake_kakao_api = fixtures.fake_kakao_api


@pytest_asyncio.fixture
async def http():
    async with aiohttp.ClientSession() as session:
        yield session

