"""Write shops and their menus to PostgreSQL in bulk, idempotently (used by seed-demo and import-shops).

Rows are COPY'd into two temporary tables, then one UPDATE and one INSERT per table:

- a shop is identified by ``(shop_name, address_name)``, a menu by ``(shop, menu_name)``;
- only rows whose values really change are updated (``IS DISTINCT FROM``), so writing the same records twice
  changes nothing, not even ``updated_at``;
- an optional field given as None keeps what the database has (an import file without a ``seat_count``
  column does not wipe seats); new rows get the column default instead;
- ``prune_menus=True`` (the demo) also deletes menus of the written shops that the records no longer list;
- ``keep_computed=True`` (the demo) writes ``popularity_score``, ``quality_score`` and ``is_popular`` only when
  a row is created: afterwards the scoring jobs own them and a re-seed does not reset them.

Call it inside a transaction to make it part of a bigger unit; it opens its own (a savepoint when nested).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

import asyncpg

from storage.shop_rows import MenuRecord, ShopRecord

SHOP_TMP, MENU_TMP = "naviyam_shop_load", "naviyam_menu_load"

# column, temp-table type, value for an existing row (s = old row, t = new), value for a new row
SHOP_COLUMNS = (
    ("category", "text", "t.category", "t.category"),
    ("road_address_name", "text", "COALESCE(t.road_address_name, s.road_address_name)", "t.road_address_name"),
    ("neighbourhood", "text", "COALESCE(t.neighbourhood, s.neighbourhood)", "t.neighbourhood"),
    ("is_good_influence_shop", "boolean", "t.is_good_influence_shop", "t.is_good_influence_shop"),
    ("is_food_card_shop", "text", "t.is_food_card_shop", "t.is_food_card_shop"),
    ("business_hours", "text", "COALESCE(t.business_hours::jsonb, s.business_hours)", "t.business_hours::jsonb"),
    ("phone", "text", "COALESCE(t.phone, s.phone)", "t.phone"),
    ("owner_message", "text", "COALESCE(t.owner_message, s.owner_message)", "t.owner_message"),
    ("latitude", "float8", "t.latitude::numeric(10,8)", "t.latitude::numeric(10,8)"),
    ("longitude", "float8", "t.longitude::numeric(11,8)", "t.longitude::numeric(11,8)"),
    ("seat_count", "integer", "COALESCE(t.seat_count, s.seat_count)", "t.seat_count"),
    (
        "accepts_group_reservation",
        "boolean",
        "COALESCE(t.accepts_group_reservation, s.accepts_group_reservation)",
        "COALESCE(t.accepts_group_reservation, FALSE)",
    ),
    (
        "has_private_room",
        "boolean",
        "COALESCE(t.has_private_room, s.has_private_room)",
        "COALESCE(t.has_private_room, FALSE)",
    ),
    (
        "popularity_score",
        "float8",
        "COALESCE(t.popularity_score::numeric(4,3), s.popularity_score)",
        "COALESCE(t.popularity_score, 0)::numeric(4,3)",
    ),
    (
        "quality_score",
        "float8",
        "COALESCE(t.quality_score::numeric(4,3), s.quality_score)",
        "COALESCE(t.quality_score, 0)::numeric(4,3)",
    ),
)
MENU_COLUMNS = (
    ("price", "integer", "t.price", "t.price"),
    ("description", "text", "COALESCE(t.description, m.description)", "t.description"),
    ("category", "text", "COALESCE(t.category, m.category)", "t.category"),
    ("is_available", "boolean", "COALESCE(t.is_available, m.is_available)", "COALESCE(t.is_available, TRUE)"),
    ("is_popular", "boolean", "COALESCE(t.is_popular, m.is_popular)", "COALESCE(t.is_popular, FALSE)"),
    ("options", "text", "COALESCE(t.options::jsonb, m.options)", "t.options::jsonb"),
    ("dietary_info", "text", "COALESCE(t.dietary_info, m.dietary_info)", "t.dietary_info"),
)


@dataclass(frozen=True)
class WriteCounts:
    shops_inserted: int = 0
    shops_updated: int = 0
    menus_inserted: int = 0
    menus_updated: int = 0
    menus_deleted: int = 0


def _json_text(value: object) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def shop_tuple(shop: ShopRecord) -> tuple[object, ...]:
    return (
        shop.shop_name,
        shop.address_name,
        shop.category,
        shop.road_address_name,
        shop.neighbourhood,
        shop.is_good_influence_shop,
        shop.is_food_card_shop,
        _json_text(shop.business_hours_json()),
        shop.phone,
        shop.owner_message,
        shop.latitude,
        shop.longitude,
        shop.seat_count,
        shop.accepts_group_reservation,
        shop.has_private_room,
        shop.popularity_score,
        shop.quality_score,
    )


def menu_tuple(shop: ShopRecord, menu: MenuRecord) -> tuple[object, ...]:
    return (
        shop.shop_name,
        shop.address_name,
        menu.menu_name,
        menu.price,
        menu.description,
        menu.category,
        menu.is_available,
        menu.is_popular,
        _json_text(menu.options_json()),
        menu.dietary_info,
    )


def _count(status: str) -> int:
    """Rows affected, from a command tag such as ``UPDATE 3`` or ``INSERT 0 5``."""
    return int(status.rsplit(" ", 1)[-1])


def _upsert_sql(table: str, tmp: str, columns: tuple, alias: str, match: str, join: str, key: str) -> tuple[str, str]:
    names = [c[0] for c in columns]
    update = (
        f"UPDATE {table} {alias} SET "
        + ", ".join(f"{n} = {old}" for n, _, old, _ in columns)
        + f" FROM {tmp} t {join} WHERE {match} AND ("
        + ", ".join(f"{alias}.{n}" for n in names)
        + ") IS DISTINCT FROM ("
        + ", ".join(c[2] for c in columns)
        + ")"
    )
    return update, key.format(cols=", ".join(names), vals=", ".join(c[3] for c in columns))


COMPUTED = frozenset({"popularity_score", "quality_score", "is_popular"})  # owned by the scoring jobs once set


def _keeping(columns: tuple, alias: str, keep: frozenset[str]) -> tuple:
    """The columns with the ones in ``keep`` written on insert only (an update keeps the database's value)."""
    return tuple((n, kind, f"{alias}.{n}" if n in keep else old, new) for n, kind, old, new in columns)


def _statements(keep: frozenset[str]) -> tuple[str, str, str, str]:
    shop_update, shop_insert = _upsert_sql(
        "chatbot.shops",
        SHOP_TMP,
        _keeping(SHOP_COLUMNS, "s", keep),
        "s",
        "s.shop_name = t.shop_name AND s.address_name = t.address_name",
        "",
        f"INSERT INTO chatbot.shops (shop_name, address_name, {{cols}}, data_source) "
        f"SELECT t.shop_name, t.address_name, {{vals}}, $1 FROM {SHOP_TMP} t WHERE NOT EXISTS (SELECT 1 FROM "
        "chatbot.shops s WHERE s.shop_name = t.shop_name AND s.address_name = t.address_name) "
        "ON CONFLICT (shop_name, address_name) DO NOTHING",  # NOT EXISTS first: no serial value burnt per re-run
    )
    menu_update, menu_insert = _upsert_sql(
        "chatbot.menus",
        MENU_TMP,
        _keeping(MENU_COLUMNS, "m", keep),
        "m",
        "m.shop_id = s.id AND m.menu_name = t.menu_name",
        "JOIN chatbot.shops s ON s.shop_name = t.shop_name AND s.address_name = t.address_name",
        f"INSERT INTO chatbot.menus (shop_id, menu_name, {{cols}}) SELECT s.id, t.menu_name, {{vals}} "
        f"FROM {MENU_TMP} t JOIN chatbot.shops s ON s.shop_name = t.shop_name AND s.address_name = t.address_name "
        "WHERE NOT EXISTS (SELECT 1 FROM chatbot.menus m WHERE m.shop_id = s.id AND m.menu_name = t.menu_name) "
        "ON CONFLICT (shop_id, menu_name) DO NOTHING",
    )
    return shop_update, shop_insert, menu_update, menu_insert


STATEMENTS = {False: _statements(frozenset()), True: _statements(COMPUTED)}
MENU_PRUNE = (
    f"DELETE FROM chatbot.menus m USING chatbot.shops s, {SHOP_TMP} ts "
    "WHERE m.shop_id = s.id AND s.shop_name = ts.shop_name AND s.address_name = ts.address_name "
    f"AND NOT EXISTS (SELECT 1 FROM {MENU_TMP} t WHERE t.shop_name = s.shop_name "
    "AND t.address_name = s.address_name AND t.menu_name = m.menu_name)"
)


def _check_unique(shops: Sequence[ShopRecord]) -> None:
    keys = [shop.key for shop in shops]
    if len(set(keys)) != len(keys):
        raise ValueError("two shop records with the same (shop_name, address_name)")
    for shop in shops:
        names = [menu.menu_name for menu in shop.menus]
        if len(set(names)) != len(names):
            raise ValueError(f"shop {shop.shop_name!r} lists a menu twice")


async def _create_temp_tables(conn: asyncpg.Connection) -> None:
    shop_cols = ", ".join(f"{name} {kind}" for name, kind, _, _ in SHOP_COLUMNS)
    menu_cols = ", ".join(f"{name} {kind}" for name, kind, _, _ in MENU_COLUMNS)
    await conn.execute(
        f"DROP TABLE IF EXISTS pg_temp.{SHOP_TMP}, pg_temp.{MENU_TMP};"
        f"CREATE TEMP TABLE {SHOP_TMP} (shop_name text, address_name text, {shop_cols}) ON COMMIT DROP;"
        f"CREATE TEMP TABLE {MENU_TMP} (shop_name text, address_name text, menu_name text, {menu_cols}) ON COMMIT DROP;"
    )


async def upsert_shops(
    conn: asyncpg.Connection,
    shops: Sequence[ShopRecord],
    *,
    data_source: str = "manual",
    prune_menus: bool = False,
    keep_computed: bool = False,
) -> WriteCounts:
    """Insert or update ``shops`` and their menus; returns what changed.

    Raises ``ValueError`` when two records share a shop key or a shop lists the same menu twice
    (group and de-duplicate first, as ``storage.shop_import`` does).
    """
    _check_unique(shops)
    shop_update, shop_insert, menu_update, menu_insert = STATEMENTS[keep_computed]
    async with conn.transaction():
        await _create_temp_tables(conn)
        await conn.copy_records_to_table(SHOP_TMP, records=[shop_tuple(s) for s in shops])
        menu_rows = [menu_tuple(s, m) for s in shops for m in s.menus]
        await conn.copy_records_to_table(MENU_TMP, records=menu_rows)
        shops_updated = _count(await conn.execute(shop_update))
        shops_inserted = _count(await conn.execute(shop_insert, data_source))
        menus_deleted = _count(await conn.execute(MENU_PRUNE)) if prune_menus else 0
        menus_updated = _count(await conn.execute(menu_update))
        menus_inserted = _count(await conn.execute(menu_insert))
        await conn.execute(f"DROP TABLE pg_temp.{SHOP_TMP}, pg_temp.{MENU_TMP}")
    return WriteCounts(shops_inserted, shops_updated, menus_inserted, menus_updated, menus_deleted)
