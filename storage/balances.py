"""Meal-card balances come from the card system outside the bot; this is the small seam to it.

``BalanceProvider.fetch_balances(cards)`` answers the current balance of each card it knows. Two providers:

* ``HttpBalanceProvider`` (``MEALCARD_API_URL`` set, bearer ``MEALCARD_API_TOKEN``):
  ``POST {MEALCARD_API_URL}/v1/balances`` with ``{"cards": [{"card_id": 12, "card_number": "…"}, …]}`` (at most
  ``PAGE`` cards) answers ``{"balances": [{"card_id": 12, "balance": 4200}, …]}``; cards it does not know are
  left out. Explicit timeouts; any other answer raises ``BalanceProviderError`` (the sync job is retried).
* ``DemoBalanceProvider`` (no URL): the demo's card system is the database itself, so it answers the stored
  balance (``python -m storage demo-user --balance`` sets it) and only ``last_sync_at`` moves.

``sync_balances`` writes what the provider answered into ``chatbot.foodcard_users.balance`` and ``last_sync_at``,
a page of cards per transaction (a sync that dies halfway keeps the pages it finished; running it again is safe).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

import aiohttp
import asyncpg

PAGE = 500
TIMEOUT = aiohttp.ClientTimeout(total=10, connect=3)


@dataclass(frozen=True)
class CardRef:
    card_id: int
    card_number: str | None
    stored_balance: int


class BalanceProviderError(RuntimeError):
    """The card system did not answer usefully."""


class BalanceProvider(Protocol):
    async def fetch_balances(self, cards: Sequence[CardRef]) -> dict[int, int]:
        """card_id → balance in won, for the cards the card system knows."""
        ...


class DemoBalanceProvider:
    async def fetch_balances(self, cards: Sequence[CardRef]) -> dict[int, int]:
        return {card.card_id: card.stored_balance for card in cards}


@dataclass
class HttpBalanceProvider:
    base_url: str
    token: str | None = None

    async def fetch_balances(self, cards: Sequence[CardRef]) -> dict[int, int]:
        body = {"cards": [{"card_id": c.card_id, "card_number": c.card_number} for c in cards]}
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        url = f"{self.base_url.rstrip('/')}/v1/balances"
        try:
            async with aiohttp.ClientSession(timeout=TIMEOUT) as http, http.post(url, json=body, headers=headers) as r:
                if r.status != 200:
                    raise BalanceProviderError(f"card system answered {r.status}")
                answer = await r.json()
        except (TimeoutError, aiohttp.ClientError) as exc:
            raise BalanceProviderError(f"card system unreachable: {type(exc).__name__}") from exc
        return _parse_balances(answer, {c.card_id for c in cards})


def _parse_balances(answer: object, asked: set[int]) -> dict[int, int]:
    if not isinstance(answer, dict) or not isinstance(answer.get("balances"), list):
        raise BalanceProviderError("card system answer has no balances list")
    balances: dict[int, int] = {}
    for item in answer["balances"]:
        card_id, balance = (item.get("card_id"), item.get("balance")) if isinstance(item, dict) else (None, None)
        if card_id in asked and isinstance(balance, int) and not isinstance(balance, bool) and balance >= 0:
            balances[card_id] = balance
    return balances


def provider_from_env(environ: Mapping[str, str] | None = None) -> BalanceProvider:
    env = os.environ if environ is None else environ
    url = env.get("MEALCARD_API_URL")
    return HttpBalanceProvider(url, env.get("MEALCARD_API_TOKEN") or None) if url else DemoBalanceProvider()


async def sync_balances(conn: asyncpg.Connection, provider: BalanceProvider, at: datetime) -> int:
    """Copy the card system's balances of all active cards into foodcard_users; the number of cards updated."""
    updated, last_id = 0, 0
    while True:
        rows = await conn.fetch(
            """SELECT id, card_number, balance FROM chatbot.foodcard_users
               WHERE status = 'ACTIVE' AND id > $1 ORDER BY id LIMIT $2""",
            last_id, PAGE,
        )
        if not rows:
            return updated
        last_id = rows[-1]["id"]
        balances = await provider.fetch_balances([CardRef(r["id"], r["card_number"], r["balance"]) for r in rows])
        if balances:
            status = await conn.execute(
                """UPDATE chatbot.foodcard_users f SET balance = b.balance, last_sync_at = $3
                   FROM unnest($1::int[], $2::int[]) AS b(id, balance)
                   WHERE f.id = b.id""",
                list(balances), list(balances.values()), at,
            )
            updated += int(status.split()[-1])
