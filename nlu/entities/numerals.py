"""Korean numbers as children write them: 15000, 1.5만, 1만5천, 만오천, 삼천오백, 다섯, 열두.

Shared by the money and head-count parsers. Pure, no state.
"""

from __future__ import annotations

import re

SINO_DIGITS = {"일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "륙": 6, "칠": 7, "팔": 8, "구": 9}
SMALL_UNITS = {"십": 10, "백": 100, "천": 1000}
MYRIAD = 10_000

_NATIVE_ONES_BEFORE_COUNTER = {"한": 1, "두": 2, "세": 3, "석": 3, "네": 4, "넉": 4}
_NATIVE_ONES_ALONE = {"하나": 1, "둘": 2, "셋": 3, "넷": 4}
_NATIVE_ONES_BOTH = {"다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "여덜": 8, "아홉": 9}
_NATIVE_TENS = {"열": 10, "스물": 20, "서른": 30, "마흔": 40, "쉰": 50}


def _native_forms(ones: dict[str, int], alone: bool) -> dict[str, int]:
    """Native numbers 1-59 in the form used before a counter (두 명) or alone (둘이서)."""
    forms = dict(ones) | dict(_NATIVE_ONES_BOTH) | dict(_NATIVE_TENS)
    if not alone:
        forms["스무"] = 20
    for tens_word, tens in _NATIVE_TENS.items():
        for ones_word, value in (ones | _NATIVE_ONES_BOTH).items():
            forms[tens_word + ones_word] = tens + value
    return forms


# Native Korean numbers: before a counter (두 명, 세 장, 스무 명) and standing alone (둘이서, 넷이).
NATIVE_BEFORE_COUNTER = _native_forms(_NATIVE_ONES_BEFORE_COUNTER, alone=False)
NATIVE_ALONE = _native_forms(_NATIVE_ONES_ALONE, alone=True)
NATIVE_NUMBERS = NATIVE_BEFORE_COUNTER | NATIVE_ALONE
NATIVE_PATTERN = "|".join(sorted(NATIVE_NUMBERS, key=len, reverse=True))
NATIVE_BEFORE_COUNTER_PATTERN = "|".join(sorted(NATIVE_BEFORE_COUNTER, key=len, reverse=True))
NATIVE_ALONE_PATTERN = "|".join(sorted(NATIVE_ALONE, key=len, reverse=True))
ENGLISH_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
}

ARABIC = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?"
_TOKEN = re.compile(rf"{ARABIC}|[일이삼사오육륙칠팔구]|[십백천만]")


def parse_korean_number(expression: str) -> float | None:
    """Value of a number written with digits, sino-Korean numerals and 십/백/천/만 units.

    ``"1.5만"`` → 15000, ``"만오천"`` → 15000, ``"4천5백"`` → 4500, ``"1만 5000"`` → 15000,
    ``"이십만"`` → 200000, ``"5,000"`` → 5000. Returns None when nothing numeric is found.
    """
    total = 0.0
    section = 0.0
    pending: float | None = None
    found = False
    for token in _TOKEN.findall(expression):
        found = True
        if token in SMALL_UNITS:
            section += (1 if pending is None else pending) * SMALL_UNITS[token]
            pending = None
        elif token == "만":
            section += pending or 0
            total += (section or 1) * MYRIAD
            section, pending = 0.0, None
        elif token in SINO_DIGITS:
            pending = SINO_DIGITS[token]
        else:
            pending = float(token.replace(",", ""))
    if not found:
        return None
    return total + section + (pending or 0)


def native_number(word: str) -> int | None:
    """Value of a native Korean (두 → 2, 넷 → 4, 열두 → 12) or English number word, or of digits."""
    word = word.strip().lower()
    if word.isdigit():
        return int(word)
    return NATIVE_NUMBERS.get(word) or ENGLISH_NUMBERS.get(word)
