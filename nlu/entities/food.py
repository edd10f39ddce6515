"""Food and food-category terms, from the lexicon nlu/lexicon/foods.tsv.

`parse_food` returns the canonical name of the food the user asks for (``떡뽁이`` → ``떡볶이``,
``중국집`` → ``중식``, ``맥날`` → ``맥도날드``). Rules:
  * longest term wins at a position; a term written with a space in the lexicon also matches
    without it (``편의점 도시락`` = ``편의점도시락``); spelled-apart variants are lexicon rows
    (``김치 찌개``);
  * a compound is read by its head, the last term of a run written together (``치킨버거`` →
    햄버거, ``참치김밥`` → 김밥 because 참치 alone is no food term);
  * one-syllable terms (죽, 빵, 회) must stand as a word: ``배고파 죽겠어`` and ``회식`` are no food;
    a few terms have left contexts that are verbs, not food (``먹으라면``, ``그만두고``, ``물고기``)
    or right contexts that make them something else (``순대타운``, ``라면사리 추가``);
  * a food that is refused (``치킨 말고``, ``피자는 싫어``) is skipped, and so is a side order or drink
    (``공기밥``, ``콜라``: rows marked ``side``); the first dish left is the answer, or else the first
    kind of shop (``중국집 탕수육`` → 탕수육, ``중국집 가자`` → 중식).
The lexicon is read once, lazily, on first use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

CATEGORIES = (
    "한식",
    "중식",
    "일식",
    "양식",
    "치킨",
    "피자",
    "패스트푸드",
    "분식",
    "카페/디저트",
    "도시락/죽",
    "프랜차이즈",
    "기타음식",
    "편의점",
)
FOOD_LEXICON_PATH = Path(__file__).resolve().parent.parent / "lexicon" / "foods.tsv"

# Syllables that, right before the term, show the term is part of a verb or another word.
_LEFT_BLOCKERS = {"라면": "으하다이가였했있없되겠거려니자라", "만두": "그", "고기": "물"}
# Words that, right after the term, make it part of another thing (a place, a side order).
_RIGHT_BLOCKERS = {"순대": ("타운",), "라면": ("사리",), "우동": ("사리",), "쫄면": ("사리",), "치즈": ("추가",)}
_WORD_PARTICLES = "이|가|을|를|은|는|도|만|이나|나|랑|이랑|하고|으로|로|요|이요|이야|야|에|이면|면|좀|류"
_SINGLE_SYLLABLE_FOLLOW = re.compile(rf"$|[^가-힣]|집|먹|같은|종류|(?:{_WORD_PARTICLES})(?:$|[^가-힣])")
_SINGLE_SYLLABLE_BLOCK = {"죽": re.compile(r"을\s?(?:것|거|뻔|만큼|듯|수도|래)|을래")}
# Canonical names that name a kind of shop rather than a dish (치킨 and 피자 are both).
_KIND_OF_SHOP = frozenset(set(CATEGORIES) - {"치킨", "피자"} | {"카페", "디저트"})
_REFUSAL_AFTER = re.compile(
    r"^(?:은|는|이|가|을|를|도)?\s?(?:말고|말구|빼고|제외|싫|별로|질려|질렸|물려|안\s?땡|안\s?먹|못\s?먹|아니고|아닌|말곤)"
)


@dataclass(frozen=True)
class FoodEntry:
    """One lexicon row: a term as written, its canonical name, its shop category, whether it is a side."""

    term: str
    canonical: str
    category: str
    side: bool = False


@dataclass(frozen=True)
class FoodMention:
    entry: FoodEntry
    start: int
    end: int


@lru_cache(maxsize=1)
def load_food_lexicon() -> dict[str, FoodEntry]:
    """All lexicon terms (lower-case) mapped to their entries; read from disk once."""
    lexicon: dict[str, FoodEntry] = {}
    for number, line in enumerate(FOOD_LEXICON_PATH.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        term, canonical, category, *flags = (field.strip() for field in line.split("\t"))
        if category not in CATEGORIES or flags not in ([], ["side"]):
            raise ValueError(f"{FOOD_LEXICON_PATH}:{number}: bad row {line!r}")
        lexicon.setdefault(term.lower(), FoodEntry(term.lower(), canonical, category, flags == ["side"]))
    return lexicon


def parse_food(text: str) -> str | None:
    """Canonical name of the first food or category the user asks for (not refuses), or None."""
    if not isinstance(text, str) or not text:
        return None
    text = text.lower()[:2_000]
    wished = [
        mention.entry
        for mention in find_food_mentions(text)
        if not mention.entry.side and not _REFUSAL_AFTER.match(text[mention.end : mention.end + 12])
    ]
    dishes = [entry for entry in wished if entry.canonical not in _KIND_OF_SHOP]
    return (dishes or wished)[0].canonical if wished else None


def food_category(term: str) -> str | None:
    """Shop category of a food, dish, brand, menu name or category word (짜장면 → 중식), or None."""
    if not isinstance(term, str) or not term.strip():
        return None
    key = term.strip().lower()
    direct = _category_by_name().get(key) or _category_by_name().get(re.sub(r"\s+", "", key))
    if direct:
        return direct
    mentions = find_food_mentions(key)
    return mentions[-1].entry.category if mentions else None


def find_food_mentions(text: str) -> list[FoodMention]:
    """Food terms in order; a run of terms written together is reduced to its last one (the head)."""
    text = re.sub(r"\s+", " ", text.lower())
    lexicon, lengths_by_first_char = _term_index()
    mentions: list[FoodMention] = []
    position = 0
    while position < len(text):
        entry = _longest_term_at(text, position, lexicon, lengths_by_first_char.get(text[position], ()))
        if entry is None:
            position += 1
            continue
        end = position + len(entry.term)
        mention = FoodMention(entry, position, end)
        if mentions and mentions[-1].end == position:
            mentions[-1] = mention
        else:
            mentions.append(mention)
        position = end
    return mentions


@lru_cache(maxsize=1)
def _category_by_name() -> dict[str, str]:
    """Exact look-up table: terms, canonical names (with and without spaces) and category names."""
    table = {category.lower(): category for category in CATEGORIES}
    for term, entry in load_food_lexicon().items():
        for name in (term, entry.canonical.lower()):
            table.setdefault(name, entry.category)
            table.setdefault(name.replace(" ", ""), entry.category)
    return table


@lru_cache(maxsize=1)
def _term_index() -> tuple[dict[str, FoodEntry], dict[str, tuple[int, ...]]]:
    """Terms (also without their inner spaces) and, per first character, the term lengths, longest first."""
    index: dict[str, FoodEntry] = {}
    for term, entry in load_food_lexicon().items():
        index.setdefault(term, entry)
        index.setdefault(
            term.replace(" ", ""), FoodEntry(term.replace(" ", ""), entry.canonical, entry.category, entry.side)
        )
    lengths: dict[str, set[int]] = {}
    for key in index:
        lengths.setdefault(key[0], set()).add(len(key))
    return index, {char: tuple(sorted(found, reverse=True)) for char, found in lengths.items()}


def _longest_term_at(text: str, start: int, index: dict[str, FoodEntry], lengths: tuple[int, ...]) -> FoodEntry | None:
    """The longest term starting at `start` whose boundaries fit the rules, or None."""
    for length in lengths:
        entry = index.get(text[start : start + length])
        if entry is not None and _fits_boundaries(text, start, start + length, entry.term):
            return entry
    return None


def _fits_boundaries(text: str, start: int, end: int, term: str) -> bool:
    """Boundary rules of the module docstring for one candidate occurrence."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if term.isascii():
        return not _is_ascii_word_char(before) and not _is_ascii_word_char(after)
    if before in _LEFT_BLOCKERS.get(term, "") or text.startswith(_RIGHT_BLOCKERS.get(term, ()), end):
        return False
    if len(term) == 1 and "가" <= term <= "힣":
        if "가" <= before <= "힣" or before.isdigit():
            return False
        blocked = _SINGLE_SYLLABLE_BLOCK.get(term)
        return not (blocked and blocked.match(text, end)) and bool(_SINGLE_SYLLABLE_FOLLOW.match(text, end))
    return True


def _is_ascii_word_char(char: str) -> bool:
    return char.isascii() and char.isalnum()
