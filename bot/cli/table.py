"""Text for a terminal: one line per row, cut by display width (a Hangul syllable takes two columns).

User text never reaches the terminal raw: control and format characters (an ESC sequence typed into a chat could
recolour or rewrite the operator's screen) become spaces, and line breaks are flattened.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

ELLIPSIS = "…"


def char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    return sum(char_width(c) for c in text)


def printable(text: str) -> str:
    """``text`` on one line with every control / format character replaced by a space."""
    return "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in text)


def cut(text: str, width: int) -> str:
    """``text`` in at most ``width`` columns, ``…`` marking a cut."""
    if display_width(text) <= width:
        return text
    if width <= 0:
        return ""
    kept, used = [], 0
    for char in text:
        w = char_width(char)
        if used + w > width - 1:
            break
        kept.append(char)
        used += w
    return "".join(kept) + ELLIPSIS


def pad(text: str, width: int, *, right: bool = False) -> str:
    """``text`` cut to ``width`` columns and padded with spaces to exactly that width."""
    text = cut(text, width)
    fill = " " * (width - display_width(text))
    return fill + text if right else text + fill


def line(cells: Sequence[str], widths: Sequence[int], right: frozenset[int] = frozenset()) -> str:
    """Cells padded to their widths, two spaces apart; trailing spaces removed."""
    return "  ".join(pad(c, w, right=i in right) for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()
