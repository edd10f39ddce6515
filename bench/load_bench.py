"""Load test of the webhooks on loopback, with the whole pipeline and the real databases.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/9 \\
        .venv/bin/python -m bench.load_bench [--seconds 20] [--concurrency 50] [--rate 200]

Starts, as separate processes: the bot (`python -m bot`, on a throwaway database with the demo data), a fake LINE
API for its replies, and a bare aiohttp server that answers `{}` (the baseline: what aiohttp itself costs on this
machine). Then, for each target, a closed loop of N concurrent users for S seconds (requests per second it can
take) and an open loop at a fixed rate (latency when 200 requests arrive each second). The load generator runs on
the same 2 cores, so the figures are a floor of what the bot does alone.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import hmac
import json
import os
import random
import socket
import subprocess
import sys
import time
import uuid
from contextlib import closing

import aiohttp

from bench.candidates_bench import percentile
from storage.config import PROJECT_ROOT
from storage.db import connect
from storage.demo_cli import seed_demo
from storage.migrate import apply_migrations
from tests.services import create_database, drop_database, new_database_name, with_database

LINE_SECRET = "bench-line-secret"
LINE_TOKEN = "bench-line-token"
KAKAO_SECRET = "bench-kakao-secret"
QUESTIONS = ["5천원으로 점심 뭐 먹지?", "만원으로 저녁 추천해줘", "치킨 먹고 싶어", "카드 잔액 얼마야", "안녕",
             "떡볶이 먹고싶다", "돈 없는데 배고파요", "친구랑 둘이서 만오천원", "지금 문 연 곳", "고마워"]
BARE_SERVER = """
from aiohttp import web

async def answer(request):
    await request.read()
    return web.json_response({{}})

app = web.Application()
app.router.add_post("/{{tail:.*}}", answer)
app.router.add_get("/{{tail:.*}}", answer)
web.run_app(app, host="127.0.0.1", port={port}, print=None, access_log=None)
"""


def free_port() -> int:
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def kakao_request(text: str) -> tuple[str, bytes, dict]:
    body = {"userRequest": {"utterance": text, "user": {"id": f"bench-{random.randrange(2000)}", "type": "botUserKey"}},
            "action": {"name": "bench"}}
    return "/webhooks/kakao", json.dumps(body).encode(), {"X-Skill-Secret": KAKAO_SECRET}


def line_request(text: str) -> tuple[str, bytes, dict]:
    event = {"type": "message", "mode": "active", "timestamp": int(time.time() * 1000),
             "source": {"type": "user", "userId": "U" + uuid.uuid4().hex},
             "webhookEventId": uuid.uuid4().hex, "deliveryContext": {"isRedelivery": False},
             "replyToken": uuid.uuid4().hex, "message": {"type": "text", "id": "1", "text": text}}
    body = json.dumps({"destination": "Ubench", "events": [event]}).encode()
    signature = base64.b64encode(hmac.new(LINE_SECRET.encode(), body, hashlib.sha256).digest()).decode()
    return "/webhooks/line", body, {"X-Line-Signature": signature}


async def one(session, base: str, make) -> tuple[float, int]:
    path, body, headers = make(random.choice(QUESTIONS))
    started = time.perf_counter()
    async with session.post(base + path, data=body, headers={**headers, "Content-Type": "application/json"}) as r:
        await r.read()
        return (time.perf_counter() - started) * 1000, r.status


def summary(results: list[tuple[float, int]], seconds: float) -> dict:
    latencies = [ms for ms, _ in results]
    return {"requests": len(results), "rps": round(len(results) / seconds, 1),
            "p50_ms": round(percentile(latencies, 50), 2), "p99_ms": round(percentile(latencies, 99), 2),
            "errors": sum(status >= 400 for _, status in results)}


async def closed_loop(base: str, make, concurrency: int, seconds: float) -> dict:
    results: list[tuple[float, int]] = []
    deadline = time.perf_counter() + seconds
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency)) as session:
        async def user() -> None:
            while time.perf_counter() < deadline:
                results.append(await one(session, base, make))
        await asyncio.gather(*(user() for _ in range(concurrency)))
    return summary(results, seconds)


async def open_loop(base: str, make, rate: float, seconds: float) -> dict:
    results: list[tuple[float, int]] = []
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
        tasks = []
        started = time.perf_counter()
        for i in range(int(rate * seconds)):
            await asyncio.sleep(max(0.0, started + i / rate - time.perf_counter()))
            tasks.append(asyncio.create_task(one(session, base, make)))
        results = await asyncio.gather(*tasks)
    return summary(list(results), seconds)


async def wait_ready(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            try:
                async with session.get(url) as r:
                    if r.status in (200, 405):
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


def start(args: list[str], env: dict) -> subprocess.Popen:
    return subprocess.Popen(args, cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


async def run(options) -> None:
    admin = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    name = new_database_name("naviyam_load")
    await create_database(admin, name)
    url = with_database(admin, name)
    processes = []
    try:
        await apply_migrations(url)
        conn = await connect(url)
        await seed_demo(conn)
        await conn.close()
        bot_port, bare_port, line_port = free_port(), free_port(), free_port()
        env = {**os.environ, "DATABASE_URL": url, "PORT": str(bot_port), "LOG_FORMAT": "json",
               "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/9"),
               "LINE_CHANNEL_SECRET": LINE_SECRET, "LINE_CHANNEL_ACCESS_TOKEN": LINE_TOKEN,
               "LINE_API_BASE_URL": f"http://127.0.0.1:{line_port}", "KAKAO_SKILL_SECRET": KAKAO_SECRET}
        processes.append(start([sys.executable, "-m", "tests.fakes.line_api", "--port", str(line_port),
                                "--token", LINE_TOKEN], env))
        processes.append(start([sys.executable, "-c", BARE_SERVER.format(port=bare_port)], env))
        processes.append(start([sys.executable, "-m", "bot"], env))
        await wait_ready(f"http://127.0.0.1:{bot_port}/healthz")
        await wait_ready(f"http://127.0.0.1:{bare_port}/x")
        targets = {"bare aiohttp {}": (f"http://127.0.0.1:{bare_port}", kakao_request),
                   "Kakao skill": (f"http://127.0.0.1:{bot_port}", kakao_request),
                   "LINE webhook": (f"http://127.0.0.1:{bot_port}", line_request)}
        for label, (base, make) in targets.items():
            await closed_loop(base, make, 10, 2)  # warm up
            closed = await closed_loop(base, make, options.concurrency, options.seconds)
            opened = await open_loop(base, make, options.rate, options.seconds)
            print(f"{label}: {options.concurrency} concurrent {closed} | {options.rate:g}/s {opened}", flush=True)
    finally:
        for process in processes:
            process.terminate()
            process.wait(10)
        await drop_database(admin, name)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--rate", type=float, default=200)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
