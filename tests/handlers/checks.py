"""Independent checks of what a reply recommends, straight from the database and the pure business-hours code."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from storage.business_hours import open_state


async def shop_rows(pool, shop_ids) -> dict[int, dict]:
    rows = await pool.fetch(
        """SELECT id, business_hours, is_food_card_shop, seat_count, category, accepts_group_reservation,
                  has_private_room FROM chatbot.shops WHERE id = ANY($1::int[])""",
        list(shop_ids),
    )
    return {row["id"]: dict(row) for row in rows}


async def is_holiday(pool, at: datetime) -> bool:
    local = at.astimezone(ZoneInfo("Asia/Seoul"))
    return bool(await pool.fetchval("SELECT 1 FROM chatbot.public_holidays WHERE day = $1", local.date()))


async def closed_ones(pool, shop_ids, at: datetime) -> list[int]:
    """The shops among ``shop_ids`` that are not open at ``at`` by the pure business-hours code."""
    local = at.astimezone(ZoneInfo("Asia/Seoul"))
    holiday = await is_holiday(pool, at)
    rows = await shop_rows(pool, shop_ids)
    minute = local.hour * 60 + local.minute
    return [i for i in shop_ids
            if open_state(rows[i]["business_hours"], local.weekday(), minute, holiday=holiday) != "OPEN"]


async def card_refusing(pool, shop_ids) -> list[int]:
    rows = await shop_rows(pool, shop_ids)
    return [i for i in shop_ids if rows[i]["is_food_card_shop"] not in ("Y", "P")]


def over_budget(cards, budget: int) -> list[tuple]:
    return [(card.name, m.name, m.final_price) for card in cards for m in card.menus if m.final_price > budget]
