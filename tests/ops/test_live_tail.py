"""The live list's query keeps moving through a burst larger than one poll (a flush can write hundreds of turns
at once): the turns already shown are excluded in SQL, so the newer ones come next."""

import uuid

from storage.ops.conversations import TurnFilters, turns_after
from tests.ops.turns import log_turns, make_turn


async def test_a_burst_larger_than_one_poll_is_shown_in_full(pg_pool):
    marker = f"버스트{uuid.uuid4().hex[:6]}"
    await log_turns(pg_pool, *(make_turn(f"{marker} {i}") for i in range(130)))
    filters = TurnFilters(text=marker)
    shown: list[int] = []
    async with pg_pool.acquire() as conn:
        for _ in range(3):
            rows = await turns_after(conn, filters, 0, limit=100, except_ids=shown)
            shown += [row["id"] for row in rows]
    assert len(shown) == len(set(shown)) == 130
