"""Answers about one shop, as text (pure): its hours today and whether it is open now, where it is and how far,
and whether a menu option exists and what it costs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from urllib.parse import quote

from handlers import texts
from handlers.recommender.explain import opens_at
from storage.business_hours import WEEKDAYS
from storage.geo import GeoPoint, distance_m, walking_minutes
from storage.shop_details import ShopDetails
from storage.shops import MenuOffer

OPENING_HORIZON_MIN = 24 * 60


def squeeze(text: str) -> str:
    return "".join(str(text).split()).lower()


def today_hours(hours: dict | None, weekday: int) -> str | None:
    day = (hours or {}).get(WEEKDAYS[weekday])
    if not isinstance(day, dict):
        return None
    if day.get("closed"):
        return texts.HOURS_CLOSED_TODAY
    line = texts.HOURS_TODAY.format(open=day.get("open"), close=day.get("close"))
    if day.get("break_start") and day.get("break_end"):
        line += texts.HOURS_BREAK.format(start=day["break_start"], end=day["break_end"])
    return line


def closed_days(hours: dict | None) -> str | None:
    days = [texts.WEEKDAY_NAMES[i] for i, name in enumerate(WEEKDAYS)
            if isinstance((hours or {}).get(name), dict) and hours[name].get("closed")]
    return texts.HOURS_CLOSED_DAYS.format(days="·".join(days)) if days else None


def hours_answer(shop: ShopDetails, local: datetime) -> str:
    """"○○은(는) 지금 영업 중이에요. 오늘은 11:00–21:30 (쉬는 시간 15:00–17:00). 일요일 휴무"."""
    state = shop.open_state or "UNKNOWN"
    parts = [f"{shop.name}: {texts.OPEN_NOW.get(state, texts.OPEN_NOW['UNKNOWN'])}"]
    if state != "OPEN" and shop.business_hours:
        at = opens_at(shop.business_hours, local, OPENING_HORIZON_MIN)
        if at is not None:
            parts.append(texts.HOURS_OPENS_AT.format(time=at.strftime("%H:%M")))
    parts += [line for line in (today_hours(shop.business_hours, local.weekday()), closed_days(shop.business_hours))
              if line]
    return ". ".join(parts) + "."


def map_link(shop: ShopDetails) -> str:
    return f"https://map.kakao.com/link/map/{quote(shop.name)},{shop.latitude:.6f},{shop.longitude:.6f}"


def location_answer(shop: ShopDetails, here: GeoPoint | None) -> str:
    text = texts.LOCATION_ADDRESS.format(name=shop.name, address=shop.road_address or shop.address)
    if here is not None:
        metres = round(distance_m(here, GeoPoint(shop.latitude, shop.longitude)))
        text += texts.LOCATION_DISTANCE.format(metres=metres, minutes=walking_minutes(metres))
    return text


def option_choices(menu: MenuOffer) -> list[tuple[str, int]]:
    """Every (option name, extra price) of a menu's ``options`` JSON."""
    found = []
    for group in (menu.options or {}).values():
        for choice in group if isinstance(group, list) else []:
            if isinstance(choice, dict) and choice.get("name"):
                found.append((str(choice["name"]), int(choice.get("price") or 0)))
    return found


def find_option(menus: Sequence[MenuOffer], wanted: str, text: str) -> tuple[MenuOffer, str, int] | None:
    """(menu, option, extra price) for ``wanted`` — on the menu named in ``text`` when there is one."""
    key = squeeze(wanted)
    named = [m for m in menus if squeeze(m.name) in squeeze(text)]
    for menu in named or menus:
        for name, price in option_choices(menu):
            if key and (key in squeeze(name) or squeeze(name) in key):
                return menu, name, price
    return None


def option_answer(shop: ShopDetails, wanted: Sequence[str], text: str) -> str:
    if not wanted:
        return texts.OPTION_WHICH + options_hint(shop)
    found = find_option(shop.menus, wanted[0], text)
    if found is None:
        return texts.OPTION_NO.format(shop=shop.name, option=wanted[0]) + options_hint(shop)
    menu, option, extra = found
    if extra == 0:
        return texts.OPTION_FREE.format(shop=shop.name, menu=menu.name, option=option, price=menu.price)
    return texts.OPTION_YES.format(shop=shop.name, menu=menu.name, option=option, price=menu.price,
                                   total=menu.price + extra)


def options_hint(shop: ShopDetails, limit: int = 5) -> str:
    names: list[str] = []
    for menu in shop.menus:
        names += [name for name, _ in option_choices(menu) if name not in names and name != "보통"]
    return texts.OPTION_LIST.format(options=", ".join(names[:limit])) if names else ""
