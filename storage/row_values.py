"""Parsing single cell values of a shop import file (pure). Each parser returns the value or raises
``ValueError`` with a short reason a person can act on; ``None`` means the cell was blank.

Cells come from CSV (always text) or XLSX (text, int, float, bool, datetime.time/datetime).
"""

from __future__ import annotations

import datetime as dt
import math
import re

from storage.business_hours import format_hhmm, parse_hhmm
from storage.shop_rows import FOOD_CARD_VALUES, MENU_CATEGORIES, SHOP_CATEGORIES

TRUE_WORDS = frozenset({"y", "yes", "true", "t", "1", "o", "on", "예", "네", "응", "있음", "가능", "참", "ㅇ"})
FALSE_WORDS = frozenset(
    {"n", "no", "false", "f", "0", "x", "off", "아니오", "아니요", "아니", "없음", "불가", "불가능", "거짓", "ㄴ"}
)
FOOD_CARD_WORDS = {
    "가능": "Y",
    "사용가능": "Y",
    "불가": "N",
    "사용불가": "N",
    "부분": "P",
    "부분가능": "P",
    "미확인": "U",
    "모름": "U",
}
CATEGORY_ALIASES = {
    "카페": "카페/디저트",
    "디저트": "카페/디저트",
    "카페디저트": "카페/디저트",
    "도시락": "도시락/죽",
    "죽": "도시락/죽",
    "도시락죽": "도시락/죽",
    "기타": "기타음식",
    "패스트 푸드": "패스트푸드",
}
MENU_CATEGORY_ALIASES = {"메인": "메인메뉴", "세트": "세트메뉴", "사이드": "사이드메뉴", "음료수": "음료"}
DAY_WORDS = {
    "월": 0,
    "화": 1,
    "수": 2,
    "목": 3,
    "금": 4,
    "토": 5,
    "일": 6,
    "mon": 0,
    "tue": 1,
    "wed": 2,
    "thu": 3,
    "fri": 4,
    "sat": 5,
    "sun": 6,
}
PHONE_RE = re.compile(r"^\+?[0-9][0-9\- ()]{5,18}$")
KOREA_LAT, KOREA_LON = (33.0, 38.7), (124.5, 132.0)


def text(value: object) -> str | None:
    """The cell as stripped text; None when blank. Whole floats from Excel lose their ``.0``."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    result = str(value).strip()
    return result or None


def parse_bool(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    word = text(value)
    if word is None:
        return None
    if word.lower() in TRUE_WORDS:
        return True
    if word.lower() in FALSE_WORDS:
        return False
    raise ValueError(f"{word!r} is not yes/no (use Y/N, 예/아니오, true/false, 1/0)")


def parse_time(value: object, *, allow_24: bool = False, what: str = "time") -> str | None:
    """``HH:MM`` (also ``H:MM``, ``HH:MM:SS`` and Excel times) normalised to ``HH:MM``."""
    if isinstance(value, dt.datetime):
        value = value.time()
    if isinstance(value, dt.time):
        return f"{value.hour:02d}:{value.minute:02d}"
    word = text(value)
    if word is None:
        return None
    if re.fullmatch(r"\d{1,2}:\d{2}:00", word):
        word = word[:-3]
    try:
        return format_hhmm(parse_hhmm(word, allow_24=allow_24))
    except ValueError:
        raise ValueError(f"{what} {word!r} is not a time of day HH:MM") from None


def parse_int(value: object, *, low: int, high: int, what: str) -> int | None:
    if isinstance(value, bool):
        raise ValueError(f"{what} must be a whole number")
    if isinstance(value, float) and not value.is_integer():
        raise ValueError(f"{what} {value} is not a whole number")
    word = text(value)
    if word is None:
        return None
    cleaned = word.replace(",", "").replace("원", "").replace(" ", "")
    if cleaned.endswith(".0"):
        cleaned = cleaned[:-2]
    if not re.fullmatch(r"-?\d+", cleaned):
        raise ValueError(f"{what} {word!r} is not a whole number")
    number = int(cleaned)
    if not low <= number <= high:
        raise ValueError(f"{what} {number:,} is outside {low:,}..{high:,}")
    return number


def parse_float(value: object, *, what: str) -> float | None:
    word = text(value) if not isinstance(value, float) else str(value)
    if word is None:
        return None
    try:
        number = float(word)
    except ValueError:
        raise ValueError(f"{what} {word!r} is not a number") from None
    if not math.isfinite(number):
        raise ValueError(f"{what} {word!r} is not a number")
    return number


def parse_coordinates(lat_cell: object, lon_cell: object) -> tuple[float, float]:
    """(latitude, longitude), both required, valid degrees and roughly in South Korea."""
    lat = parse_float(lat_cell, what="latitude")
    lon = parse_float(lon_cell, what="longitude")
    if lat is None or lon is None:
        raise ValueError("latitude and longitude are required")
    if KOREA_LAT[0] <= lon <= KOREA_LAT[1] and KOREA_LON[0] <= lat <= KOREA_LON[1]:
        raise ValueError(f"latitude {lat} and longitude {lon} look swapped")
    if not -90 <= lat <= 90:
        raise ValueError(f"latitude {lat} is out of range -90..90")
    if not -180 <= lon <= 180:
        raise ValueError(f"longitude {lon} is out of range -180..180")
    if not (KOREA_LAT[0] <= lat <= KOREA_LAT[1] and KOREA_LON[0] <= lon <= KOREA_LON[1]):
        raise ValueError(f"coordinates {lat}, {lon} are not in South Korea")
    return round(lat, 8), round(lon, 8)


def parse_food_card(value: object) -> str:
    word = text(value)
    if word is None:
        return "U"
    if word.upper() in FOOD_CARD_VALUES:
        return word.upper()
    if word in FOOD_CARD_WORDS:
        return FOOD_CARD_WORDS[word]
    raise ValueError(f"is_food_card_shop {word!r} must be Y, N, P or U")


def parse_category(value: object) -> str | None:
    word = text(value)
    if word is None:
        return None
    if word in SHOP_CATEGORIES:
        return word
    if word in CATEGORY_ALIASES:
        return CATEGORY_ALIASES[word]
    raise ValueError(f"category {word!r} is not one of {', '.join(SHOP_CATEGORIES)}")


def parse_menu_category(value: object) -> str | None:
    word = text(value)
    if word is None or word in MENU_CATEGORIES:
        return word
    if word in MENU_CATEGORY_ALIASES:
        return MENU_CATEGORY_ALIASES[word]
    raise ValueError(f"menu_category {word!r} is not one of {', '.join(MENU_CATEGORIES)}")


def parse_phone(value: object) -> str | None:
    word = text(value)
    if word is None:
        return None
    if not PHONE_RE.fullmatch(word):
        raise ValueError(f"phone {word!r} is not a phone number")
    return word


def parse_days(value: object) -> frozenset[int]:
    """``"월,일"``, ``"monday, sunday"``, ``"토/일"`` → weekday indexes (0 = Monday)."""
    word = text(value)
    if word is None:
        return frozenset()
    days = set()
    for part in re.split(r"[,/ ·]+", word.lower()):
        key = part.removesuffix("요일")[:3]
        if part and key not in DAY_WORDS:
            raise ValueError(f"closed_days {word!r}: {part!r} is not a weekday")
        if part:
            days.add(DAY_WORDS[key])
    return frozenset(days)


def limited(value: object, limit: int, what: str) -> str | None:
    word = text(value)
    if word is not None and len(word) > limit:
        raise ValueError(f"{what} is longer than {limit} characters")
    return word
