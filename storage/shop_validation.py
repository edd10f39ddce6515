"""Validating one row of a shop import file (seed 000 §7.2 rules), pure: ``validate_row(line_no, row)``.

A row is a mapping from canonical column names (see ``storage.shop_import``) to cell values. It is either a
full shop row (category, latitude and longitude present, optionally one menu) or a continuation row (those
three blank) that only adds a menu to a shop given on another row with the same shop_name + address_name.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from storage import row_values as rv
from storage.business_hours import CLOSED, WEEKDAYS, DayHours, WeekHours
from storage.shop_rows import MAX_MENU_PRICE, MenuRecord, OptionChoice, OptionGroup, ShopRecord

SHOP_DEFINING = ("category", "latitude", "longitude")


@dataclass(frozen=True)
class ShopRow:
    """A valid row: ``shop`` is None on a continuation row; ``menu`` is None on a shop-only row."""

    line_no: int
    key: tuple[str, str]
    shop: ShopRecord | None
    menu: MenuRecord | None


@dataclass(frozen=True)
class RowError:
    line_no: int
    reason: str
    key: tuple[str, str] | None = None


def _time(row: Mapping[str, object], day: str, field: str) -> str | None:
    """``<day>_<field>``, else ``daily_<field>``; closing times may be 24:00."""
    allow_24 = field in ("close", "break_end")
    for column in (f"{day}_{field}", f"daily_{field}"):
        value = rv.parse_time(row.get(column), allow_24=allow_24, what=column)
        if value is not None:
            return value
    return None


def _day(row: Mapping[str, object], day: str, closed_days: frozenset[int], index: int) -> DayHours | None:
    if rv.parse_bool(row.get(f"{day}_closed")) or index in closed_days:
        return CLOSED
    opens, closes = _time(row, day, "open"), _time(row, day, "close")
    start, end = _time(row, day, "break_start"), _time(row, day, "break_end")
    if (opens is None) != (closes is None):
        raise ValueError(f"{day}: opening time without closing time (give both *_open and *_close)")
    if (start is None) != (end is None):
        raise ValueError(f"{day}: break_start without break_end (give both)")
    if start is not None and end is not None and start >= end:
        raise ValueError(f"{day}: break_start {start} is not before break_end {end}")
    if opens is None and start is not None:
        raise ValueError(f"{day}: a break but no opening hours")
    return DayHours(opens, closes, start, end) if opens is not None else None


def parse_hours(row: Mapping[str, object]) -> WeekHours | None:
    """The week from ``daily_*``, ``<day>_*``, ``closed_days`` and ``holiday_closed``; None when none is given."""
    closed_days = rv.parse_days(row.get("closed_days"))
    days = tuple(_day(row, day, closed_days, index) for index, day in enumerate(WEEKDAYS))
    holiday = CLOSED if rv.parse_bool(row.get("holiday_closed")) else None
    if all(day is None for day in days) and holiday is None:
        return None
    return WeekHours(days, holiday)


def parse_options(value: object) -> tuple[OptionGroup, ...]:
    """``{"size": [{"name": "곱빼기", "price": 1000}], …}`` (seed 000 §4.3) as option groups."""
    raw = rv.text(value)
    if raw is None:
        return ()
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        raise ValueError("menu_options is not valid JSON") from None
    if not isinstance(data, dict):
        raise ValueError('menu_options must be a JSON object like {"size": [{"name": "곱빼기", "price": 1000}]}')
    groups = []
    for key, choices in data.items():
        if not isinstance(choices, list) or not all(isinstance(c, dict) and c.get("name") for c in choices):
            raise ValueError(f"menu_options {key!r} must be a list of {{name, price}}")
        parsed = []
        for choice in choices:
            price = choice.get("price", 0)
            if not isinstance(price, int) or isinstance(price, bool) or not 0 <= price <= MAX_MENU_PRICE:
                raise ValueError(f"menu_options {key!r}: price of {choice['name']!r} must be 0..{MAX_MENU_PRICE:,}")
            parsed.append(OptionChoice(str(choice["name"]), price))
        groups.append(OptionGroup(str(key), tuple(parsed)))
    return tuple(groups)


def parse_menu(row: Mapping[str, object]) -> MenuRecord | None:
    name = rv.limited(row.get("menu_name"), 200, "menu_name")
    price = rv.parse_int(row.get("menu_price"), low=0, high=MAX_MENU_PRICE, what="menu_price")
    if name is None:
        if price is not None:
            raise ValueError("menu_price given without menu_name")
        return None
    if price is None:
        raise ValueError(f"menu {name!r} has no menu_price")
    return MenuRecord(
        menu_name=name,
        price=price,
        category=rv.parse_menu_category(row.get("menu_category")),
        description=rv.text(row.get("menu_description")),
        options=parse_options(row.get("menu_options")),
        is_popular=rv.parse_bool(row.get("menu_is_popular")),
        dietary_info=rv.limited(row.get("menu_dietary_info"), 200, "menu_dietary_info"),
        is_available=rv.parse_bool(row.get("menu_is_available")),
    )


def parse_shop(row: Mapping[str, object], name: str, address: str) -> ShopRecord:
    category = rv.parse_category(row.get("category"))
    if category is None:
        raise ValueError("category is required")
    lat, lon = rv.parse_coordinates(row.get("latitude"), row.get("longitude"))
    return ShopRecord(
        shop_name=name,
        category=category,
        address_name=address,
        latitude=lat,
        longitude=lon,
        road_address_name=rv.text(row.get("road_address_name")),
        is_food_card_shop=rv.parse_food_card(row.get("is_food_card_shop")),
        is_good_influence_shop=bool(rv.parse_bool(row.get("is_good_influence_shop"))),
        business_hours=parse_hours(row),
        phone=rv.parse_phone(row.get("phone")),
        owner_message=rv.text(row.get("owner_message")),
        neighbourhood=rv.limited(row.get("neighbourhood"), 50, "neighbourhood"),
        seat_count=rv.parse_int(row.get("seat_count"), low=0, high=10_000, what="seat_count"),
        accepts_group_reservation=rv.parse_bool(row.get("accepts_group_reservation")),
        has_private_room=rv.parse_bool(row.get("has_private_room")),
    )


def validate_row(line_no: int, row: Mapping[str, object]) -> ShopRow | RowError:
    """Check one row; a ``RowError`` carries the first problem found, in words."""
    name = rv.text(row.get("shop_name"))
    address = rv.text(row.get("address_name"))
    key = (name, address) if name and address else None
    if name is None:
        return RowError(line_no, "shop_name is required", key)
    if len(name) > 200:
        return RowError(line_no, "shop_name is longer than 200 characters", key)
    if address is None:
        return RowError(line_no, "address_name is required", key)
    try:
        continuation = all(rv.text(row.get(column)) is None for column in SHOP_DEFINING)
        shop = None if continuation else parse_shop(row, name, address)
        menu = parse_menu(row)
    except ValueError as problem:
        return RowError(line_no, str(problem), key)
    if shop is None and menu is None:
        return RowError(line_no, "category, latitude and longitude are required", key)
    return ShopRow(line_no, (name, address), shop, menu)
