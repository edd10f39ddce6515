"""Who eats: the head count including the speaker, and the kinds of companions.

Head count (`companion_count`), strongest evidence first:
  1. a stated total: ``6명이서``, ``둘이서``, ``둘이요``, ``나까지 넷이서``, ``총 5명``,
     ``우리 반 20명``, ``우리 가족 넷``, ``다섯 식구`` → that number; ``나 빼고 4명`` → 5;
  2. a count of others said with an individual companion: ``친구 3명이랑``, ``친구 둘이랑``,
     ``동생 하나 데리고``, ``친구 다섯명 불러서`` → N + 1, plus any other person named
     (``동생들 셋이랑 나랑 엄마`` → 5);
  3. a bare count of people: ``다섯명``, ``6명``, ``친구들 4명``, ``4인 가족``, ``열 명``,
     ``four people`` → that number;
  4. companions named in the singular: ``친구랑`` → 2, ``엄마 아빠랑`` → 3, ``부모님이랑`` → 3;
     a plural or a group (``친구들이랑``, ``가족이랑``) gives companions but no count;
  5. eating alone: ``혼밥``, ``혼자`` → 1.
Among mentions of the same strength the first one wins. ``1인당``, ``1인 만원`` (a price per
person), ``2인분``, ``20살``, ``열이 나`` are not head counts; ``3인 3만원`` is 3 people.
Counts outside 1…200 are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlu.entities.companions import Companions, find_companions, individual_term_before, party_size
from nlu.entities.numerals import NATIVE_ALONE_PATTERN, NATIVE_BEFORE_COUNTER_PATTERN, native_number

MAX_PARTY = 200
TOTAL, RELATIVE, BARE = 3, 2, 2

_NOT_PEOPLE_AFTER_명 = r"(?!동|란|품|절|령|단|함|당|\s?당|언|소)"
_NOT_PEOPLE_AFTER_인 = r"(?!분|당|\s?당|데|지|가|기|증|터|사|형|강|생|도)"
_AMOUNT_NEXT = re.compile(r"\s?[\d일이삼사오육칠팔구십백천만]")
_ENGLISH_COUNT = r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty"
_COUNTED_PEOPLE = re.compile(
    rf"(?<![\d.,])(?P<n>\d{{1,3}})\s?(?:명{_NOT_PEOPLE_AFTER_명}|사람(?!\s?당)|인{_NOT_PEOPLE_AFTER_인})"
    rf"|(?<![가-힣])(?P<k>{NATIVE_BEFORE_COUNTER_PATTERN}|[이삼사오육칠팔구]?십[일이삼사오육칠팔구]?)\s?"
    rf"(?:명{_NOT_PEOPLE_AFTER_명}|사람(?!\s?당)|식구|분(?=[이서께과와도]|\s|$))"
    rf"|(?<![가-힣])(?P<s>[이삼사오육칠팔구])명(?=이서|이(?![가-힣])|이랑|$|[^가-힣]|정도|쯤)"
    rf"|(?<![a-z])(?P<e>\d{{1,3}}|{_ENGLISH_COUNT})\s?(?:people|persons|ppl|pax)(?![a-z])"
    rf"|party\s?of\s?(?P<p>\d{{1,3}}|{_ENGLISH_COUNT})(?![a-z])"
)
_GROUP_WORD = re.compile(
    rf"(?<![가-힣])(?P<g>{NATIVE_ALONE_PATTERN})"
    rf"(?=이서|이\s?서|서(?![가-힣])|이요|이에요|이(?![가-힣])|이랑|이하고|랑|하고|끼리|\s?데리고|\s?데려"
    rf"|이\s(?:먹|가|갈|앉|왔|있|굶|밥))"
    rf"|(?<=우리|가족|식구)\s?(?P<u>{NATIVE_ALONE_PATTERN})(?![가-힣])"
)
_TOTAL_BEFORE = re.compile(
    r"(?:(?:나|저)\s?(?:까지|포함|포함해서|포함하면|까지\s?해서|까지\s?하면)|총|모두|전부|다\s?해서|합쳐서|합해서"
    r"|우리|울|우리\s?반|우리\s?가족|가족|식구|저희)\s?$"
)
_OTHERS_BEFORE = re.compile(r"(?:나|저)\s?(?:빼고|말고|제외하고|외에)\s?$")
_TOTAL_AFTER = re.compile(
    r"\s?(?:명\s?)?(?:이서|서(?![가-힣])|이요|이에요|이\s(?:먹|가|갈|앉|왔|있)|끼리|\s?다\s?같이)"
)
_COMPANY_AFTER = re.compile(
    r"\s?(?:명\s?)?(?:이랑|랑|하고|과|와|데리고|데려|이서|이랑도|도\s?같이|이\s?같이|(?:을|를)?\s?(?:불러|초대|만나))"
)
_SOLO = re.compile(r"혼밥|혼자|혼술|혼닭|혼끼|1인\s?(?:메뉴|식사|세트)|나\s?홀로|alone")


@dataclass(frozen=True)
class HeadCount:
    """One numeric mention of people: its strength, the head count it implies, where it starts."""

    strength: int
    count: int
    start: int


def parse_companions(text: str) -> tuple[int | None, list[str]]:
    """(companion_count including the speaker, companion kinds) for one message."""
    if not isinstance(text, str) or not text:
        return None, []
    text = text.lower()[:2_000]
    companions = find_companions(text)
    counts = [count for match in _count_matches(text) if (count := _read_count(text, match, companions))]
    if counts:
        return max(counts, key=lambda found: (found.strength, -found.start)).count, companions.names
    if companions.names:
        return companions.party_size, companions.names
    return (1 if _SOLO.search(text) else None), []


def _count_matches(text: str) -> list[re.Match[str]]:
    return [*_COUNTED_PEOPLE.finditer(text), *_GROUP_WORD.finditer(text)]


def _read_count(text: str, match: re.Match[str], companions: Companions) -> HeadCount | None:
    """The head count one mention implies (rules 1-3 of the module docstring), or None."""
    word = next(group for group in match.groups() if group is not None)
    number = _number_value(word)
    if number is None or not 1 <= number <= MAX_PARTY:
        return None
    before = text[max(0, match.start() - 12) : match.start()]
    after = text[match.end() : match.end() + 12]
    counted_person = individual_term_before(before)
    if (word == "하나" and not counted_person) or (
        match.group(0) == "열" and not re.match(r"\s?(?:명\s?)?이서", after)
    ):
        return None
    if number == 1 and match.group(0).endswith("인") and _AMOUNT_NEXT.match(after):
        return None  # 1인 만원: a price per person
    if _OTHERS_BEFORE.search(before):
        return HeadCount(TOTAL, min(number + 1, MAX_PARTY), match.start())
    if _TOTAL_BEFORE.search(before) or match.groupdict().get("u") or _TOTAL_AFTER.match(after):
        return HeadCount(TOTAL, number, match.start())
    if counted_person and _COMPANY_AFTER.match(after):
        others = party_size([m for m in companions.mentions if m.name != counted_person]) or 1
        return HeadCount(RELATIVE, min(number + others, MAX_PARTY), match.start())
    return HeadCount(BARE, number, match.start())


def _number_value(word: str) -> int | None:
    """Digits, native (다섯), English (four) and sino (육, 이십) numbers as an int."""
    value = native_number(word)
    if value is not None:
        return value
    digits = {"일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "칠": 7, "팔": 8, "구": 9}
    if "십" in word:
        tens, _, ones = word.partition("십")
        return digits.get(tens, 1) * 10 + digits.get(ones, 0)
    return digits.get(word)
