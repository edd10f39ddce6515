"""Balances come from the card system every 5 minutes: the HTTP provider against a small fake of that system, the
demo provider, and the sync followed by the scan in one worker."""

from __future__ import annotations

from datetime import datetime

import pytest
from aiohttp import web

from storage.balances import BalanceProviderError, CardRef, DemoBalanceProvider, HttpBalanceProvider, sync_balances
from storage.queue import ALERTS, JobQueue
from tests.workers.conftest import make_user, run_worker

TOKEN = "card-system-token"


class FakeCardSystem:
    """What we assume of the card system's balance API (storage/balances.py documents it)."""

    def __init__(self) -> None:
        self.balances: dict[int, int] = {}
        self.requests: list[dict] = []
        self.status = 200

    async def handle(self, request: web.Request) -> web.Response:
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            return web.json_response({"error": "unauthorized"}, status=401)
        body = await request.json()
        self.requests.append(body)
        if self.status != 200:
            return web.json_response({"error": "down"}, status=self.status)
        known = [c["card_id"] for c in body["cards"] if c["card_id"] in self.balances]
        return web.json_response({"balances": [{"card_id": i, "balance": self.balances[i]} for i in known]})


@pytest.fixture
async def card_system(aiohttp_server):
    fake = FakeCardSystem()
    app = web.Application()
    app.router.add_post("/v1/balances", fake.handle)
    server = await aiohttp_server(app)
    fake.url = str(server.make_url("/"))
    return fake


async def card_of(conn, user_id: int):
    return await conn.fetchrow("SELECT id, balance, last_sync_at FROM chatbot.foodcard_users WHERE user_id = $1",
                               user_id)


async def test_the_http_provider_syncs_what_the_card_system_knows(own_db, card_system):
    user_id, _ = await make_user(own_db, "web", balance=12_000)
    card = await card_of(own_db, user_id)
    card_system.balances[card["id"]] = 4_300
    at = datetime.fromisoformat("2026-03-20T09:00:00+09:00")

    await sync_balances(own_db, HttpBalanceProvider(card_system.url, TOKEN), at)

    synced = await card_of(own_db, user_id)
    assert (synced["balance"], synced["last_sync_at"]) == (4_300, at)
    card_system.status = 503
    with pytest.raises(BalanceProviderError):
        await HttpBalanceProvider(card_system.url, TOKEN).fetch_balances([CardRef(card["id"], None, 0)])


async def test_the_demo_provider_answers_the_stored_balance():
    cards = [CardRef(1, None, 3000), CardRef(2, "9410-xxxx", 0)]
    assert await DemoBalanceProvider().fetch_balances(cards) == {1: 3000, 2: 0}


async def test_a_balance_that_drops_at_the_card_system_brings_an_alert(own_env, own_db, card_system, fake_line_api):
    user_id, line_id = await make_user(own_db, "line", balance=15_000)
    card_system.balances[(await card_of(own_db, user_id))["id"]] = 1_500
    env = {**own_env, "MEALCARD_API_URL": card_system.url, "MEALCARD_API_TOKEN": TOKEN}
    queue = JobQueue.from_url(env["REDIS_URL"])
    queue.enqueue(ALERTS, "workers.alerts.sync_balances", "2026-03-21T12:00:00+09:00")
    queue.enqueue(ALERTS, "workers.alerts.scan_low_balances", "2026-03-21T12:01:00+09:00")

    await run_worker(env, ALERTS)

    assert (await card_of(own_db, user_id))["balance"] == 1_500
    [text] = fake_line_api.delivered_texts_for(line_id)
    assert "1,500원" in text
