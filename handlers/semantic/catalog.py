"""What the semantic index reads from PostgreSQL: a fingerprint of the shops and menus, and their texts.

(Two read-only queries that belong to the index alone, kept beside it rather than in storage/.)

The fingerprint is one statement, one sequential scan per table (about 40 ms for 100,000 menus and 12,500 shops,
2 ms for the demo data):

- menus: the row count and the sum of the rows' ``xmin`` (the id of the transaction that wrote the row). Every
  insert, update or delete changes it, whatever the ``updated_at`` timestamps say (a transaction that started
  before the last build and commits after it still changes ``xmin``; ``max(updated_at)`` would miss it).
- shops: the row count and a checksum (``hashtext``) of the columns the documents are made of. The popularity job
  rewrites ``shops.popularity_score`` every few minutes; hashing the content keeps that from rebuilding the index.
"""

from __future__ import annotations

from typing import NamedTuple

from handlers.semantic.documents import MenuText, ShopText

FINGERPRINT_SQL = """
SELECT s.shops, s.shops_sum, m.menus, m.menus_sum
FROM (SELECT count(*) AS shops, coalesce(sum(hashtext(concat_ws('|', id, shop_name, category))), 0) AS shops_sum
      FROM chatbot.shops) s,
     (SELECT count(*) AS menus, coalesce(sum(xmin::text::bigint), 0) AS menus_sum FROM chatbot.menus) m
"""
SHOPS_SQL = "SELECT id, shop_name, category FROM chatbot.shops ORDER BY id"
MENUS_SQL = """
SELECT id, shop_id, menu_name, description, category
FROM chatbot.menus WHERE is_available ORDER BY id
"""


class Fingerprint(NamedTuple):
    shops: int
    shops_sum: int
    menus: int
    menus_sum: int


async def fetch_fingerprint(pool) -> Fingerprint:
    """The one cheap query ``refresh_if_stale`` asks on every call."""
    async with pool.acquire() as conn:
        row = await conn.fetchrow(FINGERPRINT_SQL)
    return Fingerprint(*row)


async def fetch_rows(pool) -> tuple[list[ShopText], list[MenuText], Fingerprint]:
    """Every shop and available menu, with the fingerprint of that same snapshot (one repeatable-read
    transaction: a write committed in between cannot slip past the next staleness check)."""
    async with pool.acquire() as conn, conn.transaction(isolation="repeatable_read", readonly=True):
        fingerprint = Fingerprint(*await conn.fetchrow(FINGERPRINT_SQL))
        shop_rows = await conn.fetch(SHOPS_SQL)
        menu_rows = await conn.fetch(MENUS_SQL)
    shops = [ShopText(row["id"], row["shop_name"], row["category"]) for row in shop_rows]
    menus = [
        MenuText(
            menu_id=row["id"], shop_id=row["shop_id"], name=row["menu_name"], description=row["description"],
            category=row["category"],
        )
        for row in menu_rows
    ]
    return shops, menus, fingerprint
