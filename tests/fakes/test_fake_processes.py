"""The fakes also run as separate processes, for tests of workers in subprocesses."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

from ._payloads import load
from .support import HELLO, USER
from .test_fake_kakao import event, post_callback

pytestmark = pytest.mark.asyncio


# ---------------------------------------------------------------- fakes in another process -------

async def _spawn(module: str, *args: str):
    package = __package__ or "fakes"
    cwd = Path(__file__).resolve().parents[len(package.split("."))]
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", f"{package}.{module}", "--port", "0", *args,
        cwd=cwd, stdout=asyncio.subprocess.PIPE)
    line = (await asyncio.wait_for(proc.stdout.readline(), timeout=20)).decode().split()
    assert line[0] == "READY", line
    return proc, line[1]


async def test_line_fake_runs_as_a_separate_process(http):
    proc, base_url = await _spawn("line_api", "--token", "process-token")
    try:
        async with http.post(base_url + "/__fake__/reply-tokens", json={"userId": USER}) as resp:
            token = (await resp.json())["replyToken"]
        async with http.post(base_url + "/v2/bot/message/reply", headers={"Authorization": "Bearer process-token"},
                             json={"replyToken": token, "messages": HELLO}) as resp:
            assert resp.status == 200
        async with http.get(base_url + "/__fake__/state") as resp:
            state = await resp.json()
        assert state["deliveries"] == [{"to": USER, "message": HELLO[0], "via": "reply"}]
    finally:
        proc.terminate()
        assert await asyncio.wait_for(proc.wait(), timeout=10) == 0


async def test_kakao_fake_runs_as_a_separate_process(http):
    proc, base_url = await _spawn("kakao_api", "--bot-id", "b1", "--rest-api-key", "k1")
    try:
        async with http.post(base_url + "/v2/bots/b1/talk", json=event(["bu1"]),
                             headers={"Authorization": "KakaoAK k1"}) as resp:
            assert resp.status == 200
        async with http.post(base_url + "/__fake__/callback-urls", json={"userId": "bu1"}) as resp:
            url = (await resp.json())["callbackUrl"]
        assert (await post_callback(http, url, load("kakao/kakao_response_simpletext.json")))[0] == 200
        async with http.get(base_url + "/__fake__/state") as resp:
            state = await resp.json()
        assert [e["status"] for e in state["events"]] == [200]
        assert [c["status"] for c in state["callbacks"]] == [200]
    finally:
        proc.terminate()
        assert await asyncio.wait_for(proc.wait(), timeout=10) == 0
