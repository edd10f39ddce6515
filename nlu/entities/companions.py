"""Companion words (친구, 엄마, 가족, 동아리 …) and the context that makes them companions.

A word counts as a companion only when it is said as company:
  * followed by a "with" word (``친구랑``, ``엄마하고``, ``동생이랑``, ``가족끼리``, ``사촌들까지``,
    ``친구 만나서``), by a count (``친구 3명``, ``친구 둘``, ``동생 하나``) or by a gathering word
    (``가족 외식``, ``동아리 회식``, ``반 전체``, ``친구 생일``);
  * or listed with other people (``엄마 아빠 동생이랑``, ``할머니 할아버지 엄마 아빠 나``).
So ``엄마가 돈 줬어`` names no companion. Each alias maps to a canonical name and a size: one
person, a pair (부모님) or a group of unknown size (가족, 동아리, 반 친구들); a plural
(``친구들``) is also of unknown size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlu.entities.numerals import NATIVE_ALONE_PATTERN, NATIVE_BEFORE_COUNTER_PATTERN

ONE, PAIR, GROUP = 1, 2, 0
_CLUBS = (
    "축구부",
    "농구부",
    "야구부",
    "배구부",
    "합창부",
    "방송부",
    "미술부",
    "댄스부",
    "밴드부",
    "연극부",
    "육상부",
    "태권도부",
    "과학부",
    "독서부",
    "봉사부",
    "학생회",
    "동아리",
)

# canonical name, size kind, aliases (the longest alias is tried first)
_COMPANION_TABLE: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    (
        "반 친구들",
        GROUP,
        ("반 친구들", "반친구들", "반 애들", "반애들", "같은 반 친구들", "같은 반", "반 아이들", "학급", "반"),
    ),
    ("반 친구들", ONE, ("반 친구", "같은 반 친구")),
    ("학원 친구들", GROUP, ("학원 친구들", "학원 애들")),
    ("학원 친구들", ONE, ("학원 친구",)),
    ("교회 친구들", GROUP, ("교회 친구들", "교회 애들")),
    ("교회 친구들", ONE, ("교회 친구",)),
    ("동네 친구들", GROUP, ("동네 친구들", "동네 애들")),
    ("동네 친구들", ONE, ("동네 친구",)),
    ("여자친구", ONE, ("여자친구", "여자 친구", "여친")),
    ("남자친구", ONE, ("남자친구", "남자 친구", "남친")),
    ("친구", ONE, ("친구", "칭구", "친구놈", "베프", "절친", "단짝", "남사친", "여사친")),
    ("가족", GROUP, ("가족", "식구", "온 가족", "대가족", "가족들", "식구들")),
    ("동아리", GROUP, ("동아리 친구", "동아리 사람", "동아리원", *_CLUBS)),
    ("팀", GROUP, ("팀원", "팀플", "팀")),
    ("부모님", PAIR, ("부모님", "엄빠")),
    ("엄마", ONE, ("엄마", "어머니", "어머님", "엄니")),
    ("아빠", ONE, ("아빠", "아버지", "아버님")),
    ("사촌", ONE, ("사촌동생", "사촌 동생", "사촌형", "사촌 형", "사촌누나", "사촌언니", "사촌오빠", "사촌")),
    ("동생", ONE, ("남동생", "여동생", "동생")),
    ("형", ONE, ("친형", "형아", "형")),
    ("누나", ONE, ("친누나", "누나")),
    ("언니", ONE, ("친언니", "언니")),
    ("오빠", ONE, ("친오빠", "오빠")),
    ("선생님", ONE, ("담임 선생님", "담임선생님", "담임쌤", "담임 쌤", "선생님", "선생", "쌤", "샘", "담임")),
    ("할머니", ONE, ("할머니", "할매")),
    ("할아버지", ONE, ("할아버지", "할배")),
    ("이모", ONE, ("이모",)),
    ("고모", ONE, ("고모",)),
    ("삼촌", ONE, ("삼촌",)),
    ("선배", ONE, ("선배",)),
    ("후배", ONE, ("후배",)),
)
_ALIASES = {alias: (name, kind) for name, kind, aliases in _COMPANION_TABLE for alias in aliases}
_GATHERING_ONLY = frozenset({"반", "학급", "팀"})  # company only with a count or a gathering word
_BY_LENGTH = sorted(_ALIASES, key=len, reverse=True)
_ALIAS_PATTERN = "|".join(re.escape(a).replace(r"\ ", r"\s?") for a in _BY_LENGTH)
_INDIVIDUAL_PATTERN = "|".join(re.escape(a).replace(r"\ ", r"\s?") for a in _BY_LENGTH if _ALIASES[a][1] == ONE)

COMITATIVE = (
    r"이랑|랑|하고|과|와|끼리|같이|함께|데리고|데려|이서|까지|도\s?같이|이\s?같이|가\s?같이|도\s?데려"
    r"|(?:을|를)?\s?만나"
)
_COUNT_AFTER = rf"\d{{1,3}}\s?명|(?:{NATIVE_BEFORE_COUNTER_PATTERN})\s?명|(?:{NATIVE_ALONE_PATTERN})"
_GATHERING = r"외식|모임|회식|단체|식사|여행|다\s?같이|전체|애들|사람들|에서|끝나고|뒷풀이|뒤풀이|생일|생파"
_OWNER = r"(?:우리\s?|울\s?|내\s?|제\s?|저희\s?)"
_COMPANION = re.compile(
    rf"(?<![가-힣]){_OWNER}?(?P<alias>{_ALIAS_PATTERN})(?P<plural>들)?"
    rf"(?P<tail>\s?(?:{_COUNT_AFTER})?\s?(?:{COMITATIVE})|\s?(?:{_COUNT_AFTER})(?![가-힣])|\s?(?:{_GATHERING}))"
)
_COUNTED_GROUP = re.compile(rf"(?:\d{{1,3}}\s?인|{_OWNER})\s?(?P<alias>가족|식구|대가족)(?P<plural>들)?")
_MEMBER = rf"(?:{_ALIAS_PATTERN}|나|저)(?:들)?"
_CHAIN = re.compile(rf"(?<![가-힣]){_OWNER}?{_MEMBER}(?:(?:\s?,\s?|\s|\s?(?:이랑|랑|하고|와|과)\s?){_MEMBER})+")
_ALIAS_IN_CHAIN = re.compile(rf"(?P<alias>{_ALIAS_PATTERN})(?P<plural>들)?")
_GATHERING_TAIL = re.compile(rf"\s?(?:{_GATHERING})|\s?(?:{_COUNT_AFTER})")
_COMPANY_TAIL = re.compile(rf"\s?(?:{COMITATIVE}|{_GATHERING})")
_CONJUNCTION = re.compile(r"(?:이랑|랑|하고|와|과)\s?\S")
_SPEAKER = re.compile(r"(?<![가-힣])(?:나|저)(?![가-힣])|(?<![가-힣])(?:나|저)(?=랑|하고|와)")
_INDIVIDUAL_BEFORE = re.compile(rf"(?<![가-힣]){_OWNER}?(?P<alias>{_INDIVIDUAL_PATTERN})(?P<plural>들)?\s?$")


@dataclass(frozen=True)
class CompanionMention:
    """One companion said as company: its canonical name, size kind and whether it was plural."""

    name: str
    kind: int
    plural: bool
    start: int


@dataclass(frozen=True)
class Companions:
    """The companions named in one message and, when it can be told, the party size."""

    names: list[str]
    party_size: int | None
    mentions: tuple[CompanionMention, ...]


def find_companions(text: str) -> Companions:
    """Companion kinds named as company, in order of first mention, and the implied party size."""
    mentions = _companion_mentions(text)
    names: list[str] = []
    for mention in mentions:
        if mention.name not in names:
            names.append(mention.name)
    return Companions(names, party_size(mentions), tuple(mentions))


def party_size(mentions: list[CompanionMention] | tuple[CompanionMention, ...], excluded: str = "") -> int | None:
    """1 (the speaker) + the people named, or None when a group or a plural hides the number."""
    if not mentions:
        return None
    seen: dict[str, CompanionMention] = {}
    for mention in mentions:
        if mention.name != excluded:
            seen.setdefault(mention.name, mention)
    if any(mention.kind == GROUP or mention.plural for mention in seen.values()):
        return None
    return 1 + sum(mention.kind for mention in seen.values())


def individual_term_before(before: str) -> str | None:
    """Canonical name when the text just before a count names one kind of person (친구 3명이랑)."""
    match = _INDIVIDUAL_BEFORE.search(before)
    return _ALIASES[_canonical_alias(match.group("alias"))][0] if match else None


def _companion_mentions(text: str) -> list[CompanionMention]:
    found: dict[int, CompanionMention] = {}
    spans: list[tuple[int, int]] = []
    for match in [*_COMPANION.finditer(text), *_COUNTED_GROUP.finditer(text)]:
        alias = _canonical_alias(match.group("alias"))
        if alias in _GATHERING_ONLY and not _GATHERING_TAIL.match(match.groupdict().get("tail") or ""):
            continue
        found.setdefault(match.start("alias"), _mention(alias, match))
        spans.append(match.span("alias"))
    for chain in _CHAIN.finditer(text):
        for match in _chain_members(text, chain):
            start, end = chain.start() + match.start(), chain.start() + match.end()
            if not any(start < taken_end and taken_start < end for taken_start, taken_end in spans):
                found.setdefault(start, _mention(_canonical_alias(match.group("alias")), match, chain.start()))
    return [found[start] for start in sorted(found)]


def _chain_members(text: str, chain: re.Match[str]) -> list[re.Match[str]]:
    """The companions of a list of people, when it is one (엄마 아빠랑, 나랑 형, … 엄마 아빠 나)."""
    listed = chain.group(0)
    members = [m for m in _ALIAS_IN_CHAIN.finditer(listed) if _canonical_alias(m.group("alias")) not in _GATHERING_ONLY]
    speaker = bool(_SPEAKER.search(listed))
    joined = _CONJUNCTION.search(listed) or _COMPANY_TAIL.match(text, chain.end())
    said_as_company = joined or (speaker and len(members) >= 2)
    return members if members and len(members) + speaker >= 2 and said_as_company else []


def _mention(alias: str, match: re.Match[str], offset: int = 0) -> CompanionMention:
    name, kind = _ALIASES[alias]
    return CompanionMention(name, kind, bool(match.group("plural")), offset + match.start("alias"))


def _canonical_alias(written: str) -> str:
    """The table alias of a match that may differ from it only by spacing."""
    if written in _ALIASES:
        return written
    squeezed = re.sub(r"\s", "", written)
    return next((alias for alias in _ALIASES if alias.replace(" ", "") == squeezed), "친구")
