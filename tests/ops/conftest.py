"""The operator console through the real app: a live server for the browser, ``aiohttp_client`` for the rest.

The browser is Debian's Chromium driven by Playwright (never a downloaded browser); browser tests skip, saying
why, only when ``/usr/bin/chromium`` is missing.
"""

from __future__ import annotations

import asyncio
import os
import re
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from aiohttp import ClientSession, web

from bot.app import create_app
from storage.config import PROJECT_ROOT
from storage.queue import LOGS, JobQueue
from storage.turn_log import FLUSH_JOB_PATH
from tests.bot.conftest import bot_settings, line_body, line_signature, nlu_pipeline  # noqa: F401  (fixtures)
from tests.ops.privacy import served

OPERATOR = "운영자민지"
TOKEN = "test-operator-token-5b7f0c2e9a"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync", "--lang=ko-KR"]
SCREENSHOTS = PROJECT_ROOT / "docs" / "screenshots"

needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at "
                                    "/usr/bin/chromium (apt-get install chromium; .ci/run does it)")


@pytest.fixture
def ops_settings(bot_settings):  # noqa: F811
    return replace(bot_settings, operator_token=TOKEN)


@pytest.fixture
async def ops_client(aiohttp_client, ops_settings, nlu_pipeline):  # noqa: F811
    return await aiohttp_client(create_app(ops_settings, nlu_pipeline=nlu_pipeline))


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html) or re.search(
        r'name="csrf-token" content="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match[1]


async def sign_in(client, name: str = OPERATOR, token: str = TOKEN) -> str:
    """Sign in through the form; the session's CSRF token."""
    login = await client.get("/ops/login")
    response = await client.post("/ops/login", data={"name": name, "token": token,
                                                     "csrf_token": csrf_from(await login.text()), "next": "/ops/"})
    assert response.status == 200, await response.text()
    return csrf_from(served("conversations page after sign-in", await response.text()))


@dataclass
class LiveServer:
    app: web.Application
    base_url: str
    settings: object

    async def post_line(self, events: list[dict]) -> int:
        body = line_body(events)
        headers = {"Content-Type": "application/json", "X-Line-Signature": line_signature(body)}
        async with ClientSession() as http, http.post(f"{self.base_url}/webhooks/line", data=body,
                                                      headers=headers) as response:
            return response.status


@pytest.fixture
async def live_server(ops_settings, nlu_pipeline) -> AsyncIterator[LiveServer]:  # noqa: F811
    app = create_app(ops_settings, nlu_pipeline=nlu_pipeline)
    runner = web.AppRunner(app, shutdown_timeout=2.0)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    yield LiveServer(app, f"http://{host}:{port}", ops_settings)
    await runner.cleanup()


def worker_env(settings) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": settings.database_url, "REDIS_URL": settings.redis_url,
            "PYTHONPATH": str(PROJECT_ROOT), "LOG_FORMAT": "json", "TZ_NAME": settings.tz_name}


async def run_burst_worker(settings, *queues: str, timeout: float = 60) -> str:
    """An ``rq worker --burst`` subprocess (forking, JSON serializer) as in the Procfile, until the queues are empty."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "rq.cli", "worker", "-w", "workers.worker.NaviyamWorker", "--serializer",
        "rq.serializers.JSONSerializer", "--burst", "--url", settings.redis_url, *queues,
        env=worker_env(settings), cwd=PROJECT_ROOT, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), timeout)
    assert process.returncode == 0, output.decode(errors="replace")[-3000:]
    return output.decode(errors="replace")


async def write_turn_log(settings, pool, marker: str) -> None:
    """What the ``logs`` workers do after a turn: flush the turn buffer into PostgreSQL (until the turn whose text
    contains ``marker`` is there; a second try covers a flush that found a shard still leased)."""
    for _ in range(2):
        queue = JobQueue.from_url(settings.redis_url)
        try:
            await queue.enqueue_async(LOGS, FLUSH_JOB_PATH, result_ttl=60)
        finally:
            queue.connection.close()
        await run_burst_worker(settings, LOGS)
        async with pool.acquire() as conn:
            if await conn.fetchval("SELECT count(*) FROM chatbot.conversations WHERE input_text LIKE $1",
                                   f"%{marker}%"):
                return
    raise AssertionError("the turn never reached PostgreSQL: does another test session share this Redis database "
                         "(its workers would take the turn)? Give each session its own REDIS_URL database.")


def screenshot_path(name: str, tmp_path: Path) -> Path:
    """``docs/screenshots/NAME`` with ``UPDATE_SCREENSHOTS=1`` (README pictures), else a temporary file."""
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        return SCREENSHOTS / name
    return tmp_path / name


@pytest.fixture
async def browser():
    """Debian's Chromium, headless, through Playwright (never ``playwright install``)."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium")
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        await launched.close()


async def open_console(browser, live_server, *, width: int = 1280, height: int = 860):
    """A fresh browser context signed in through the form; the page, on the conversation list."""
    context = await browser.new_context(viewport={"width": width, "height": height}, locale="ko-KR",
                                        timezone_id="Asia/Seoul", accept_downloads=True)
    page = await context.new_page()
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(live_server.base_url) else None)
    page.outside_requests = outside
    await page.goto(f"{live_server.base_url}/ops/")
    await page.fill("input[name=name]", OPERATOR)
    await page.fill("input[name=token]", TOKEN)
    await page.click("button[type=submit]")
    await page.wait_for_url(f"{live_server.base_url}/ops/")
    return page


async def page_html(page, label: str) -> str:
    return served(label, await page.content())
