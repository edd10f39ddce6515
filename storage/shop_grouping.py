"""Rows → shops: group the valid rows of an import file by shop and find conflicts between rows (pure).

A shop (``shop_name`` + ``address_name``) takes its details from its first full row; later full rows must
repeat them exactly; continuation rows add menus; a menu name may appear once per shop.
"""

from __future__ import annotations

from dataclasses import replace

from storage.shop_rows import ShopRecord
from storage.shop_validation import RowError, ShopRow

Key = tuple[str, str]


def _shops_defined(rows: list[ShopRow]) -> tuple[dict[Key, tuple[ShopRecord, int]], list[RowError]]:
    """The first full row of each shop; a later full row with different details is an error."""
    shops: dict[Key, tuple[ShopRecord, int]] = {}
    conflicts = []
    for row in rows:
        if row.shop is None:
            continue
        first = shops.setdefault(row.key, (row.shop, row.line_no))
        if first[0] != row.shop:
            conflicts.append(RowError(row.line_no, f"shop details differ from line {first[1]} (same shop)", row.key))
    return shops, conflicts


def _attach_problem(row: ShopRow, shops: dict, rejected: dict[Key, int], menus: dict) -> RowError | None:
    if row.key not in shops:
        if row.key in rejected:
            return RowError(row.line_no, f"the shop's row on line {rejected[row.key]} was rejected", row.key)
        return RowError(row.line_no, "no row gives this shop's category, latitude and longitude", row.key)
    if row.menu is not None and row.menu.menu_name in menus[row.key]:
        first = menus[row.key][row.menu.menu_name][0]
        return RowError(row.line_no, f"menu {row.menu.menu_name!r} is already on line {first}", row.key)
    return None


def group_rows(results: list[ShopRow | RowError]) -> tuple[tuple[ShopRecord, ...], tuple[RowError, ...], int]:
    """(shops with their menus, every error sorted by line, number of good rows)."""
    errors = [r for r in results if isinstance(r, RowError)]
    rows = [r for r in results if isinstance(r, ShopRow)]
    rejected: dict[Key, int] = {}
    for error in errors:
        if error.key is not None:
            rejected.setdefault(error.key, error.line_no)
    shops, conflicts = _shops_defined(rows)
    errors += conflicts
    conflict_lines = {error.line_no for error in conflicts}
    menus: dict[Key, dict] = {key: {} for key in shops}
    rows_ok = 0
    for row in (row for row in rows if row.line_no not in conflict_lines):
        problem = _attach_problem(row, shops, rejected, menus)
        if problem is not None:
            errors.append(problem)
            continue
        rows_ok += 1
        if row.menu is not None:
            menus[row.key][row.menu.menu_name] = (row.line_no, row.menu)
    built = tuple(
        replace(shop, menus=tuple(menu for _, menu in menus[key].values())) for key, (shop, _) in shops.items()
    )
    return built, tuple(sorted(errors, key=lambda e: e.line_no)), rows_ok
